/** Object storage: one ObjectStore interface over S3 / GCS / Azure Blob / Aliyun OSS / local. */

export { AzureStore } from "./azure";
export * from "./config";
export { validateStorageConfig } from "./configSchema";
export * from "./credentials";
export { StorageError, type StorageErrorCode } from "./errors";
export { createObjectStore } from "./factory";
export { LocalStore } from "./local";
export { OssStore } from "./oss";
export { S3Store } from "./s3";
export * from "./types";
export { type UploadItem, type UploadManyOptions, type UploadManyResult, uploadFiles } from "./uploadMany";
export {
  type ObjectLocation,
  type ObjectUrlInput,
  objectUrlFor,
  parseObjectUrl,
  type UrlStyle,
} from "./urls";
