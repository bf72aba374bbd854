import { join } from "node:path";
import { inputFields } from "../schema/fields";
import { assertNever, traitsOf } from "../schema/traits";
import type { ArrayElement, Column, ColumnBatch, SparseVector } from "../validate/columns";
import type { EncodedFile, EncoderContext, SegmentEncoder } from "./encoder";
import { type ColumnSpec, columnSpec, listValuesPerRow, META_SPEC } from "./parquet/columnSpec";
import { ParquetFileWriter } from "./parquet/fileWriter";
import { encodeSlice, rowsPerPage } from "./parquet/pages";
import { RowGroupColumn } from "./parquet/rowGroupColumn";

const DEFAULT_ROW_GROUP_BYTES = 64 << 20;

/**
 * Parquet segment: columns in schema order (+ `$meta`), all optional, row groups closed right after
 * the row that brings them to `parquetRowGroupBytes` (so the bytes do not depend on how rows were
 * batched into appends; memory bounded by one row group). Pages split every rowsPerPage rows of a group.
 */
export function parquetEncoder(ctx: EncoderContext): SegmentEncoder {
  const fields = inputFields(ctx.schema);
  const specs: ColumnSpec[] = fields.map(columnSpec);
  if (ctx.schema.enableDynamicField) specs.push(META_SPEC);
  const name = `${ctx.segment}.parquet`;
  const writer = new ParquetFileWriter(join(ctx.dir, name), specs, ctx.io);
  const rowGroupBytes = ctx.options.parquetRowGroupBytes ?? DEFAULT_ROW_GROUP_BYTES;
  const metaField = { name: "$meta", dataType: "VARCHAR" } as Column["field"];
  // One allocation per column for a whole row group (growing by doubling cost page faults and copies);
  // only a hint: rows with long text make groups hold fewer rows.
  const fixed = specs.map((spec, k) => (k < fields.length ? fixedBytes(spec, fields[k]) : -1));
  const fixedTotal = fixed.reduce((n, b) => n + Math.max(0, b), 0);
  const groupRowsHint = Math.min(1 << 22, Math.ceil(rowGroupBytes / Math.max(1, fixedTotal)) + 1);
  const group = [...fields, ...(ctx.schema.enableDynamicField ? [metaField] : [])].map(
    (f) => new RowGroupColumn(f, groupRowsHint, ctx.io),
  );
  const pageRows = specs.map((spec, k) => rowsPerPage(spec, group[k].field));
  // Conservative metadata sizes (page headers, footer) so a segment never exceeds segmentSize.
  const PAGE_OVERHEAD = 64;
  const nameBytes = specs.reduce((n, s) => n + Buffer.byteLength(s.name) + (s.list ? 16 : 0), 0);
  const schemaBytes = 64 + specs.length * 40 + nameBytes;
  const groupBytes = 32 + specs.length * 64 + nameBytes;
  const pagesBytes = (groupRows: number) => {
    let pages = 0;
    for (let k = 0; k < specs.length; k++) pages += Math.ceil(groupRows / pageRows[k]) + 1;
    return pages * PAGE_OVERHEAD;
  };

  // Repetition/definition levels cost up to 6 bytes a row in a list column (two RLE runs) and 2 in a
  // nullable one (a run per null/value change); measured per row so estimates stay upper bounds.
  const levelBytes = specs.reduce(
    (n, s, k) => n + (s.list ? 6 : 0) + (k < fields.length && fields[k].nullable ? 2 : 0),
    0,
  );
  const fixedRow = fixed.reduce((n, b) => n + Math.max(b, 0), levelBytes);
  const variable = fixed.flatMap((b, k) => (b < 0 && k < fields.length ? [k] : []));
  const sizeOf = variable.map((k) => variableBytes(specs[k], fields[k]));
  const measure = (batch: ColumnBatch, i: number): number => {
    let n = fixedRow;
    for (let v = 0; v < variable.length; v++) {
      const col = batch.columns[variable[v]];
      n += col.valid && !col.valid[i] ? 1 : sizeOf[v](col, i);
    }
    if (batch.meta) n += 5 + Buffer.byteLength(batch.meta[i]);
    return n;
  };

  // Rows are grouped by measured bytes: a row group closes right after the row that brings it to
  // rowGroupBytes. measure() runs ahead of append() (the writer measures rows, then appends a prefix),
  // so it keeps its own ("planned") copy of that grouping to estimate the segment size exactly the
  // same whichever way the rows were batched.
  let rows = 0;
  let groupRows = 0;
  let groupBytesSoFar = 0;
  let measured: number[] = [];
  let measuredFrom = 0;
  let measuredSum = 0;
  let plannedData = 0; // data bytes of appended + measured rows
  let plannedClosedPages = 0; // page overhead of planned groups already closed
  let plannedGroups = 0;
  let plannedRows = 0; // rows of the open planned group
  let plannedGroupBytes = 0;

  const flushGroup = () => {
    if (groupRows === 0) return;
    for (let k = 0; k < specs.length; k++) {
      writer.writeColumnChunk(
        k,
        encodeSlice(specs[k], { column: group[k].view(), start: 0, end: groupRows }),
      );
      group[k].clear();
    }
    writer.endRowGroup(groupRows);
    groupRows = 0;
    groupBytesSoFar = 0;
  };
  const copy = (batch: ColumnBatch, s: number, e: number) => {
    if (e <= s) return;
    for (let k = 0; k < batch.columns.length; k++) group[k].append(batch.columns[k], s, e);
    if (batch.meta) group[batch.columns.length].append({ field: metaField, values: batch.meta }, s, e);
    groupRows += e - s;
  };

  return {
    get rows() {
      return rows;
    },
    get bytes() {
      // Without the data of measured-but-not-appended rows: the writer adds those itself.
      const footer = schemaBytes + (plannedGroups + 1) * groupBytes + 8;
      return 4 + plannedData - measuredSum + plannedClosedPages + pagesBytes(plannedRows) + footer;
    },
    measure(batch, i) {
      if (measured.length === 0) measuredFrom = i;
      const b = measure(batch, i);
      measured.push(b);
      measuredSum += b;
      plannedData += b;
      plannedRows++;
      plannedGroupBytes += b;
      if (plannedGroupBytes >= rowGroupBytes) {
        plannedClosedPages += pagesBytes(plannedRows);
        plannedGroups++;
        plannedRows = 0;
        plannedGroupBytes = 0;
      }
      return b;
    },
    append(batch, start, end) {
      if (start !== measuredFrom || end - start > measured.length)
        throw new Error("parquet encoder: append() must take a prefix of the measured rows");
      let from = start;
      for (let i = start; i < end; i++) {
        groupBytesSoFar += measured[i - start];
        if (groupBytesSoFar >= rowGroupBytes) {
          copy(batch, from, i + 1);
          flushGroup();
          from = i + 1;
        }
      }
      copy(batch, from, end);
      rows += end - start;
      measured = [];
      measuredSum = 0;
    },
    finish(): EncodedFile[] {
      flushGroup();
      for (const g of group) g.release();
      return [{ path: name, rows, sha256: writer.close() }];
    },
    abort() {
      writer.abort();
      for (const g of group) g.release();
    },
  };
}

/** Page bytes per row of fixed-width (typed-array) columns, values + levels; -1 when variable. */
function fixedBytes(spec: ColumnSpec, f: Column["field"]): number {
  if (!traitsOf(f.dataType).storage) return -1;
  // A list value is written as 4 bytes (FLOAT or INT32), plus the row's levels.
  if (spec.list) return listValuesPerRow(spec, f) * 4 + 4;
  return spec.leaf.physical === "INT64" || spec.leaf.physical === "DOUBLE" ? 8 : 4;
}

/** Bytes a row of a variable-width column adds, chosen once per column. */
function variableBytes(spec: ColumnSpec, f: Column["field"]): (col: Column, i: number) => number {
  const kind = traitsOf(f.dataType).kind;
  switch (kind) {
    case "varchar":
    case "json":
      return (col, i) => 4 + Buffer.byteLength((col.values as string[])[i]);
    case "sparseVector":
      return (col, i) => 24 + 20 * (col.values as SparseVector[])[i].indices.length;
    case "array": {
      const wide = spec.leaf.physical === "INT64" || spec.leaf.physical === "DOUBLE" ? 8 : 4;
      return (col, i) => {
        let n = 4;
        for (const x of (col.values as ArrayElement[][])[i])
          n += typeof x === "string" ? 4 + Buffer.byteLength(x) : wide;
        return n;
      };
    }
    case "bool":
    case "int":
    case "float":
    case "denseVector":
      throw new Error(`${f.dataType} columns have a fixed width`);
    default:
      return assertNever(kind);
  }
}
