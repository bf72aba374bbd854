/**
 * Where import files come from. The engine only reads, so it needs four ObjectStore methods; paths in
 * an import request are resolved to (store, key) by longest matching URL prefix ("s3://bucket/",
 * "http://127.0.0.1:9000/bucket/"), `file://` URLs, or bucket-relative keys in a default store.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Readable } from "node:stream";
import type { StorageCredentials } from "../contracts";
import type { ObjectInfo, ObjectStore } from "../storage/types";
import type { ImportFile } from "./readers";

export type { StorageCredentials };

export type ReadOnlyStore = Pick<ObjectStore, "head" | "getBuffer" | "list" | "get"> & {
  /** A local file behind the key, when there is one (read with random access, e.g. Parquet). */
  localPath?(key: string): string;
};

export interface StoreMount {
  /** URL prefix, e.g. "s3://bucket/" (keys are the rest of the URL). */
  prefix: string;
  store: ReadOnlyStore;
  /** When set, requests must carry these credentials (emulated bucket permissions). */
  credentials?: { accessKey?: string; secretKey?: string };
  /**
   * Opens the store with the credentials an import request carries (a real S3/MinIO bucket checks
   * them itself); used instead of `store` when the request has credentials.
   */
  connect?: (creds: StorageCredentials) => ReadOnlyStore;
}

export interface ResolvedPath {
  store: ReadOnlyStore;
  key: string;
  mount?: StoreMount;
}

class SourceError extends Error {}

/** Read-only view of a local directory (or "/" for file:// URLs). */
class DirectorySource implements ReadOnlyStore {
  constructor(readonly root: string) {}
  private abs(key: string): string {
    const p = path.resolve(this.root, key);
    if (p !== this.root && !p.startsWith(this.root.endsWith(path.sep) ? this.root : this.root + path.sep)) {
      throw new SourceError(`key escapes the store root: ${key}`);
    }
    return p;
  }
  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const st = await fs.promises.stat(this.abs(key));
      return st.isFile() ? { key, size: st.size } : undefined;
    } catch {
      return undefined;
    }
  }
  async getBuffer(key: string): Promise<Buffer> {
    return fs.promises.readFile(this.abs(key));
  }
  async get(key: string): Promise<Readable> {
    const p = this.abs(key);
    await fs.promises.access(p);
    return fs.createReadStream(p, { highWaterMark: 1 << 20 });
  }
  localPath(key: string): string {
    return this.abs(key);
  }
  async list(prefix: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (e.isFile()) {
          const key = path.relative(this.root, p).split(path.sep).join("/");
          if (key.startsWith(prefix)) out.push({ key, size: (await fs.promises.stat(p)).size });
        }
      }
    };
    const base = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
    await walk(this.abs(base));
    return out.sort((a, b) => (a.key < b.key ? -1 : 1));
  }
}

export class SourceResolver {
  private readonly mounts: StoreMount[];
  constructor(opts: { defaultStore?: ReadOnlyStore; mounts?: StoreMount[]; allowFileUrls?: boolean } = {}) {
    this.mounts = [...(opts.mounts ?? [])].sort((a, b) => b.prefix.length - a.prefix.length);
    this.defaultStore = opts.defaultStore;
    this.allowFileUrls = opts.allowFileUrls ?? true;
  }
  private readonly defaultStore?: ReadOnlyStore;
  private readonly allowFileUrls: boolean;

  resolve(p: string, creds?: StorageCredentials): ResolvedPath {
    const mount = this.mounts.find((m) => p.startsWith(m.prefix));
    if (mount) {
      const store = mount.connect && (creds?.accessKey || creds?.token) ? mount.connect(creds) : mount.store;
      return { store, key: p.slice(mount.prefix.length), mount };
    }
    if (p.startsWith("file://") && this.allowFileUrls) {
      return {
        store: new DirectorySource("/"),
        key: decodeURIComponent(new URL(p).pathname).replace(/^\/+/, ""),
      };
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) throw new SourceError(`no object store is configured for '${p}'`);
    if (this.defaultStore) return { store: this.defaultStore, key: p.replace(/^\/+/, "") };
    throw new SourceError(`no object store is configured for '${p}'`);
  }
}

/** An import file on its store: streamed for text formats, random access where the store is local. */
export function importFile(r: ResolvedPath): ImportFile {
  return {
    key: r.key,
    async *stream() {
      yield* await r.store.get(r.key);
    },
    async blob() {
      const local = r.store.localPath?.(r.key);
      return local ? fs.openAsBlob(local) : r.store.getBuffer(r.key);
    },
    buffer: () => r.store.getBuffer(r.key),
  };
}
