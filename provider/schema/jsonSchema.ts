import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";

/**
 * The JSON Schema in schemas/collection-schema.json (shipped in the npm package) applied with ajv.
 * Found by walking up from this module, so it works from provider/ sources and from dist/.
 */
export const COLLECTION_SCHEMA_FILE = "collection-schema.json";

export function findSchemaFile(name: string, from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, "schemas", name);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error(`schemas/${name} not found above ${from}`);
    dir = up;
  }
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    compiled = ajv.compile(JSON.parse(readFileSync(findSchemaFile(COLLECTION_SCHEMA_FILE), "utf8")));
  }
  return compiled;
}

/** Structural problems of a canonical schema object, as "fields/2/dim: must be integer" lines. */
export function jsonSchemaProblems(canonical: unknown): string[] {
  const validate = validator();
  if (validate(canonical)) return [];
  return (validate.errors ?? []).filter((e) => e.keyword !== "if" && !isFieldNameRule(e)).map(describe);
}

/**
 * A field name's pattern or length: left to the naming rules (names.ts, applied by checkSchema),
 * whose message says which rule the name breaks.
 */
function isFieldNameRule(e: ErrorObject): boolean {
  return (
    /^\/fields\/\d+\/name$/.test(e.instancePath) && (e.keyword === "pattern" || e.keyword === "maxLength")
  );
}

function describe(e: ErrorObject): string {
  const where = e.instancePath.replace(/^\//, "") || "schema";
  const extra =
    e.keyword === "additionalProperties"
      ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'`
      : e.keyword === "enum"
        ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")})`
        : "";
  return `${where}: ${e.message}${extra}`;
}
