import { checkSchema } from "./check";
import { SchemaValidationError } from "./errors";
import { jsonSchemaProblems } from "./jsonSchema";
import { nameProblem } from "./names";
import { parseDataType, parseElementType } from "./typeNames";
import { type CollectionSchema, DYNAMIC_FIELD, type FieldSchema } from "./types";

/**
 * Accepts the spellings users bring (pymilvus snake_case, Milvus REST `fieldName`/`elementTypeParams`,
 * REST type names like `FloatVector`) and returns the canonical model. Throws one
 * SchemaValidationError listing every structural and Milvus-rule problem.
 */
export function normalizeSchema(input: unknown): CollectionSchema {
  const problems: string[] = [];
  const schema = toCanonical(input, problems);
  if (problems.length === 0) problems.push(...jsonSchemaProblems(schema), ...fieldNameProblems(schema));
  if (problems.length === 0) problems.push(...checkSchema(schema));
  if (problems.length > 0) throw new SchemaValidationError(problems);
  return schema;
}

/** Field names against Milvus's naming rules, reported with the structural problems ("fields/5/name: ..."). */
function fieldNameProblems(schema: CollectionSchema): string[] {
  const out: string[] = [];
  (schema.fields ?? []).forEach((f, i) => {
    if (typeof f?.name !== "string" || f.name === "" || f.name === DYNAMIC_FIELD) return;
    const p = nameProblem("field", f.name);
    if (p) out.push(`fields/${i}/name: ${p.message}`);
  });
  return out;
}

const SCHEMA_KEYS: Record<string, string> = {
  fields: "fields",
  description: "description",
  enableDynamicField: "enableDynamicField",
  enable_dynamic_field: "enableDynamicField",
  enabledDynamicField: "enableDynamicField",
  enableDynamic: "enableDynamicField",
  autoId: "autoId",
  auto_id: "autoId",
  autoID: "autoId",
  primaryField: "primaryField",
  primary_field: "primaryField",
};

const FIELD_KEYS: Record<string, keyof FieldSchema | "params"> = {
  name: "name",
  fieldName: "name",
  field_name: "name",
  dataType: "dataType",
  data_type: "dataType",
  dtype: "dataType",
  type: "dataType",
  description: "description",
  isPrimary: "isPrimary",
  is_primary: "isPrimary",
  isPrimaryKey: "isPrimary",
  autoId: "autoId",
  auto_id: "autoId",
  autoID: "autoId",
  isPartitionKey: "isPartitionKey",
  is_partition_key: "isPartitionKey",
  nullable: "nullable",
  defaultValue: "defaultValue",
  default_value: "defaultValue",
  maxLength: "maxLength",
  max_length: "maxLength",
  dim: "dim",
  elementType: "elementType",
  element_type: "elementType",
  elementDataType: "elementType",
  maxCapacity: "maxCapacity",
  max_capacity: "maxCapacity",
  elementTypeParams: "params",
  typeParams: "params",
  type_params: "params",
  params: "params",
};

const PARAM_KEYS: Record<string, keyof FieldSchema> = {
  dim: "dim",
  max_length: "maxLength",
  maxLength: "maxLength",
  max_capacity: "maxCapacity",
  maxCapacity: "maxCapacity",
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function toCanonical(input: unknown, problems: string[]): CollectionSchema {
  if (!isPlainObject(input)) {
    problems.push(`schema: expected an object with 'fields', got ${describeValue(input)}`);
    return { fields: [] };
  }
  const out: CollectionSchema = { fields: [] };
  let schemaAutoId: boolean | undefined;
  let primaryName: string | undefined;
  for (const [key, value] of Object.entries(input)) {
    const canonical = SCHEMA_KEYS[key];
    if (canonical === undefined) {
      problems.push(`schema: unknown key '${key}'`);
      continue;
    }
    if (value === undefined) continue;
    if (canonical === "fields") {
      if (!Array.isArray(value)) problems.push(`fields: expected an array, got ${describeValue(value)}`);
      else out.fields = value.map((f, i) => toField(f, `fields/${i}`, problems));
    } else if (canonical === "autoId") schemaAutoId = value as boolean;
    else if (canonical === "primaryField") primaryName = value as string;
    else (out as unknown as Record<string, unknown>)[canonical] = value;
  }
  if (primaryName !== undefined) {
    const pk = out.fields.find((f) => f.name === primaryName);
    if (pk) pk.isPrimary = true;
    else problems.push(`primaryField: no field named '${primaryName}'`);
  }
  if (schemaAutoId !== undefined) {
    const pk = out.fields.find((f) => f.isPrimary);
    if (pk && pk.autoId === undefined) pk.autoId = schemaAutoId;
  }
  return out;
}

function toField(input: unknown, where: string, problems: string[]): FieldSchema {
  const field = {} as FieldSchema;
  if (!isPlainObject(input)) {
    problems.push(`${where}: expected a field object, got ${describeValue(input)}`);
    return field;
  }
  const set = (key: keyof FieldSchema, value: unknown, label: string) => {
    if (value === undefined || value === null) return;
    if (key === "dataType") {
      const t = parseDataType(value);
      if (t === undefined)
        problems.push(`${where}: unknown data type ${JSON.stringify(value)} for '${label}'`);
      else field.dataType = t;
    } else if (key === "elementType") {
      const t = parseElementType(value);
      if (t === undefined) problems.push(`${where}: unsupported ARRAY element type ${JSON.stringify(value)}`);
      else field.elementType = t;
    } else if (key === "dim" || key === "maxLength" || key === "maxCapacity") {
      // REST and pymilvus type params often carry numbers as strings ("768").
      const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
      (field as unknown as Record<string, unknown>)[key] = n;
    } else (field as unknown as Record<string, unknown>)[key] = value;
  };
  for (const [key, value] of Object.entries(input)) {
    const canonical = FIELD_KEYS[key];
    if (canonical === undefined) {
      problems.push(`${where}: unknown key '${key}'`);
    } else if (canonical === "params") {
      if (value === undefined || value === null) continue;
      if (!isPlainObject(value)) {
        problems.push(`${where}.${key}: expected an object, got ${describeValue(value)}`);
        continue;
      }
      for (const [pk, pv] of Object.entries(value)) {
        const target = PARAM_KEYS[pk];
        if (target === undefined) problems.push(`${where}.${key}: unknown type param '${pk}'`);
        else set(target, pv, key);
      }
    } else set(canonical, value, key);
  }
  return field;
}

export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === "object") return "an object";
  return `${typeof v} ${String(v)}`;
}
