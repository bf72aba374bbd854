/**
 * Converts one decoded JSON value to the stored form of a field, with the Milvus JSON reader's type
 * rules (numbers decoded exactly: `1.0` is not an integer). CSV reuses it for cells that hold JSON
 * (vectors, arrays, sparse), where the same element rules apply.
 */
import { assertNever, traitsOf } from "../schema/traits";
import type { ElementType, FieldSchema } from "../schema/types";
import { ValueError } from "./errors";
import {
  type ExactJson,
  exactInteger,
  isPlainObject,
  JsonNum,
  jsonTypeName,
  numberOf,
  stringifyExact,
} from "./jsonExact";
import {
  checkArrayCapacity,
  checkDenseVector,
  checkFloat,
  checkInt,
  checkJsonSize,
  checkJsonText,
  checkSparse,
  checkVarchar,
  milvusTypeName,
  type StoredScalar,
  type StoredValue,
  truncate,
} from "./values";

function mismatch(f: FieldSchema, v: ExactJson): ValueError {
  const shown = v instanceof JsonNum ? v.source : typeof v === "string" ? v : stringifyExact(v);
  return new ValueError(
    `expected type '${milvusTypeName(f.dataType)}' for field '${f.name}', got type '${jsonTypeName(v)}' with value '${truncate(shown)}'`,
  );
}

function scalarFromJson(
  f: FieldSchema,
  type: ElementType,
  v: ExactJson,
  err: () => ValueError,
): StoredScalar {
  const kind = traitsOf(type).kind;
  switch (kind) {
    case "bool":
      if (typeof v !== "boolean") throw err();
      return v;
    case "int": {
      const n = exactInteger(v);
      if (n === undefined) throw err();
      return checkInt(f.name, type, n);
    }
    case "float": {
      const x = numberOf(v);
      if (x === undefined) throw err();
      return checkFloat(f.name, type, x);
    }
    case "varchar":
      if (typeof v !== "string") throw err();
      return checkVarchar(f, v);
    case "json":
    case "array":
    case "denseVector":
    case "sparseVector":
      throw new TypeError(`${type} is not an ARRAY element type`);
    default:
      return assertNever(kind);
  }
}

function numberList(f: FieldSchema, v: ExactJson): number[] {
  if (!Array.isArray(v)) throw mismatch(f, v);
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = numberOf(v[i]);
    if (x === undefined) {
      throw new ValueError(
        `expected number element for vector field '${f.name}', got type '${jsonTypeName(v[i])}'`,
      );
    }
    out[i] = x;
  }
  return out;
}

export function sparseFromJson(f: FieldSchema, v: ExactJson): StoredValue {
  if (!isPlainObject(v)) throw mismatch(f, v);
  const badIndex = () => new ValueError(`sparse vector's index must be integer value, field '${f.name}'`);
  const badValue = () => new ValueError(`sparse vector's value must be float value, field '${f.name}'`);
  if ("indices" in v || "values" in v) {
    const idx = v.indices;
    const vals = v.values;
    if (!Array.isArray(idx) || !Array.isArray(vals)) {
      throw new ValueError(`indices and values of sparse vector must be lists, field '${f.name}'`);
    }
    const ints = idx.map((x) => {
      const n = exactInteger(x);
      if (n === undefined) throw badIndex();
      return Number(n);
    });
    const nums = vals.map((x) => {
      const n = numberOf(x);
      if (n === undefined) throw badValue();
      return n;
    });
    return checkSparse(f.name, ints, nums);
  }
  const indices: number[] = [];
  const values: number[] = [];
  for (const [k, x] of Object.entries(v)) {
    if (!/^\d+$/.test(k))
      throw new ValueError(`sparse vector's index must be integer value, got '${k}', field '${f.name}'`);
    const n = numberOf(x);
    if (n === undefined) throw badValue();
    indices.push(Number(k));
    values.push(n);
  }
  return checkSparse(f.name, indices, values);
}

/**
 * `jsonFieldRule`: in JSON row files a JSON field must be an object or a string holding JSON (lists and
 * numbers are rejected); in CSV the cell text is the JSON.
 */
export function valueFromJson(f: FieldSchema, v: ExactJson): StoredValue {
  const kind = traitsOf(f.dataType).kind;
  switch (kind) {
    case "json":
      if (typeof v === "string") return checkJsonText(f.name, v);
      if (isPlainObject(v)) return checkJsonSize(f.name, stringifyExact(v));
      throw mismatch(f, v);
    case "array": {
      if (!Array.isArray(v)) throw mismatch(f, v);
      checkArrayCapacity(f, v.length);
      const et = f.elementType as ElementType;
      return v.map((x) =>
        scalarFromJson(
          f,
          et,
          x,
          () =>
            new ValueError(
              `expected element type '${milvusTypeName(et)}' in array field '${f.name}', got type '${jsonTypeName(x)}'`,
            ),
        ),
      );
    }
    case "denseVector":
      return checkDenseVector(f, numberList(f, v));
    case "sparseVector":
      return sparseFromJson(f, v);
    case "bool":
    case "int":
    case "float":
    case "varchar":
      return scalarFromJson(f, f.dataType as ElementType, v, () => mismatch(f, v));
    default:
      return assertNever(kind);
  }
}
