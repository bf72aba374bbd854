/**
 * Azure Blob store on @azure/storage-blob (required lazily; see s3.ts). Auth: connection string,
 * account name + key, or SAS token.
 *
 * Integrity is checked by the service, not just by us: small blobs go in one Put Blob with a
 * transactional Content-MD5; large ones are staged block by block (in parallel), each block with
 * its own transactional MD5 the service verifies, then committed with the SHA-256 as metadata.
 * (The SDK's uploadFile cannot send per-block MD5s.) Uncommitted blocks of a failed upload are
 * discarded by Azure after 7 days; there is no explicit abort in the Blob API.
 */

import type { Readable } from "node:stream";
import type { ContainerClient } from "@azure/storage-blob";
import { BaseStore, forEachLimit, SHA256_METADATA_KEY } from "./base";
import { acquire, release } from "./bufferPool";
import type { AzureStorageConfig } from "./config";
import { type AzureAuth, resolveAzureAuth } from "./credentials";
import { type Digest, wholeMd5 } from "./digest";
import { StorageError } from "./errors";
import { readRange, type UploadSource } from "./source";
import type { ObjectInfo, ObjectUrlInput, PutOptions, StorageProvider } from "./types";
import { encodeKey } from "./urlKeys";

const MiB = 1024 * 1024;
const MAX_BLOCKS = 50_000;

function secretsOf(auth: AzureAuth): string[] {
  if (auth.kind === "sharedKey") return [auth.accountKey];
  if (auth.kind === "sas") return [auth.sasToken, ...sasSignatures(auth.sasToken)];
  const parts = auth.connectionString.split(";").map((p) => p.trim());
  const out = [auth.connectionString];
  for (const p of parts) {
    const eq = p.indexOf("=");
    const name = p.slice(0, eq).toLowerCase();
    if (name === "accountkey" || name === "sharedaccesssignature")
      out.push(p.slice(eq + 1), ...sasSignatures(p.slice(eq + 1)));
  }
  return out;
}

/** The sig= value of a SAS token, which is the part that grants access. */
function sasSignatures(sas: string): string[] {
  const sig = new URLSearchParams(sas.replace(/^\?/, "")).get("sig");
  return sig ? [sig] : [];
}

export class AzureStore extends BaseStore {
  readonly provider: StorageProvider = "azure";
  readonly bucket: string;
  private readonly config: AzureStorageConfig;
  private readonly auth: AzureAuth;
  private containerCache?: ContainerClient;

  constructor(config: AzureStorageConfig) {
    const auth = resolveAzureAuth(config);
    super(secretsOf(auth));
    this.bucket = config.bucket;
    this.config = config;
    this.auth = auth;
    this.digestNeeds = { md5: true };
  }

  private get container(): ContainerClient {
    if (!this.containerCache) {
      const sdk = require("@azure/storage-blob") as typeof import("@azure/storage-blob");
      const timeoutMs = this.config.timeoutMs ?? 120_000;
      const options = {
        retryOptions: {
          maxTries: this.config.maxAttempts ?? 3,
          tryTimeoutInMs: timeoutMs,
          retryDelayInMs: 200,
          maxRetryDelayInMs: 2000,
        },
      };
      const a = this.auth;
      const service =
        a.kind === "connectionString"
          ? sdk.BlobServiceClient.fromConnectionString(a.connectionString, options)
          : a.kind === "sharedKey"
            ? new sdk.BlobServiceClient(
                a.endpoint,
                new sdk.StorageSharedKeyCredential(a.accountName, a.accountKey),
                options,
              )
            : new sdk.BlobServiceClient(
                `${a.endpoint}?${a.sasToken}`,
                new sdk.AnonymousCredential(),
                options,
              );
      this.containerCache = service.getContainerClient(this.bucket);
    }
    return this.containerCache;
  }

  /** Blob service URL without any SAS query (URLs we hand out must not carry credentials). */
  get serviceUrl(): string {
    const u = new URL(this.container.url);
    return `${u.origin}${u.pathname}`.replace(/\/[^/]*\/?$/, "");
  }

  /** Time one SDK call may take including its retries (the SDK's own try timeout is server-side only). */
  private get budgetMs(): number {
    return (this.config.timeoutMs ?? 120_000) * (this.config.maxAttempts ?? 3) + 2_000;
  }

  /**
   * Runs one SDK call under a client-side deadline: @azure/storage-blob's tryTimeoutInMs is only
   * sent to the service as ?timeout=, so a server that accepts and never answers would hang forever.
   */
  private async deadline<T>(
    user: AbortSignal | undefined,
    call: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const timer = AbortSignal.timeout(this.budgetMs);
    try {
      return await call(user ? AbortSignal.any([user, timer]) : timer);
    } catch (e) {
      if (timer.aborted && !user?.aborted) {
        throw Object.assign(new Error(`no answer within ${this.budgetMs} ms`), {
          name: "TimeoutError",
          code: "ETIMEDOUT",
        });
      }
      throw e;
    }
  }

  protected partSizeFor(size: number): number {
    return Math.max(this.config.partSizeBytes ?? 16 * MiB, Math.ceil(size / MAX_BLOCKS));
  }

  protected async send(
    key: string,
    source: UploadSource,
    digest: Digest,
    opts: PutOptions,
  ): Promise<boolean> {
    const blob = this.container.getBlockBlobClient(key);
    const metadata = { [SHA256_METADATA_KEY]: digest.sha256 };
    const blobContentType = opts.contentType ?? "application/octet-stream";
    const single = wholeMd5(digest);
    if (single) {
      const body = await readRange(source, 0, source.size);
      const r = await this.deadline(opts.signal, (abortSignal) =>
        blob.upload(body, body.length, {
          blobHTTPHeaders: { blobContentType, blobContentMD5: single },
          transactionalContentMD5: single,
          metadata,
          abortSignal,
        }),
      );
      if (r.contentMD5 && !Buffer.from(r.contentMD5).equals(single)) {
        this.fail("verify", key, "IntegrityMismatch", "service Content-MD5 differs from the local MD5");
      }
      // The service checked the transactional MD5 of the whole blob; confirmed when it echoed it.
      return r.contentMD5 !== undefined;
    }
    const n = digest.partCount;
    // Block ids must all have the same length within a blob.
    const ids = Array.from({ length: n }, (_, i) =>
      Buffer.from(`pmi-${String(i).padStart(6, "0")}`).toString("base64"),
    );
    let done = 0;
    await forEachLimit(ids, this.config.concurrency ?? 8, async (id, i) => {
      const start = i * digest.partSize;
      const end = Math.min(source.size, start + digest.partSize);
      const buf = acquire(end - start);
      try {
        const body = await readRange(source, start, end, buf);
        await this.deadline(opts.signal, (abortSignal) =>
          blob.stageBlock(id, body, body.length, {
            transactionalContentMD5: digest.partMd5s[i],
            abortSignal,
          }),
        );
      } finally {
        release(buf);
      }
      done += end - start;
      opts.onProgress?.({ key, bytesDone: done, bytesTotal: source.size });
    });
    await this.deadline(opts.signal, (abortSignal) =>
      blob.commitBlockList(ids, { blobHTTPHeaders: { blobContentType }, metadata, abortSignal }),
    );
    // Each block's MD5 was verified, but not the committed whole: the caller HEADs to check size.
    return false;
  }

  protected async headRaw(key: string): Promise<ObjectInfo | undefined> {
    try {
      const p = await this.deadline(undefined, (abortSignal) =>
        this.container.getBlockBlobClient(key).getProperties({ abortSignal }),
      );
      return {
        key,
        size: Number(p.contentLength ?? 0),
        etag: p.contentMD5 ? Buffer.from(p.contentMD5).toString("base64") : p.etag?.replace(/"/g, ""),
        sha256: p.metadata?.[SHA256_METADATA_KEY],
      };
    } catch (e) {
      const status = (e as { statusCode?: number }).statusCode;
      if (status === 404) return undefined;
      if (status === 403) {
        // HEAD errors have no body; a 1-byte GET returns the same failure with its error code.
        await this.container
          .getBlockBlobClient(key)
          .download(0, 1, { abortSignal: AbortSignal.timeout(this.budgetMs) })
          .then(
            (r) => (r.readableStreamBody as Readable | undefined)?.destroy(),
            (diagnosed) => {
              throw diagnosed;
            },
          );
      }
      throw e;
    }
  }

  protected async listRaw(prefix: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    let continuationToken: string | undefined;
    do {
      // One deadline per page, so a long listing is not cut short but a hung page is.
      const page = await this.deadline(undefined, async (abortSignal) => {
        const pages = this.container
          .listBlobsFlat({ prefix: prefix || undefined, abortSignal })
          .byPage({ continuationToken, maxPageSize: 5000 });
        return (await pages.next()).value;
      });
      for (const b of page?.segment.blobItems ?? []) {
        const md5 = b.properties.contentMD5;
        out.push({
          key: b.name,
          size: Number(b.properties.contentLength ?? 0),
          etag: md5 ? Buffer.from(md5).toString("base64") : b.properties.etag?.replace(/"/g, ""),
        });
      }
      continuationToken = page?.continuationToken || undefined;
    } while (continuationToken);
    return out;
  }

  protected async getRaw(key: string): Promise<Readable> {
    // Only the response headers are bounded here; the body stream is the caller's to consume.
    const r = await this.deadline(undefined, () => this.container.getBlockBlobClient(key).download(0));
    return r.readableStreamBody as Readable;
  }

  protected async deleteKeys(keys: string[]): Promise<void> {
    await forEachLimit(keys, 16, async (k) => {
      await this.deadline(undefined, (abortSignal) =>
        this.container.getBlockBlobClient(k).delete({ abortSignal }),
      );
    });
  }

  objectUrl(key: string): string {
    return azureObjectUrl({ provider: "azure", bucket: this.bucket, key, endpoint: this.serviceUrl });
  }
}

/** https://<account>.blob.core.windows.net/<container>/<key> (or under the given blob endpoint, e.g. Azurite). */
export function azureObjectUrl({ bucket, key, endpoint, account }: ObjectUrlInput): string {
  const ep = endpoint ?? (account ? `https://${account}.blob.core.windows.net` : undefined);
  if (!ep) {
    throw new StorageError({
      provider: "azure",
      bucket,
      key,
      operation: "parseObjectUrl",
      code: "InvalidConfig",
      detail: "an Azure URL needs the blob endpoint or the account name",
    });
  }
  return `${ep.replace(/\/+$/, "")}/${bucket}/${encodeKey(key)}`;
}
