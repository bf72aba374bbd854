/**
 * The provider plugin's Pulumi package schema (what `pulumi package gen-sdk` turns into the Python,
 * Go and .NET SDKs, and what pulumi-yaml type-checks programs against), derived from the shape table
 * and the value shapes' JSON Schemas in schemas/.
 *
 * JSON Schema -> Pulumi types: objects with properties become named object types, objects with
 * additionalProperties become maps, several allowed types become Any, enums stay strings (the
 * providers accept more spellings than an enum type would, e.g. REST data type names) with the
 * values listed in the description, and the storage schema's per-provider branches merge into one
 * object with every property optional.
 */
import fs from "node:fs";
import path from "node:path";
import { propertyJson, requiredAfterDefaults } from "../resources/shapes/argsSchema";
import {
  type JsonSchema,
  type ObjectShape,
  PROVIDER_CONFIG,
  type PropertyShape,
  RESOURCES,
  type ResourceShape,
  VALUE_SHAPES,
  type ValueShapeFile,
} from "../resources/shapes/table";
import { findSchemaFile } from "../schema/jsonSchema";

export const PACKAGE = "milvusimport";
const MODULE = "index";
const token = (name: string) => `${PACKAGE}:${MODULE}:${name}`;

export interface TypeSpec {
  type?: string;
  $ref?: string;
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
}

export interface PropertySpec extends TypeSpec {
  description?: string;
  secret?: boolean;
  replaceOnChanges?: boolean;
}

interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

const ANY: TypeSpec = { $ref: "pulumi.json#/Any" };
const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1);

class SchemaBuilder {
  readonly types: Record<string, ObjectTypeSpec> = {};
  private readonly files = new Map<string, JsonSchema>();

  private file(name: string): JsonSchema {
    let s = this.files.get(name);
    if (!s) {
      s = JSON.parse(fs.readFileSync(findSchemaFile(name, __dirname), "utf8")) as JsonSchema;
      this.files.set(name, s);
    }
    return s;
  }

  /** Resolves "file.json", "file.json#/definitions/x" or "#/definitions/x" (within `inFile`). */
  private resolve(ref: string, inFile: string): { key: string; schema: JsonSchema; file: string } {
    const [f, pointer] = ref.split("#");
    const file = f || inFile;
    let schema = this.file(file);
    for (const part of (pointer ?? "").split("/").filter(Boolean)) schema = schema[part] as JsonSchema;
    return { key: pointer ? `${file}#${pointer}` : file, schema, file };
  }

  /** The named object type for a value shape (emitted once), plus extra properties from an outline. */
  valueShapeRef(key: string, extra?: JsonSchema): TypeSpec {
    const { pulumi } = VALUE_SHAPES[key as ValueShapeFile];
    const tok = token(pulumi);
    if (!this.types[tok]) {
      const { schema, file } = this.resolve(key, key.split("#")[0]);
      this.types[tok] = { type: "object", properties: {} };
      this.types[tok] = this.objectType(schema, file, pulumi, extra);
    }
    return { $ref: `#/types/${tok}` };
  }

  /** An object JSON Schema as a Pulumi object type (allOf / oneOf branches merged, all optional). */
  private objectType(s: JsonSchema, file: string, name: string, extra?: JsonSchema): ObjectTypeSpec {
    const properties: Record<string, PropertySpec> = {};
    const branches = [s, ...((s.allOf as JsonSchema[]) ?? []).map((b) => (b.then as JsonSchema) ?? b)];
    for (const b of [...branches, ...(extra ? [extra] : [])])
      for (const [k, v] of Object.entries((b.properties as Record<string, JsonSchema>) ?? {})) {
        if (properties[k] || (v as JsonSchema).const !== undefined) continue;
        properties[k] = this.property(v, file, `${name}${capitalize(k)}`);
      }
    // Only what every branch requires: the top level's list (branch-specific requirements are optional here).
    const required = (s.required as string[]) ?? [];
    return {
      type: "object",
      ...(typeof s.description === "string" ? { description: s.description } : {}),
      properties,
      ...(required.length ? { required: required.filter((k) => properties[k]) } : {}),
    };
  }

  private property(s: JsonSchema, file: string, nameIfObject: string): PropertySpec {
    const target =
      typeof s.$ref === "string" && !(this.resolve(s.$ref, file).key in VALUE_SHAPES)
        ? this.resolve(s.$ref, file).schema
        : s;
    const text = [
      typeof s.description === "string" ? s.description.replace(/([^.])$/, "$1.") : undefined,
      target.enum ? `One of: ${(target.enum as unknown[]).join(", ")}.` : undefined,
    ]
      .filter(Boolean)
      .join(" ");
    return { ...this.type(s, file, nameIfObject), ...(text ? { description: text } : {}) };
  }

  /** The Pulumi type of a JSON Schema fragment read from `file` ("" for the table). */
  type(s: JsonSchema, file: string, nameIfObject: string): TypeSpec {
    if (typeof s.$ref === "string") {
      const { key, schema, file: f } = this.resolve(s.$ref, file);
      if (key in VALUE_SHAPES) return this.valueShapeRef(key);
      return this.type(schema, f, nameIfObject);
    }
    if (Array.isArray(s.enum)) return { type: typeof s.enum[0] === "number" ? "number" : "string" };
    if (Array.isArray(s.type)) return ANY;
    switch (s.type) {
      case "string":
      case "number":
      case "integer":
      case "boolean":
        return { type: s.type };
      case "array":
        return {
          type: "array",
          items: this.type((s.items as JsonSchema) ?? {}, file, `${nameIfObject}Item`),
        };
      case "object": {
        if (s.properties) {
          const tok = token(nameIfObject);
          this.types[tok] ??= this.objectType(s, file, nameIfObject);
          return { $ref: `#/types/${tok}` };
        }
        const extra = s.additionalProperties;
        return {
          type: "object",
          additionalProperties:
            extra && typeof extra === "object" ? this.type(extra as JsonSchema, file, nameIfObject) : ANY,
        };
      }
      case undefined:
        return ANY;
      default:
        throw new Error(`no Pulumi type for JSON Schema ${JSON.stringify(s)}`);
    }
  }

  /** An object declared in the table, property by property. */
  objectShapeRef(o: ObjectShape): TypeSpec {
    const tok = token(o.name);
    if (!this.types[tok]) {
      this.types[tok] = { type: "object", properties: {} };
      const required = Object.entries(o.properties)
        .filter(([, p]) => p.required)
        .map(([k]) => k);
      this.types[tok] = {
        type: "object",
        properties: Object.fromEntries(
          Object.entries(o.properties).map(([k, p]) => [
            k,
            this.tableProperty(p, `${o.name}${capitalize(k)}`),
          ]),
        ),
        ...(required.length ? { required } : {}),
      };
    }
    return { $ref: `#/types/${tok}` };
  }

  /** A table property: its type, doc line (+ allowed values), secrecy and replace mark. */
  tableProperty(p: PropertyShape, nameIfObject: string): PropertySpec {
    const json = p.object ? undefined : propertyJson(p);
    const type = p.object
      ? this.objectShapeRef(p.object)
      : p.shape
        ? this.valueShapeRef(p.shape, json)
        : this.type(json!, "", nameIfObject);
    const values = json && Array.isArray(json.enum) ? ` One of: ${json.enum.join(", ")}.` : "";
    return {
      ...type,
      description: `${p.doc}${values}`,
      ...(p.secret ? { secret: true } : {}),
      ...(p.replaceOnChange ? { replaceOnChanges: true } : {}),
    };
  }
}

function resourceSpec(b: SchemaBuilder, r: ResourceShape) {
  const prop = (k: string, p: PropertyShape) => b.tableProperty(p, `${r.name}${capitalize(k)}`);
  const inputProperties = Object.fromEntries(Object.entries(r.inputs).map(([k, p]) => [k, prop(k, p)]));
  const properties = {
    ...inputProperties,
    ...Object.fromEntries(Object.entries(r.outputs).map(([k, p]) => [k, prop(k, p)])),
  };
  return {
    description: r.doc,
    properties,
    required: [
      ...Object.entries(r.inputs)
        .filter(([, p]) => requiredAfterDefaults(p) || p.derived)
        .map(([k]) => k),
      ...Object.keys(r.outputs),
    ],
    inputProperties,
    requiredInputs: Object.entries(r.inputs)
      .filter(([, p]) => p.required)
      .map(([k]) => k),
  };
}

/** The package version: the npm package's (the plugin and the SDKs made from it are released together). */
export function packageVersion(): string {
  const pkg = path.join(
    path.dirname(path.dirname(findSchemaFile("storage-config.json", __dirname))),
    "package.json",
  );
  return (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
}

/** The Pulumi package schema of the milvusimport provider plugin. */
export function packageSchema(): Record<string, unknown> {
  const b = new SchemaBuilder();
  const configProps = Object.fromEntries(
    Object.entries(PROVIDER_CONFIG).map(([k, p]) => [k, b.tableProperty(p, `Provider${capitalize(k)}`)]),
  );
  const resources = Object.fromEntries(RESOURCES.map((r) => [token(r.name), resourceSpec(b, r)]));
  return {
    name: PACKAGE,
    displayName: "Milvus Import",
    version: packageVersion(),
    description:
      "Declarative Milvus / Zilliz Cloud collections and bulk imports: schema as code, content-addressed BulkWriter files, verified uploads, idempotent import jobs.",
    keywords: [
      "pulumi",
      "milvus",
      "zilliz",
      "vector-database",
      "bulk-import",
      "category/database",
      "kind/native",
    ],
    license: "Apache-2.0",
    publisher: "pulumi-milvus-import",
    meta: { moduleFormat: "(.*)" },
    config: { variables: configProps },
    provider: {
      description:
        "The milvusimport provider. Credentials come from these settings (stack config milvusimport:<key>) or the environment; resources' connection and storage arguments may also carry them.",
      inputProperties: configProps,
    },
    types: Object.fromEntries(Object.entries(b.types).sort(([a], [c]) => a.localeCompare(c))),
    resources,
    language: {
      python: {
        packageName: "pulumi_milvusimport",
        requires: { pulumi: ">=3.142.0,<4.0.0" },
        pyproject: { enabled: true },
        respectSchemaVersion: true,
      },
      go: {
        importBasePath: "github.com/pulumi-milvus-import/pulumi-milvusimport/sdk/go/milvusimport",
        generateResourceContainerTypes: true,
        respectSchemaVersion: true,
      },
      csharp: {
        rootNamespace: "Pulumi",
        namespaces: { [PACKAGE]: "MilvusImport" },
        packageReferences: { Pulumi: "3.*" },
        respectSchemaVersion: true,
      },
    },
  };
}
