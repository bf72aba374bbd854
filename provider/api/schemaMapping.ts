/**
 * Our schema model (provider/schema/types.ts, pymilvus type names) <-> the Milvus REST v2 shapes.
 * Create and describe use different keys: create takes `fieldName`/`dataType`/
 * `elementTypeParams`, describe returns `name`/`type`/`params: [{key, value: string}]`.
 */

import { isDataType, isInt64Valued, kindOf } from "../schema/traits";
import { ALL_DATA_TYPES, fromRestName, restTypeName } from "../schema/typeNames";
import type {
  CollectionSchema,
  DataType,
  DefaultValue,
  ElementType,
  FieldSchema,
  IndexSpec,
} from "../schema/types";
import { toBigInt } from "./json";

function toRestType(t: DataType): string {
  if (!isDataType(t))
    throw new TypeError(`unknown data type "${t}"; expected one of ${ALL_DATA_TYPES.join(", ")}`);
  return restTypeName(t);
}

/** REST or proto type name (any case, e.g. "VarChar", "FloatVector", "Int64") -> our DataType. */
export function fromRestType(t: string): DataType {
  const ours = fromRestName(t, true);
  if (!ours) throw new TypeError(`server returned unknown data type "${t}"`);
  return ours;
}

export interface RestField {
  fieldName: string;
  dataType: string;
  elementDataType?: string;
  isPrimary?: boolean;
  isPartitionKey?: boolean;
  nullable?: boolean;
  defaultValue?: unknown;
  description?: string;
  elementTypeParams?: Record<string, number>;
}

export interface RestCreateSchema {
  autoID: boolean;
  enableDynamicField: boolean;
  fields: RestField[];
}

function restDefault(f: FieldSchema): unknown {
  const v = f.defaultValue;
  if (v === undefined) return undefined;
  // INT64 defaults may be decimal strings in our model; the server wants a JSON number, so send a
  // BigInt (serialised losslessly as a raw number).
  if (isInt64Valued(f.dataType)) return toBigInt(v) ?? v;
  return v;
}

export function toRestField(f: FieldSchema): RestField {
  const out: RestField = { fieldName: f.name, dataType: toRestType(f.dataType) };
  if (f.isPrimary) out.isPrimary = true;
  if (f.isPartitionKey) out.isPartitionKey = true;
  if (f.nullable) out.nullable = true;
  if (f.description) out.description = f.description;
  const dv = restDefault(f);
  if (dv !== undefined) out.defaultValue = dv;
  if (kindOf(f.dataType) === "array") {
    if (!f.elementType) throw new TypeError(`field "${f.name}": ARRAY needs elementType`);
    out.elementDataType = toRestType(f.elementType);
  }
  const params: Record<string, number> = {};
  if (f.dim !== undefined) params.dim = f.dim;
  if (f.maxLength !== undefined) params.max_length = f.maxLength;
  if (f.maxCapacity !== undefined) params.max_capacity = f.maxCapacity;
  if (Object.keys(params).length) out.elementTypeParams = params;
  return out;
}

export function toRestSchema(schema: CollectionSchema): RestCreateSchema {
  return {
    autoID: schema.fields.some((f) => f.isPrimary && f.autoId),
    enableDynamicField: schema.enableDynamicField ?? false,
    fields: schema.fields.map(toRestField),
  };
}

export interface RestIndexParam {
  fieldName: string;
  indexName?: string;
  indexType: string;
  metricType?: string;
  params?: Record<string, string | number | boolean>;
}

export function toRestIndex(ix: IndexSpec): RestIndexParam {
  const out: RestIndexParam = { fieldName: ix.fieldName, indexType: ix.indexType };
  if (ix.indexName) out.indexName = ix.indexName;
  if (ix.metricType) out.metricType = ix.metricType;
  if (ix.params && Object.keys(ix.params).length) out.params = { ...ix.params };
  return out;
}

/** `[{key, value}]` (describe) -> a map. */
export function kvListToMap(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(list)) {
    for (const kv of list) {
      if (kv && typeof kv === "object" && "key" in kv)
        out[String(kv.key)] = String((kv as { value?: unknown }).value ?? "");
    }
  } else if (list && typeof list === "object") {
    for (const [k, v] of Object.entries(list)) out[k] = String(v);
  }
  return out;
}

const intParam = (params: Record<string, string>, key: string): number | undefined =>
  params[key] !== undefined && /^\d+$/.test(params[key]) ? Number(params[key]) : undefined;

function describedDefault(raw: unknown, type: DataType): DefaultValue | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  let v = raw;
  // Some builds render the proto ValueField ({"Data": {"LongData": 5}}); unwrap single-key objects.
  while (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1)
    v = Object.values(v)[0];
  if (isInt64Valued(type)) {
    const b = toBigInt(v);
    if (b === undefined) return undefined;
    return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(b)
      : b.toString();
  }
  if (typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "bigint") return v.toString();
  return undefined;
}

/** One field of collections/describe -> our FieldSchema. */
function fromDescribedField(raw: Record<string, unknown>): FieldSchema {
  const dataType = fromRestType(String(raw.type ?? raw.dataType));
  const params = kvListToMap(raw.params ?? raw.elementTypeParams);
  const f: FieldSchema = { name: String(raw.name ?? raw.fieldName), dataType };
  if (raw.primaryKey === true || raw.isPrimary === true) f.isPrimary = true;
  if (f.isPrimary && (raw.autoId === true || raw.autoID === true)) f.autoId = true;
  if (raw.partitionKey === true || raw.isPartitionKey === true) f.isPartitionKey = true;
  if (raw.nullable === true) f.nullable = true;
  if (typeof raw.description === "string" && raw.description) f.description = raw.description;
  const dv = describedDefault(raw.defaultValue, dataType);
  if (dv !== undefined) f.defaultValue = dv;
  const dim = intParam(params, "dim");
  if (dim !== undefined) f.dim = dim;
  const maxLength = intParam(params, "max_length");
  if (maxLength !== undefined) f.maxLength = maxLength;
  if (kindOf(dataType) === "array") {
    const el = raw.elementType ?? raw.elementDataType;
    if (typeof el === "string" && el) f.elementType = fromRestType(el) as ElementType;
    const cap = intParam(params, "max_capacity");
    if (cap !== undefined) f.maxCapacity = cap;
  }
  return f;
}

/** collections/describe `data` -> our schema (the hidden $meta field is not listed by the server). */
export function fromDescribedSchema(data: Record<string, unknown>): CollectionSchema {
  const fields = Array.isArray(data.fields) ? (data.fields as Record<string, unknown>[]) : [];
  const schema: CollectionSchema = {
    fields: fields.filter((f) => f.name !== "$meta").map(fromDescribedField),
    enableDynamicField: data.enableDynamicField === true,
  };
  // Collection-level autoId marks the primary key on older builds whose fields omit it.
  if (data.autoId === true) for (const f of schema.fields) if (f.isPrimary) f.autoId = true;
  if (typeof data.description === "string" && data.description) schema.description = data.description;
  return schema;
}

/** indexes/describe entry (or describe's `indexes[]`) -> our IndexSpec. */
export function fromDescribedIndex(raw: Record<string, unknown>): IndexSpec {
  const spec: IndexSpec = {
    fieldName: String(raw.fieldName ?? ""),
    indexName: typeof raw.indexName === "string" && raw.indexName ? raw.indexName : undefined,
    indexType: typeof raw.indexType === "string" && raw.indexType ? raw.indexType : "",
  };
  if (typeof raw.metricType === "string" && raw.metricType) spec.metricType = raw.metricType;
  const p = raw.indexParams ?? raw.params;
  if (p && typeof p === "object") {
    const params = kvListToMap(p);
    for (const k of ["index_type", "metric_type", "indexType", "metricType"]) delete params[k];
    if (Object.keys(params).length) spec.params = params;
  }
  if (spec.indexName === undefined) delete spec.indexName;
  return spec;
}
