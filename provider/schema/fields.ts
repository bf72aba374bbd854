import {
  type CollectionSchema,
  type DataType,
  type FieldSchema,
  VECTOR_TYPES,
  type VectorType,
} from "./types";

/** Small, pure helpers over the schema model shared by validators, writers and API clients. */

export function isVectorType(t: DataType): t is VectorType {
  return (VECTOR_TYPES as readonly string[]).includes(t);
}

/** Dense vectors have a fixed dim; SPARSE does not. */
export function isDenseVectorType(t: DataType): boolean {
  return isVectorType(t) && t !== "SPARSE_FLOAT_VECTOR";
}

export function isIntegerType(t: DataType): t is "INT8" | "INT16" | "INT32" | "INT64" {
  return t === "INT8" || t === "INT16" || t === "INT32" || t === "INT64";
}

export function primaryField(schema: CollectionSchema): FieldSchema | undefined {
  return schema.fields.find((f) => f.isPrimary);
}

/** Fields an import file carries, in schema order: everything except an auto_id primary key. */
export function inputFields(schema: CollectionSchema): FieldSchema[] {
  return schema.fields.filter((f) => !(f.isPrimary && f.autoId));
}
