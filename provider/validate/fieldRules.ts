import { LIMITS } from "../schema/limits";
import { describeValue } from "../schema/normalize";
import { utf8ByteLength } from "../schema/text";
import { assertNever, type DenseVectorTraits, type StorageCtor, traitsOf } from "../schema/traits";
import type { ElementType, FieldSchema } from "../schema/types";
import type { ArrayElement, SparseVector } from "./columns";
import { float32ToBFloat16Bits, float32ToFloat16Bits, isNonFiniteHalf } from "./half";
import { JSON_MAX_BYTES, JsonDuplicateKeyError } from "./jsonDuplicateKeys";
import { findDeepNesting, MAX_JSON_NESTING, nestingExpected } from "./jsonNesting";
import { JsonValueError, parseJsonExact, stringifyJson } from "./jsonText";

/**
 * Per-field value converters implementing the Milvus server's import rules (not pymilvus's looser
 * client checks): UTF-8 byte lengths, integer ranges, finite floats, exact vector lengths, sparse
 * index/value rules. A converter returns the clean storage value or a Problem.
 */
export class Problem {
  constructor(
    readonly expected: string,
    readonly got: string,
  ) {}
}

export type Converter = (v: unknown) => unknown;

const fail = (expected: string, v: unknown) => new Problem(expected, describeValue(v));

function scalarConverter(t: ElementType | "JSON", maxLength?: number): Converter {
  const traits = traitsOf(t);
  switch (traits.kind) {
    case "bool":
      return (v) => (typeof v === "boolean" ? v : fail(`${t} (true/false)`, v));
    case "int": {
      const [lo, hi] = traits.range;
      if (traits.storage === BigInt64Array) return bigIntConverter(t, lo, hi);
      const [min, max] = [Number(lo), Number(hi)];
      const expected = `${t} (integer in ${min}..${max})`;
      return (v) => {
        const n = typeof v === "bigint" ? Number(v) : v;
        return typeof n === "number" && Number.isInteger(n) && n >= min && n <= max ? n : fail(expected, v);
      };
    }
    case "float":
      if (traits.bits === 64)
        return (v) => (typeof v === "number" && Number.isFinite(v) ? v : fail(`${t} (finite number)`, v));
      return (v) => {
        if (typeof v !== "number" || Number.isNaN(v)) return fail(`${t} (finite number)`, v);
        const f = Math.fround(v);
        return Number.isFinite(f) ? f : fail(`${t} (finite number within float32 range)`, v);
      };
    case "varchar":
      return varcharConverter(t, maxLength ?? LIMITS.maxVarCharLength);
    case "json":
      return jsonConverter;
    case "array":
    case "denseVector":
    case "sparseVector":
      throw new TypeError(`${t} is not a scalar type`);
    default:
      return assertNever(traits);
  }
}

/** A JSON value over Milvus's documented 65,536-byte limit (the text as stored). */
export function jsonSizeProblem(text: string): Problem | undefined {
  if (text.length <= JSON_MAX_BYTES / 3) return undefined;
  const bytes = utf8ByteLength(text);
  return bytes <= JSON_MAX_BYTES
    ? undefined
    : new Problem(`a JSON value of at most ${JSON_MAX_BYTES} bytes (Milvus's limit)`, `${bytes} bytes`);
}

/** 64-bit integers stay BigInt: a JS number beyond 2^53 has already lost digits. */
function bigIntConverter(t: string, lo: bigint, hi: bigint): Converter {
  return (v) => {
    if (typeof v === "bigint") return v >= lo && v <= hi ? v : fail(`${t} (integer in ${lo}..${hi})`, v);
    if (typeof v === "number" && Number.isInteger(v)) {
      if (Number.isSafeInteger(v)) return BigInt(v);
      return new Problem(
        `${t} as BigInt or exact digits`,
        `number ${v} beyond 2^53 (precision already lost)`,
      );
    }
    return fail(t, v);
  };
}

function varcharConverter(t: string, max: number): Converter {
  return (v) => {
    if (typeof v !== "string") return fail(`${t} (string of at most ${max} UTF-8 bytes)`, v);
    // isWellFormed is a native scan: ~7 ms vs ~60 ms for the lone-surrogate regex on 100k titles.
    if (!(v as string & { isWellFormed(): boolean }).isWellFormed())
      return new Problem("valid UTF-8 text", "a string with an unpaired surrogate (invalid UTF-8)");
    // Fast path: even 3 bytes per UTF-16 unit cannot exceed the limit.
    if (v.length * 3 <= max) return v;
    const bytes = utf8ByteLength(v);
    return bytes <= max
      ? v
      : new Problem(`${t} of at most ${max} UTF-8 bytes`, `${bytes} bytes (${[...v].length} characters)`);
  };
}

const jsonConverter: Converter = (v) => {
  let text: string;
  if (typeof v === "string") {
    // Text is passed on as is; nesting is held to the same limit as parsed values (checked first: the
    // exact parse recurses).
    if (findDeepNesting(v, MAX_JSON_NESTING, 0)) return new Problem(nestingExpected(), "deeper nesting");
    try {
      parseJsonExact(v);
      text = v;
    } catch (e) {
      if (e instanceof JsonDuplicateKeyError)
        return new Problem("JSON text without repeated keys", e.message);
      return new Problem("JSON text", `invalid JSON ${describeValue(v)} (${(e as Error).message})`);
    }
  } else {
    try {
      text = stringifyJson(v);
    } catch (e) {
      if (e instanceof JsonValueError) return new Problem("a JSON value", e.message);
      throw e;
    }
  }
  return jsonSizeProblem(text) ?? text;
};

function numberListProblem(v: unknown, len: number, what: string): Problem | undefined {
  if (!(Array.isArray(v) || ArrayBuffer.isView(v))) return fail(`${what} (list of ${len} numbers)`, v);
  const n = (v as ArrayLike<unknown>).length;
  if (n !== len) return new Problem(`${what} of length ${len}`, `length ${n}`);
  return undefined;
}

function floatVector(name: string, dim: number): Converter {
  return (v) => {
    const p = numberListProblem(v, dim, name);
    if (p) return p;
    const src = v as ArrayLike<unknown>;
    const out = v instanceof Float32Array ? v : new Float32Array(dim);
    for (let i = 0; i < dim; i++) {
      const x = src[i];
      if (typeof x !== "number" || !Number.isFinite(x))
        return new Problem("finite float vector elements", `${describeValue(x)} at index ${i}`);
      const f = Math.fround(x);
      if (!Number.isFinite(f)) return new Problem("float32-range vector elements", `${x} at index ${i}`);
      if (out !== v) out[i] = f;
    }
    return out;
  };
}

function halfVector(name: string, dim: number, bfloat: boolean): Converter {
  const toBits = bfloat ? float32ToBFloat16Bits : float32ToFloat16Bits;
  return (v) => {
    const out = new Uint16Array(dim);
    if (v instanceof Uint16Array) {
      if (v.length !== dim)
        return new Problem(`${name} of ${dim} half-float bit patterns`, `length ${v.length}`);
      out.set(v);
    } else if (v instanceof Uint8Array) {
      // Raw little-endian half floats, as Milvus stores them (2·dim bytes).
      if (v.length !== 2 * dim) return new Problem(`${name} as ${2 * dim} bytes`, `${v.length} bytes`);
      for (let i = 0; i < dim; i++) out[i] = v[2 * i] | (v[2 * i + 1] << 8);
    } else {
      const p = numberListProblem(v, dim, name);
      if (p) return p;
      const src = v as ArrayLike<unknown>;
      for (let i = 0; i < dim; i++) {
        const x = src[i];
        if (typeof x !== "number" || !Number.isFinite(x))
          return new Problem(`finite ${name} elements`, `${describeValue(x)} at index ${i}`);
        out[i] = toBits(x);
        if (isNonFiniteHalf(out[i], bfloat))
          return new Problem(
            `${name} elements within ${bfloat ? "bfloat16" : "float16 (±65504)"} range`,
            `${x} at index ${i}`,
          );
      }
      return out;
    }
    for (let i = 0; i < dim; i++) {
      if (isNonFiniteHalf(out[i], bfloat))
        return new Problem(`finite ${name} elements`, `NaN/Inf bit pattern at index ${i}`);
    }
    return out;
  };
}

/** Bit vectors: `per` dims packed MSB-first into each byte, given as bytes or as a list of dim bits. */
function packedBitsVector(name: string, dim: number, per: number): Converter {
  const bytes = dim / per;
  return (v) => {
    if (v instanceof Uint8Array)
      return v.length === bytes
        ? v
        : new Problem(`${name} as ${bytes} bytes (dim ${dim} / ${per})`, `${v.length} bytes`);
    if (!Array.isArray(v)) return fail(`${name} (${bytes} byte values or ${dim} bits)`, v);
    const out = new Uint8Array(bytes);
    if (v.length === bytes) {
      for (let i = 0; i < bytes; i++) {
        const x = v[i];
        if (!Number.isInteger(x) || x < 0 || x > 255)
          return new Problem(`${name} byte values 0..255`, `${describeValue(x)} at index ${i}`);
        out[i] = x;
      }
      return out;
    }
    if (v.length === dim) {
      // A list of dim bits (pymilvus's list form), packed MSB-first like numpy.packbits.
      for (let i = 0; i < dim; i++) {
        const x = v[i];
        if (x !== 0 && x !== 1 && x !== true && x !== false)
          return new Problem(`${name} bits (0/1)`, `${describeValue(x)} at index ${i}`);
        if (x === 1 || x === true) out[i >> 3] |= 0x80 >> (i & 7);
      }
      return out;
    }
    return new Problem(`${name} of ${bytes} bytes or ${dim} bits`, `length ${v.length}`);
  };
}

/** Integer vectors: one typed-array value per dim, each in [min, max]. */
function intVector(name: string, dim: number, storage: StorageCtor, min: number, max: number): Converter {
  const outOfRange = (x: unknown) => typeof x !== "number" || !Number.isInteger(x) || x < min || x > max;
  return (v) => {
    if (v instanceof storage) {
      if (v.length !== dim) return new Problem(`${name} of length ${dim}`, `length ${v.length}`);
    } else {
      const p = numberListProblem(v, dim, name);
      if (p) return p;
    }
    const src = v as ArrayLike<unknown>;
    const out = v instanceof storage ? v : new storage(dim);
    for (let i = 0; i < dim; i++) {
      const x = src[i];
      if (outOfRange(x))
        return new Problem(`${name} elements in ${min}..${max}`, `${describeValue(x)} at index ${i}`);
      if (out !== v) (out as unknown as number[])[i] = x as number;
    }
    return out;
  };
}

/** A dense vector field's converter, chosen once per field by how its elements are stored. */
function denseConverter(f: FieldSchema, traits: DenseVectorTraits): Converter {
  const name = f.dataType;
  const dim = f.dim as number;
  const el = traits.element;
  switch (el.type) {
    case "float32":
      return floatVector(name, dim);
    case "half":
      return halfVector(name, dim, el.bfloat);
    case "int":
      if (traits.dimsPerValue > 1) return packedBitsVector(name, dim, traits.dimsPerValue);
      return intVector(name, dim, traits.storage as StorageCtor, el.min, el.max);
    default:
      return assertNever(el, "vector element");
  }
}

function sparseVector(): Converter {
  const expected = "SPARSE_FLOAT_VECTOR ({index: value} or {indices, values})";
  return (input) => {
    let v = input;
    // Parquet and CSV files carry sparse vectors as JSON text.
    if (typeof v === "string") {
      try {
        v = parseJsonExact(v);
      } catch {
        return new Problem(`${expected} as JSON text`, `invalid JSON ${describeValue(v)}`);
      }
    }
    let idx: unknown[];
    let vals: unknown[];
    if (v instanceof Map) {
      idx = [...v.keys()];
      vals = [...v.values()];
    } else if (typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v)) {
      const o = v as Record<string, unknown>;
      if ("indices" in o || "values" in o) {
        if (
          !(Array.isArray(o.indices) || ArrayBuffer.isView(o.indices)) ||
          !(Array.isArray(o.values) || ArrayBuffer.isView(o.values))
        )
          return new Problem(expected, "indices/values that are not both lists");
        idx = Array.from(o.indices as ArrayLike<unknown>);
        vals = Array.from(o.values as ArrayLike<unknown>);
        if (idx.length !== vals.length)
          return new Problem(
            "indices and values of equal length",
            `${idx.length} indices and ${vals.length} values`,
          );
      } else {
        idx = [];
        vals = [];
        for (const [k, x] of Object.entries(o)) {
          idx.push(/^\d+$/.test(k) ? Number(k) : k);
          vals.push(x);
        }
      }
    } else return fail(expected, v);
    const order = idx.map((_, i) => i);
    for (let i = 0; i < idx.length; i++) {
      const k = typeof idx[i] === "bigint" ? Number(idx[i]) : idx[i];
      if (typeof k !== "number" || !Number.isInteger(k) || k < 0 || k > LIMITS.maxSparseIndex)
        return new Problem(`sparse indices in 0..${LIMITS.maxSparseIndex}`, describeValue(idx[i]));
      idx[i] = k;
      const x = vals[i];
      if (typeof x !== "number" || !Number.isFinite(x) || !Number.isFinite(Math.fround(x)))
        return new Problem("finite sparse values", `${describeValue(x)} at index ${k}`);
      // Milvus (typeutil.ValidateSparseFloatRows) rejects negative sparse values.
      if (x < 0) return new Problem("non-negative sparse values", `${x} at index ${k}`);
    }
    order.sort((a, b) => (idx[a] as number) - (idx[b] as number));
    const out: SparseVector = { indices: new Uint32Array(idx.length), values: new Float32Array(idx.length) };
    for (let j = 0; j < order.length; j++) {
      out.indices[j] = idx[order[j]] as number;
      out.values[j] = vals[order[j]] as number;
      if (j > 0 && out.indices[j] === out.indices[j - 1])
        return new Problem("unique sparse indices", `index ${out.indices[j]} twice`);
    }
    return out;
  };
}

function arrayConverter(f: FieldSchema): Converter {
  const elem = scalarConverter(f.elementType as ElementType, f.maxLength);
  const cap = f.maxCapacity ?? LIMITS.maxArrayCapacity;
  const name = `ARRAY<${f.elementType}>`;
  return (v) => {
    if (!(Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))))
      return fail(`${name} (a list of at most ${cap} elements)`, v);
    const src = v as ArrayLike<unknown>;
    if (src.length > cap)
      return new Problem(`${name} of at most ${cap} elements (max_capacity)`, `${src.length} elements`);
    const out: ArrayElement[] = new Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const x = elem(src[i]);
      if (x instanceof Problem) return new Problem(`${x.expected} elements`, `${x.got} at index ${i}`);
      out[i] = x as ArrayElement;
    }
    return out;
  };
}

/** The converter of one schema field (not handling missing/null; the row validator does). */
export function fieldConverter(f: FieldSchema): Converter {
  const traits = traitsOf(f.dataType);
  switch (traits.kind) {
    case "array":
      return arrayConverter(f);
    case "denseVector":
      return denseConverter(f, traits);
    case "sparseVector":
      return sparseVector();
    case "bool":
    case "int":
    case "float":
    case "varchar":
    case "json":
      return scalarConverter(f.dataType as ElementType | "JSON", f.maxLength);
    default:
      return assertNever(traits);
  }
}

/** The schema default as a clean storage value (INT64 defaults may be decimal strings). */
export function defaultFor(f: FieldSchema): unknown {
  const d = f.defaultValue;
  if (d === undefined) return undefined;
  const traits = traitsOf(f.dataType);
  if (traits.storage === BigInt64Array) return BigInt(d as number | string);
  if (traits.kind === "float" && traits.bits === 32) return Math.fround(d as number);
  return d;
}
