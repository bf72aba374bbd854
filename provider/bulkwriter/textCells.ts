import { assertNever, type DenseVectorTraits, denseTraits, traitsOf, valuesPerRow } from "../schema/traits";
import type { ElementType, FieldSchema } from "../schema/types";
import type { ArrayElement, Column, SparseVector } from "../validate/columns";
import { bfloat16BitsToNumber, float16BitsToNumber } from "../validate/half";
import { formatFloat32, sparseToJson } from "./numberFormat";

/**
 * JSON text of row i of a column, as the Milvus JSON and CSV readers expect each type:
 * vectors as number lists (FLOAT16/BFLOAT16 as the exact decoded floats, which Milvus converts back
 * to the same bits), sparse as {"indices","values"}, INT64 exact.
 */
export function valueJson(col: Column, i: number): string {
  if (col.valid && !col.valid[i]) return "null";
  const f = col.field;
  const v = col.values;
  const traits = traitsOf(f.dataType);
  switch (traits.kind) {
    case "bool":
      return (v as Uint8Array)[i] ? "true" : "false";
    case "int":
      return String((v as Int32Array)[i]);
    case "float":
      return traits.bits === 32 ? formatFloat32((v as Float32Array)[i]) : String((v as Float64Array)[i]);
    case "varchar":
      return JSON.stringify((v as string[])[i]);
    case "json":
      return jsonFieldText((v as string[])[i]);
    case "array":
      return arrayJson(f, (v as ArrayElement[][])[i]);
    case "sparseVector":
      return sparseToJson((v as SparseVector[])[i]);
    case "denseVector":
      return vectorJson(f, v as ArrayLike<number>, i);
    default:
      return assertNever(traits);
  }
}

/**
 * A JSON field: objects are written as objects (what pymilvus writes); any other JSON value as a JSON
 * string holding its text, because Milvus's JSON reader rejects bare lists/numbers for JSON fields
 * but accepts a string containing valid JSON.
 */
export function jsonFieldText(text: string): string {
  const t = text.trim();
  return t.startsWith("{") ? t : JSON.stringify(t);
}

function arrayJson(f: FieldSchema, items: ArrayElement[]): string {
  const el = traitsOf(f.elementType as ElementType);
  const parts = items.map((x) =>
    el.kind === "varchar"
      ? JSON.stringify(x)
      : el.kind === "float" && el.bits === 32
        ? formatFloat32(x as number)
        : String(x),
  );
  return `[${parts.join(",")}]`;
}

/** A dense vector row as a JSON number list (half floats decoded to the floats they stand for). */
export function vectorJson(f: FieldSchema, v: ArrayLike<number>, row: number): string {
  const w = valuesPerRow(f);
  const base = row * w;
  const el = (denseTraits(f.dataType) as DenseVectorTraits).element;
  let s = "[";
  switch (el.type) {
    case "float32":
      for (let k = 0; k < w; k++) s += (k ? "," : "") + formatFloat32(v[base + k]);
      break;
    case "half": {
      const decode = el.bfloat ? bfloat16BitsToNumber : float16BitsToNumber;
      for (let k = 0; k < w; k++) s += (k ? "," : "") + String(decode(v[base + k]));
      break;
    }
    case "int":
      for (let k = 0; k < w; k++) s += (k ? "," : "") + v[base + k];
      break;
    default:
      return assertNever(el, "vector element");
  }
  return `${s}]`;
}
