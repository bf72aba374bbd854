import { join } from "node:path";
import { inputFields } from "../schema/fields";
import type { Column, ColumnBatch } from "../validate/columns";
import type { EncodedFile, EncoderContext, SegmentEncoder } from "./encoder";
import { FileSink } from "./fileSink";
import { valueJson } from "./textCells";

/** Thrown when a value cannot be written to CSV without changing its meaning. */
export class CsvEncodingError extends Error {}

/**
 * CSV for the Milvus CSV reader (Milvus 2.5+; 2.4 has no CSV import): header of field names (+ `$meta`),
 * RFC 4180 minimal quoting, `\n` line ends. Scalars as text (BOOL true/false, exact INT64), VARCHAR raw,
 * JSON/vectors/ARRAY/sparse/`$meta` as JSON text. NULL is the null key (default empty).
 */
export function csvEncoder(ctx: EncoderContext): SegmentEncoder {
  const sep = ctx.options.csvSeparator ?? ",";
  const nullKey = ctx.options.csvNullKey ?? "";
  const name = `${ctx.segment}.csv`;
  const sink = new FileSink(join(ctx.dir, name));
  const names = inputFields(ctx.schema).map((f) => f.name);
  if (ctx.schema.enableDynamicField) names.push("$meta");
  const header = `${names.map((n) => quote(n, sep)).join(sep)}\n`;
  sink.writeText(header);
  const pending: string[] = [];
  let pendingBase = 0;
  let rows = 0;
  const cell = (col: Column, i: number): string => {
    if (col.valid && !col.valid[i]) return nullKey;
    const t = col.field.dataType;
    const text =
      t === "VARCHAR"
        ? (col.values as string[])[i]
        : t === "JSON"
          ? (col.values as string[])[i]
          : valueJson(col, i);
    if (text === nullKey && (col.field.nullable || col.field.defaultValue !== undefined)) {
      // Milvus would read this cell as NULL (or the default), silently changing the value.
      throw new CsvEncodingError(
        `field '${col.field.name}': value ${JSON.stringify(text)} equals the CSV null key; choose another csvNullKey`,
      );
    }
    return quote(text, sep);
  };
  return {
    get rows() {
      return rows;
    },
    get bytes() {
      return sink.written;
    },
    measure(batch: ColumnBatch, i) {
      if (pending.length === 0) pendingBase = i;
      let s = "";
      for (let c = 0; c < batch.columns.length; c++) s += (c ? sep : "") + cell(batch.columns[c], i);
      if (batch.meta) s += (batch.columns.length ? sep : "") + quote(batch.meta[i], sep);
      s += "\n";
      pending.push(s);
      return Buffer.byteLength(s, "utf8");
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
