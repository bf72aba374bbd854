import { assertNever, type DenseVectorTraits, traitsOf, valuesPerRow } from "../schema/traits";
import type { ElementType, FieldSchema } from "../schema/types";
import type { ArrayElement, Column, SparseVector } from "../validate/columns";
import { bfloat16BitsToNumber, float16BitsToNumber } from "../validate/half";
import { formatFloat32, sparseToJson } from "./numberFormat";

/** The JSON text of row i of a column. */
export type CellJson = (col: Column, i: number) => string;

/**
 * The JSON text writer of a column, chosen once per column, as the Milvus JSON and CSV readers expect
 * each type: vectors as number lists (FLOAT16/BFLOAT16 as the exact decoded floats, which Milvus
 * converts back to the same bits), sparse as {"indices","values"}, INT64 exact, NULL as null.
 */
export function cellJson(f: FieldSchema): CellJson {
  const present = presentJson(f);
  return (col, i) => (col.valid && !col.valid[i] ? "null" : present(col, i));
}

/** cellJson for rows known to hold a value (not NULL). */
export function presentJson(f: FieldSchema): CellJson {
  const traits = traitsOf(f.dataType);
  switch (traits.kind) {
    case "bool":
      return (col, i) => ((col.values as Uint8Array)[i] ? "true" : "false");
    case "int":
      return (col, i) => String((col.values as Int32Array)[i]);
    case "float":
      if (traits.bits === 32) return (col, i) => formatFloat32((col.values as Float32Array)[i]);
      return (col, i) => String((col.values as Float64Array)[i]);
    case "varchar":
      return (col, i) => JSON.stringify((col.values as string[])[i]);
    case "json":
      return (col, i) => jsonFieldText((col.values as string[])[i]);
    case "array": {
      const item = arrayItemJson(f.elementType as ElementType);
      return (col, i) => `[${(col.values as ArrayElement[][])[i].map(item).join(",")}]`;
    }
    case "sparseVector":
      return (col, i) => sparseToJson((col.values as SparseVector[])[i]);
    case "denseVector":
      return denseJson(f, traits);
    default:
      return assertNever(traits);
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

function arrayItemJson(t: ElementType): (x: ArrayElement) => string {
  const el = traitsOf(t);
  if (el.kind === "varchar") return (x) => JSON.stringify(x);
  if (el.kind === "float" && el.bits === 32) return (x) => formatFloat32(x as number);
  return (x) => String(x);
}

/** A dense vector row as a JSON number list (half floats decoded to the floats they stand for). */
function denseJson(f: FieldSchema, traits: DenseVectorTraits): CellJson {
  const w = valuesPerRow(f);
  const list = (col: Column, row: number, item: (x: number) => string | number): string => {
    const v = col.values as ArrayLike<number>;
    let s = "[";
    for (let k = 0, i = row * w; k < w; k++, i++) s += (k ? "," : "") + item(v[i]);
    return `${s}]`;
  };
  const el = traits.element;
  switch (el.type) {
    case "float32":
      return (col, row) => list(col, row, formatFloat32);
    case "half": {
      const decode = el.bfloat ? bfloat16BitsToNumber : float16BitsToNumber;
      return (col, row) => list(col, row, (x) => String(decode(x)));
    }
    case "int":
      return (col, row) => list(col, row, (x) => x);
    default:
      return assertNever(el, "vector element");
  }
}
