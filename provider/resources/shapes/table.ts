/**
 * The one declaration of the resources' shapes: every argument and output of Collection and ImportJob
 * (and the provider plugin's config) with its doc line, JSON Schema, default, secrecy and whether a
 * change replaces the resource. Everything else is derived from this table:
 *   - the TypeScript Args / Inputs / Outputs types (generated.ts, written by `npm run gen:shapes`;
 *     a unit test checks it is current),
 *   - the JSON Schemas ajv applies in check (argsSchema.ts),
 *   - the replace lists diff returns (replaces.ts),
 *   - the provider plugin's Pulumi package schema (../../plugin/packageSchema.ts).
 *
 * Value shapes used by several resources (connection, collection schema, index, source, storage) have
 * their own JSON Schemas in schemas/ and TypeScript types in the library; properties point at them.
 * Pure data: no imports, cheap to load in the provider process.
 */

/** A JSON Schema (draft-07) fragment. `$ref` may name a file in schemas/ ("index-spec.json"). */
export type JsonSchema = { readonly [keyword: string]: unknown };

export interface PropertyShape {
  /** One sentence: becomes the JSDoc line, the schema.json description and the SDKs' docstrings. */
  readonly doc: string;
  /** What check accepts (after defaults), applied by ajv; also the value's type unless `shape` is set. */
  readonly json?: JsonSchema;
  /** An object value declared here property by property (instead of `json`). */
  readonly object?: ObjectShape;
  /**
   * A value shape in schemas/ giving the type when `json` only checks an outline because a deeper
   * validator with located messages runs later (normalizeSchema for collection schemas, the storage
   * module for storage configs).
   */
  readonly shape?: ValueShapeFile;
  /** The program must give it. */
  readonly required?: true;
  /** check fills this value when the argument is absent. */
  readonly default?: unknown;
  /**
   * Filled by check when absent: "args" from other arguments before they are validated, so it is
   * required from then on (api from the connection); "check" after validation (default indexes from
   * the normalized schema).
   */
  readonly derived?: "args" | "check";
  /** Holds credentials: kept secret in state and outputs. */
  readonly secret?: true;
  /** A change replaces the resource (delete first); how it is compared is the provider's business. */
  readonly replaceOnChange?: true;
  /** TypeScript type of the argument in the dynamic resources' Args, when it is not the value type. */
  readonly argTs?: string;
}

/** An object value whose properties are declared in this table (a named type in TS and schema.json). */
export interface ObjectShape {
  readonly name: string;
  readonly properties: Readonly<Record<string, PropertyShape>>;
  /** Unknown properties are rejected. */
  readonly closed?: true;
}

export interface OutputShape extends PropertyShape {
  /** "check" outputs are computed at preview and stored with the inputs; "apply" ones by create/update. */
  readonly by: "check" | "apply";
}

export interface ResourceShape {
  /** Pulumi type name (milvusimport:index:<name>, pulumi-nodejs:dynamic/milvus:<name>). */
  readonly name: string;
  readonly doc: string;
  readonly inputs: Readonly<Record<string, PropertyShape>>;
  readonly outputs: Readonly<Record<string, OutputShape>>;
}

/** JSON Schemas in schemas/ that properties refer to, with their TypeScript and Pulumi type names. */
export const VALUE_SHAPES = {
  "connection-config.json": { ts: "ConnectionConfig", module: "pipeline/types", pulumi: "Connection" },
  "collection-schema.json": { ts: "CollectionSchema", module: "schema/types", pulumi: "CollectionSchema" },
  "collection-schema.json#/definitions/field": { ts: "FieldSchema", module: "schema/types", pulumi: "Field" },
  "index-spec.json": { ts: "IndexSpec", module: "schema/types", pulumi: "IndexSpec" },
  "source-spec.json": { ts: "SourceSpec", module: "pipeline/types", pulumi: "Source" },
  "storage-config.json": { ts: "StagingConfig", module: "pipeline/types", pulumi: "Storage" },
} as const;
export type ValueShapeFile = keyof typeof VALUE_SHAPES;

const NAME: JsonSchema = { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$", maxLength: 255 };
const ref = (file: ValueShapeFile): JsonSchema => ({ $ref: file });

/** Collection arguments (also used for the ImportJob's reference to its collection). */
const connection: PropertyShape = {
  doc: "Where the collection lives: { localDir } (embedded engine), { uri, token } (Milvus) or { endpoint, apiKey, clusterId } (Zilliz Cloud). Credentials may also come from stack config (token / apiKey, under milvus-import: in TypeScript, milvusimport: elsewhere) or env (MILVUS_TOKEN / ZILLIZ_API_KEY). Changing the address replaces the collection.",
  json: ref("connection-config.json"),
  required: true,
  secret: true,
  replaceOnChange: true,
};
const dbName: PropertyShape = {
  doc: 'Database (default "default"). Changing it replaces the collection.',
  json: NAME,
  default: "default",
  replaceOnChange: true,
};
const collectionName: PropertyShape = {
  doc: "Collection name. Changing it replaces the collection.",
  json: NAME,
  required: true,
  replaceOnChange: true,
};
/** Outline only: normalizeSchema checks the rest with located messages (REST type names accepted). */
const schemaOutline: JsonSchema = { type: "object", required: ["fields"] };

export const COLLECTION: ResourceShape = {
  name: "Collection",
  doc: "A Milvus / Zilliz Cloud / embedded-engine collection: schema as code, indexes and load state kept in line; an existing collection with the identical schema is adopted.",
  inputs: {
    connection,
    dbName,
    name: collectionName,
    schema: {
      doc: "The schema model (pymilvus type names; Milvus REST names accepted). Any change replaces the collection (compared by fingerprint).",
      json: schemaOutline,
      shape: "collection-schema.json",
      required: true,
      replaceOnChange: true,
    },
    indexes: {
      doc: "Indexes (default: AUTOINDEX on each vector field). Updated in place.",
      json: { type: "array", items: ref("index-spec.json") },
      derived: "check",
    },
    load: {
      doc: "Keep the collection loaded (default true). Updated in place.",
      json: { type: "boolean" },
      default: true,
    },
    description: {
      doc: "Collection description, set when the collection is created.",
      json: { type: "string" },
      default: "",
    },
    properties: {
      doc: 'Collection properties (e.g. "collection.ttl.seconds"). Updated in place.',
      json: { type: "object", additionalProperties: { type: "string" } },
      default: {},
    },
  },
  outputs: {
    schemaFingerprint: {
      doc: "SHA-256 of the canonical schema: what decides whether a schema change replaces the collection.",
      json: { type: "string" },
      by: "check",
    },
    loadState: {
      doc: 'Load state read from the target after create/update ("Loaded", "NotLoad", ...).',
      json: { type: "string" },
      by: "apply",
    },
    adopted: {
      doc: "true when create found the collection already there with the identical schema and adopted it.",
      json: { type: "boolean" },
      by: "apply",
    },
  },
};

export const IMPORT_JOB: ResourceShape = {
  name: "ImportJob",
  doc: "A bulk import into a collection: source validated and hashed at preview, content-addressed staging, an idempotent job, verified row counts, and owned rows that replace and destroy remove.",
  inputs: {
    collection: {
      doc: "The target collection: its name + connection (+ schema), e.g. a Collection's outputs; TypeScript programs may pass the Collection resource itself.",
      object: {
        name: "CollectionRef",
        properties: {
          name: { doc: "Collection name.", json: NAME, required: true },
          dbName: { doc: 'Database (default "default").', json: NAME },
          connection: {
            doc: "Where the collection lives (as the Collection's connection).",
            json: connection.json,
            required: true,
            secret: true,
          },
          schema: {
            doc: "The collection's schema; needed when the collection does not exist yet at preview, read from the target otherwise.",
            json: schemaOutline,
            shape: "collection-schema.json",
          },
        },
      },
      required: true,
      secret: true,
      // A Collection resource (typed by its outputs, so generated.ts needs no import of the class).
      argTs: "CollectionOutputProperties | pulumi.Input<CollectionRefArgs>",
    },
    api: {
      doc: 'Import API: "local" for a localDir connection, "milvus-v2" for a Milvus uri (the defaults), "zilliz-v1" / "zilliz-v2" for Zilliz Cloud.',
      json: { enum: ["zilliz-v1", "zilliz-v2", "milvus-v2", "local"] },
      derived: "args",
    },
    source: {
      doc: "What to import: local files / globs (CSV, JSON, JSONL, Parquet), inline rows, or prepared object URLs.",
      json: ref("source-spec.json"),
      required: true,
    },
    format: {
      doc: 'Format of the files written for import (default "parquet").',
      json: { enum: ["json", "jsonl", "parquet", "numpy", "csv"] },
      default: "parquet",
    },
    segmentSizeMb: {
      doc: "Segment size of the written files in MiB (default 512).",
      json: { type: "number", exclusiveMinimum: 0, maximum: 16384 },
      default: 512,
    },
    onDuplicatePk: {
      doc: 'Rows sharing a primary key: "warn" (default; the count and the first keys are reported) or "error" (nothing is written).',
      json: { enum: ["error", "warn"] },
    },
    storage: {
      doc: "Where files are staged (default for the embedded engine: <localDir>/_staging). Credentials may also come from stack config (storageAccessKey / storageSecretKey / storageSessionToken / storageConnectionString, under milvus-import: in TypeScript, milvusimport: elsewhere) or the cloud's env vars. Moving it replaces the import.",
      json: {
        type: "object",
        required: ["provider"],
        properties: {
          // storage-config.json owns the list of storage providers.
          provider: { $ref: "storage-config.json#/properties/provider" },
          bucket: { type: "string", minLength: 1 },
          root: { type: "string", minLength: 1 },
          remotePath: { type: "string" },
          keepFiles: { type: "boolean" },
          endpoint: { type: "string" },
          region: { type: "string" },
          forcePathStyle: { type: "boolean" },
          accessKeyId: { type: "string" },
          secretAccessKey: { type: "string" },
          sessionToken: { type: "string" },
          accountName: { type: "string" },
          accountKey: { type: "string" },
          sasToken: { type: "string" },
          connectionString: { type: "string" },
          accessKeySecret: { type: "string" },
          securityToken: { type: "string" },
        },
        if: { properties: { provider: { const: "local" } } },
        // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword
        then: { required: ["root"] },
        else: { required: ["bucket"] },
      },
      shape: "storage-config.json",
      derived: "args",
      secret: true,
      replaceOnChange: true,
    },
    partition: {
      doc: "Import into this existing user partition; the rows are then owned by primary key.",
      json: NAME,
    },
    wait: {
      doc: "Our own timeout and poll interval for the job (default 3600 s and 2 s).",
      object: {
        name: "ImportWait",
        closed: true,
        properties: {
          timeoutSeconds: {
            doc: "Stop waiting for the job after this many seconds (the next up resumes it).",
            json: { type: "number", exclusiveMinimum: 0 },
          },
          pollIntervalSeconds: {
            doc: "Seconds between progress polls.",
            json: { type: "number", exclusiveMinimum: 0 },
          },
        },
      },
      default: {},
    },
    onDelete: {
      doc: '"delete" (default): replace and destroy remove the imported rows and staged files; "retain" keeps them.',
      json: { enum: ["delete", "retain"] },
      default: "delete",
    },
    trigger: {
      doc: "Change to force a re-import of identical data.",
      json: { type: ["string", "number", "boolean"] },
    },
  },
  outputs: {
    dataHash: {
      doc: "Hash of the source data alone; a changed row changes it, which replaces the import.",
      json: { type: "string" },
      by: "check",
      replaceOnChange: true,
    },
    identity: {
      doc: "Content identity of the import (schema, data, settings): names the staging folder and the owned partition; a change replaces the import.",
      json: { type: "string" },
      by: "check",
      replaceOnChange: true,
    },
    sourceRows: {
      doc: "Rows in the source, counted at preview (-1 when unknown, e.g. for prepared object URLs).",
      json: { type: "number" },
      by: "check",
    },
    status: {
      doc: '"Completed" once verified; anything else means the next up resumes the same import.',
      json: { type: "string" },
      by: "apply",
    },
    jobId: { doc: "The import job's id on the target.", json: { type: "string" }, by: "apply" },
    state: { doc: "The job's last reported state.", json: { type: "string" }, by: "apply" },
    importedRows: { doc: "Rows the target reports imported.", json: { type: "number" }, by: "apply" },
    totalRows: { doc: "Rows the job reports in total.", json: { type: "number" }, by: "apply" },
    files: {
      doc: "Number of files written and staged for the import.",
      json: { type: "number" },
      by: "apply",
    },
    objectUrls: {
      doc: "Object URLs of every staged file.",
      json: { type: "array", items: { type: "string" } },
      by: "apply",
    },
    targetPartition: {
      doc: 'The partition holding the rows: the owned imp_<hex> one, the user\'s, or "" for the default partition.',
      json: { type: "string" },
      by: "apply",
    },
    ownership: {
      doc: 'How the rows are owned for removal: "partition", "primaryKeys" or "none".',
      json: { enum: ["partition", "primaryKeys", "none"] },
      by: "apply",
    },
    prefix: {
      doc: "Staging prefix of this import: <remotePath>/<identity>.",
      json: { type: "string" },
      by: "apply",
    },
    resumed: {
      doc: "true when an earlier run's job for the same identity was found and reused.",
      json: { type: "boolean" },
      by: "apply",
    },
    verifiedBy: {
      doc: 'How the row count was checked: "count" (count(*) in the partition) or "job" (the job\'s own report).',
      json: { type: "string" },
      by: "apply",
    },
    timings: {
      doc: "Milliseconds per stage of the last run (plan, write, upload, import, verify).",
      json: { type: "object", additionalProperties: { type: "number" } },
      by: "apply",
    },
  },
};

/** Provider-level settings: stack config (milvusimport:<key>) or an explicit provider's arguments. */
export const PROVIDER_CONFIG = {
  token: {
    doc: "Milvus token for uri connections (or env MILVUS_TOKEN).",
    json: { type: "string" },
    secret: true,
  },
  apiKey: {
    doc: "Zilliz Cloud API key for endpoint connections (or env ZILLIZ_API_KEY).",
    json: { type: "string" },
    secret: true,
  },
  storageAccessKey: {
    doc: "Staging storage access key id (S3 / GCS HMAC / OSS), or the Azure account name.",
    json: { type: "string" },
    secret: true,
  },
  storageSecretKey: {
    doc: "Staging storage secret key (S3 / GCS HMAC / OSS), or the Azure account key.",
    json: { type: "string" },
    secret: true,
  },
  storageSessionToken: {
    doc: "Staging storage session token (S3 / OSS STS), or an Azure SAS token.",
    json: { type: "string" },
    secret: true,
  },
  storageConnectionString: {
    doc: "Azure Blob connection string for staging.",
    json: { type: "string" },
    secret: true,
  },
} satisfies Record<string, PropertyShape>;

export const RESOURCES = [COLLECTION, IMPORT_JOB] as const;
