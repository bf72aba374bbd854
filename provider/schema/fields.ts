import { type FieldKind, type IntegerType, isDataType, kindOf, type VectorType } from "./traits";
import type { CollectionSchema, DataType, FieldSchema } from "./types";

/** Small, pure helpers over the schema model shared by validators, writers and API clients. */

/** Kind of a type; undefined for a name that is no DataType (unchecked input). */
const kindOrUndefined = (t: DataType): FieldKind | undefined => (isDataType(t) ? kindOf(t) : undefined);

export function isVectorType(t: DataType): t is VectorType {
  const kind = kindOrUndefined(t);
  return kind === "denseVector" || kind === "sparseVector";
}

/** Dense vectors have a fixed dim; SPARSE does not. */
export function isDenseVectorType(t: DataType): boolean {
  return kindOrUndefined(t) === "denseVector";
}

export function isIntegerType(t: DataType): t is IntegerType {
  return kindOrUndefined(t) === "int";
}

export function primaryField(schema: CollectionSchema): FieldSchema | undefined {
  return schema.fields.find((f) => f.isPrimary);
}

/** Fields an import file carries, in schema order: everything except an auto_id primary key. */
export function inputFields(schema: CollectionSchema): FieldSchema[] {
  return schema.fields.filter((f) => !(f.isPrimary && f.autoId));
}
