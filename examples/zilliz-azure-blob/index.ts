/**
 * medium_articles on a Zilliz Cloud cluster in Azure, staged through a Blob container. Zilliz reads the
 * files by their https://<account>.blob.core.windows.net/<container>/<blob> URLs with the storage
 * account name and key (the seed's AzureConnectParam).
 *
 * Secrets (either the connection string, or the account key with `storageAccount` below):
 *   pulumi config set --secret milvus-import:apiKey                   <Zilliz Cloud API key>
 *   pulumi config set --secret milvus-import:storageConnectionString  "DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=core.windows.net"
 *   # or
 *   pulumi config set --secret milvus-import:storageSecretKey         <account key>
 */
import * as pulumi from "@pulumi/pulumi";
import { Collection, type CollectionSchema, ImportJob } from "pulumi-milvus-import";

const config = new pulumi.Config();
/** e.g. https://in05-xxxx.api.az-eastus.zillizcloud.com */
const clusterEndpoint = config.require("clusterEndpoint");
const clusterId = config.require("clusterId");
/** Storage account name (not secret) and container. */
const storageAccount = config.require("storageAccount");
const container = config.require("container");
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
  storage: { provider: "azure", bucket: container, accountName: storageAccount, remotePath: "milvus-import" },
});

export const jobId = articlesImport.jobId;
export const importedRows = articlesImport.importedRows;
export const objectUrls = articlesImport.objectUrls;
