/** Which Arrow column types Milvus's Parquet reader accepts for each field type (isArrowDataTypeConvertible). */
import { DataType as Arrow } from "apache-arrow";
import { assertNever, type DenseVectorTraits, type StorageCtor, traitsOf } from "../../schema/traits";
import type { DataType, ElementType, FieldSchema } from "../../schema/types";

type T = Arrow;

const signedInt = (t: T, maxBits: number) => Arrow.isInt(t) && t.isSigned && t.bitWidth <= maxBits;
const isF32orF64 = (t: T) => Arrow.isFloat(t) && t.precision >= 1;
const isUint = (t: T, bits: number) => Arrow.isInt(t) && !t.isSigned && t.bitWidth === bits;
export const isUint8 = (t: T) => isUint(t, 8);
const isString = (t: T) => Arrow.isUtf8(t);

/** The list's element type for list<X> and fixed_size_list<X>, else undefined. */
export function listElement(t: T): T | undefined {
  if (Arrow.isList(t) || Arrow.isFixedSizeList(t)) return t.children[0].type;
  return undefined;
}

function scalarAccepts(type: DataType | ElementType, t: T): boolean {
  const traits = traitsOf(type);
  switch (traits.kind) {
    case "bool":
      return Arrow.isBool(t);
    case "int":
      return signedInt(t, 8 * (traits.storage as StorageCtor).BYTES_PER_ELEMENT);
    case "float":
      return signedInt(t, 64) || isF32orF64(t) || isUint8(t);
    case "varchar":
    case "json":
      return isString(t);
    case "array":
    case "denseVector":
    case "sparseVector":
      return false;
    default:
      return assertNever(traits);
  }
}

export function arrowAccepts(f: FieldSchema, column: T): boolean {
  // A dictionary-encoded column reads as its value type (arrow-rs keeps dictionaries from ARROW:schema).
  const t = Arrow.isDictionary(column) ? column.dictionary : column;
  if (Arrow.isNull(t)) return f.nullable === true || f.defaultValue !== undefined;
  const el = listElement(t);
  const traits = traitsOf(f.dataType);
  switch (traits.kind) {
    case "array":
      return el !== undefined && scalarAccepts(f.elementType as ElementType, el);
    case "denseVector":
      return denseAccepts(traits, t, el);
    case "sparseVector":
      if (isString(t)) return true;
      if (Arrow.isStruct(t)) {
        const idx = t.children.find((c) => c.name === "indices")?.type;
        const val = t.children.find((c) => c.name === "values")?.type;
        const idxEl = idx && listElement(idx);
        const valEl = val && listElement(val);
        return !!idxEl && Arrow.isInt(idxEl) && idxEl.bitWidth >= 32 && !!valEl && isF32orF64(valEl);
      }
      return false;
    case "bool":
    case "int":
    case "float":
    case "varchar":
    case "json":
      return scalarAccepts(f.dataType, t);
    default:
      return assertNever(traits);
  }
}

/**
 * float32: list<int|float>; half floats: binary or list<uint8> (raw bytes) or list<float>; integer
 * vectors: list<int> of their own width and sign, bit vectors (uint8 bytes) also binary.
 */
function denseAccepts(traits: DenseVectorTraits, t: T, el: T | undefined): boolean {
  const e = traits.element;
  switch (e.type) {
    case "float32":
      return el !== undefined && (signedInt(el, 64) || isF32orF64(el));
    case "half":
      return Arrow.isBinary(t) || (el !== undefined && (isUint8(el) || isF32orF64(el)));
    case "int": {
      const bits = 8 * (traits.storage as StorageCtor).BYTES_PER_ELEMENT;
      if (e.min >= 0) return (bits === 8 && Arrow.isBinary(t)) || (el !== undefined && isUint(el, bits));
      return el !== undefined && signedInt(el, bits);
    }
    default:
      return assertNever(e, "vector element");
  }
}
