/** Which Arrow column types Milvus's Parquet reader accepts for each field type (isArrowDataTypeConvertible). */
import { DataType as Arrow } from "apache-arrow";
import type { DataType, ElementType, FieldSchema } from "../../schema/types";

type T = Arrow;

const signedInt = (t: T, maxBits: number) => Arrow.isInt(t) && t.isSigned && t.bitWidth <= maxBits;
const isF32orF64 = (t: T) => Arrow.isFloat(t) && t.precision >= 1;
export const isUint8 = (t: T) => Arrow.isInt(t) && !t.isSigned && t.bitWidth === 8;
const isString = (t: T) => Arrow.isUtf8(t);

/** The list's element type for list<X> and fixed_size_list<X>, else undefined. */
export function listElement(t: T): T | undefined {
  if (Arrow.isList(t) || Arrow.isFixedSizeList(t)) return t.children[0].type;
  return undefined;
}

function scalarAccepts(type: DataType | ElementType, t: T): boolean {
  switch (type) {
    case "BOOL":
      return Arrow.isBool(t);
    case "INT8":
      return signedInt(t, 8);
    case "INT16":
      return signedInt(t, 16);
    case "INT32":
      return signedInt(t, 32);
    case "INT64":
      return signedInt(t, 64);
    case "FLOAT":
    case "DOUBLE":
      return signedInt(t, 64) || isF32orF64(t) || isUint8(t);
    case "VARCHAR":
    case "JSON":
      return isString(t);
    default:
      return false;
  }
}

export function arrowAccepts(f: FieldSchema, column: T): boolean {
  // A dictionary-encoded column reads as its value type (arrow-rs keeps dictionaries from ARROW:schema).
  const t = Arrow.isDictionary(column) ? column.dictionary : column;
  if (Arrow.isNull(t)) return f.nullable === true || f.defaultValue !== undefined;
  const el = listElement(t);
  switch (f.dataType) {
    case "ARRAY":
      return el !== undefined && scalarAccepts(f.elementType as ElementType, el);
    case "FLOAT_VECTOR":
      return el !== undefined && (signedInt(el, 64) || isF32orF64(el));
    case "BINARY_VECTOR":
      return Arrow.isBinary(t) || (el !== undefined && isUint8(el));
    case "FLOAT16_VECTOR":
    case "BFLOAT16_VECTOR":
      return Arrow.isBinary(t) || (el !== undefined && (isUint8(el) || isF32orF64(el)));
    case "INT8_VECTOR":
      return el !== undefined && signedInt(el, 8);
    case "SPARSE_FLOAT_VECTOR":
      if (isString(t)) return true;
      if (Arrow.isStruct(t)) {
        const idx = t.children.find((c) => c.name === "indices")?.type;
        const val = t.children.find((c) => c.name === "values")?.type;
        const idxEl = idx && listElement(idx);
        const valEl = val && listElement(val);
        return !!idxEl && Arrow.isInt(idxEl) && idxEl.bitWidth >= 32 && !!valEl && isF32orF64(valEl);
      }
      return false;
    default:
      return scalarAccepts(f.dataType, t);
  }
}
