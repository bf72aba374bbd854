import type { FieldSchema } from "../schema/types";
import type { ArrayElement, Column, SparseVector } from "../validate/columns";
import { valuesPerRow } from "../validate/columns";
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
  switch (f.dataType) {
    case "BOOL":
      return (v as Uint8Array)[i] ? "true" : "false";
    case "INT8":
    case "INT16":
    case "INT32":
    case "INT64":
      return String((v as Int32Array)[i]);
    case "FLOAT":
      return formatFloat32((v as Float32Array)[i]);
    case "DOUBLE":
      return String((v as Float64Array)[i]);
    case "VARCHAR":
      return JSON.stringify((v as string[])[i]);
    case "JSON":
      return jsonFieldText((v as string[])[i]);
    case "ARRAY":
      return arrayJson(f, (v as ArrayElement[][])[i]);
    case "SPARSE_FLOAT_VECTOR":
      return sparseToJson((v as SparseVector[])[i]);
    default:
      return vectorJson(f, v as ArrayLike<number>, i);
  }
}

/**
 * A JSON field: objects are written as objects (what pymilvus writes); any other JSON value as a JSON
 * string holding its text, because Milvus's JSON reader rejects bare lists/numbers for JSON fields
 * but accepts a string containing valid JSON.
 */
function jsonFieldText(text: string): string {
  const t = text.trim();
  return t.startsWith("{") ? t : JSON.stringify(t);
}

function arrayJson(f: FieldSchema, items: ArrayElement[]): string {
  const e = f.elementType;
  const parts = items.map((x) =>
    e === "VARCHAR" ? JSON.stringify(x) : e === "FLOAT" ? formatFloat32(x as number) : String(x),
  );
  return `[${parts.join(",")}]`;
}

function vectorJson(f: FieldSchema, v: ArrayLike<number>, row: number): string {
  const w = valuesPerRow(f);
  const base = row * w;
  let s = "[";
  if (f.dataType === "FLOAT_VECTOR") {
    for (let k = 0; k < w; k++) s += (k ? "," : "") + formatFloat32(v[base + k]);
  } else if (f.dataType === "FLOAT16_VECTOR" || f.dataType === "BFLOAT16_VECTOR") {
    const decode = f.dataType === "FLOAT16_VECTOR" ? float16BitsToNumber : bfloat16BitsToNumber;
    for (let k = 0; k < w; k++) s += (k ? "," : "") + String(decode(v[base + k]));
  } else {
    for (let k = 0; k < w; k++) s += (k ? "," : "") + v[base + k];
  }
  return `${s}]`;
}
