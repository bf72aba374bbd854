/**
 * The seeds' China-region variant: a Zilliz Cloud cluster on Alibaba Cloud (ali-cn-hangzhou), files
 * staged in an Aliyun OSS bucket in the same region (oss-cn-hangzhou.aliyuncs.com), imported through
 * the China control plane (controller.api.ali-cn-hangzhou.cloud.zilliz.com.cn, the seeds' v1
 * bulk_import endpoint). The cluster and the bucket must be in the same region.
 *
 * Secrets:
 *   pulumi config set --secret milvus-import:apiKey            <Zilliz Cloud API key>
 *   pulumi config set --secret milvus-import:storageAccessKey  <RAM AccessKey ID>
 *   pulumi config set --secret milvus-import:storageSecretKey  <RAM AccessKey secret>
 */
import * as pulumi from "@pulumi/pulumi";
import { Collection, type CollectionSchema, ImportJob } from "pulumi-milvus-import";

const config = new pulumi.Config();
/** e.g. https://in01-xxxx.ali-cn-hangzhou.vectordb.zilliz.com.cn:19530 */
const clusterEndpoint = config.require("clusterEndpoint");
const clusterId = config.require("clusterId");
const cloudRegion = config.get("cloudRegion") ?? "ali-cn-hangzhou";
const bucket = config.require("bucket");
const ossRegion = config.get("ossRegion") ?? "oss-cn-hangzhou";
const dataFile = config.get("dataFile") ?? "data/medium_articles_partial.csv";
/**
 * Optional: a folder already in OSS (e.g. written by pymilvus' RemoteBulkWriter), in the seeds' URL
 * form https://<bucket>.oss-cn-hangzhou.aliyuncs.com/<path>/ — imported as a second job.
 */
const preparedFolder = config.get("preparedFolder");

const schema: CollectionSchema = {
  enableDynamicField: true,
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "title_vector", dataType: "FLOAT_VECTOR", dim: 768 },
    { name: "title", dataType: "VARCHAR", maxLength: 512 },
    { name: "link", dataType: "VARCHAR", maxLength: 512 },
  ],
};

const connection = {
  endpoint: clusterEndpoint,
  clusterId,
  // China site control plane (zilliz.com.cn), as CLOUD_API_ENDPOINT in the seed.
  controlPlaneUrl: `https://controller.api.${cloudRegion}.cloud.zilliz.com.cn`,
};

const articles = new Collection("medium-articles", {
  connection,
  name: "medium_articles",
  schema,
  indexes: [{ fieldName: "title_vector", indexType: "AUTOINDEX", metricType: "IP" }],
});

const storage = { provider: "oss" as const, bucket, region: ossRegion, remotePath: "milvus-import" };

const articlesImport = new ImportJob("medium-articles-csv", {
  collection: articles,
  api: "zilliz-v1",
  source: { files: [dataFile] },
  format: "parquet",
  storage,
});

export const jobId = articlesImport.jobId;
export const importedRows = articlesImport.importedRows;
export const objectUrls = articlesImport.objectUrls;

// Rows of prepared files are not read locally, so this job owns them through its own partition,
// which `pulumi destroy` drops.
export const preparedJobId = preparedFolder
  ? new ImportJob("prepared-oss-folder", {
      collection: articles,
      api: "zilliz-v1",
      source: { objectUrls: [preparedFolder] },
      storage,
    }).jobId
  : undefined;
