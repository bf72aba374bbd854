/**
 * A local directory standing in for a bucket (the embedded quickstart target and the local import
 * engine read from it). Keys map to paths under the root. Writes go to a temp file in the target
 * directory and are renamed into place, so a crash never leaves a half-written object under its key.
 *
 * The SHA-256 "metadata" is the file's real SHA-256, computed on demand and memoized per
 * (path, size, mtime): a filesystem has no portable object metadata (no xattr API in Node), and
 * sidecar files would show up in folder imports.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, promises as fsp } from "node:fs";
import path from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { BaseStore } from "./base";
import type { LocalStorageConfig } from "./config";
import type { Digest } from "./digest";
import type { UploadSource } from "./source";
import type { ObjectInfo, ObjectUrlInput, PutOptions, StorageProvider } from "./types";

export interface LocalStoreOptions {
  /** Create the root directory if it does not exist (default false: a missing root is NoSuchBucket). */
  createRoot?: boolean;
}

const TMP_MARK = ".pmi-tmp-";

export class LocalStore extends BaseStore {
  readonly provider: StorageProvider = "local";
  readonly bucket: string;
  private readonly createRoot: boolean;
  /** Memoized SHA-256 per path, valid while the file's identity (inode, size, mtime) is unchanged. */
  private readonly shaCache = new Map<string, { stamp: string; sha256: string }>();

  constructor(config: LocalStorageConfig | string, options: LocalStoreOptions = {}) {
    super([]);
    const root = typeof config === "string" ? config : config.root;
    this.bucket = path.resolve(root);
    this.createRoot =
      options.createRoot ?? (typeof config === "object" ? config.createRoot : undefined) ?? false;
  }

  /** Absolute path of a key (for readers that want the file itself). */
  pathOf(key: string): string {
    return path.join(this.bucket, ...key.split("/"));
  }

  /** No parts on a filesystem; this only decides which files are copied from memory (<= 1 MiB). */
  protected partSizeFor(_size: number): number {
    return 1024 * 1024;
  }

  private async ensureRoot(): Promise<void> {
    if (this.createRoot) {
      await fsp.mkdir(this.bucket, { recursive: true });
      return;
    }
    const st = await fsp.stat(this.bucket).catch(() => undefined);
    if (!st?.isDirectory())
      throw Object.assign(new Error(`directory ${this.bucket} does not exist`), { code: "NoSuchBucket" });
  }

  protected async send(
    key: string,
    source: UploadSource,
    _digest: Digest,
    opts: PutOptions,
  ): Promise<boolean> {
    await this.ensureRoot();
    const dest = this.pathOf(key);
    await fsp.mkdir(path.dirname(dest), { recursive: true });
    const tmp = path.join(path.dirname(dest), `${TMP_MARK}${randomBytes(6).toString("hex")}`);
    try {
      if (source.kind === "file") {
        // Streamed rather than copyFile so callers get progress on large files.
        let done = 0;
        const counter = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            done += chunk.length;
            opts.onProgress?.({ key, bytesDone: done, bytesTotal: source.size });
            cb(null, chunk);
          },
        });
        await pipeline(
          createReadStream(source.path, { highWaterMark: 1 << 20 }),
          counter,
          createWriteStream(tmp),
          {
            signal: opts.signal,
          },
        );
      } else await fsp.writeFile(tmp, source.buffer);
      if (opts.signal?.aborted) throw Object.assign(new Error("aborted"), { name: "AbortError" });
      await fsp.rename(tmp, dest);
      // Not confirmed here: the verifying HEAD hashes the file as written.
      return false;
    } catch (e) {
      await fsp.rm(tmp, { force: true });
      throw e;
    }
  }

  private async sha256Of(file: string, stamp: string): Promise<string> {
    const hit = this.shaCache.get(file);
    if (hit?.stamp === stamp) return hit.sha256;
    const h = createHash("sha256");
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
    const sha256 = h.digest("hex");
    this.shaCache.set(file, { stamp, sha256 });
    return sha256;
  }

  protected async headRaw(key: string): Promise<ObjectInfo | undefined> {
    const file = this.pathOf(key);
    const st = await fsp.stat(file).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT" || e.code === "ENOTDIR") return undefined;
      throw e;
    });
    if (!st?.isFile()) return undefined;
    return { key, size: st.size, sha256: await this.sha256Of(file, `${st.ino}:${st.size}:${st.mtimeMs}`) };
  }

  protected async listRaw(prefix: string): Promise<ObjectInfo[]> {
    await this.ensureRoot();
    const out: ObjectInfo[] = [];
    // Only walk the directory the prefix can live in.
    const slash = prefix.lastIndexOf("/");
    const startRel = slash < 0 ? "" : prefix.slice(0, slash);
    const walk = async (relDir: string): Promise<void> => {
      const entries = await fsp
        .readdir(path.join(this.bucket, relDir), { withFileTypes: true })
        .catch((e) => {
          if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
          throw e;
        });
      for (const ent of entries) {
        if (ent.name.startsWith(TMP_MARK)) continue;
        const rel = relDir ? `${relDir}/${ent.name}` : ent.name;
        if (ent.isDirectory()) {
          if (`${rel}/`.startsWith(prefix) || prefix.startsWith(`${rel}/`)) await walk(rel);
        } else if (ent.isFile() && rel.startsWith(prefix)) {
          const st = await fsp.stat(path.join(this.bucket, rel));
          out.push({ key: rel, size: st.size });
        }
      }
    };
    await walk(startRel);
    return out;
  }

  protected async getRaw(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    const st = await fsp.stat(file).catch(() => undefined);
    if (!st?.isFile()) {
      await this.ensureRoot();
      throw Object.assign(new Error(`no file at ${file}`), { code: "NoSuchKey" });
    }
    return createReadStream(file, { highWaterMark: 1 << 20 });
  }

  protected async deleteKeys(keys: string[]): Promise<void> {
    for (const key of keys) {
      const file = this.pathOf(key);
      await fsp.rm(file, { force: true });
      this.shaCache.delete(file);
      // Remove directories the deletion emptied, up to the root, like a bucket has no empty folders.
      let dir = path.dirname(file);
      while (dir.startsWith(this.bucket + path.sep)) {
        const left = await fsp.readdir(dir).catch(() => ["?"]);
        if (left.length > 0) break;
        await fsp.rmdir(dir).catch(() => undefined);
        dir = path.dirname(dir);
      }
    }
  }

  objectUrl(key: string): string {
    return localObjectUrl({ provider: "local", bucket: this.bucket, key });
  }
}

/** file:// URL of a key under a root directory; a folder key keeps its trailing "/". */
export function localObjectUrl({ bucket, key }: ObjectUrlInput): string {
  const url = pathToFileURL(path.join(bucket, key)).href;
  return key.endsWith("/") && !url.endsWith("/") ? `${url}/` : url;
}
