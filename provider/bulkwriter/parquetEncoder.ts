import { join } from "node:path";
import { inputFields } from "../schema/fields";
import { utf8ByteLength } from "../schema/text";
import type { ArrayElement, Column, ColumnBatch, SparseVector } from "../validate/columns";
import { valuesPerRow } from "../validate/columns";
import type { EncodedFile, EncoderContext, SegmentEncoder } from "./encoder";
import { type ColumnSpec, columnSpec, META_SPEC } from "./parquet/columnSpec";
import { ParquetFileWriter } from "./parquet/fileWriter";
import { type ColumnSlice, encodeSlice } from "./parquet/pages";

const DEFAULT_ROW_GROUP_BYTES = 64 << 20;

/** Copies rows [s, e) of a column so buffered row groups never alias caller-owned arrays. */
function copyRows(col: Column, s: number, e: number): Column {
  const w = valuesPerRow(col.field);
  const v = col.values as unknown as { slice(a: number, b: number): unknown };
  const out: Column = { field: col.field, values: v.slice(s * w, e * w) as Column["values"] };
  if (col.valid) out.valid = col.valid.slice(s, e);
  return out;
}

/**
 * Parquet segment: columns in schema order (+ `$meta`), all optional, row groups of about
 * `parquetRowGroupBytes` written as they fill (memory bounded by one row group).
 */
export function parquetEncoder(ctx: EncoderContext): SegmentEncoder {
  const fields = inputFields(ctx.schema);
  const specs: ColumnSpec[] = fields.map(columnSpec);
  if (ctx.schema.enableDynamicField) specs.push(META_SPEC);
  const name = `${ctx.segment}.parquet`;
  const path = join(ctx.dir, name);
  const writer = new ParquetFileWriter(path, specs);
  const rowGroupBytes = ctx.options.parquetRowGroupBytes ?? DEFAULT_ROW_GROUP_BYTES;
  let buffered: Column[][] = [];
  let bufferedRows = 0;
  let bufferedBytes = 0;
  let rows = 0;
  let bufferedPages = 0;
  // Conservative metadata sizes (page headers, footer) so a segment never exceeds segmentSize.
  const PAGE_OVERHEAD = 64;
  const nameBytes = specs.reduce((n, s) => n + Buffer.byteLength(s.name) + (s.list ? 16 : 0), 0);
  const schemaBytes = 64 + specs.length * 40 + nameBytes;
  const groupBytes = 32 + specs.length * 64 + nameBytes;

  const fixed = specs.map((s, k) =>
    k < fields.length ? fixedBytes(fields[k].dataType, valuesPerRow(fields[k])) : -1,
  );
  const flushGroup = () => {
    if (bufferedRows === 0) return;
    for (let k = 0; k < specs.length; k++) {
      const pages = buffered.flatMap((cols) =>
        encodeSlice(specs[k], {
          column: cols[k],
          start: 0,
          end: cols[k] ? lengthOf(cols[k]) : 0,
        } as ColumnSlice),
      );
      writer.writeColumnChunk(k, pages);
    }
    writer.endRowGroup(bufferedRows);
    buffered = [];
    bufferedRows = 0;
    bufferedBytes = 0;
    bufferedPages = 0;
  };

  const measure = (batch: ColumnBatch, i: number): number => {
    let n = 0;
    for (let k = 0; k < batch.columns.length; k++) {
      n += fixed[k] >= 0 ? fixed[k] : variableBytes(batch.columns[k], i);
    }
    if (batch.meta) n += 5 + utf8ByteLength(batch.meta[i]);
    return n;
  };

  return {
    get rows() {
      return rows;
    },
    get bytes() {
      const nextSlice = specs.length * PAGE_OVERHEAD;
      const footer = schemaBytes + (writer.groups.length + 1) * groupBytes + 8;
      return writer.offset + bufferedBytes + bufferedPages * PAGE_OVERHEAD + nextSlice + footer;
    },
    measure,
    append(batch, start, end) {
      if (end <= start) return;
      const cols = batch.columns.map((c) => copyRows(c, start, end));
      if (batch.meta) {
        const metaField = { name: "$meta", dataType: "VARCHAR" } as Column["field"];
        cols.push({ field: metaField, values: batch.meta.slice(start, end) });
      }
      let sliceBytes = 0;
      for (let i = start; i < end; i++) sliceBytes += measure(batch, i);
      bufferedBytes += sliceBytes;
      bufferedPages += specs.length * (1 + Math.ceil(sliceBytes / (1 << 20)));
      buffered.push(cols);
      bufferedRows += end - start;
      rows += end - start;
      if (bufferedBytes >= rowGroupBytes) flushGroup();
    },
    finish(): EncodedFile[] {
      flushGroup();
      return [{ path: name, rows, sha256: writer.close() }];
    },
    abort() {
      writer.abort();
    },
  };
}

function lengthOf(col: Column): number {
  return (col.values as ArrayLike<unknown>).length / valuesPerRow(col.field);
}

/** Page bytes per row of fixed-width columns (values + levels); -1 when variable. */
function fixedBytes(t: string, width: number): number {
  switch (t) {
    case "BOOL":
    case "INT8":
    case "INT16":
    case "INT32":
    case "FLOAT":
      return 4;
    case "INT64":
    case "DOUBLE":
      return 8;
    case "FLOAT_VECTOR":
    case "BINARY_VECTOR":
    case "INT8_VECTOR":
      return width * 4 + 4;
    case "FLOAT16_VECTOR":
    case "BFLOAT16_VECTOR":
      return width * 8 + 4;
    default:
      return -1;
  }
}

function variableBytes(col: Column, i: number): number {
  if (col.valid && !col.valid[i]) return 1;
  const t = col.field.dataType;
  if (t === "VARCHAR" || t === "JSON") return 4 + utf8ByteLength((col.values as string[])[i]);
  if (t === "SPARSE_FLOAT_VECTOR") return 24 + 20 * (col.values as SparseVector[])[i].indices.length;
  const items = (col.values as ArrayElement[][])[i];
  let n = 4;
  for (const x of items)
    n +=
      typeof x === "string"
        ? 4 + utf8ByteLength(x)
        : typeof x === "bigint" || col.field.elementType === "DOUBLE"
          ? 8
          : 4;
  return n;
}
