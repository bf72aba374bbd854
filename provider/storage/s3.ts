/**
 * S3-compatible store (AWS S3, GCS interoperability API, MinIO, ...) on @aws-sdk/client-s3. SDKs
 * are required inside functions: Pulumi dynamic providers serialize closures, so module-level SDK
 * imports are type-only.
 *
 * The SDK's automatic checksums are WHEN_REQUIRED: its default CRC32 trailers (aws-chunked bodies)
 * break GCS and older S3-compatible stores. Integrity comes from checksums we compute and send
 * ourselves as plain headers, which the server verifies (see send()).
 */

import type { Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import { BaseStore, forEachLimit, SHA256_METADATA_KEY } from "./base";
import { acquire, release } from "./bufferPool";
import type { GcsStorageConfig, S3StorageConfig } from "./config";
import { GCS_DEFAULT_ENDPOINT, resolveS3Credentials, resolveS3Region } from "./credentials";
import { crc32Base64, type Digest, s3CompositeCrc32, s3MultipartEtag } from "./digest";
import { readRange, type UploadSource } from "./source";
import type { ObjectInfo, ObjectUrlInput, PutOptions, StorageProvider } from "./types";
import { encodeKey } from "./urlKeys";

const MiB = 1024 * 1024;
const S3_MAX_PARTS = 10_000;

export class S3Store extends BaseStore {
  readonly provider: StorageProvider;
  readonly bucket: string;
  private readonly config: S3StorageConfig | GcsStorageConfig;
  private readonly credentials: ReturnType<typeof resolveS3Credentials>;
  private readonly region: string;
  private readonly endpoint?: string;
  private readonly integrity: "crc32" | "md5";
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
    // GCS's XML API has no S3 flexible checksums; AWS S3 and MinIO verify x-amz-checksum-crc32.
    this.integrity = config.provider === "gcs" ? "md5" : (config.integrity ?? "crc32");
    this.digestNeeds = this.integrity === "crc32" ? { crc32: true } : { md5: true };
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
        // socketTimeout = no bytes either way for this long (requestTimeout only warns by default).
        requestHandler: { connectionTimeout: Math.min(10_000, timeoutMs), socketTimeout: timeoutMs },
      });
      // Over plain http the SigV4 signer hashes every body (SHA-256, ~1 GB/s: a second full hash
      // pass on top of ours, ~1 s CPU per GiB in bench/upload.ts). Integrity is already end to end:
      // each body carries a CRC32 or Content-MD5 of the local bytes that the server checks. So the
      // payload is sent as UNSIGNED-PAYLOAD, as the SDK already does for stream bodies.
      this.clientCache.middlewareStack.add(
        (next) => async (args) => {
          const req = args.request as { headers?: Record<string, string>; body?: unknown };
          if (req?.headers && req.body !== undefined && !("x-amz-content-sha256" in req.headers)) {
            req.headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";
          }
          return next(args);
        },
        { step: "build", name: "pmiUnsignedPayload" },
      );
      // GCS answers AWS-signed requests with its own x-goog-meta-* response headers (it accepts
      // x-amz-meta-* on requests); surface them as Metadata so the SHA-256 skip check still works.
      this.clientCache.middlewareStack.add(
        (next) => async (args) => {
          const result = await next(args);
          const headers =
            (result.response as { headers?: Record<string, string> } | undefined)?.headers ?? {};
          const output = result.output as { Metadata?: Record<string, string> } | undefined;
          if (!output) return result;
          for (const [name, value] of Object.entries(headers)) {
            if (!name.toLowerCase().startsWith("x-goog-meta-")) continue;
            output.Metadata ??= {};
            output.Metadata[name.slice("x-goog-meta-".length).toLowerCase()] ??= value;
          }
          return result;
        },
        // "high" = outside the SDK's deserializer, so the parsed output already exists here.
        { step: "deserialize", name: "pmiGoogMetadata", priority: "high" },
      );
    }
    return this.clientCache;
  }

  protected partSizeFor(size: number): number {
    const wanted = this.config.partSizeBytes ?? 16 * MiB;
    return Math.max(wanted, Math.ceil(size / S3_MAX_PARTS));
  }

  /**
   * Single PUT for one part; otherwise a multipart upload driven part by part with the SDK's
   * commands. lib-storage's Upload was the first implementation, but its stream chunker copies
   * every byte once more (Buffer.concat per part: 0.7 s CPU per 256 MiB in a profile of
   * bench/upload.ts, plus the GC churn of a fresh 17 MiB buffer per part) and it cannot send
   * per-part checksums. Here each part is read straight into a pooled buffer and sent with the
   * checksum we already computed, which the server verifies before accepting the part:
   *  - "crc32" (default for S3): x-amz-checksum-crc32 per part; the composite CRC of the object
   *    must equal ours. zlib's CRC32 runs ~8x faster than MD5, which matters on small machines.
   *  - "md5" (GCS, stores without flexible checksums): Content-MD5 per part; the object's ETag
   *    must equal the MD5 (single part) or md5-of-part-MD5s (multipart) we computed.
   * Any failure aborts the multipart upload so no orphaned parts are left.
   */
  protected async send(
    key: string,
    source: UploadSource,
    digest: Digest,
    opts: PutOptions,
  ): Promise<boolean> {
    const { PutObjectCommand } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
    const ContentType = opts.contentType ?? "application/octet-stream";
    const Metadata = { [SHA256_METADATA_KEY]: digest.sha256 };
    if (digest.partCount > 1) {
      await this.sendMultipart(key, source, digest, opts, ContentType, Metadata);
      return this.wholeObjectConfirmed(digest);
    }
    const body = await readRange(source, 0, source.size);
    const r = await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentLength: body.length,
        ContentType,
        Metadata,
        ...this.partChecksum(digest, 0),
      }),
      { abortSignal: opts.signal },
    );
    opts.onProgress?.({ key, bytesDone: source.size, bytesTotal: source.size });
    if (this.integrity === "crc32") this.checkCrc32(key, r.ChecksumCRC32, crc32Base64(digest.partCrc32s[0]));
    else this.checkEtag(key, r.ETag, digest, r.ServerSideEncryption);
    return this.wholeObjectConfirmed(digest, r.ServerSideEncryption);
  }

  /** Whether the checks in send() covered the whole stored object (so no verifying HEAD is needed). */
  private wholeObjectConfirmed(digest: Digest, sse?: string): boolean {
    if (this.integrity === "crc32") return true;
    // md5: a KMS-encrypted ETag is not an MD5, and GCS multipart objects have no MD5 ETag.
    return !(sse?.startsWith("aws:kms") || (this.provider === "gcs" && digest.partCount > 1));
  }

  private partChecksum(digest: Digest, i: number): { ChecksumCRC32: string } | { ContentMD5: string } {
    return this.integrity === "crc32"
      ? { ChecksumCRC32: crc32Base64(digest.partCrc32s[i]) }
      : { ContentMD5: digest.partMd5s[i].toString("base64") };
  }

  private async sendMultipart(
    key: string,
    source: UploadSource,
    digest: Digest,
    opts: PutOptions,
    ContentType: string,
    Metadata: Record<string, string>,
  ): Promise<void> {
    const sdk = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
    const Bucket = this.bucket;
    const crc = this.integrity === "crc32";
    const created = await this.client.send(
      new sdk.CreateMultipartUploadCommand({
        Bucket,
        Key: key,
        ContentType,
        Metadata,
        ...(crc ? { ChecksumAlgorithm: "CRC32" } : {}),
      }),
      { abortSignal: opts.signal },
    );
    const UploadId = created.UploadId;
    if (!UploadId) this.fail("put", key, "Unknown", "CreateMultipartUpload returned no UploadId");
    const parts: Array<{ ETag: string; PartNumber: number; ChecksumCRC32?: string }> = [];
    let done = 0;
    try {
      const indexes = Array.from({ length: digest.partCount }, (_, i) => i);
      await forEachLimit(indexes, this.config.concurrency ?? 8, async (i) => {
        if (opts.signal?.aborted) throw Object.assign(new Error("upload aborted"), { name: "AbortError" });
        const start = i * digest.partSize;
        const end = Math.min(source.size, start + digest.partSize);
        const buf = acquire(end - start);
        try {
          const body = await readRange(source, start, end, buf);
          const checksum = this.partChecksum(digest, i);
          const r = await this.client.send(
            new sdk.UploadPartCommand({
              Bucket,
              Key: key,
              UploadId,
              PartNumber: i + 1,
              Body: body,
              ContentLength: body.length,
              ...checksum,
            }),
            { abortSignal: opts.signal },
          );
          if (!r.ETag)
            this.fail("put", key, "IntegrityMismatch", `part ${i + 1}: the store returned no ETag`);
          if ("ChecksumCRC32" in checksum)
            this.checkCrc32(key, r.ChecksumCRC32, checksum.ChecksumCRC32, i + 1);
          parts[i] = {
            ETag: r.ETag,
            PartNumber: i + 1,
            ...("ChecksumCRC32" in checksum ? { ChecksumCRC32: checksum.ChecksumCRC32 } : {}),
          };
        } finally {
          release(buf);
        }
        done += end - start;
        opts.onProgress?.({ key, bytesDone: done, bytesTotal: source.size });
      });
      const r = await this.client.send(
        new sdk.CompleteMultipartUploadCommand({
          Bucket,
          Key: key,
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
        { abortSignal: opts.signal },
      );
      if (crc) this.checkCrc32(key, r.ChecksumCRC32, s3CompositeCrc32(digest.partCrc32s));
      else this.checkEtag(key, r.ETag, digest, r.ServerSideEncryption);
    } catch (e) {
      // Best effort (bounded by the client's timeouts); the original error is what matters.
      await this.client
        .send(new sdk.AbortMultipartUploadCommand({ Bucket, Key: key, UploadId }))
        .catch(() => undefined);
      throw e;
    }
  }

  private checkCrc32(key: string, got: string | undefined, expected: string, part?: number): void {
    const what = part === undefined ? "object" : `part ${part}`;
    if (!got) {
      this.fail(
        "verify",
        key,
        "IntegrityMismatch",
        `the store did not confirm the CRC32 of ${what}; if it lacks S3 flexible checksums, set integrity: "md5"`,
      );
    }
    if (got !== expected)
      this.fail("verify", key, "IntegrityMismatch", `${what} CRC32 ${got} != local ${expected}`);
  }

  private checkEtag(key: string, rawEtag: string | undefined, digest: Digest, sse: string | undefined): void {
    // With SSE-KMS the ETag is not an MD5; size + SHA-256 metadata are still checked.
    if (sse === "aws:kms" || sse === "aws:kms:dsse") return;
    const etag = (rawEtag ?? "").replace(/"/g, "").toLowerCase();
    if (!etag) this.fail("verify", key, "IntegrityMismatch", "the store returned no ETag");
    if (digest.partCount > 1) {
      // GCS's XML multipart objects carry no MD5 (documented); their ETag is not md5-of-md5s.
      // Each part's Content-MD5 was still verified by the server.
      if (this.provider === "gcs") return;
      const expected = s3MultipartEtag(digest.partMd5s);
      if (etag !== expected)
        this.fail("verify", key, "IntegrityMismatch", `multipart ETag ${etag} != expected ${expected}`);
      return;
    }
    const md5 = digest.partMd5s[0].toString("hex");
    if (etag !== md5)
      this.fail("verify", key, "IntegrityMismatch", `ETag ${etag} != MD5 of local content ${md5}`);
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
    const sdk = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
    const out: ObjectInfo[] = [];
    const add = (contents: Array<{ Key?: string; Size?: number; ETag?: string }> | undefined) => {
      for (const o of contents ?? []) {
        if (o.Key) out.push({ key: o.Key, size: Number(o.Size ?? 0), etag: o.ETag?.replace(/"/g, "") });
      }
    };
    const Prefix = prefix || undefined;
    if (this.provider === "gcs") {
      // The original ListObjects (marker paging) is the listing GCS's XML API documents for
      // S3 interoperability; ListObjectsV2 support there is unconfirmed.
      let Marker: string | undefined;
      for (;;) {
        const r = await this.client.send(new sdk.ListObjectsCommand({ Bucket: this.bucket, Prefix, Marker }));
        add(r.Contents);
        if (!r.IsTruncated) break;
        Marker = r.NextMarker ?? out.at(-1)?.key;
        if (!Marker) break;
      }
      return out;
    }
    let ContinuationToken: string | undefined;
    do {
      const r = await this.client.send(
        new sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix, ContinuationToken }),
      );
      add(r.Contents);
      ContinuationToken = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (ContinuationToken);
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
    const url = this.provider === "gcs" ? gcsObjectUrl : s3ObjectUrl;
    return url({ provider: this.provider, bucket: this.bucket, key });
  }

  /** Releases sockets (the CLI calls it before exiting). */
  destroy(): void {
    this.clientCache?.destroy();
    this.clientCache = undefined;
  }
}

/** s3://bucket/key, or https: path-style under a custom endpoint, virtual-hosted on AWS. */
export function s3ObjectUrl({ bucket, key, style, endpoint, region }: ObjectUrlInput): string {
  if ((style ?? "uri") === "uri") return `s3://${bucket}/${key}`;
  if (endpoint) return `${endpoint.replace(/\/+$/, "")}/${bucket}/${encodeKey(key)}`;
  return `https://${bucket}.s3.${region ?? "us-east-1"}.amazonaws.com/${encodeKey(key)}`;
}

/** gs://bucket/key, or https://storage.cloud.google.com/<bucket>/<key>. */
export function gcsObjectUrl({ bucket, key, style }: ObjectUrlInput): string {
  return (style ?? "uri") === "uri"
    ? `gs://${bucket}/${key}`
    : `https://storage.cloud.google.com/${bucket}/${encodeKey(key)}`;
}
