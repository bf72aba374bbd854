import { join } from "node:path";
import { inputFields } from "../schema/fields";
import type { ColumnBatch } from "../validate/columns";
import type { EncodedFile, EncoderContext, SegmentEncoder } from "./encoder";
import { FileSink } from "./fileSink";
import { StagedRows } from "./stagedRows";
import { jsonCellWriter } from "./textBytes";

const HEAD = '{"rows":[\n';
const TAIL = "\n]}\n";

/**
 * Row-based JSON: `{"rows":[` one compact object per line `]}` — the layout every Milvus import reader
 * (2.2 v1 through 2.6) accepts. Keys in schema order, `$meta` last when dynamic.
 */
export function jsonEncoder(ctx: EncoderContext): SegmentEncoder {
  const name = `${ctx.segment}.json`;
  const sink = new FileSink(join(ctx.dir, name), { io: ctx.io });
  const fields = inputFields(ctx.schema);
  const keys = fields.map((f, c) => Buffer.from(`${c ? "," : ""}${JSON.stringify(f.name)}:`));
  const cells = fields.map(jsonCellWriter);
  const staged = new StagedRows(ctx.vectorText);
  let rows = 0;
  sink.writeText(HEAD);
  const format = (batch: ColumnBatch, i: number): void => {
    const out = staged.out;
    if (rows > 0 || staged.count > 0) out.text(",\n");
    out.byte(123); // "{"
    for (let c = 0; c < batch.columns.length; c++) {
      out.bytes(keys[c]);
      cells[c](out, batch.columns[c], i);
    }
    if (batch.meta) out.text(`${batch.columns.length ? "," : ""}"$meta":${batch.meta[i]}`);
    out.byte(125); // "}"
  };
  return {
    get rows() {
      return rows;
    },
    get bytes() {
      return sink.written + TAIL.length;
    },
    measure(batch, i) {
      return staged.add(i, () => format(batch, i));
    },
    append(_batch, start, end) {
      staged.writeTo(sink, start, end);
      rows += end - start;
    },
    finish(): EncodedFile[] {
      sink.writeText(TAIL);
      return [{ path: name, rows, sha256: sink.close() }];
    },
    abort: () => sink.abort(),
  };
}
