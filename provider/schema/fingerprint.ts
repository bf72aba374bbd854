import { createHash } from "node:crypto";
import { isInt64Valued } from "./traits";
import type { CollectionSchema, FieldSchema } from "./types";

/**
 * Canonical form of a (normalized) schema: field order kept (it is meaningful to Milvus), object keys
 * sorted, false/absent flags dropped, INT64 defaults as decimal strings. Two schemas that Milvus would
 * create identically have the same canonical JSON whatever their key order or formatting.
 */
function canonicalSchema(schema: CollectionSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {
    enableDynamicField: schema.enableDynamicField === true,
    fields: schema.fields.map(canonicalField),
  };
  if (schema.description) out.description = schema.description;
  return out;
}

function canonicalField(f: FieldSchema): Record<string, unknown> {
  const out: Record<string, unknown> = { name: f.name, dataType: f.dataType };
  if (f.description) out.description = f.description;
  if (f.isPrimary) out.isPrimary = true;
  if (f.isPrimary && f.autoId) out.autoId = true;
  if (f.isPartitionKey) out.isPartitionKey = true;
  if (f.nullable) out.nullable = true;
  if (f.defaultValue !== undefined) {
    out.defaultValue = isInt64Valued(f.dataType) ? String(f.defaultValue) : f.defaultValue;
  }
  if (f.maxLength !== undefined) out.maxLength = f.maxLength;
  if (f.dim !== undefined) out.dim = f.dim;
  if (f.elementType !== undefined) out.elementType = f.elementType;
  if (f.maxCapacity !== undefined) out.maxCapacity = f.maxCapacity;
  return out;
}

/** JSON with object keys sorted at every level (arrays keep their order). */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "bigint") return value.toString();
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(",")}}`;
}

/** SHA-256 hex of the canonical schema. Pass a normalized schema (normalizeSchema output). */
export function schemaFingerprint(schema: CollectionSchema): string {
  return createHash("sha256")
    .update(stableStringify(canonicalSchema(schema)))
    .digest("hex");
}
