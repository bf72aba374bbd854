import { join } from "node:path";
import { inputFields } from "../schema/fields";
import type { ColumnBatch } from "../validate/columns";
import type { EncodedFile, EncoderContext, SegmentEncoder } from "./encoder";
import { FileSink } from "./fileSink";
import { valueJson } from "./textCells";

const HEAD = '{"rows":[\n';
const TAIL = "\n]}\n";

/**
 * Row-based JSON: `{"rows":[` one compact object per line `]}` — the layout every Milvus import reader
 * (2.2 v1 through 2.6) accepts. Keys in schema order, `$meta` last when dynamic.
 */
export function jsonEncoder(ctx: EncoderContext): SegmentEncoder {
  const name = `${ctx.segment}.json`;
  const sink = new FileSink(join(ctx.dir, name));
  const keys = inputFields(ctx.schema).map((f) => `${JSON.stringify(f.name)}:`);
  const pending: string[] = [];
  let pendingBase = 0;
  let rows = 0;
  sink.writeText(HEAD);
  const format = (batch: ColumnBatch, i: number): string => {
    let s = "{";
    for (let c = 0; c < batch.columns.length; c++)
      s += (c ? "," : "") + keys[c] + valueJson(batch.columns[c], i);
    if (batch.meta) s += `${batch.columns.length ? "," : ""}"$meta":${batch.meta[i]}`;
    return `${s}}`;
  };
  return {
    get rows() {
      return rows;
    },
    get bytes() {
      return sink.written + TAIL.length;
    },
    measure(batch, i) {
      if (pending.length === 0) pendingBase = i;
      const text = (rows > 0 || i > pendingBase ? ",\n" : "") + format(batch, i);
      pending.push(text);
      return Buffer.byteLength(text, "utf8");
    },
    append(_batch, start, end) {
      for (let i = start; i < end; i++) {
        const text = pending[i - pendingBase];
        sink.writeText(text);
      }
      rows += end - start;
      pending.length = 0;
    },
    finish(): EncodedFile[] {
      sink.writeText(TAIL);
      return [{ path: name, rows, sha256: sink.close() }];
    },
    abort: () => sink.abort(),
  };
}
