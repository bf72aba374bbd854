/**
 * `ImportJob`: a bulk import into a collection as a Pulumi resource — validated and hashed at preview,
 * content-addressed staging, an idempotent job, verified row counts, and owned rows that replace and
 * destroy remove. See importJobProvider.ts for the semantics.
 *
 * As in collection.ts, the serialized provider only requires the compiled library by package name.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ImportApiKind } from "../api/types";
import type { FileFormat } from "../bulkwriter/manifest";
import type { ConnectionConfig, SourceSpec, StagingConfig } from "../pipeline/types";
import type { CollectionSchema } from "../schema/types";
import { Collection } from "./collection";

export interface CollectionRefArgs {
  name: pulumi.Input<string>;
  dbName?: pulumi.Input<string>;
  connection: pulumi.Input<ConnectionConfig>;
  /** Needed when the collection does not exist yet at preview; read from the target otherwise. */
  schema?: pulumi.Input<CollectionSchema>;
}

export interface ImportJobArgs {
  /** The Collection resource, or its name + connection. */
  collection: Collection | pulumi.Input<CollectionRefArgs>;
  /** Import API: "local" for a localDir connection, "milvus-v2" for a Milvus uri (defaults), "zilliz-v1" / "zilliz-v2" for Zilliz Cloud. */
  api?: pulumi.Input<ImportApiKind>;
  /** Local files / globs (CSV, JSON, JSONL, Parquet), inline rows, or prepared object URLs. */
  source: pulumi.Input<SourceSpec>;
  /** Format of the files written for import (default "parquet"). */
  format?: pulumi.Input<FileFormat>;
  /** Segment size in MiB (default 512). */
  segmentSizeMb?: pulumi.Input<number>;
  /** Rows sharing a primary key: "warn" (default; the count and first keys are reported) or "error". */
  onDuplicatePk?: pulumi.Input<"error" | "warn">;
  /** Where files are staged (default for a local engine: <localDir>/_staging). Credentials may also come from stack config (milvus-import:storageAccessKey / storageSecretKey / storageSessionToken / storageConnectionString) or the cloud's env vars. */
  storage?: pulumi.Input<StagingConfig>;
  /** Import into this existing/user partition; rows are then owned by primary key. */
  partition?: pulumi.Input<string>;
  /** Our own timeout and poll interval (customTimeouts do not reach dynamic providers). */
  wait?: pulumi.Input<{ timeoutSeconds?: pulumi.Input<number>; pollIntervalSeconds?: pulumi.Input<number> }>;
  /** "delete" (default): replace/destroy remove the imported rows and staged files. "retain": keep them. */
  onDelete?: pulumi.Input<"delete" | "retain">;
  /** Change to force a re-import of identical data. */
  trigger?: pulumi.Input<string | number | boolean>;
}

const importJobProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    require("pulumi-milvus-import/dist/provider/resources/common").configure(req.config);
  },
  check: (olds, news) =>
    require("pulumi-milvus-import/dist/provider/resources/importJobProvider").check(olds, news),
  diff: (id, olds, news) =>
    require("pulumi-milvus-import/dist/provider/resources/importJobProvider").diff(id, olds, news),
  create: (inputs) =>
    require("pulumi-milvus-import/dist/provider/resources/importJobProvider").create(inputs),
  read: (id, props) =>
    require("pulumi-milvus-import/dist/provider/resources/importJobProvider").read(id, props),
  update: (id, olds, news) =>
    require("pulumi-milvus-import/dist/provider/resources/importJobProvider").update(id, olds, news),
  delete: (id, props) =>
    require("pulumi-milvus-import/dist/provider/resources/importJobProvider").remove(id, props),
};

export class ImportJob extends pulumi.dynamic.Resource {
  declare readonly identity: pulumi.Output<string>;
  declare readonly dataHash: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly jobId: pulumi.Output<string>;
  declare readonly state: pulumi.Output<string>;
  declare readonly importedRows: pulumi.Output<number>;
  declare readonly totalRows: pulumi.Output<number>;
  declare readonly sourceRows: pulumi.Output<number>;
  declare readonly files: pulumi.Output<number>;
  declare readonly objectUrls: pulumi.Output<string[]>;
  /** The partition holding the rows ("" = default partition). */
  declare readonly targetPartition: pulumi.Output<string>;
  declare readonly ownership: pulumi.Output<string>;
  declare readonly prefix: pulumi.Output<string>;
  declare readonly resumed: pulumi.Output<boolean>;
  declare readonly verifiedBy: pulumi.Output<string>;
  declare readonly timings: pulumi.Output<Record<string, number>>;

  constructor(name: string, args: ImportJobArgs, opts?: pulumi.CustomResourceOptions) {
    const c = args.collection;
    const collection =
      c instanceof Collection
        ? pulumi.output({ name: c.name, dbName: c.dbName, connection: c.connection, schema: c.schema })
        : c;
    super(
      importJobProvider,
      name,
      {
        resourceName: name,
        collection,
        api: args.api,
        source: args.source,
        format: args.format,
        segmentSizeMb: args.segmentSizeMb,
        onDuplicatePk: args.onDuplicatePk,
        storage: args.storage,
        partition: args.partition,
        wait: args.wait,
        onDelete: args.onDelete,
        trigger: args.trigger,
        identity: undefined,
        dataHash: undefined,
        sourceRows: undefined,
        status: undefined,
        jobId: undefined,
        state: undefined,
        importedRows: undefined,
        totalRows: undefined,
        files: undefined,
        objectUrls: undefined,
        targetPartition: undefined,
        ownership: undefined,
        prefix: undefined,
        resumed: undefined,
        verifiedBy: undefined,
        timings: undefined,
      },
      pulumi.mergeOptions({ additionalSecretOutputs: ["collection", "storage"] }, opts),
      "milvus",
      "ImportJob",
    );
  }
}

/** The provider object (for serialization tests). */
export const __importJobProvider = importJobProvider;
