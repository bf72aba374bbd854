/**
 * medium_articles on self-hosted Milvus (standalone or cluster, 2.4+), imported through the Milvus
 * RESTful API v2 (`/v2/vectordb/jobs/import/create`). Milvus reads import files from its own object
 * storage, so the files are staged in the MinIO bucket Milvus uses (`minio.bucketName` in milvus.yaml,
 * "a-bucket" by default) and the import request carries bucket-relative keys.
 *
 * Secrets:
 *   pulumi config set --secret milvus-import:token             root:Milvus        # only if auth is on
 *   pulumi config set --secret milvus-import:storageAccessKey  <MinIO access key>  # minioadmin by default
 *   pulumi config set --secret milvus-import:storageSecretKey  <MinIO secret key>
 */
import * as pulumi from "@pulumi/pulumi";
import { Collection, type CollectionSchema, type FileFormat, ImportJob } from "pulumi-milvus-import";

const config = new pulumi.Config();
const milvusUri = config.get("milvusUri") ?? "http://localhost:19530";
const minioEndpoint = config.get("minioEndpoint") ?? "http://localhost:9000";
const bucket = config.get("bucket") ?? "a-bucket";
const dataFile = config.get("dataFile") ?? "data/medium_articles_partial.csv";
/** parquet (default), json, numpy or csv (Milvus 2.5+). */
const format = (config.get("format") ?? "parquet") as FileFormat;

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
  connection: { uri: milvusUri },
  name: "medium_articles",
  schema,
  indexes: [{ fieldName: "title_vector", indexType: "AUTOINDEX", metricType: "IP" }],
});

const articlesImport = new ImportJob("medium-articles-csv", {
  collection: articles,
  api: "milvus-v2",
  source: { files: [dataFile] },
  format,
  storage: {
    provider: "s3",
    bucket,
    endpoint: minioEndpoint,
    forcePathStyle: true,
    region: "us-east-1",
    remotePath: "milvus-import",
  },
  wait: { timeoutSeconds: 1800, pollIntervalSeconds: 1 },
});

export const collectionName = articles.name;
export const jobId = articlesImport.jobId;
export const importedRows = articlesImport.importedRows;
export const partition = articlesImport.targetPartition;
export const objectUrls = articlesImport.objectUrls;
