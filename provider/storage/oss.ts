/**
 * Aliyun OSS store on ali-oss (required lazily; see s3.ts), signature V1 or V4.
 *
 * Integrity: every request body carries a Content-MD5 the service verifies (whole object for a
 * single PUT, per part for multipart), and the CRC-64 OSS computes over the stored object
 * (x-oss-hash-crc64ecma) must equal ours. Multipart is driven with the low-level calls (initiate /
 * uploadPart / complete) rather than multipartUpload(), because that one neither sends part MD5s
 * nor aborts on failure; we abort, so no orphaned parts are left behind.
 */

import type { Readable } from "node:stream";
import type OSS from "ali-oss";
import { BaseStore, forEachLimit, SHA256_METADATA_KEY } from "./base";
import type { OssStorageConfig } from "./config";
import { ossRegion, resolveOssCredentials } from "./credentials";
import { type Digest, wholeMd5 } from "./digest";
import { readRange, type UploadSource } from "./source";
import type { ObjectInfo, ObjectUrlInput, PutOptions, StorageProvider } from "./types";
import { encodeKey } from "./urlKeys";

const MiB = 1024 * 1024;
const OSS_MIN_PART = 100 * 1024;
const OSS_MAX_PARTS = 10_000;

type Headers = Record<string, string | undefined>;
const headersOf = (r: unknown): Headers =>
  ((r as { res?: { headers?: Headers } }).res?.headers ?? {}) as Headers;

export class OssStore extends BaseStore {
  readonly provider: StorageProvider = "oss";
  readonly bucket: string;
  private readonly config: OssStorageConfig;
  private readonly creds: ReturnType<typeof resolveOssCredentials>;
  private clientCache?: OSS;

  constructor(config: OssStorageConfig) {
    const creds = resolveOssCredentials(config);
    super([creds.accessKeySecret, creds.securityToken, creds.accessKeyId]);
    this.bucket = config.bucket;
    this.config = config;
    this.creds = creds;
    this.digestNeeds = { md5: true, crc64: true };
  }

  private get client(): OSS {
    if (!this.clientCache) {
      const OSSClient = require("ali-oss") as typeof import("ali-oss");
      const c = this.config;
      this.clientCache = new OSSClient({
        accessKeyId: this.creds.accessKeyId,
        accessKeySecret: this.creds.accessKeySecret,
        stsToken: this.creds.securityToken,
        // ali-oss warns on every client with an STS token but no refresher; ours hands back the
        // same (caller-managed) credentials, which silences it without changing behaviour.
        ...(this.creds.securityToken
          ? {
              refreshSTSToken: async () => ({ ...this.creds, stsToken: this.creds.securityToken }),
              refreshSTSTokenInterval: 3600_000,
            }
          : {}),
        bucket: c.bucket,
        region: ossRegion(c.region),
        endpoint: c.endpoint,
        secure: c.secure ?? !c.endpoint?.startsWith("http:"),
        authorizationV4: c.authorizationV4 ?? false,
        timeout: c.timeoutMs ?? 120_000,
        // ali-oss retries only network errors (status -1/-2), and only this many times.
        retryMax: Math.max(0, (c.maxAttempts ?? 3) - 1),
      } as OSS.Options & { authorizationV4?: boolean });
    }
    return this.clientCache;
  }

  protected partSizeFor(size: number): number {
    return Math.max(this.config.partSizeBytes ?? 16 * MiB, OSS_MIN_PART, Math.ceil(size / OSS_MAX_PARTS));
  }

  protected async send(
    key: string,
    source: UploadSource,
    digest: Digest,
    opts: PutOptions,
  ): Promise<boolean> {
    const meta = { [SHA256_METADATA_KEY]: digest.sha256 } as unknown as OSS.UserMeta;
    const mime = opts.contentType ?? "application/octet-stream";
    const single = wholeMd5(digest);
    let crc: string | undefined;
    if (single) {
      const body = await readRange(source, 0, source.size);
      // ali-oss adds Content-MD5 for Buffer bodies; we set it explicitly so the check never silently drops.
      const r = await this.client.put(key, body, {
        meta,
        mime,
        headers: { "Content-MD5": single.toString("base64") },
      });
      crc = headersOf(r)["x-oss-hash-crc64ecma"];
    } else {
      crc = await this.sendMultipart(key, source, digest, meta, mime, opts);
    }
    crc ??= await this.headCrc64(key);
    if (crc === undefined)
      this.fail("verify", key, "IntegrityMismatch", "the store returned no x-oss-hash-crc64ecma");
    if (crc !== digest.crc64)
      this.fail("verify", key, "IntegrityMismatch", `stored CRC-64 ${crc} != local ${digest.crc64}`);
    // OSS computed this CRC-64 over the object it stored: the whole content is confirmed.
    return true;
  }

  private async sendMultipart(
    key: string,
    source: UploadSource,
    digest: Digest,
    meta: OSS.UserMeta,
    mime: string,
    opts: PutOptions,
  ): Promise<string | undefined> {
    const client = this.client;
    const { uploadId } = await client.initMultipartUpload(key, {
      meta,
      mime,
    } as OSS.InitMultipartUploadOptions);
    const parts: Array<{ number: number; etag: string }> = [];
    let done = 0;
    try {
      await forEachLimit(digest.partMd5s, this.config.concurrency ?? 8, async (md5, i) => {
        if (opts.signal?.aborted) throw Object.assign(new Error("upload aborted"), { name: "AbortError" });
        const start = i * digest.partSize;
        const end = Math.min(source.size, start + digest.partSize);
        const body = source.kind === "file" ? source.path : await readRange(source, start, end);
        const r = await client.uploadPart(key, uploadId, i + 1, body as unknown as string, start, end, {
          headers: { "Content-MD5": md5.toString("base64") },
        } as OSS.RequestOptions);
        const etag = r.etag.replace(/"/g, "").toLowerCase();
        if (etag !== md5.toString("hex"))
          this.fail("put", key, "IntegrityMismatch", `part ${i + 1} ETag ${etag} != its MD5`);
        parts.push({ number: i + 1, etag: r.etag });
        done += end - start;
        opts.onProgress?.({ key, bytesDone: done, bytesTotal: source.size });
      });
      const r = await client.completeMultipartUpload(key, uploadId, parts);
      return headersOf(r)["x-oss-hash-crc64ecma"];
    } catch (e) {
      // Best effort: the original error is what the caller needs to see.
      await client.abortMultipartUpload(key, uploadId).catch(() => undefined);
      throw e;
    }
  }

  private async headCrc64(key: string): Promise<string | undefined> {
    const r = await this.client.head(key);
    return headersOf(r)["x-oss-hash-crc64ecma"];
  }

  protected async headRaw(key: string): Promise<ObjectInfo | undefined> {
    try {
      const r = await this.client.head(key);
      const h = headersOf(r);
      return {
        key,
        size: Number(h["content-length"] ?? 0),
        etag: h.etag?.replace(/"/g, ""),
        sha256: (r.meta as Record<string, string> | null)?.[SHA256_METADATA_KEY],
      };
    } catch (e) {
      if ((e as { status?: number }).status === 404) return undefined;
      throw e;
    }
  }

  protected async listRaw(prefix: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      // Never pass undefined/empty values: they would be sent as "k=" but signed differently.
      const query: Record<string, string | number> = { "max-keys": 1000 };
      if (prefix) query.prefix = prefix;
      if (token) query["continuation-token"] = token;
      const r = (await this.client.listV2(query as OSS.ListV2ObjectsQuery, {})) as unknown as {
        objects?: Array<{ name: string; size: number; etag?: string }>;
        isTruncated: boolean;
        nextContinuationToken?: string | null;
      };
      for (const o of r.objects ?? [])
        out.push({ key: o.name, size: Number(o.size), etag: o.etag?.replace(/"/g, "") });
      token = r.isTruncated && r.nextContinuationToken ? r.nextContinuationToken : undefined;
    } while (token);
    return out;
  }

  protected async getRaw(key: string): Promise<Readable> {
    const r = await this.client.getStream(key);
    return r.stream as Readable;
  }

  protected async deleteKeys(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      await this.client.deleteMulti(keys.slice(i, i + 1000), { quiet: true });
    }
  }

  objectUrl(key: string): string {
    return ossObjectUrl({ provider: "oss", bucket: this.bucket, key });
  }
}

/** oss://bucket/key, or https://<bucket>.oss-<region>.aliyuncs.com/<key>. */
export function ossObjectUrl({ bucket, key, style, region }: ObjectUrlInput): string {
  if ((style ?? "uri") === "uri") return `oss://${bucket}/${key}`;
  const host = (region ?? "oss-cn-hangzhou").replace(/^(?!oss-)/, "oss-");
  return `https://${bucket}.${host}.aliyuncs.com/${encodeKey(key)}`;
}
