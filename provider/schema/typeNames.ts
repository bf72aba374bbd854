import { type ElementType, FIELD_TRAITS, traitsOf } from "./traits";
import { DATA_TYPES, type DataType } from "./types";

/** Every canonical type name (pymilvus `DataType` spelling). */
export const ALL_DATA_TYPES: readonly DataType[] = DATA_TYPES;

const BY_ENUM_NUMBER = new Map(DATA_TYPES.map((t) => [FIELD_TRAITS[t].enumNumber as number, t]));
const BY_REST_NAME = new Map(DATA_TYPES.map((t) => [FIELD_TRAITS[t].restName as string, t]));
const BY_REST_NAME_ANY_CASE = new Map(DATA_TYPES.map((t) => [FIELD_TRAITS[t].restName.toLowerCase(), t]));

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

/**
 * The type of a Milvus REST / proto name: exact case as the server matches it on create, or any case
 * (what a client accepts back from describe, where builds differ).
 */
export function fromRestName(name: string, anyCase = false): DataType | undefined {
  return anyCase ? BY_REST_NAME_ANY_CASE.get(name.toLowerCase()) : BY_REST_NAME.get(name);
}
