/**
 * The engine's value model and the value rules every reader shares (Milvus import semantics):
 * integer ranges, finite floats, VARCHAR length in UTF-8 bytes, vector dims, sparse vectors, array
 * capacity. Readers convert their format's cells into the primitive forms below and call these checks;
 * a failed check throws ValueError with Milvus's wording and the reader adds file/row/field.
 */
import { LIMITS } from "../schema/limits";
import { hasLoneSurrogate, utf8ByteLength } from "../schema/text";
import { assertNever, type DenseVectorTraits, denseTraits, traitsOf, valuesPerRow } from "../schema/traits";
import { restTypeName } from "../schema/typeNames";
import type { DataType, ElementType, FieldSchema } from "../schema/types";
import {
  assertNoDuplicateKeys,
  countKeySeparators,
  countKeys,
  JSON_MAX_BYTES,
} from "../validate/jsonDuplicateKeys";
import { ValueError } from "./errors";

export interface SparseVector {
  indices: number[];
  values: number[];
}

/**
 * Stored forms: BOOL boolean; INT8/16/32 number; INT64 bigint; FLOAT/DOUBLE number; VARCHAR string;
 * JSON and $meta: compact JSON text; ARRAY: element values; dense vectors: typed arrays (Float32Array
 * for float/fp16/bf16, Uint8Array of dim/8 bytes for binary, Int8Array for int8) so a million
 * vectors cost their bytes, not a JS number each; SPARSE: sorted indices + values. null = SQL NULL.
 */
export type DenseVector = Float32Array | Uint8Array | Int8Array;
export type StoredValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | DenseVector
  | SparseVector
  | StoredScalar[];
export type StoredScalar = boolean | number | bigint | string;

export const milvusTypeName = (t: DataType): string => restTypeName(t);

export function checkInt(field: string, type: DataType | ElementType, v: bigint): number | bigint {
  const traits = traitsOf(type);
  if (traits.kind !== "int") throw new ValueError(`field '${field}' is not an integer field`);
  if (v < traits.range[0] || v > traits.range[1]) {
    throw new ValueError(`value ${v} out of range for field '${field}' of type '${milvusTypeName(type)}'`);
  }
  return traits.storage === BigInt64Array ? v : Number(v);
}

const FLOAT32_MAX = 3.4028234663852886e38;

export function checkFloat(field: string, type: DataType | ElementType, x: number): number {
  if (!Number.isFinite(x)) throw new ValueError(`value '${x}' is not a number or infinity, field '${field}'`);
  const traits = traitsOf(type);
  if (traits.kind === "float" && traits.bits === 32) {
    if (Math.abs(x) > FLOAT32_MAX)
      throw new ValueError(`value ${x} out of range for field '${field}' of type '${milvusTypeName(type)}'`);
    return Math.fround(x);
  }
  return x;
}

export function checkVarchar(field: FieldSchema, s: string): string {
  if (hasLoneSurrogate(s)) throw new ValueError(`field '${field.name}' contains invalid UTF-8 data`);
  const max = field.maxLength ?? LIMITS.maxVarCharLength;
  const n = utf8ByteLength(s);
  if (n > max) throw new ValueError(`value length(${n}) for field ${field.name} exceeds max_length(${max})`);
  return s;
}

/** JSON field: any valid JSON text (callers enforce format-specific shape rules first). */
export function checkJsonText(field: string, text: string): string {
  let compact: string;
  try {
    const parsed = JSON.parse(text);
    assertNoDuplicateKeys(text, countKeySeparators(text), countKeys(parsed));
    compact = compactJson(text);
  } catch (e) {
    throw new ValueError(
      `failed to parse value '${truncate(text)}' for JSON field '${field}', error: ${(e as Error).message}`,
    );
  }
  return checkJsonSize(field, compact);
}

/** Milvus's documented 65,536-byte limit for a JSON value (Milvus 2.3.5 does not enforce it on import). */
export function checkJsonSize(field: string, compact: string): string {
  if (compact.length > JSON_MAX_BYTES / 3) {
    const n = utf8ByteLength(compact);
    if (n > JSON_MAX_BYTES)
      throw new ValueError(
        `JSON value length(${n}) for field ${field} exceeds max length(${JSON_MAX_BYTES})`,
      );
  }
  return compact;
}

/** Re-serialises compactly while keeping big-integer digits (JSON.parse would round them). */
function compactJson(text: string): string {
  // Only whitespace outside strings is removed; numbers and strings are copied verbatim.
  let out = "";
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inStr) {
      out += c;
      if (c === "\\") out += text[++i];
      else if (c === '"') inStr = false;
    } else if (c === '"') {
      inStr = true;
      out += c;
    } else if (c !== " " && c !== "\n" && c !== "\r" && c !== "\t") out += c;
  }
  return out;
}

export function checkDynamicObjectText(text: string, fieldNames?: ReadonlySet<string>): string {
  let v: unknown;
  try {
    v = JSON.parse(text);
    assertNoDuplicateKeys(text, countKeySeparators(text), countKeys(v));
  } catch (e) {
    throw new ValueError(
      `illegal value for dynamic field '$meta', not a JSON object: ${(e as Error).message}`,
    );
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new ValueError(
      `illegal value for dynamic field '$meta', the value should be a JSON object, got '${truncate(text)}'`,
    );
  }
  // A key named like a schema field would shadow it: Milvus 2.3.5 imports it, and queries answer with
  // the field's value in one run and the $meta value in another.
  const shadowing = fieldNames && Object.keys(v).find((k) => fieldNames.has(k));
  if (shadowing) throw new ValueError(`dynamic field key '${shadowing}' is also a field of the schema`);
  return checkJsonSize("$meta", compactJson(text));
}

/** Expected number of stored elements of a dense vector (bytes for binary, values otherwise). */
const denseLength = (f: FieldSchema): number => valuesPerRow(f);

export function isDenseVector(v: unknown): v is DenseVector {
  return v instanceof Float32Array || v instanceof Uint8Array || v instanceof Int8Array;
}

/** Checks and converts one dense vector; one pass, no per-element allocation. */
export function checkDenseVector(f: FieldSchema, nums: ArrayLike<number>): DenseVector {
  const expected = denseLength(f);
  if (nums.length !== expected) {
    throw new ValueError(
      `expected dim '${expected}' for field '${f.name}' with type '${milvusTypeName(f.dataType)}', got dim '${nums.length}'`,
    );
  }
  const traits = denseTraits(f.dataType) as DenseVectorTraits;
  const el = traits.element;
  switch (el.type) {
    case "int":
      return checkIntVector(f, traits, el, nums);
    case "float32":
    case "half":
      return checkFloatVector(f, nums);
    default:
      return assertNever(el, "vector element");
  }
}

function checkIntVector(
  f: FieldSchema,
  traits: DenseVectorTraits,
  el: { min: number; max: number },
  nums: ArrayLike<number>,
): DenseVector {
  const out = new (traits.storage as Uint8ArrayConstructor)(nums.length);
  for (let i = 0; i < nums.length; i++) {
    const x = nums[i];
    if (typeof x !== "number" || !Number.isInteger(x) || x < el.min || x > el.max) {
      // "Int8Vector" -> "int8 vector"; bit vectors are given as bytes.
      const what = traits.restName.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
      throw new ValueError(
        traits.dimsPerValue > 1
          ? `${what} element ${x} is not a byte (${el.min}..${el.max}) in field '${f.name}'`
          : `${what} element ${x} out of range [${el.min}, ${el.max}] in field '${f.name}'`,
      );
    }
    out[i] = x;
  }
  return out;
}

/** Float and half-float vectors are kept as float32 values (half floats are exact in float32). */
function checkFloatVector(f: FieldSchema, nums: ArrayLike<number>): Float32Array {
  const out = nums instanceof Float32Array ? nums : Float32Array.from(nums);
  for (let i = 0; i < out.length; i++) {
    const x = out[i];
    if (!Number.isFinite(x)) {
      const src = nums[i];
      throw typeof src !== "number"
        ? new ValueError(`expected number element for vector field '${f.name}', got '${src}'`)
        : new ValueError(`value '${src}' is not a number or infinity, field '${f.name}'`);
    }
  }
  return out;
}

/** Sparse: `{"<idx>": v}` or `{"indices": [...], "values": [...]}`; indices uint32 < 2^32-1, values ≥ 0. */
export function checkSparse(field: string, indices: number[], values: number[]): SparseVector {
  if (indices.length !== values.length) {
    throw new ValueError(`length of indices and values of sparse vector must be equal, field '${field}'`);
  }
  const pairs = indices.map((idx, i) => [idx, values[i]] as const);
  for (const [idx, v] of pairs) {
    if (!Number.isInteger(idx) || idx < 0 || idx > LIMITS.maxSparseIndex) {
      throw new ValueError(
        `invalid index in sparse float vector: ${idx}, must be in range [0, ${LIMITS.maxSparseIndex}], field '${field}'`,
      );
    }
    if (!Number.isFinite(v) || v < 0)
      throw new ValueError(
        `invalid value in sparse float vector: ${v}, must be a non-negative number, field '${field}'`,
      );
  }
  pairs.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < pairs.length; i++) {
    if (pairs[i][0] === pairs[i - 1][0])
      throw new ValueError(`duplicated index ${pairs[i][0]} in sparse float vector, field '${field}'`);
  }
  return { indices: pairs.map((p) => p[0]), values: pairs.map((p) => Math.fround(p[1])) };
}

export function checkArrayCapacity(f: FieldSchema, n: number): void {
  const max = f.maxCapacity ?? LIMITS.maxArrayCapacity;
  if (n > max) throw new ValueError(`array capacity(${n}) for field ${f.name} exceeds max_capacity(${max})`);
}

/** The value a missing/null cell takes: the default, NULL if nullable, else an error. */
export function missingValue(f: FieldSchema, how: "missed" | "null"): StoredValue {
  if (f.defaultValue !== undefined) return defaultOf(f);
  if (f.nullable) return null;
  throw new ValueError(
    how === "missed"
      ? `value of field '${f.name}' is missed`
      : `the field '${f.name}' is not nullable but the value is null`,
  );
}

export function defaultOf(f: FieldSchema): StoredValue {
  const d = f.defaultValue;
  if (d === undefined) return null;
  const traits = traitsOf(f.dataType);
  switch (traits.kind) {
    case "int":
      return traits.storage === BigInt64Array ? BigInt(d as string | number) : Number(d);
    case "float":
      return Number(d);
    case "bool":
      return d === true || d === "true";
    case "json":
      return typeof d === "string" ? d : JSON.stringify(d);
    case "varchar":
      return String(d);
    case "array":
    case "denseVector":
    case "sparseVector":
      throw new ValueError(`field '${f.name}': ${f.dataType} fields have no default value`);
    default:
      return assertNever(traits);
  }
}

export function truncate(s: string, n = 64): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
