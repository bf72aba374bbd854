/**
 * The collection-schema checks the engine needs before storing a collection (Milvus create-time rules
 * that affect import and query). Full user-facing schema validation lives in provider/schema.
 */
import { isVectorType } from "../schema/fields";
import { LIMITS } from "../schema/limits";
import { type NameKind, nameProblem } from "../schema/names";
import { FIELD_TRAITS, isDataType, traitsOf } from "../schema/traits";
import { restTypeName } from "../schema/typeNames";
import { type CollectionSchema, DATA_TYPES, type FieldSchema, type IndexSpec } from "../schema/types";
import { EngineError, invalidParameter } from "./errors";

/** "Int64 or VarChar", as Milvus names the primary key types. */
const KEY_TYPES = DATA_TYPES.filter((t) => FIELD_TRAITS[t].key)
  .map(restTypeName)
  .join(" or ");

/** Milvus's "Invalid <kind> name: X. <rule>" error for a name the naming rules refuse. */
export function checkName(kind: NameKind, name: string): void {
  const p = nameProblem(kind, name);
  if (!p) return;
  // Milvus's own words for the length rule (it allows exactly 255, whatever the text says).
  const message =
    p.rule === "length"
      ? `the length of a ${p.label} must be less than ${LIMITS.nameMaxLength} characters`
      : p.message;
  throw invalidParameter(p.rule === "empty" ? message : `Invalid ${kind} name: ${name}. ${message}`);
}

export function checkCollectionName(name: string): void {
  checkName("collection", name);
}

export function checkSchema(schema: CollectionSchema): void {
  if (!schema || !Array.isArray(schema.fields) || schema.fields.length === 0)
    throw invalidParameter("schema has no fields");
  const pks = schema.fields.filter((f) => f.isPrimary);
  if (pks.length !== 1)
    throw invalidParameter(`there should be exactly one primary key field, got ${pks.length}`);
  const pk = pks[0];
  if (!isDataType(pk.dataType) || !traitsOf(pk.dataType).key)
    throw invalidParameter(`primary key type must be ${KEY_TYPES}`);
  if (pk.nullable) throw invalidParameter("primary field not support null");
  const vectors = schema.fields.filter((f) => isVectorType(f.dataType)).length;
  if (vectors === 0) throw invalidParameter("schema does not contain vector field");
  if (vectors > LIMITS.maxVectorFields)
    throw invalidParameter(`maximum vector field's number should be limited to ${LIMITS.maxVectorFields}`);
  const seen = new Set<string>();
  for (const f of schema.fields) checkField(f, seen);
}

function checkField(f: FieldSchema, seen: Set<string>): void {
  checkName("field", f.name);
  if (seen.has(f.name)) throw invalidParameter(`duplicated field name ${f.name}`);
  seen.add(f.name);
  if (!isDataType(f.dataType)) throw invalidParameter(`data type ${f.dataType} is invalid`);
  const traits = traitsOf(f.dataType);
  if (traits.kind === "denseVector") {
    const dim = f.dim;
    if (!Number.isInteger(dim) || (dim as number) < 1)
      throw invalidParameter(`dimension is not defined in field type params of ${f.name}`);
    const per = traits.dimsPerValue;
    if ((dim as number) % per !== 0)
      throw invalidParameter(`dimension of binary vector field ${f.name} must be a multiple of ${per}`);
  }
  const elementKind = isDataType(f.elementType) ? traitsOf(f.elementType).kind : undefined;
  if (traits.kind === "varchar" || (traits.kind === "array" && elementKind === "varchar")) {
    const m = f.maxLength;
    if (!Number.isInteger(m) || (m as number) < 1 || (m as number) > LIMITS.maxVarCharLength) {
      throw invalidParameter(`type param(max_length) should be specified for the field(${f.name})`);
    }
  }
  if (traits.kind === "array") {
    if (!f.elementType) throw invalidParameter(`element data type of array field ${f.name} is not set`);
    const c = f.maxCapacity;
    if (!Number.isInteger(c) || (c as number) < 1 || (c as number) > LIMITS.maxArrayCapacity) {
      throw invalidParameter(`type param(max_capacity) should be specified for array field ${f.name}`);
    }
  }
}

/** Canonical text of a schema for "same schema?" comparisons (key order independent). */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined && o[k] !== false)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

export function indexNameOf(ix: IndexSpec): string {
  return ix.indexName && ix.indexName !== "" ? ix.indexName : ix.fieldName;
}

export function sameIndex(a: IndexSpec, b: IndexSpec): boolean {
  return canonical({ ...a, indexName: indexNameOf(a) }) === canonical({ ...b, indexName: indexNameOf(b) });
}

export function duplicateCollection(name: string): EngineError {
  return new EngineError(65535, `create duplicate collection with different parameters, collection: ${name}`);
}
