/**
 * S3-compatible store (AWS S3, GCS interoperability API, MinIO, ...) on @aws-sdk/client-s3 and
 * @aws-sdk/lib-storage. SDKs are required inside functions: Pulumi dynamic providers serialize
 * closures, so module-level SDK imports are type-only.
 *
 * Checksums are set to WHEN_REQUIRED: the SDK's default CRC32 trailers (aws-chunked bodies) break
 * GCS and older S3-compatible stores. Integrity comes from the ETag instead: MD5 for a single PUT,
 * md5-of-part-MD5s "-N" for multipart, both recomputed locally from the same part size.
 */

import type { Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import { BaseStore, forEachLimit, SHA256_METADATA_KEY } from "./base";
import {
  GCS_DEFAULT_ENDPOINT,
  type GcsStorageConfig,
  resolveS3Credentials,
  resolveS3Region,
  type S3StorageConfig,
} from "./config";
import { type Digest, s3MultipartEtag, wholeMd5 } from "./digest";
import { openStream, type UploadSource } from "./source";
import type { ObjectInfo, PutOptions, StorageProvider } from "./types";
import { objectUrlFor } from "./urls";

const MiB = 1024 * 1024;
const S3_MAX_PARTS = 10_000;

export class S3Store extends BaseStore {
  readonly provider: StorageProvider;
  readonly bucket: string;
  private readonly config: S3StorageConfig | GcsStorageConfig;
  private readonly credentials: ReturnType<typeof resolveS3Credentials>;
  private readonly region: string;
  private readonly endpoint?: string;
  private clientCache?: S3Client;

  constructor(config: S3StorageConfig | GcsStorageConfig) {
    const credentials = resolveS3Credentials(config);
    super([credentials?.secretAccessKey, credentials?.sessionToken, credentials?.accessKeyId]);
    this.provider = config.provider;
    this.bucket = config.bucket;
    this.config = config;
    this.credentials = credentials;
    this.region = resolveS3Region(config);
    this.endpoint = config.provider === "gcs" ? (config.endpoint ?? GCS_DEFAULT_ENDPOINT) : config.endpoint;
  }

  private get client(): S3Client {
    if (!this.clientCache) {
      const { S3Client } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
      const timeoutMs = this.config.timeoutMs ?? 120_000;
      this.clientCache = new S3Client({
        region: this.region,
        endpoint: this.endpoint,
        // Custom endpoints are path-style by default: no wildcard DNS/TLS needed for bucket names.
        forcePathStyle:
          this.config.provider === "gcs" || (this.config.forcePathStyle ?? this.endpoint !== undefined),
        credentials: this.credentials,
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
        maxAttempts: this.config.maxAttempts ?? 3,
        requestHandler: { connectionTimeout: Math.min(10_000, timeoutMs), requestTimeout: timeoutMs },
      });
    }
    return this.clientCache;
  }

  protected partSizeFor(size: number): number {
    const wanted = this.config.partSizeBytes ?? 16 * MiB;
    return Math.max(wanted, Math.ceil(size / S3_MAX_PARTS));
  }

  protected async send(key: string, source: UploadSource, digest: Digest, opts: PutOptions): Promise<void> {
    const { Upload } = require("@aws-sdk/lib-storage") as typeof import("@aws-sdk/lib-storage");
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: openStream(source),
        ContentLength: source.size,
        ContentType: opts.contentType ?? "application/octet-stream",
        Metadata: { [SHA256_METADATA_KEY]: digest.sha256 },
      },
      partSize: digest.partSize,
      queueSize: this.config.concurrency ?? 8,
      // On failure lib-storage sends AbortMultipartUpload, so no orphaned parts are billed.
      leavePartsOnError: false,
    });
    upload.on("httpUploadProgress", (p) => {
      if (p.loaded !== undefined) opts.onProgress?.({ key, bytesDone: p.loaded, bytesTotal: source.size });
    });
    const onAbort = () => void upload.abort();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const res = await upload.done();
      this.checkEtag(
        key,
        (res as { ETag?: string }).ETag,
        digest,
        (res as { ServerSideEncryption?: string }).ServerSideEncryption,
      );
    } finally {
      opts.signal?.removeEventListener("abort", onAbort);
    }
  }

  private checkEtag(key: string, rawEtag: string | undefined, digest: Digest, sse: string | undefined): void {
    // With SSE-KMS / SSE-C the ETag is not an MD5; size + SHA-256 metadata are still checked.
    if (sse === "aws:kms" || sse === "aws:kms:dsse") return;
    const etag = (rawEtag ?? "").replace(/"/g, "").toLowerCase();
    if (!etag) this.fail("verify", key, "IntegrityMismatch", "the store returned no ETag");
    if (etag.includes("-")) {
      // GCS's XML multipart objects carry no MD5 (documented); their ETag is not md5-of-md5s.
      if (this.provider === "gcs") return;
      const expected = s3MultipartEtag(digest.partMd5s);
      if (etag !== expected)
        this.fail("verify", key, "IntegrityMismatch", `multipart ETag ${etag} != expected ${expected}`);
      return;
    }
    const md5 = wholeMd5(digest);
    if (!md5)
      this.fail(
        "verify",
        key,
        "IntegrityMismatch",
        `single-part ETag ${etag} for a ${digest.size}-byte multipart upload`,
      );
    if (etag !== md5.toString("hex")) {
      this.fail(
        "verify",
        key,
        "IntegrityMismatch",
        `ETag ${etag} != MD5 of local content ${md5.toString("hex")}`,
      );
    }
  }

  protected async headRaw(key: string): Promise<ObjectInfo | undefined> {
    const { HeadObjectCommand, GetObjectCommand } =
      require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        key,
        size: Number(r.ContentLength ?? 0),
        etag: r.ETag?.replace(/"/g, ""),
        sha256: r.Metadata?.[SHA256_METADATA_KEY],
      };
    } catch (e) {
      const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (err.name === "NotFound" || err.name === "NoSuchKey" || err.$metadata?.httpStatusCode === 404)
        return undefined;
      if (err.$metadata?.httpStatusCode === 403) {
        // A HEAD error has no body, so "403" cannot tell a bad signature from a missing permission.
        // A 1-byte ranged GET returns the same failure with its error code (SignatureDoesNotMatch, ...).
        await this.client
          .send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: "bytes=0-0" }))
          .then(
            (r) => (r.Body as Readable | undefined)?.destroy(),
            (diagnosed) => {
              throw diagnosed;
            },
          );
      }
      throw e;
    }
  }

  protected async listRaw(prefix: string): Promise<ObjectInfo[]> {
    const { ListObjectsV2Command } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
    const out: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const r = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix || undefined,
          ContinuationToken: token,
        }),
      );
      for (const o of r.Contents ?? []) {
        if (o.Key) out.push({ key: o.Key, size: Number(o.Size ?? 0), etag: o.ETag?.replace(/"/g, "") });
      }
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  protected async getRaw(key: string): Promise<Readable> {
    const { GetObjectCommand } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
    const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return r.Body as Readable;
  }

  protected async deleteKeys(keys: string[]): Promise<void> {
    // One DeleteObject per key: DeleteObjects needs a checksum header GCS and some stores reject.
    const { DeleteObjectCommand } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
    await forEachLimit(keys, 16, async (Key) => {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
    });
  }

  objectUrl(key: string): string {
    return objectUrlFor({ provider: this.provider, bucket: this.bucket, key });
  }

  /** Releases sockets (the CLI calls it before exiting). */
  destroy(): void {
    this.clientCache?.destroy();
    this.clientCache = undefined;
  }
}
