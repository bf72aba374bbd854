/**
 * Server-side view of Milvus REST collection shapes: parses a `collections/create` body into our schema
 * model with the server's errors (case-sensitive type names, quick create), and renders `describe`.
 */
import type { CollectionRecord } from "../provider/engine/catalog";
import { EngineError } from "../provider/engine/errors";
import { assertNever, traitsOf } from "../provider/schema/traits";
import { fromRestName, restTypeName } from "../provider/schema/typeNames";
import type {
  CollectionSchema,
  DataType,
  ElementType,
  FieldSchema,
  IndexSpec,
} from "../provider/schema/types";

const CONSISTENCY = ["Strong", "Session", "Bounded", "Eventually", "Customized"];
const bad = (m: string) => new EngineError(1100, m);

function param(params: Record<string, unknown> | undefined, key: string): number | undefined {
  const v = params?.[key];
  if (v === undefined || v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw bad(`invalid parameter, ${key} should be an integer, got ${String(v)}`);
  return n;
}

function defaultValueOf(type: DataType, v: unknown): FieldSchema["defaultValue"] {
  const wrong = () => bad("convert defaultValue fail, err: Wrong defaultValue type: invalid parameter");
  const kind = traitsOf(type).kind;
  switch (kind) {
    case "bool":
      if (typeof v !== "boolean") throw wrong();
      return v;
    case "int":
      if (typeof v === "bigint") return v.toString();
      if (typeof v !== "number" || !Number.isInteger(v)) throw wrong();
      return v;
    case "float":
      if (typeof v !== "number" && typeof v !== "bigint") throw wrong();
      return Number(v);
    case "varchar":
      if (typeof v !== "string") throw wrong();
      return v;
    case "json":
    case "array":
    case "denseVector":
    case "sparseVector":
      throw wrong();
    default:
      return assertNever(kind);
  }
}

function fieldFromRest(raw: Record<string, unknown>, autoId: boolean): FieldSchema {
  const typeName = String(raw.dataType ?? "");
  const dataType = fromRestName(typeName);
  if (!dataType) throw bad(`invalid parameter, data type ${typeName} is invalid(case sensitive).`);
  const params = (raw.elementTypeParams ?? {}) as Record<string, unknown>;
  const f: FieldSchema = { name: String(raw.fieldName ?? ""), dataType };
  if (raw.description) f.description = String(raw.description);
  if (raw.isPrimary === true) {
    f.isPrimary = true;
    if (autoId) f.autoId = true;
  }
  if (raw.isPartitionKey === true) f.isPartitionKey = true;
  if (raw.nullable === true) f.nullable = true;
  if (traitsOf(dataType).kind === "array") {
    const el = fromRestName(String(raw.elementDataType ?? ""));
    if (!el || !traitsOf(el).arrayElement) {
      throw bad(
        `invalid parameter, element data type ${String(raw.elementDataType)} is invalid(case sensitive).`,
      );
    }
    f.elementType = el as ElementType;
  }
  const dim = param(params, "dim");
  const maxLength = param(params, "max_length");
  const maxCapacity = param(params, "max_capacity");
  if (dim !== undefined) f.dim = dim;
  if (maxLength !== undefined) f.maxLength = maxLength;
  if (maxCapacity !== undefined) f.maxCapacity = maxCapacity;
  if (raw.defaultValue !== undefined && raw.defaultValue !== null)
    f.defaultValue = defaultValueOf(dataType, raw.defaultValue);
  return f;
}

export interface ParsedCreate {
  schema: CollectionSchema;
  indexes: IndexSpec[];
  load: boolean;
  description: string;
  properties: Record<string, string>;
}

export function indexFromRest(raw: Record<string, unknown>): IndexSpec {
  const params = (raw.params ?? {}) as Record<string, string | number | boolean>;
  const ix: IndexSpec = {
    fieldName: String(raw.fieldName),
    indexType: String(raw.indexType ?? params.index_type ?? "AUTOINDEX"),
  };
  if (raw.indexName) ix.indexName = String(raw.indexName);
  if (raw.metricType) ix.metricType = String(raw.metricType);
  const rest = Object.fromEntries(Object.entries(params).filter(([k]) => k !== "index_type"));
  if (Object.keys(rest).length > 0) ix.params = rest;
  return ix;
}

export function parseCreate(body: Record<string, unknown>): ParsedCreate {
  const params = (body.params ?? {}) as Record<string, unknown>;
  const consistency = params.consistencyLevel ?? body.consistencyLevel;
  if (consistency !== undefined && consistency !== "" && !CONSISTENCY.includes(String(consistency))) {
    throw bad(
      "consistencyLevel can only be [Strong, Session, Bounded, Eventually, Customized], default: Bounded",
    );
  }
  const properties: Record<string, string> = {};
  if (consistency) properties.consistencyLevel = String(consistency);
  const description = typeof body.description === "string" ? body.description : "";
  const schemaBody = body.schema as Record<string, unknown> | undefined;
  const rawFields = schemaBody?.fields as Record<string, unknown>[] | undefined;
  const indexParams = ((body.indexParams ?? []) as Record<string, unknown>[]).map((ix) => {
    if (!ix.fieldName) {
      throw new EngineError(
        1802,
        "missing required parameters, error: Key: 'IndexParam.FieldName' Error:Field validation for 'FieldName' failed on the 'required' tag",
      );
    }
    return indexFromRest(ix);
  });
  if (!rawFields || rawFields.length === 0) return quickCreate(body, params, description, properties);
  const autoId = schemaBody?.autoID === true;
  const enableDynamicField =
    schemaBody?.enableDynamicField === true ||
    params.enableDynamicField === true ||
    params.enableDynamicField === "true";
  const fields = rawFields.map((f) => fieldFromRest(f, autoId));
  const pkMaxLength = param(params, "max_length");
  for (const f of fields)
    if (f.isPrimary && traitsOf(f.dataType).kind === "varchar" && f.maxLength === undefined && pkMaxLength)
      f.maxLength = pkMaxLength;
  for (const ix of indexParams) {
    if (!fields.some((f) => f.name === ix.fieldName)) {
      throw new EngineError(
        1802,
        `missing required parameters, error: \`${ix.fieldName}\` hasn't defined in schema`,
      );
    }
  }
  return {
    schema: { fields, enableDynamicField },
    indexes: indexParams,
    load: indexParams.length > 0,
    description,
    properties,
  };
}

function quickCreate(
  body: Record<string, unknown>,
  params: Record<string, unknown>,
  description: string,
  properties: Record<string, string>,
): ParsedCreate {
  const dim = body.dimension;
  if (dim === undefined || dim === null || Number(dim) === 0) {
    throw bad(
      "dimension is required for quickly create collection(default metric type: COSINE): invalid parameter",
    );
  }
  const idType = body.idType === undefined || body.idType === "" ? "Int64" : String(body.idType);
  if (idType !== "Int64" && idType !== "VarChar")
    throw bad("idType can only be [Int64, VarChar], default: Int64");
  const pkName = String(body.primaryFieldName || "id");
  const vecName = String(body.vectorFieldName || "vector");
  const pk: FieldSchema = {
    name: pkName,
    dataType: idType === "Int64" ? "INT64" : "VARCHAR",
    isPrimary: true,
  };
  if (body.autoID === true) pk.autoId = true;
  if (pk.dataType === "VARCHAR") pk.maxLength = param(params, "max_length") ?? 65535;
  const schema: CollectionSchema = {
    fields: [pk, { name: vecName, dataType: "FLOAT_VECTOR", dim: Number(dim) }],
    enableDynamicField: !(params.enableDynamicField === false || params.enableDynamicField === "false"),
  };
  const metricType = String(body.metricType || "COSINE");
  return {
    schema,
    indexes: [{ fieldName: vecName, indexName: vecName, indexType: "AUTOINDEX", metricType }],
    load: true,
    description,
    properties,
  };
}

export function describe(c: CollectionRecord, dbName: string): Record<string, unknown> {
  const fields = c.schema.fields.map((f, i) => {
    const params: { key: string; value: string }[] = [];
    if (f.dim !== undefined) params.push({ key: "dim", value: String(f.dim) });
    if (f.maxLength !== undefined) params.push({ key: "max_length", value: String(f.maxLength) });
    if (f.maxCapacity !== undefined) params.push({ key: "max_capacity", value: String(f.maxCapacity) });
    return {
      name: f.name,
      id: 100 + i,
      type: restTypeName(f.dataType),
      ...(f.elementType ? { elementType: restTypeName(f.elementType) } : {}),
      ...(params.length ? { params } : {}),
      primaryKey: f.isPrimary === true,
      autoId: f.autoId === true,
      partitionKey: f.isPartitionKey === true,
      clusteringKey: false,
      nullable: f.nullable === true,
      ...(f.defaultValue !== undefined ? { defaultValue: f.defaultValue } : {}),
      description: f.description ?? "",
    };
  });
  return {
    collectionName: c.name,
    dbName,
    collectionID: Number(c.id),
    description: c.description,
    autoId: c.schema.fields.some((f) => f.isPrimary && f.autoId),
    enableDynamicField: c.schema.enableDynamicField === true,
    shardsNum: 1,
    partitionsNum: c.partitions.length,
    consistencyLevel: c.properties.consistencyLevel ?? "Bounded",
    load: c.loaded ? "LoadStateLoaded" : "LoadStateNotLoad",
    aliases: c.aliases,
    properties: Object.entries(c.properties).map(([key, value]) => ({ key, value })),
    functions: [],
    fields,
    indexes: c.indexes.map((ix) => ({
      fieldName: ix.fieldName,
      indexName: ix.indexName,
      metricType: ix.metricType ?? "",
    })),
  };
}
