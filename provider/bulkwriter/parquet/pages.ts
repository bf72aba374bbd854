import { traitsOf, valuesPerRow } from "../../schema/traits";
import type { ArrayElement, Column, SparseVector } from "../../validate/columns";
import { sparseToJson } from "../numberFormat";
import { type ColumnSpec, carriesBytes, listValuesPerRow } from "./columnSpec";
import { type EncodedPage, LevelEncoder } from "./fileWriter";

/** Rows [start, end) of one validated column. */
export interface ColumnSlice {
  column: Column;
  start: number;
  end: number;
}

const PAGE_TARGET_BYTES = 1 << 20;

/** Rows per data page of a column: about 1 MiB of fixed-width values. */
export function rowsPerPage(spec: ColumnSpec, f: Column["field"]): number {
  const width = spec.list ? Math.max(1, listValuesPerRow(spec, f)) : 1;
  const bytesPerRow =
    width * (spec.leaf.physical === "INT64" || spec.leaf.physical === "DOUBLE" ? 8 : 4) + 16;
  return Math.max(1, Math.min(65536, Math.floor(PAGE_TARGET_BYTES / bytesPerRow)));
}

/** Encodes a slice into data pages of about 1 MiB, split at row boundaries. */
export function encodeSlice(spec: ColumnSpec, slice: ColumnSlice): EncodedPage[] {
  const perPage = rowsPerPage(spec, slice.column.field);
  const pages: EncodedPage[] = [];
  for (let s = slice.start; s < slice.end; s += perPage) {
    const e = Math.min(slice.end, s + perPage);
    pages.push(spec.list ? listPage(spec, slice.column, s, e) : scalarPage(spec, slice.column, s, e));
  }
  return pages;
}

function scalarPage(spec: ColumnSpec, col: Column, s: number, e: number): EncodedPage {
  const def = new LevelEncoder();
  const valid = col.valid;
  const rows: number[] = [];
  if (valid) {
    for (let i = s; i < e; i++) {
      def.run(valid[i], 1);
      if (valid[i]) rows.push(i);
    }
  } else def.run(1, e - s);
  const values = scalarValues(spec, col, s, e, valid ? rows : undefined);
  return { numValues: e - s, def: def.finish(), values: [values], valueBytes: values.length };
}

function scalarValues(
  spec: ColumnSpec,
  col: Column,
  s: number,
  e: number,
  rows: number[] | undefined,
): Buffer {
  const v = col.values;
  const pick = <A extends { subarray(a: number, b: number): A; length: number }>(
    arr: A,
    make: (n: number) => A,
  ): A => {
    if (!rows) return arr.subarray(s, e);
    const out = make(rows.length);
    for (let j = 0; j < rows.length; j++)
      (out as unknown as number[])[j] = (arr as unknown as number[])[rows[j]];
    return out;
  };
  const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  switch (spec.leaf.physical) {
    case "BOOLEAN": {
      const src = pick(v as Uint8Array, (n) => new Uint8Array(n));
      const out = Buffer.alloc(Math.ceil(src.length / 8));
      for (let i = 0; i < src.length; i++) if (src[i]) out[i >> 3] |= 1 << (i & 7);
      return out;
    }
    case "INT32": {
      if (v instanceof Int32Array) return bytes(pick(v, (n) => new Int32Array(n)));
      const narrow = v as Int8Array;
      const src = pick(narrow, (n) => new (narrow.constructor as Int8ArrayConstructor)(n));
      return bytes(Int32Array.from(src));
    }
    case "INT64":
      return bytes(pick(v as BigInt64Array, (n) => new BigInt64Array(n)));
    case "FLOAT":
      return bytes(pick(v as Float32Array, (n) => new Float32Array(n)));
    case "DOUBLE":
      return bytes(pick(v as Float64Array, (n) => new Float64Array(n)));
    case "BYTE_ARRAY": {
      const texts: string[] = [];
      const idx = rows ?? range(s, e);
      if (traitsOf(col.field.dataType).kind === "sparseVector")
        for (const i of idx) texts.push(sparseToJson((v as SparseVector[])[i]));
      else for (const i of idx) texts.push((v as string[])[i]);
      return byteArrays(texts);
    }
  }
}

function range(s: number, e: number): number[] {
  const r = new Array(e - s);
  for (let i = s; i < e; i++) r[i - s] = i;
  return r;
}

/** PLAIN BYTE_ARRAY: 4-byte little-endian length then the UTF-8 bytes, per value. */
function byteArrays(texts: string[]): Buffer {
  let total = 0;
  for (const t of texts) total += 4 + Buffer.byteLength(t, "utf8");
  const out = Buffer.allocUnsafe(total);
  let o = 0;
  for (const t of texts) {
    const n = out.write(t, o + 4, "utf8");
    out.writeUInt32LE(n, o);
    o += 4 + n;
  }
  return out;
}

function listPage(spec: ColumnSpec, col: Column, s: number, e: number): EncodedPage {
  const f = col.field;
  if (traitsOf(f.dataType).kind === "array") return arrayPage(spec, col, s, e);
  // Fixed-width vectors: never null, each row a full list. Levels: per row rep 0 then width-1 × rep 1;
  // def all 3 (present list, present element).
  const perRow = valuesPerRow(f);
  const width = listValuesPerRow(spec, f);
  const stored = (col.values as Float32Array).subarray(s * perRow, e * perRow);
  let values: ArrayBufferView;
  if (spec.leaf.physical === "FLOAT") values = stored;
  else if (carriesBytes(spec)) {
    // The stored values' little-endian bytes (half floats: 2 per value) as list<uint8>.
    values = widen(new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength));
  } else values = widen(stored as unknown as Int8Array);
  const rows = e - s;
  const rep = new LevelEncoder();
  for (let i = 0; i < rows; i++) {
    rep.run(0, 1);
    rep.run(1, width - 1);
  }
  const def = new LevelEncoder();
  def.run(3, rows * width);
  const buf = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  return {
    numValues: rows * width,
    rep: rep.finish(),
    def: def.finish(),
    values: [buf],
    valueBytes: buf.length,
  };
}

/** Small integers as Parquet INT32 values (a native element-wise copy). */
function widen(src: Int8Array | Uint8Array): Int32Array {
  const out = new Int32Array(src.length);
  out.set(src);
  return out;
}

function arrayPage(spec: ColumnSpec, col: Column, s: number, e: number): EncodedPage {
  const lists = col.values as ArrayElement[][];
  const rep = new LevelEncoder();
  const def = new LevelEncoder();
  const flat: ArrayElement[] = [];
  let numValues = 0;
  for (let i = s; i < e; i++) {
    const items = lists[i];
    if (col.valid && !col.valid[i]) {
      rep.run(0, 1);
      def.run(0, 1);
      numValues++;
    } else if (items.length === 0) {
      rep.run(0, 1);
      def.run(1, 1);
      numValues++;
    } else {
      rep.run(0, 1);
      rep.run(1, items.length - 1);
      def.run(3, items.length);
      numValues += items.length;
      for (const x of items) flat.push(x);
    }
  }
  let values: Buffer;
  switch (spec.leaf.physical) {
    case "BOOLEAN": {
      values = Buffer.alloc(Math.ceil(flat.length / 8));
      for (let i = 0; i < flat.length; i++) if (flat[i]) values[i >> 3] |= 1 << (i & 7);
      break;
    }
    case "INT32":
      values = Buffer.from(Int32Array.from(flat as number[]).buffer);
      break;
    case "INT64":
      values = Buffer.from(BigInt64Array.from(flat as bigint[]).buffer);
      break;
    case "FLOAT":
      values = Buffer.from(Float32Array.from(flat as number[]).buffer);
      break;
    case "DOUBLE":
      values = Buffer.from(Float64Array.from(flat as number[]).buffer);
      break;
    case "BYTE_ARRAY":
      values = byteArrays(flat as string[]);
  }
  return { numValues, rep: rep.finish(), def: def.finish(), values: [values], valueBytes: values.length };
}
