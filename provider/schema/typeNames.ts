import { type DataType, ELEMENT_TYPES, type ElementType, SCALAR_TYPES, VECTOR_TYPES } from "./types";

/** Every canonical type name (pymilvus `DataType` spelling). */
export const ALL_DATA_TYPES: readonly DataType[] = [...SCALAR_TYPES, "ARRAY", ...VECTOR_TYPES];

/** pymilvus `DataType` enum numbers, accepted on input because some configs carry them. */
const ENUM_NUMBERS: Record<number, DataType> = {
  1: "BOOL",
  2: "INT8",
  3: "INT16",
  4: "INT32",
  5: "INT64",
  10: "FLOAT",
  11: "DOUBLE",
  21: "VARCHAR",
  22: "ARRAY",
  23: "JSON",
  100: "BINARY_VECTOR",
  101: "FLOAT_VECTOR",
  102: "FLOAT16_VECTOR",
  103: "BFLOAT16_VECTOR",
  104: "SPARSE_FLOAT_VECTOR",
  105: "INT8_VECTOR",
};

/** Folded spelling (lowercase, no `_`/space) → canonical; covers REST names like FloatVector, VarChar. */
const FOLDED: Map<string, DataType> = new Map();
for (const t of ALL_DATA_TYPES) FOLDED.set(fold(t), t);
FOLDED.set("boolean", "BOOL");
FOLDED.set("string", "VARCHAR");
FOLDED.set("float32", "FLOAT");
FOLDED.set("float64", "DOUBLE");
FOLDED.set("sparsevector", "SPARSE_FLOAT_VECTOR");
FOLDED.set("bf16vector", "BFLOAT16_VECTOR");
FOLDED.set("fp16vector", "FLOAT16_VECTOR");

function fold(name: string): string {
  return name
    .toLowerCase()
    .replace(/^datatype\./, "")
    .replace(/[_\s-]/g, "");
}

/** Canonical type for a user-supplied name or pymilvus enum number; undefined when unknown. */
export function parseDataType(input: unknown): DataType | undefined {
  if (typeof input === "number") return ENUM_NUMBERS[input];
  if (typeof input !== "string") return undefined;
  return FOLDED.get(fold(input));
}

export function parseElementType(input: unknown): ElementType | undefined {
  const t = parseDataType(input);
  return t !== undefined && (ELEMENT_TYPES as readonly string[]).includes(t) ? (t as ElementType) : undefined;
}

/** Milvus REST API spelling (for API clients): FLOAT_VECTOR → FloatVector, VARCHAR → VarChar. */
export function restTypeName(t: DataType): string {
  const special: Partial<Record<DataType, string>> = {
    VARCHAR: "VarChar",
    BFLOAT16_VECTOR: "BFloat16Vector",
    JSON: "JSON",
  };
  const s = special[t];
  if (s) return s;
  return t
    .toLowerCase()
    .split("_")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("");
}
