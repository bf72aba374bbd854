import { type ElementType, FIELD_TRAITS, traitsOf } from "./traits";
import { DATA_TYPES, type DataType } from "./types";

/** Every canonical type name (pymilvus `DataType` spelling). */
export const ALL_DATA_TYPES: readonly DataType[] = DATA_TYPES;

const BY_ENUM_NUMBER = new Map(DATA_TYPES.map((t) => [FIELD_TRAITS[t].enumNumber as number, t]));
const BY_REST_NAME = new Map(DATA_TYPES.map((t) => [FIELD_TRAITS[t].restName as string, t]));

/** Folded spelling (lowercase, no `_`/space) → canonical; covers REST names like FloatVector, VarChar. */
const FOLDED: Map<string, DataType> = new Map();
for (const t of DATA_TYPES) {
  for (const name of [t, FIELD_TRAITS[t].restName, ...FIELD_TRAITS[t].aliases]) FOLDED.set(fold(name), t);
}

function fold(name: string): string {
  return name
    .toLowerCase()
    .replace(/^datatype\./, "")
    .replace(/[_\s-]/g, "");
}

/** Canonical type for a user-supplied name or pymilvus enum number; undefined when unknown. */
export function parseDataType(input: unknown): DataType | undefined {
  if (typeof input === "number") return BY_ENUM_NUMBER.get(input);
  if (typeof input !== "string") return undefined;
  return FOLDED.get(fold(input));
}

export function parseElementType(input: unknown): ElementType | undefined {
  const t = parseDataType(input);
  return t !== undefined && FIELD_TRAITS[t].arrayElement ? (t as ElementType) : undefined;
}

/** Milvus REST API spelling (for API clients): FLOAT_VECTOR → FloatVector, VARCHAR → VarChar. */
export function restTypeName(t: DataType): string {
  return traitsOf(t).restName;
}

/** The type of an exact (case-sensitive) Milvus REST / proto name, as the server matches it. */
export function fromExactRestName(name: string): DataType | undefined {
  return BY_REST_NAME.get(name);
}
