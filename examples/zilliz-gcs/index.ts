/**
 * medium_articles on a Zilliz Cloud cluster in GCP, staged through a GCS bucket. GCS is reached through
 * its S3-interoperable XML API with an HMAC key (Cloud Storage > Settings > Interoperability); Zilliz
 * reads the files by their gs://<bucket>/<key> URLs with the same key pair.
 *
 * Secrets:
 *   pulumi config set --secret milvus-import:apiKey            <Zilliz Cloud API key>
 *   pulumi config set --secret milvus-import:storageAccessKey  <GCS HMAC access id>
 *   pulumi config set --secret milvus-import:storageSecretKey  <GCS HMAC secret>
 */
import * as pulumi from "@pulumi/pulumi";
import { Collection, type CollectionSchema, ImportJob } from "pulumi-milvus-import";

const config = new pulumi.Config();
/** e.g. https://in03-xxxx.api.gcp-us-west1.zillizcloud.com */
const clusterEndpoint = config.require("clusterEndpoint");
const clusterId = config.require("clusterId");
const bucket = config.require("bucket");
const dataFile = config.get("dataFile") ?? "data/medium_articles_partial.csv";

const schema: CollectionSchema = {
  enableDynamicField: true,
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "title_vector", dataType: "FLOAT_VECTOR", dim: 768 },
    { name: "title", dataType: "VARCHAR", maxLength: 512 },
    { name: "link", dataType: "VARCHAR", maxLength: 512 },
  ],
};

const articles = new Collection("medium-articles", {
  connection: { endpoint: clusterEndpoint, clusterId },
  name: "medium_articles",
  schema,
  indexes: [{ fieldName: "title_vector", indexType: "AUTOINDEX", metricType: "IP" }],
});

const articlesImport = new ImportJob("medium-articles-csv", {
  collection: articles,
  api: "zilliz-v2",
  source: { files: [dataFile] },
  format: "parquet",
  // endpoint defaults to https://storage.googleapis.com; objects are referenced as gs://bucket/key.
  storage: { provider: "gcs", bucket, remotePath: "milvus-import" },
});

export const jobId = articlesImport.jobId;
export const importedRows = articlesImport.importedRows;
export const objectUrls = articlesImport.objectUrls;
