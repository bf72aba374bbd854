import { join } from "node:path";
import { inputFields } from "../schema/fields";
import { isFloat32Vector, traitsOf, valuesPerRow } from "../schema/traits";
import type { Column, ColumnBatch } from "../validate/columns";
import type { EncodedFile, EncoderContext, SegmentEncoder } from "./encoder";
import { FileSink } from "./fileSink";
import { StagedRows } from "./stagedRows";
import type { TextBytes } from "./textBytes";
import { type CellJson, cellJson } from "./textCells";

/** Thrown when a value cannot be written to CSV without changing its meaning. */
export class CsvEncodingError extends Error {}

/** Characters of a float list's JSON text: a separator among them means the cell must be quoted. */
const FLOAT_LIST_CHARS = "0123456789.-+e[],";

/**
 * CSV for the Milvus CSV reader (Milvus 2.5+; 2.4 has no CSV import): header of field names (+ `$meta`),
 * RFC 4180 minimal quoting, `\n` line ends. Scalars as text (BOOL true/false, exact INT64), VARCHAR raw,
 * JSON/vectors/ARRAY/sparse/`$meta` as JSON text. NULL is the null key (default empty).
 */
export function csvEncoder(ctx: EncoderContext): SegmentEncoder {
  const sep = ctx.options.csvSeparator ?? ",";
  const nullKey = ctx.options.csvNullKey ?? "";
  const name = `${ctx.segment}.csv`;
  const sink = new FileSink(join(ctx.dir, name), { io: ctx.io });
  const fields = inputFields(ctx.schema);
  const names = fields.map((f) => f.name);
  if (ctx.schema.enableDynamicField) names.push("$meta");
  sink.writeText(`${names.map((n) => quote(n, sep)).join(sep)}\n`);
  const sepBytes = Buffer.from(sep);
  const quoteFloatLists = FLOAT_LIST_CHARS.includes(sep);
  const staged = new StagedRows(ctx.vectorText);
  let rows = 0;
  // Per column, chosen once: text is written raw (quote() escapes it), everything else as JSON text.
  const texts = fields.map((f): CellJson => {
    const kind = traitsOf(f.dataType).kind;
    return kind === "varchar" || kind === "json" ? (col, i) => (col.values as string[])[i] : cellJson(f);
  });
  // A float vector that cannot equal the null key goes straight to bytes; others the checked way (cell).
  const floatBytes = fields.map(
    (f) => isFloat32Vector(f) && !f.nullable && f.defaultValue === undefined && valuesPerRow(f),
  );
  const cell = (col: Column, i: number, c: number): string => {
    if (col.valid && !col.valid[i]) return nullKey;
    const text = texts[c](col, i);
    if (text === nullKey && (col.field.nullable || col.field.defaultValue !== undefined)) {
      // Milvus would read this cell as NULL (or the default), silently changing the value.
      throw new CsvEncodingError(
        `field '${col.field.name}': value ${JSON.stringify(text)} equals the CSV null key; choose another csvNullKey`,
      );
    }
    return quote(text, sep);
  };
  /** A float vector as bytes, quoted exactly when quote() would quote its text. */
  const floatVectorCell = (out: TextBytes, col: Column, i: number, width: number): void => {
    const start = out.length;
    out.floatVector(col, i, width);
    if (!quoteFloatLists || out.buf.subarray(start, out.length).indexOf(sepBytes[0]) < 0) return;
    out.reserve(2);
    out.buf.copyWithin(start + 1, start, out.length);
    out.buf[start] = 34; // '"'
    out.length++;
    out.buf[out.length++] = 34;
  };
  const format = (batch: ColumnBatch, i: number): void => {
    const out = staged.out;
    for (let c = 0; c < batch.columns.length; c++) {
      if (c) out.bytes(sepBytes);
      const col = batch.columns[c];
      const width = floatBytes[c];
      if (width && !col.valid) floatVectorCell(out, col, i, width);
      else out.text(cell(col, i, c));
    }
    if (batch.meta) {
      if (batch.columns.length) out.bytes(sepBytes);
      out.text(quote(batch.meta[i], sep));
    }
    out.byte(10);
  };
  return {
    get rows() {
      return rows;
    },
    get bytes() {
      return sink.written;
    },
    measure(batch: ColumnBatch, i) {
      return staged.add(i, () => format(batch, i));
    },
    append(_batch, start, end) {
      staged.writeTo(sink, start, end);
      rows += end - start;
    },
    finish(): EncodedFile[] {
      return [{ path: name, rows, sha256: sink.close() }];
    },
    abort: () => sink.abort(),
  };
}

export function quote(text: string, sep: string): string {
  if (text.includes(sep) || text.includes('"') || text.includes("\n") || text.includes("\r")) {
    return `"${text.replaceAll('"', '""')}"`;
  }
  return text;
}
