/**
 * The upload protocol shared by every backend, so each backend only says how to send bytes and how
 * to read an object's size and recorded SHA-256:
 *   1. skip: an object already at the key with the same size and SHA-256 metadata is not re-sent
 *      (when the caller passes the SHA-256, not even the local file is read);
 *   2. digest: one pass computes SHA-256 and what the backend checks (per-part MD5 or CRC32,
 *      CRC-64 for OSS);
 *   3. send: the backend uploads with its own integrity check (Content-MD5, x-amz-checksum-crc32,
 *      ETag, CRC-64) and stores the SHA-256 as metadata, aborting incomplete multipart uploads
 *      on failure;
 *   4. verify: the store's response confirms a whole-object checksum equal to ours, or else a
 *      HEAD must show the expected size and SHA-256.
 * Every failure becomes a StorageError naming provider, bucket and key, with secrets scrubbed.
 */
import type { Readable } from "node:stream";
import { acquire, release } from "./bufferPool";
import { type Digest, digestSource } from "./digest";
import { SecretScrubber, StorageError, type StorageErrorCode, toStorageError } from "./errors";
import { fileSource, readRange, spoolToTemp, type UploadSource } from "./source";
import type { ObjectInfo, ObjectStore, PutOptions, PutResult, StorageProvider } from "./types";

export const SHA256_METADATA_KEY = "sha256";
/** Files up to this size (and within one part) are uploaded from memory. */
const SMALL_FILE_IN_MEMORY = 32 * 1024 * 1024;

export abstract class BaseStore implements ObjectStore {
  abstract readonly provider: StorageProvider;
  abstract readonly bucket: string;
  protected readonly scrubber: SecretScrubber;

  constructor(secrets: Array<string | undefined>) {
    this.scrubber = new SecretScrubber(secrets);
  }

  /** Part size used both for digesting and for sending a source of this size. */
  protected abstract partSizeFor(size: number): number;
  /** Which checksums the backend verifies (computed in the one digest pass). */
  protected digestNeeds: { md5?: boolean; crc32?: boolean; crc64?: boolean } = {};
  /**
   * Sends the source, storing digest.sha256 as metadata; throws on a backend integrity mismatch.
   * Returns true when the store's response already confirmed a checksum of the whole stored object
   * against ours (then the verifying HEAD is skipped: one round trip less per file), false when
   * the caller must HEAD the object to check size and SHA-256 metadata.
   */
  protected abstract send(
    key: string,
    source: UploadSource,
    digest: Digest,
    opts: PutOptions,
  ): Promise<boolean>;
  protected abstract headRaw(key: string): Promise<ObjectInfo | undefined>;
  protected abstract listRaw(prefix: string): Promise<ObjectInfo[]>;
  protected abstract getRaw(key: string): Promise<Readable>;
  protected abstract deleteKeys(keys: string[]): Promise<void>;
  abstract objectUrl(key: string): string;

  async putFile(key: string, localPath: string, opts: PutOptions = {}): Promise<PutResult> {
    this.checkKey(key, "put");
    // A problem with the local file is the caller's, not the store's: say which file.
    const source = await fileSource(localPath).catch((e: NodeJS.ErrnoException) =>
      this.fail("put", key, "InvalidConfig", `cannot read local file ${localPath}: ${e.code ?? e.message}`),
    );
    return this.put(key, source, opts);
  }

  async putStream(
    key: string,
    body: Readable | Buffer,
    size: number,
    opts: PutOptions = {},
  ): Promise<PutResult> {
    this.checkKey(key, "put");
    if (Buffer.isBuffer(body)) {
      if (body.length !== size)
        this.fail("put", key, "InvalidConfig", `buffer has ${body.length} bytes, size says ${size}`);
      return this.put(key, { kind: "buffer", buffer: body, size }, opts);
    }
    // Known content already stored: skip without reading (or spooling) the stream at all.
    if (opts.sha256) {
      const existing = await this.guard("put", key, () => this.headRaw(key));
      if (existing && existing.size === size && existing.sha256 === opts.sha256) {
        body.destroy();
        opts.onProgress?.({ key, bytesDone: size, bytesTotal: size });
        return { key, size, skipped: true };
      }
    }
    const spool = await this.guard("put", key, () => spoolToTemp(body));
    try {
      const source = await fileSource(spool.path);
      if (source.size !== size)
        this.fail("put", key, "IntegrityMismatch", `stream had ${source.size} bytes, expected ${size}`);
      return await this.put(key, source, opts);
    } finally {
      await spool.cleanup();
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    this.checkKey(key, "head");
    return this.guard("head", key, () => this.headRaw(key));
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const all = await this.guard("list", prefix, () => this.listRaw(prefix));
    return all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async get(key: string): Promise<Readable> {
    this.checkKey(key, "get");
    return this.guard("get", key, () => this.getRaw(key));
  }

  async getBuffer(key: string): Promise<Buffer> {
    const stream = await this.get(key);
    return this.guard("get", key, async () => {
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
      return Buffer.concat(chunks);
    });
  }

  async deletePrefix(prefix: string): Promise<number> {
    // An empty prefix would empty the whole bucket: never what an import means to do.
    if (!prefix)
      this.fail("deletePrefix", prefix, "InvalidConfig", "refusing to delete with an empty prefix");
    const objects = await this.list(prefix);
    await this.guard("deletePrefix", prefix, () => this.deleteKeys(objects.map((o) => o.key)));
    return objects.length;
  }

  private async put(key: string, original: UploadSource, opts: PutOptions): Promise<PutResult> {
    let source = original;
    let pooled: Buffer | undefined;
    const progress = (done: number) => opts.onProgress?.({ key, bytesDone: done, bytesTotal: source.size });
    const done = (skipped: boolean): PutResult => {
      progress(source.size);
      return { key, size: source.size, skipped };
    };
    const matches = (info: ObjectInfo | undefined, sha: string) =>
      info !== undefined && info.size === source.size && info.sha256 === sha;
    return this.guard("put", key, async () => {
      // With the caller's SHA-256 we can skip before reading the file at all.
      if (opts.sha256 && matches(await this.headRaw(key), opts.sha256)) return done(true);
      const partSize = this.partSizeFor(source.size);
      try {
        // A single-part file is read once into (pooled) memory, hashed and sent from there: one
        // read instead of two, and no stream machinery per small file.
        if (source.kind === "file" && source.size <= Math.min(partSize, SMALL_FILE_IN_MEMORY)) {
          pooled = await readRange(source, 0, source.size, acquire(source.size));
          source = { kind: "buffer", buffer: pooled, size: source.size };
        }
        const digest = await digestSource(source, { partSize, ...this.digestNeeds });
        if (opts.sha256 && opts.sha256 !== digest.sha256) {
          this.fail(
            "put",
            key,
            "IntegrityMismatch",
            `local content SHA-256 ${digest.sha256} differs from the expected ${opts.sha256}`,
          );
        }
        if (!opts.sha256 && matches(await this.headRaw(key), digest.sha256)) return done(true);
        if (opts.signal?.aborted) this.fail("put", key, "Aborted", "aborted before sending");
        if (await this.send(key, source, digest, opts)) return done(false);
        const after = await this.headRaw(key);
        if (!after) this.fail("verify", key, "IntegrityMismatch", "object is missing right after upload");
        if (after.size !== source.size) {
          this.fail(
            "verify",
            key,
            "IntegrityMismatch",
            `stored size ${after.size} != local size ${source.size}`,
          );
        }
        if (after.sha256 !== digest.sha256) {
          this.fail(
            "verify",
            key,
            "IntegrityMismatch",
            `stored sha256 metadata ${after.sha256} != ${digest.sha256}`,
          );
        }
        return done(false);
      } finally {
        if (pooled) release(pooled);
      }
    });
  }

  protected checkKey(key: string, operation: string): void {
    if (
      !key ||
      key.startsWith("/") ||
      key.endsWith("/") ||
      key.split("/").some((s) => s === ".." || s === ".")
    ) {
      this.fail(
        operation,
        key,
        "InvalidConfig",
        "object keys must be non-empty, relative, not end with '/', without '.' or '..' segments",
      );
    }
  }

  protected fail(operation: string, key: string | undefined, code: StorageErrorCode, detail: string): never {
    throw new StorageError({
      provider: this.provider,
      bucket: this.bucket,
      key,
      operation,
      code,
      detail: this.scrubber.scrub(detail),
    });
  }

  protected async guard<T>(operation: string, key: string | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toStorageError(e, {
        provider: this.provider,
        bucket: this.bucket,
        key,
        operation,
        scrubber: this.scrubber,
      });
    }
  }
}

/** Runs fn over items with at most `limit` in flight; rejects with the first error after all settle. */
export async function forEachLimit<T>(
  items: T[],
  limit: number,
  fn: (item: T, i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let firstError: unknown;
  const worker = async () => {
    while (next < items.length && firstError === undefined) {
      const i = next++;
      try {
        await fn(items[i], i);
      } catch (e) {
        if (firstError === undefined) firstError = e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (firstError !== undefined) throw firstError;
}
