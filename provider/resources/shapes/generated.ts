// Generated from provider/resources/shapes/table.ts by `npm run gen:shapes`: do not edit.
// test/unit/resources/shapes.test.ts fails when this file is out of date.
import type * as pulumi from "@pulumi/pulumi";
import type { ConnectionConfig, SourceSpec, StagingConfig } from "../../pipeline/types";
import type { CollectionSchema, IndexSpec } from "../../schema/types";

/** CollectionRef as the provider sees it. */
export interface CollectionRef {
  /** Collection name. */
  name: string;
  /** Database (default "default"). */
  dbName?: string;
  /** Where the collection lives (as the Collection's connection). */
  connection: ConnectionConfig;
  /** The collection's schema; needed when the collection does not exist yet at preview, read from the target otherwise. */
  schema?: CollectionSchema;
}

/** CollectionRef as a program gives it (values may be Outputs). */
export interface CollectionRefArgs {
  /** Collection name. */
  name: pulumi.Input<string>;
  /** Database (default "default"). */
  dbName?: pulumi.Input<string>;
  /** Where the collection lives (as the Collection's connection). */
  connection: pulumi.Input<ConnectionConfig>;
  /** The collection's schema; needed when the collection does not exist yet at preview, read from the target otherwise. */
  schema?: pulumi.Input<CollectionSchema>;
}

/** ImportWait as the provider sees it. */
export interface ImportWait {
  /** Stop waiting for the job after this many seconds (the next up resumes it). */
  timeoutSeconds?: number;
  /** Seconds between progress polls. */
  pollIntervalSeconds?: number;
}

/** ImportWait as a program gives it (values may be Outputs). */
export interface ImportWaitArgs {
  /** Stop waiting for the job after this many seconds (the next up resumes it). */
  timeoutSeconds?: pulumi.Input<number>;
  /** Seconds between progress polls. */
  pollIntervalSeconds?: pulumi.Input<number>;
}

/** Arguments of Collection: A Milvus / Zilliz Cloud / embedded-engine collection: schema as code, indexes and load state kept in line; an existing collection with the identical schema is adopted. */
export interface CollectionArgs {
  /** Where the collection lives: { localDir } (embedded engine), { uri, token } (Milvus) or { endpoint, apiKey, clusterId } (Zilliz Cloud). Credentials may also come from stack config (token / apiKey, under milvus-import: in TypeScript, milvusimport: elsewhere) or env (MILVUS_TOKEN / ZILLIZ_API_KEY). Changing the address replaces the collection. */
  connection: pulumi.Input<ConnectionConfig>;
  /** Database (default "default"). Changing it replaces the collection. */
  dbName?: pulumi.Input<string>;
  /** Collection name. Changing it replaces the collection. */
  name: pulumi.Input<string>;
  /** The schema model (pymilvus type names; Milvus REST names accepted). Any change replaces the collection (compared by fingerprint). */
  schema: pulumi.Input<CollectionSchema>;
  /** Indexes (default: AUTOINDEX on each vector field). Updated in place. */
  indexes?: pulumi.Input<pulumi.Input<IndexSpec>[]>;
  /** Keep the collection loaded (default true). Updated in place. */
  load?: pulumi.Input<boolean>;
  /** Collection description, set when the collection is created. */
  description?: pulumi.Input<string>;
  /** Collection properties (e.g. "collection.ttl.seconds"). Updated in place. */
  properties?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Collection inputs as the provider sees them after check (defaults filled, check outputs computed). */
export interface CollectionInputs {
  /** The resource's name in the program (prefixes the provider's log lines). */
  resourceName?: string;
  /** Where the collection lives: { localDir } (embedded engine), { uri, token } (Milvus) or { endpoint, apiKey, clusterId } (Zilliz Cloud). Credentials may also come from stack config (token / apiKey, under milvus-import: in TypeScript, milvusimport: elsewhere) or env (MILVUS_TOKEN / ZILLIZ_API_KEY). Changing the address replaces the collection. */
  connection: ConnectionConfig;
  /** Database (default "default"). Changing it replaces the collection. */
  dbName: string;
  /** Collection name. Changing it replaces the collection. */
  name: string;
  /** The schema model (pymilvus type names; Milvus REST names accepted). Any change replaces the collection (compared by fingerprint). */
  schema: CollectionSchema;
  /** Indexes (default: AUTOINDEX on each vector field). Updated in place. */
  indexes: IndexSpec[];
  /** Keep the collection loaded (default true). Updated in place. */
  load: boolean;
  /** Collection description, set when the collection is created. */
  description: string;
  /** Collection properties (e.g. "collection.ttl.seconds"). Updated in place. */
  properties: Record<string, string>;
  /** SHA-256 of the canonical schema: what decides whether a schema change replaces the collection. */
  schemaFingerprint: string;
}

/** Collection outputs as the provider returns them (inputs included). */
export interface CollectionOutputs extends CollectionInputs {
  /** Load state read from the target after create/update ("Loaded", "NotLoad", ...). */
  loadState: string;
  /** true when create found the collection already there with the identical schema and adopted it. */
  adopted: boolean;
}

/** Collection's properties as Pulumi Outputs (merged into the resource class). */
export interface CollectionOutputProperties {
  /** Where the collection lives: { localDir } (embedded engine), { uri, token } (Milvus) or { endpoint, apiKey, clusterId } (Zilliz Cloud). Credentials may also come from stack config (token / apiKey, under milvus-import: in TypeScript, milvusimport: elsewhere) or env (MILVUS_TOKEN / ZILLIZ_API_KEY). Changing the address replaces the collection. */
  readonly connection: pulumi.Output<ConnectionConfig>;
  /** Database (default "default"). Changing it replaces the collection. */
  readonly dbName: pulumi.Output<string>;
  /** Collection name. Changing it replaces the collection. */
  readonly name: pulumi.Output<string>;
  /** The schema model (pymilvus type names; Milvus REST names accepted). Any change replaces the collection (compared by fingerprint). */
  readonly schema: pulumi.Output<CollectionSchema>;
  /** Indexes (default: AUTOINDEX on each vector field). Updated in place. */
  readonly indexes: pulumi.Output<IndexSpec[]>;
  /** Keep the collection loaded (default true). Updated in place. */
  readonly load: pulumi.Output<boolean>;
  /** Collection description, set when the collection is created. */
  readonly description: pulumi.Output<string>;
  /** Collection properties (e.g. "collection.ttl.seconds"). Updated in place. */
  readonly properties: pulumi.Output<Record<string, string>>;
  /** SHA-256 of the canonical schema: what decides whether a schema change replaces the collection. */
  readonly schemaFingerprint: pulumi.Output<string>;
  /** Load state read from the target after create/update ("Loaded", "NotLoad", ...). */
  readonly loadState: pulumi.Output<string>;
  /** true when create found the collection already there with the identical schema and adopted it. */
  readonly adopted: pulumi.Output<boolean>;
}

/** Arguments of ImportJob: A bulk import into a collection: source validated and hashed at preview, content-addressed staging, an idempotent job, verified row counts, and owned rows that replace and destroy remove. */
export interface ImportJobArgs {
  /** The target collection: its name + connection (+ schema), e.g. a Collection's outputs; TypeScript programs may pass the Collection resource itself. */
  collection: CollectionOutputProperties | pulumi.Input<CollectionRefArgs>;
  /** Import API: "local" for a localDir connection, "milvus-v2" for a Milvus uri (the defaults), "zilliz-v1" / "zilliz-v2" for Zilliz Cloud. */
  api?: pulumi.Input<"zilliz-v1" | "zilliz-v2" | "milvus-v2" | "local">;
  /** What to import: local files / globs (CSV, JSON, JSONL, Parquet), inline rows, or prepared object URLs. */
  source: pulumi.Input<SourceSpec>;
  /** Format of the files written for import (default "parquet"). */
  format?: pulumi.Input<"json" | "jsonl" | "parquet" | "numpy" | "csv">;
  /** Segment size of the written files in MiB (default 512). */
  segmentSizeMb?: pulumi.Input<number>;
  /** Rows sharing a primary key: "warn" (default; the count and the first keys are reported) or "error" (nothing is written). */
  onDuplicatePk?: pulumi.Input<"error" | "warn">;
  /** Where files are staged (default for the embedded engine: <localDir>/_staging). Credentials may also come from stack config (storageAccessKey / storageSecretKey / storageSessionToken / storageConnectionString, under milvus-import: in TypeScript, milvusimport: elsewhere) or the cloud's env vars. Moving it replaces the import. */
  storage?: pulumi.Input<StagingConfig>;
  /** Import into this existing user partition; the rows are then owned by primary key. */
  partition?: pulumi.Input<string>;
  /** Our own timeout and poll interval for the job (default 3600 s and 2 s). */
  wait?: pulumi.Input<ImportWaitArgs>;
  /** "delete" (default): replace and destroy remove the imported rows and staged files; "retain" keeps them. */
  onDelete?: pulumi.Input<"delete" | "retain">;
  /** Change to force a re-import of identical data. */
  trigger?: pulumi.Input<string | number | boolean>;
}

/** ImportJob inputs as the provider sees them after check (defaults filled, check outputs computed). */
export interface ImportJobInputs {
  /** The resource's name in the program (prefixes the provider's log lines). */
  resourceName?: string;
  /** The target collection: its name + connection (+ schema), e.g. a Collection's outputs; TypeScript programs may pass the Collection resource itself. */
  collection: CollectionRef;
  /** Import API: "local" for a localDir connection, "milvus-v2" for a Milvus uri (the defaults), "zilliz-v1" / "zilliz-v2" for Zilliz Cloud. */
  api: "zilliz-v1" | "zilliz-v2" | "milvus-v2" | "local";
  /** What to import: local files / globs (CSV, JSON, JSONL, Parquet), inline rows, or prepared object URLs. */
  source: SourceSpec;
  /** Format of the files written for import (default "parquet"). */
  format: "json" | "jsonl" | "parquet" | "numpy" | "csv";
  /** Segment size of the written files in MiB (default 512). */
  segmentSizeMb: number;
  /** Rows sharing a primary key: "warn" (default; the count and the first keys are reported) or "error" (nothing is written). */
  onDuplicatePk?: "error" | "warn";
  /** Where files are staged (default for the embedded engine: <localDir>/_staging). Credentials may also come from stack config (storageAccessKey / storageSecretKey / storageSessionToken / storageConnectionString, under milvus-import: in TypeScript, milvusimport: elsewhere) or the cloud's env vars. Moving it replaces the import. */
  storage: StagingConfig;
  /** Import into this existing user partition; the rows are then owned by primary key. */
  partition?: string;
  /** Our own timeout and poll interval for the job (default 3600 s and 2 s). */
  wait: ImportWait;
  /** "delete" (default): replace and destroy remove the imported rows and staged files; "retain" keeps them. */
  onDelete: "delete" | "retain";
  /** Change to force a re-import of identical data. */
  trigger?: string | number | boolean;
  /** Hash of the source data alone; a changed row changes it, which replaces the import. */
  dataHash: string;
  /** Content identity of the import (schema, data, settings): names the staging folder and the owned partition; a change replaces the import. */
  identity: string;
  /** Rows in the source, counted at preview (-1 when unknown, e.g. for prepared object URLs). */
  sourceRows: number;
}

/** ImportJob outputs as the provider returns them (inputs included). */
export interface ImportJobOutputs extends ImportJobInputs {
  /** "Completed" once verified; anything else means the next up resumes the same import. */
  status: string;
  /** The import job's id on the target. */
  jobId: string;
  /** The job's last reported state. */
  state: string;
  /** Rows the target reports imported. */
  importedRows: number;
  /** Rows the job reports in total. */
  totalRows: number;
  /** Number of files written and staged for the import. */
  files: number;
  /** Object URLs of every staged file. */
  objectUrls: string[];
  /** The partition holding the rows: the owned imp_<hex> one, the user's, or "" for the default partition. */
  targetPartition: string;
  /** How the rows are owned for removal: "partition", "primaryKeys" or "none". */
  ownership: "partition" | "primaryKeys" | "none";
  /** Staging prefix of this import: <remotePath>/<identity>. */
  prefix: string;
  /** true when an earlier run's job for the same identity was found and reused. */
  resumed: boolean;
  /** How the row count was checked: "count" (count(*) in the partition) or "job" (the job's own report). */
  verifiedBy: string;
  /** Milliseconds per stage of the last run (plan, write, upload, import, verify). */
  timings: Record<string, number>;
}

/** ImportJob's properties as Pulumi Outputs (merged into the resource class). */
export interface ImportJobOutputProperties {
  /** The target collection: its name + connection (+ schema), e.g. a Collection's outputs; TypeScript programs may pass the Collection resource itself. */
  readonly collection: pulumi.Output<CollectionRef>;
  /** Import API: "local" for a localDir connection, "milvus-v2" for a Milvus uri (the defaults), "zilliz-v1" / "zilliz-v2" for Zilliz Cloud. */
  readonly api: pulumi.Output<"zilliz-v1" | "zilliz-v2" | "milvus-v2" | "local">;
  /** What to import: local files / globs (CSV, JSON, JSONL, Parquet), inline rows, or prepared object URLs. */
  readonly source: pulumi.Output<SourceSpec>;
  /** Format of the files written for import (default "parquet"). */
  readonly format: pulumi.Output<"json" | "jsonl" | "parquet" | "numpy" | "csv">;
  /** Segment size of the written files in MiB (default 512). */
  readonly segmentSizeMb: pulumi.Output<number>;
  /** Rows sharing a primary key: "warn" (default; the count and the first keys are reported) or "error" (nothing is written). */
  readonly onDuplicatePk: pulumi.Output<"error" | "warn">;
  /** Where files are staged (default for the embedded engine: <localDir>/_staging). Credentials may also come from stack config (storageAccessKey / storageSecretKey / storageSessionToken / storageConnectionString, under milvus-import: in TypeScript, milvusimport: elsewhere) or the cloud's env vars. Moving it replaces the import. */
  readonly storage: pulumi.Output<StagingConfig>;
  /** Import into this existing user partition; the rows are then owned by primary key. */
  readonly partition: pulumi.Output<string>;
  /** Our own timeout and poll interval for the job (default 3600 s and 2 s). */
  readonly wait: pulumi.Output<ImportWait>;
  /** "delete" (default): replace and destroy remove the imported rows and staged files; "retain" keeps them. */
  readonly onDelete: pulumi.Output<"delete" | "retain">;
  /** Change to force a re-import of identical data. */
  readonly trigger: pulumi.Output<string | number | boolean>;
  /** Hash of the source data alone; a changed row changes it, which replaces the import. */
  readonly dataHash: pulumi.Output<string>;
  /** Content identity of the import (schema, data, settings): names the staging folder and the owned partition; a change replaces the import. */
  readonly identity: pulumi.Output<string>;
  /** Rows in the source, counted at preview (-1 when unknown, e.g. for prepared object URLs). */
  readonly sourceRows: pulumi.Output<number>;
  /** "Completed" once verified; anything else means the next up resumes the same import. */
  readonly status: pulumi.Output<string>;
  /** The import job's id on the target. */
  readonly jobId: pulumi.Output<string>;
  /** The job's last reported state. */
  readonly state: pulumi.Output<string>;
  /** Rows the target reports imported. */
  readonly importedRows: pulumi.Output<number>;
  /** Rows the job reports in total. */
  readonly totalRows: pulumi.Output<number>;
  /** Number of files written and staged for the import. */
  readonly files: pulumi.Output<number>;
  /** Object URLs of every staged file. */
  readonly objectUrls: pulumi.Output<string[]>;
  /** The partition holding the rows: the owned imp_<hex> one, the user's, or "" for the default partition. */
  readonly targetPartition: pulumi.Output<string>;
  /** How the rows are owned for removal: "partition", "primaryKeys" or "none". */
  readonly ownership: pulumi.Output<"partition" | "primaryKeys" | "none">;
  /** Staging prefix of this import: <remotePath>/<identity>. */
  readonly prefix: pulumi.Output<string>;
  /** true when an earlier run's job for the same identity was found and reused. */
  readonly resumed: pulumi.Output<boolean>;
  /** How the row count was checked: "count" (count(*) in the partition) or "job" (the job's own report). */
  readonly verifiedBy: pulumi.Output<string>;
  /** Milliseconds per stage of the last run (plan, write, upload, import, verify). */
  readonly timings: pulumi.Output<Record<string, number>>;
}
