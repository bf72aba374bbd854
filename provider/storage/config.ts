/**
 * Typed storage configuration, one variant per provider (types only: credentials are resolved in
 * credentials.ts, stores are built from stores/).
 */

/** Tuning shared by the network stores. */
export interface TransferTuning {
  /** Multipart part / block size in bytes (S3 min 5 MiB except in tests against MinIO; OSS min 100 KiB). */
  partSizeBytes?: number;
  /** Parts of one object in flight at once. */
  concurrency?: number;
  /** Per-request timeout in ms (a stalled request fails after this). */
  timeoutMs?: number;
  /** Total attempts per request including the first (bounded so bad endpoints fail fast). */
  maxAttempts?: number;
}

export interface S3StorageConfig extends TransferTuning {
  provider: "s3";
  bucket: string;
  region?: string;
  /** S3-compatible endpoint (MinIO, R2, ...); omit for AWS. */
  endpoint?: string;
  forcePathStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /**
   * How the server proves it stored our bytes: "crc32" (default; x-amz-checksum-crc32 per part,
   * AWS S3 and MinIO) or "md5" (Content-MD5 per part + ETag; for S3-compatible stores without
   * flexible checksums).
   */
  integrity?: "crc32" | "md5";
}

/** GCS through its S3-interoperable XML API with HMAC keys. */
export interface GcsStorageConfig extends TransferTuning {
  provider: "gcs";
  bucket: string;
  /** Defaults to https://storage.googleapis.com. */
  endpoint?: string;
  /** Defaults to "auto". */
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export interface AzureStorageConfig extends TransferTuning {
  provider: "azure";
  /** The container. */
  bucket: string;
  connectionString?: string;
  accountName?: string;
  accountKey?: string;
  sasToken?: string;
  /** Blob service URL; defaults to https://<accountName>.blob.core.windows.net. */
  endpoint?: string;
}

export interface OssStorageConfig extends TransferTuning {
  provider: "oss";
  bucket: string;
  /** e.g. "oss-cn-hangzhou" or "cn-hangzhou". */
  region?: string;
  /** Custom endpoint (e.g. a test server); defaults to the region's public endpoint. */
  endpoint?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  /** Use OSS signature V4 (OSS4-HMAC-SHA256) instead of V1. */
  authorizationV4?: boolean;
  secure?: boolean;
}

export interface LocalStorageConfig {
  provider: "local";
  /** Directory standing in for the bucket. */
  root: string;
  /** Create the directory if missing (default false: a missing root is NoSuchBucket, like a bucket). */
  createRoot?: boolean;
}

export type StorageConfig =
  | S3StorageConfig
  | GcsStorageConfig
  | AzureStorageConfig
  | OssStorageConfig
  | LocalStorageConfig;

/** The storage backends, named by their config's `provider`. */
export type StorageProvider = StorageConfig["provider"];
