/**
 * JSON Schemas of the resources' arguments, derived from the shape table, as ajv applies them in
 * check: the inputs after the defaults that are filled before validation. Value shapes are `$ref`s
 * into schemas/ (resolved against the args schema's `$id`).
 */
import type { JsonSchema, ObjectShape, PropertyShape, ResourceShape, ValueShapeFile } from "./table";
import { VALUE_SHAPES } from "./table";

const BASE = "https://github.com/pulumi-milvus-import/schemas/";

/** The value's JSON Schema: its `json`, or the object declared property by property. */
export function propertyJson(p: PropertyShape): JsonSchema {
  if (p.object) return objectJson(p.object);
  if (!p.json) throw new Error("a property shape needs json or object");
  return p.json;
}

function objectJson(o: ObjectShape): JsonSchema {
  const required = Object.entries(o.properties)
    .filter(([, p]) => p.required)
    .map(([k]) => k);
  return {
    type: "object",
    ...(required.length ? { required } : {}),
    ...(o.closed ? { additionalProperties: false } : {}),
    properties: Object.fromEntries(Object.entries(o.properties).map(([k, p]) => [k, propertyJson(p)])),
  };
}

/** Present once check has filled what it fills before validating. */
export const requiredAfterDefaults = (p: PropertyShape) =>
  Boolean(p.required) || p.default !== undefined || p.derived === "args";

function argsSchemaId(r: ResourceShape): string {
  return `${BASE}${r.name.replace(/[A-Z]/g, (c, i) => (i ? "-" : "") + c.toLowerCase())}-args.json`;
}

export function argsJsonSchema(r: ResourceShape): JsonSchema {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: argsSchemaId(r),
    title: `${r.name} resource arguments`,
    type: "object",
    required: Object.entries(r.inputs)
      .filter(([, p]) => requiredAfterDefaults(p))
      .map(([k]) => k),
    properties: Object.fromEntries(Object.entries(r.inputs).map(([k, p]) => [k, propertyJson(p)])),
  };
}

/** Files in schemas/ the args schemas refer to (ajv needs them registered). */
export function referencedSchemaFiles(): string[] {
  return [...new Set(Object.keys(VALUE_SHAPES).map((k) => k.split("#")[0] as ValueShapeFile))];
}
