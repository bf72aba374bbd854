/**
 * GitOps for vector data: the collection schema (schema.json) and the data files (data/*.csv) live in
 * git next to this program. A pull request that changes them gets a `pulumi preview` — which validates
 * every row (file:row:field errors fail the check) and shows whether the import's identity changed —
 * and merging runs `pulumi up`, which imports only when schema or data actually changed.
 *
 * CI secrets (see .github/workflows/vector-data.yml) arrive as environment variables, never in git:
 *   PULUMI_ACCESS_TOKEN, PULUMI_CONFIG_PASSPHRASE (self-managed backends), ZILLIZ_API_KEY,
 *   AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (staging bucket; also what Zilliz reads the files with).
 */
import fs from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Collection, type CollectionSchema, ImportJob, type IndexSpec } from "pulumi-milvus-import";

const config = new pulumi.Config();
const clusterEndpoint = config.require("clusterEndpoint");
const clusterId = config.require("clusterId");
const bucket = config.require("bucket");

/** The same file the CI's `milvus-import validate` step checks the data against. */
const spec = JSON.parse(fs.readFileSync(path.join(__dirname, "schema.json"), "utf8")) as {
  collection: string;
  schema: CollectionSchema;
  indexes: IndexSpec[];
};

const collection = new Collection("vectors", {
  connection: { endpoint: clusterEndpoint, clusterId },
  name: spec.collection,
  schema: spec.schema,
  indexes: spec.indexes,
});

const data = new ImportJob("vectors-data", {
  collection,
  api: "zilliz-v2",
  // Globs are expanded and every file is hashed at preview: a changed file means a new identity,
  // so the old job's rows are replaced by the new import (no duplicates).
  source: { files: ["data/*.csv"] },
  format: "parquet",
  storage: { provider: "s3", bucket, region: config.get("bucketRegion") ?? "us-west-2", remotePath: "gitops" },
  wait: { timeoutSeconds: 3600 },
});

export const identity = data.identity;
export const jobId = data.jobId;
export const importedRows = data.importedRows;
