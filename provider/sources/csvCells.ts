import { assertNever, traitsOf } from "../schema/traits";
import type { CollectionSchema, FieldSchema } from "../schema/types";
import { parseJsonExact } from "../validate/jsonText";

const TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);
const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Turns CSV cell text into typed values the way Milvus's CSV reader parses each type (ParseBool,
 * base-10 ParseInt kept exact as BigInt, ParseFloat, JSON text for vectors/ARRAY/sparse). Text that
 * does not parse is passed on unchanged so the validator reports "expected INT64, got string …".
 */
export function csvCellDecoder(
  schema: CollectionSchema,
  nullKey = "",
): (name: string, text: string) => unknown {
  const byName = new Map<string, FieldSchema>(schema.fields.map((f) => [f.name, f]));
  return (name, text) => {
    const f = byName.get(name);
    if (!f) return text; // dynamic keys stay strings, as Milvus stores them
    if (text === nullKey && (f.nullable || f.defaultValue !== undefined)) return null;
    const traits = traitsOf(f.dataType);
    switch (traits.kind) {
      case "bool":
        return TRUE.has(text) ? true : FALSE.has(text) ? false : text;
      case "int":
        // 64-bit integers stay exact as BigInt.
        if (!INT.test(text)) return text;
        return traits.storage === BigInt64Array ? BigInt(text) : Number(text);
      case "float":
        return FLOAT.test(text) ? Number(text) : text;
      case "varchar":
      case "json":
        return text;
      case "array":
      case "denseVector":
      case "sparseVector":
        try {
          return parseJsonExact(text);
        } catch {
          return text;
        }
      default:
        return assertNever(traits);
    }
  };
}
