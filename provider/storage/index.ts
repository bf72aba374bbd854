/** Object storage: one ObjectStore interface over S3 / GCS / Azure Blob / Aliyun OSS / local. */
export * from "./types";
export * from "./config";
export { StorageError, type StorageErrorCode } from "./errors";
export { createObjectStore } from "./factory";
export { objectUrlFor, parseObjectUrl, type ObjectLocation, type ObjectUrlInput, type UrlStyle } from "./urls";
export { uploadFiles, type UploadItem, type UploadManyOptions, type UploadManyResult } from "./uploadMany";
export { validateStorageConfig } from "./configSchema";
export { LocalStore } from "./local";
export { S3Store } from "./s3";
export { AzureStore } from "./azure";
export { OssStore } from "./oss";
