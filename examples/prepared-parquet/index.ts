/**
 * Import Parquet files that were produced elsewhere — a Spark job, pyarrow, pymilvus' BulkWriter — and
 * already sit in object storage. Nothing is read or rewritten locally: `pulumi preview` checks every
 * URL exists (HEAD / list) and hashes what the store reports (size, ETag), so a changed file shows up as
 * a diff and an unchanged one as no change. The cluster does the (distributed) import.
 *
 * Spark: write one column per schema field (title_vector as array<float>, id as bigint), e.g.
 *   df.select("id", "title_vector", "title", "link").repartition(64).write.parquet("s3a://bucket/articles/")
 * and list the part files (Milvus REST takes files; Zilliz Cloud also takes the folder URL).
 *
 * Target: self-hosted Milvus by default (object URLs must be in Milvus's own bucket), or Zilliz Cloud
 * when `clusterEndpoint` is set.
 *
 * Secrets:
 *   pulumi config set --secret milvus-import:storageAccessKey  <access key>
 *   pulumi config set --secret milvus-import:storageSecretKey  <secret key>
 *   pulumi config set --secret milvus-import:apiKey            <Zilliz Cloud API key>   # Zilliz only
 *   pulumi config set --secret milvus-import:token             root:Milvus             # Milvus with auth only
 */
import * as pulumi from "@pulumi/pulumi";
import { Collection, type CollectionSchema, ImportJob } from "pulumi-milvus-import";

const config = new pulumi.Config();
/** e.g. ["s3://a-bucket/articles/part-00000.parquet", "s3://a-bucket/articles/part-00001.parquet"] */
const objectUrls = config.requireObject<string[]>("objectUrls");
const bucket = config.require("bucket");
const storageEndpoint = config.get("storageEndpoint");
const clusterEndpoint = config.get("clusterEndpoint");
const milvusUri = config.get("milvusUri") ?? "http://localhost:19530";

const schema: CollectionSchema = {
  enableDynamicField: true,
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "title_vector", dataType: "FLOAT_VECTOR", dim: config.getNumber("dim") ?? 768 },
    { name: "title", dataType: "VARCHAR", maxLength: 512 },
    { name: "link", dataType: "VARCHAR", maxLength: 512 },
  ],
};

const articles = new Collection("articles", {
  connection: clusterEndpoint ? { endpoint: clusterEndpoint, clusterId: config.require("clusterId") } : { uri: milvusUri },
  name: config.get("collectionName") ?? "medium_articles",
  schema,
  indexes: [{ fieldName: "title_vector", indexType: "AUTOINDEX", metricType: "IP" }],
});

const prepared = new ImportJob("spark-parquet", {
  collection: articles,
  api: clusterEndpoint ? "zilliz-v2" : "milvus-v2",
  source: { objectUrls },
  storage: storageEndpoint
    ? { provider: "s3", bucket, endpoint: storageEndpoint, forcePathStyle: true, region: "us-east-1" }
    : { provider: "s3", bucket, region: config.get("bucketRegion") ?? "us-west-2" },
});

export const jobId = prepared.jobId;
export const importedRows = prepared.importedRows;
export const partition = prepared.targetPartition;
