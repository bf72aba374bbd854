/**
 * Quickstart: the seed tutorial ("Data Import from Zero to Hero") as a Pulumi program.
 *
 * A Collection with the medium_articles schema and an AUTOINDEX/IP index, and an ImportJob that
 * validates the CSV, writes Milvus bulk-import files, stages them, imports them and verifies the row
 * count. By default everything runs on the embedded local engine with local storage (no account, no
 * server). Stack config switches the same program to Zilliz Cloud or a self-hosted Milvus:
 *
 *   pulumi config set target zilliz-v2          # local (default) | milvus | zilliz-v1 | zilliz-v2
 *   pulumi config set clusterEndpoint https://in03-xxxx.serverless.gcp-us-west1.cloud.zilliz.com
 *   pulumi config set clusterId in03-xxxx
 *   pulumi config set --secret milvus-import:apiKey <key>            # or env ZILLIZ_API_KEY
 *   pulumi config set --path 'storage.provider' s3                    # s3 | gcs | azure | oss
 *   pulumi config set --path 'storage.bucket' my-bucket
 *   pulumi config set csvPath ./medium_articles_partial.csv           # the real dataset, if you have it
 */
import fs from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Collection, datasets, ImportJob, type StagingConfig } from "pulumi-milvus-import";

const config = new pulumi.Config();
const target = config.get("target") ?? "local";
const workDir = path.resolve(config.get("workDir") ?? ".quickstart");

// The original CSV can't be downloaded everywhere; a deterministic generator writes one of the same
// shape (5,000 rows, 8 columns, vectors as "[…]" strings). Same seed, same bytes, no diff.
const csvPath = config.get("csvPath") ?? path.join(workDir, "medium_articles_partial.csv");
if (!config.get("csvPath") && !fs.existsSync(csvPath)) datasets.writeMediumArticlesCsv(csvPath, 5000, 42);

function connection() {
  switch (target) {
    case "local":
      return { localDir: path.join(workDir, "milvus") };
    case "milvus":
      return { uri: config.require("milvusUri") };
    case "zilliz-v1":
    case "zilliz-v2":
      return {
        endpoint: config.require("clusterEndpoint"),
        clusterId: config.get("clusterId"),
        controlPlaneUrl: config.get("controlPlaneUrl"),
      };
    default:
      throw new Error(`config "target" must be local, milvus, zilliz-v1 or zilliz-v2, got "${target}"`);
  }
}

const articles = new Collection("medium-articles", {
  connection: connection(),
  name: config.get("collectionName") ?? "medium_articles",
  description: "Medium articles with title embeddings (seed tutorial)",
  schema: {
    enableDynamicField: true,
    fields: [
      { name: "id", dataType: "INT64", isPrimary: true },
      { name: "title_vector", dataType: "FLOAT_VECTOR", dim: 768 },
      { name: "title", dataType: "VARCHAR", maxLength: 512 },
      { name: "link", dataType: "VARCHAR", maxLength: 512 },
    ],
  },
  indexes: [{ fieldName: "title_vector", indexType: "AUTOINDEX", metricType: "IP" }],
  load: true,
});

// reading_time, publication, claps and responses are not in the schema: they go to the dynamic field.
const load = new ImportJob("medium-articles-import", {
  collection: articles,
  api: target === "local" ? "local" : target === "milvus" ? "milvus-v2" : (target as "zilliz-v1" | "zilliz-v2"),
  source: { files: [csvPath] },
  format: (config.get("format") as "parquet" | "json" | "numpy" | "csv" | undefined) ?? "parquet",
  storage: config.getObject<StagingConfig>("storage"),
  wait: { timeoutSeconds: 1800 },
});

export const collectionName = articles.name;
export const jobId = load.jobId;
export const state = load.state;
export const importedRows = load.importedRows;
export const dataHash = load.dataHash;
export const identity = load.identity;
export const stagedFiles = load.objectUrls;
