/**
 * Public surface of pulumi-milvus-import (`require("pulumi-milvus-import")`): the Pulumi resources,
 * the BulkWriter, the object-store and API-client factories, the errors they throw, and the types a
 * program declares its collections and imports with. Each name below is listed on purpose (a unit
 * test pins the list). The rest of the library is reached through the package's subpaths:
 *   pulumi-milvus-import/engine     the embedded local engine (openLocalEngine, LocalEngine)
 *   pulumi-milvus-import/emulator   the Zilliz Cloud / Milvus REST emulator (startEmulator)
 *   pulumi-milvus-import/pipeline   the import pipeline without Pulumi (plan, runImport, removeImport)
 *   pulumi-milvus-import/{api,bulkwriter,cli,schema,sources,storage,validate}  each module's own index
 * Subpath modules are the library's internals: usable, but not covered by the root's stability.
 * SDKs are loaded lazily inside the modules, so requiring the package is cheap.
 */

// --- Errors ---
export { ApiError, ImportJobFailedError, WaitTimeoutError } from "./api/errors";
// --- API clients: Zilliz Cloud v1/v2 import, Milvus REST v2 ---
export {
  type ApiClientSettings,
  type ClosableImportApi,
  createCollectionApi,
  createImportApi,
} from "./api/factory";
export { type WaitOptions, waitForImport } from "./api/waiter";
// --- BulkWriter: Milvus import files (JSON, Parquet, NumPy, CSV) ---
export { BulkWriteError, type BulkWriterOptions, LocalBulkWriter } from "./bulkwriter/bulkWriter";
export { CsvEncodingError } from "./bulkwriter/csvEncoder";
export type { FileFormat } from "./bulkwriter/manifest";
export { NumpyUnsupportedError } from "./bulkwriter/numpyEncoder";
export { RemoteBulkWriter, type RemoteBulkWriterOptions } from "./bulkwriter/remoteBulkWriter";
export type { CollectionApi, ImportApi, ImportApiKind, ImportJobInfo, JobState } from "./contracts";
/** A generated sample data set (the quickstart's medium_articles). */
export * as datasets from "./datasets/mediumArticles";
export { PlanError } from "./pipeline/plan";
export { ImportRunError } from "./pipeline/run";
export type {
  ConnectionConfig,
  OwnershipMode,
  SourceFormat,
  SourceSpec,
  StagingConfig,
} from "./pipeline/types";
// --- Pulumi resources ---
export {
  Collection,
  type CollectionArgs,
  type CollectionRefArgs,
  ImportJob,
  type ImportJobArgs,
} from "./resources";
export { SchemaValidationError } from "./schema/errors";
// --- Declaring collections, data and connections ---
export type { CollectionSchema, DataType, FieldSchema, IndexSpec } from "./schema/types";
export { SourceFormatError } from "./sources/openSource";
export type {
  AzureStorageConfig,
  GcsStorageConfig,
  LocalStorageConfig,
  OssStorageConfig,
  S3StorageConfig,
  StorageConfig,
  StorageProvider,
} from "./storage/config";
export { StorageError } from "./storage/errors";
// --- Object storage: S3, GCS, Azure Blob, Aliyun OSS, local directory ---
export { createObjectStore } from "./storage/factory";
export type { ObjectStore } from "./storage/types";
export { DataValidationError } from "./validate/issues";
export { JsonValueError } from "./validate/jsonText";
