/**
 * The seed tutorial "Data Import from Zero to Hero" as a stack: the medium_articles collection on a
 * Zilliz Cloud cluster (AWS), and its CSV imported through your S3 bucket.
 *
 * Pulumi does what the tutorial's script does by hand — schema, AUTOINDEX/IP index, BulkWriter files
 * (Parquet), upload, bulk import, progress polling — and on the next `pulumi up` does nothing at all
 * unless the schema or the data changed (content-addressed identity). Bad rows fail `pulumi preview`
 * with file:row:field errors.
 *
 * Secrets (never in code or Pulumi.<stack>.yaml in clear text):
 *   pulumi config set --secret milvus-import:apiKey            <Zilliz Cloud API key>
 *   pulumi config set --secret milvus-import:storageAccessKey  <AWS access key id>
 *   pulumi config set --secret milvus-import:storageSecretKey  <AWS secret access key>
 */
import * as pulumi from "@pulumi/pulumi";
import { Collection, type CollectionSchema, ImportJob } from "pulumi-milvus-import";

const config = new pulumi.Config();
/** Cluster endpoint from the Zilliz console, e.g. https://in03-xxxx.api.aws-us-west-2.zillizcloud.com */
const clusterEndpoint = config.require("clusterEndpoint");
/** Cluster id, e.g. in03-xxxxxxxxxxxxxxx (the first label of the endpoint). */
const clusterId = config.require("clusterId");
const bucket = config.require("bucket");
const bucketRegion = config.get("bucketRegion") ?? "us-west-2";
/** curl https://assets.zilliz.com/doc-assets/medium_articles_partial_a13e0f2a.csv -o data/medium_articles_partial.csv */
const dataFile = config.get("dataFile") ?? "data/medium_articles_partial.csv";

// The tutorial's schema: four declared fields; reading_time, publication, claps and responses
// travel in the dynamic field ($meta).
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
  // Files land under s3://<bucket>/milvus-import/<identity>/ and Zilliz reads them with the key pair above.
  storage: { provider: "s3", bucket, region: bucketRegion, remotePath: "milvus-import" },
  wait: { timeoutSeconds: 3600 },
});

export const collectionName = articles.name;
export const jobId = articlesImport.jobId;
export const importedRows = articlesImport.importedRows;
export const objectUrls = articlesImport.objectUrls;
