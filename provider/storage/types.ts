/**
 * One interface over every object store the import can read from: S3-compatible (AWS, GCS interop,
 * MinIO), Azure Blob, Aliyun OSS and a local directory. Keys are relative to the store's bucket /
 * container / root directory and never start with "/".
 */
import type { Readable } from "node:stream";

import type { StorageProvider } from "./config";

export type { StorageProvider };

export interface ObjectInfo {
  key: string;
  size: number;
  /** Backend checksum as the backend reports it (ETag, Content-MD5, x-amz-checksum-sha256, ...). */
  etag?: string;
  /** SHA-256 hex of the content when the store recorded it (we write it as object metadata). */
  sha256?: string;
}

export interface TransferProgress {
  key: string;
  bytesDone: number;
  bytesTotal: number;
}

export interface PutOptions {
  /** SHA-256 hex of the content; stored as metadata and used to skip identical re-uploads. */
  sha256?: string;
  contentType?: string;
  onProgress?: (p: TransferProgress) => void;
  signal?: AbortSignal;
}

export interface PutResult {
  key: string;
  size: number;
  /** true when an object with the same key, size and SHA-256 already existed, so nothing was sent. */
  skipped: boolean;
}

export interface ObjectStore {
  readonly provider: StorageProvider;
  /** Bucket, container or root directory (for messages and URLs). */
  readonly bucket: string;
  putFile(key: string, localPath: string, opts?: PutOptions): Promise<PutResult>;
  putStream(key: string, body: Readable | Buffer, size: number, opts?: PutOptions): Promise<PutResult>;
  head(key: string): Promise<ObjectInfo | undefined>;
  list(prefix: string): Promise<ObjectInfo[]>;
  get(key: string): Promise<Readable>;
  getBuffer(key: string): Promise<Buffer>;
  /** Deletes every object under the prefix; returns how many were deleted. */
  deletePrefix(prefix: string): Promise<number>;
  /** The URL the import APIs take for this key (s3://, gs://, https://<acct>.blob..., oss://, file://). */
  objectUrl(key: string): string;
}

/** Where an object URL points. */
export interface ObjectLocation {
  provider: StorageProvider;
  /** Bucket / container; "/" for file URLs (the key is then the absolute path without its leading "/"). */
  bucket: string;
  /** Key or folder prefix ("" = bucket root). */
  key: string;
  isFolder: boolean;
  /** Service endpoint when the URL names one (https forms, custom S3-compatible hosts, Azurite). */
  endpoint?: string;
  region?: string;
  /** Azure storage account. */
  account?: string;
}

export type UrlStyle = "uri" | "https";

export interface ObjectUrlInput {
  provider: StorageProvider;
  bucket: string;
  key: string;
  style?: UrlStyle;
  /** S3/OSS region for https URLs (OSS: "oss-cn-hangzhou" or "cn-hangzhou"). */
  region?: string;
  /** Azure blob endpoint (https://<account>.blob.core.windows.net or an Azurite URL); local: unused. */
  endpoint?: string;
  account?: string;
}
