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

export function getField(schema: CollectionSchema, name: string): FieldSchema | undefined {
  return schema.fields.find((f) => f.name === name);
}

/** A field may be absent from a row when it is nullable or has a default. */
export function isOptionalField(f: FieldSchema): boolean {
  return f.nullable === true || f.defaultValue !== undefined;
}

/** Bytes of one value of a dense vector field in its Milvus storage form. */
export function vectorByteWidth(f: FieldSchema): number {
  const dim = f.dim ?? 0;
  switch (f.dataType) {
    case "FLOAT_VECTOR":
      return dim * 4;
    case "FLOAT16_VECTOR":
    case "BFLOAT16_VECTOR":
      return dim * 2;
    case "BINARY_VECTOR":
      return dim / 8;
    case "INT8_VECTOR":
      return dim;
    default:
      return 0;
  }
}
