/**
 * Columnar segments on disk. One committed import file (or NumPy group) becomes one immutable segment
 * directory: a typed binary file per fixed-width field (ints, floats, bools, dense vectors), a JSON
 * array per variable-width field (VARCHAR, JSON, ARRAY, SPARSE, $meta), a null list per nullable
 * field, and a deletion bitmap that is replaced atomically on delete. Segments are written to a temp
 * directory and renamed into place, so a reader never sees half a segment.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  assertNever,
  type DenseVectorTraits,
  hasInt64Elements,
  isInt64Valued,
  type StorageCtor,
  traitsOf,
  valuesPerRow,
} from "../schema/traits";
import { type CollectionSchema, DYNAMIC_FIELD, type FieldSchema } from "../schema/types";
import { writeFileAtomic } from "./atomicFile";
import type { DenseVector, StoredValue } from "./values";

type Binary = "u8" | "i8" | "i16" | "i32" | "i64" | "f32" | "f64";

interface ColumnMeta {
  name: string;
  file: string;
  encoding: Binary | "json";
  /** Values per row for vectors (dim, or dim/8 bytes). */
  width: number;
  nulls?: string;
}

interface SegmentMeta {
  rows: number;
  columns: ColumnMeta[];
}

const ARRAYS: Record<
  Binary,
  { new (n: number | ArrayBuffer): ArrayLike<number | bigint> & { buffer: ArrayBuffer } }
> = {
  u8: Uint8Array,
  i8: Int8Array,
  i16: Int16Array,
  i32: Int32Array,
  i64: BigInt64Array,
  f32: Float32Array,
  f64: Float64Array,
} as never;

const BINARY_OF = new Map<unknown, Binary>([
  [Uint8Array, "u8"],
  [Int8Array, "i8"],
  [Int16Array, "i16"],
  [Int32Array, "i32"],
  [BigInt64Array, "i64"],
  [Float32Array, "f32"],
  [Float64Array, "f64"],
]);

/** Fixed-width types keep their typed array (dense vectors in the engine's form); others are JSON. */
function encodingOf(f: FieldSchema): { encoding: Binary | "json"; width: number } {
  const traits = traitsOf(f.dataType);
  const storage = traits.kind === "denseVector" ? engineStorage(traits) : traits.storage;
  return storage ? { encoding: binaryOf(storage), width: valuesPerRow(f) } : { encoding: "json", width: 1 };
}

/** The engine keeps float-valued vectors (half floats decoded) as float32, others as stored. */
function engineStorage(traits: DenseVectorTraits): StorageCtor | null {
  const el = traits.element;
  switch (el.type) {
    case "float32":
    case "half":
      return Float32Array;
    case "int":
      return traits.storage;
    default:
      return assertNever(el, "vector element");
  }
}

function binaryOf(storage: StorageCtor | null): Binary {
  const b = BINARY_OF.get(storage);
  if (!b) throw new Error(`no segment encoding for ${storage?.name}`);
  return b;
}

/** Fields stored in a segment: every schema field (auto ids included) and `$meta` when dynamic. */
function storedFields(schema: CollectionSchema): FieldSchema[] {
  const fields = [...schema.fields];
  if (schema.enableDynamicField) fields.push({ name: DYNAMIC_FIELD, dataType: "JSON" });
  return fields;
}

const toJsonSafe = (v: StoredValue): unknown =>
  typeof v === "bigint"
    ? v.toString()
    : Array.isArray(v)
      ? v.map((x) => (typeof x === "bigint" ? x.toString() : x))
      : v;

export function writeSegment(
  dir: string,
  schema: CollectionSchema,
  columns: Map<string, StoredValue[]>,
  rows: number,
): void {
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const metas: ColumnMeta[] = [];
  storedFields(schema).forEach((f, i) => {
    const values = columns.get(f.name) ?? [];
    const { encoding, width } = encodingOf(f);
    const meta: ColumnMeta = {
      name: f.name,
      file: `c${i}.${encoding === "json" ? "json" : "bin"}`,
      encoding,
      width,
    };
    const nulls: number[] = [];
    values.forEach((v, r) => {
      if (v === null) nulls.push(r);
    });
    if (encoding === "json") {
      const int64 = isInt64Valued(f.dataType) || hasInt64Elements(f);
      fs.writeFileSync(
        path.join(tmp, meta.file),
        JSON.stringify(values.map((v) => (int64 ? toJsonSafe(v) : v))),
      );
    } else {
      const arr = new ARRAYS[encoding](rows * width) as unknown as {
        [i: number]: number | bigint;
        buffer: ArrayBuffer;
      };
      const vectors = isVector(f);
      values.forEach((v, r) => {
        if (v === null) return;
        if (vectors) (arr as unknown as DenseVector).set(v as DenseVector, r * width);
        else arr[r] = encoding === "i64" ? (v as bigint) : Number(v);
      });
      fs.writeFileSync(path.join(tmp, meta.file), Buffer.from(arr.buffer));
    }
    if (nulls.length) {
      meta.nulls = `c${i}.nulls.json`;
      fs.writeFileSync(path.join(tmp, meta.nulls), JSON.stringify(nulls));
    }
    metas.push(meta);
  });
  fs.writeFileSync(
    path.join(tmp, "meta.json"),
    JSON.stringify({ rows, columns: metas } satisfies SegmentMeta),
  );
  fs.renameSync(tmp, dir);
}

/** Replaces one column of a written segment (auto_id keys are assigned only at commit time). */
export function rewriteColumn(
  dir: string,
  schema: CollectionSchema,
  field: string,
  values: StoredValue[],
): void {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8")) as SegmentMeta;
  const col = meta.columns.find((c) => c.name === field);
  const f = storedFields(schema).find((x) => x.name === field);
  if (!col || !f) throw new Error(`segment ${dir} has no column ${field}`);
  if (col.encoding === "json") {
    fs.writeFileSync(
      path.join(dir, col.file),
      JSON.stringify(values.map((v) => (typeof v === "bigint" ? v.toString() : v))),
    );
  } else {
    const arr = new ARRAYS[col.encoding](values.length) as unknown as {
      [i: number]: number | bigint;
      buffer: ArrayBuffer;
    };
    values.forEach((v, r) => {
      arr[r] = col.encoding === "i64" ? BigInt(v as bigint) : Number(v);
    });
    fs.writeFileSync(path.join(dir, col.file), Buffer.from(arr.buffer));
  }
}

export interface LoadedSegment {
  rows: number;
  columns: Map<string, StoredValue[]>;
}

export function readSegment(dir: string, schema: CollectionSchema): LoadedSegment {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8")) as SegmentMeta;
  const byName = new Map(storedFields(schema).map((f) => [f.name, f]));
  const columns = new Map<string, StoredValue[]>();
  for (const c of meta.columns) {
    const f = byName.get(c.name);
    if (!f) continue;
    let values: StoredValue[];
    const raw = fs.readFileSync(path.join(dir, c.file));
    if (c.encoding === "json") {
      const parsed = JSON.parse(raw.toString("utf8")) as unknown[];
      values = parsed.map((v) => fromJsonSafe(f, v));
    } else {
      const copy = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer;
      const arr = new ARRAYS[c.encoding](copy) as unknown as ArrayLike<number | bigint>;
      values = new Array(meta.rows);
      if (isVector(f)) {
        // Rows are views into the column buffer: no per-row copy.
        const vec = arr as unknown as DenseVector;
        for (let r = 0; r < meta.rows; r++) values[r] = vec.subarray(r * c.width, (r + 1) * c.width);
      } else {
        const isBool = traitsOf(f.dataType).kind === "bool";
        for (let r = 0; r < meta.rows; r++) {
          const x = arr[r];
          values[r] = isBool ? x === 1 : x;
        }
      }
    }
    if (c.nulls) {
      for (const r of JSON.parse(fs.readFileSync(path.join(dir, c.nulls), "utf8")) as number[])
        values[r] = null;
    }
    columns.set(c.name, values);
  }
  return { rows: meta.rows, columns };
}

function isVector(f: FieldSchema): boolean {
  return traitsOf(f.dataType).kind === "denseVector";
}

function fromJsonSafe(f: FieldSchema, v: unknown): StoredValue {
  if (v === null) return null;
  if (isInt64Valued(f.dataType)) return BigInt(v as string);
  if (hasInt64Elements(f)) return (v as string[]).map((x) => BigInt(x));
  // Sparse vectors come back as the {indices, values} objects they were written as.
  return v as StoredValue;
}

/** Deletion bitmap: bit r set = row r deleted. */
export function readDeleted(dir: string, rows: number): Uint8Array {
  try {
    return new Uint8Array(fs.readFileSync(path.join(dir, "deleted.bin")));
  } catch {
    return new Uint8Array(Math.ceil(rows / 8));
  }
}

export function writeDeleted(dir: string, bitmap: Uint8Array): void {
  writeFileAtomic(path.join(dir, "deleted.bin"), bitmap);
}

export const isDeleted = (bm: Uint8Array, r: number): boolean => (bm[r >> 3] & (1 << (r & 7))) !== 0;
export const markDeleted = (bm: Uint8Array, r: number): void => {
  bm[r >> 3] |= 1 << (r & 7);
};
