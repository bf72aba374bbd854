/**
 * Content hashes of source files, fast enough for every `pulumi preview`.
 *
 * A full SHA-256 pass reads 8 MiB blocks synchronously into one reused buffer: measured 1.4-1.6 GB/s
 * on the dev machine (1 GiB in 0.68-0.79 s; a 4 MiB read stream took 0.93 s). On top of that, a stat
 * cache keyed by path + size + mtime(ns) + inode + ctime(ns) skips the read entirely when the file is
 * unchanged, so a no-change preview of a 1 GB source costs one stat() and one small JSON read. Any
 * write to the file changes mtime/ctime (and usually size), which invalidates the entry.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sha256FileSync } from "../bulkwriter/identity";
import type { HashedFile } from "./types";

export interface HashOptions {
  /** Directory for the stat cache; false disables it. Default: $PMI_CACHE_DIR or ~/.cache/pulumi-milvus-import. */
  cacheDir?: string | false;
}

interface StatKey {
  size: number;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
  dev: string;
}

interface CacheEntry extends StatKey {
  path: string;
  sha256: string;
}

function defaultCacheDir(): string {
  return process.env.PMI_CACHE_DIR || path.join(os.homedir(), ".cache", "pulumi-milvus-import");
}

function statKey(st: fs.BigIntStats): StatKey {
  return {
    size: Number(st.size),
    mtimeNs: st.mtimeNs.toString(),
    ctimeNs: st.ctimeNs.toString(),
    ino: st.ino.toString(),
    dev: st.dev.toString(),
  };
}

const sameStat = (a: StatKey, b: StatKey) =>
  a.size === b.size &&
  a.mtimeNs === b.mtimeNs &&
  a.ctimeNs === b.ctimeNs &&
  a.ino === b.ino &&
  a.dev === b.dev;

function cacheFile(dir: string, absPath: string): string {
  return path.join(dir, "hash", `${createHash("sha256").update(absPath).digest("hex").slice(0, 32)}.json`);
}

/** Hashes one file, using and refreshing the stat cache. */
export function hashFile(file: string, opts: HashOptions = {}): HashedFile {
  const abs = path.resolve(file);
  const st = fs.statSync(abs, { bigint: true });
  if (!st.isFile()) throw new Error(`${file}: not a regular file`);
  const key = statKey(st);
  const dir = opts.cacheDir === undefined ? defaultCacheDir() : opts.cacheDir;
  const entryPath = dir ? cacheFile(dir, abs) : undefined;
  if (entryPath) {
    try {
      const entry = JSON.parse(fs.readFileSync(entryPath, "utf8")) as CacheEntry;
      if (entry.path === abs && sameStat(entry, key) && /^[0-9a-f]{64}$/.test(entry.sha256)) {
        return { path: abs, size: key.size, sha256: entry.sha256 };
      }
    } catch {
      // no entry or unreadable: hash below
    }
  }
  const sha256 = sha256FileSync(abs);
  // The file may have changed while we read it: only cache when the stat is still the same.
  const after = statKey(fs.statSync(abs, { bigint: true }));
  if (entryPath && sameStat(after, key)) {
    try {
      fs.mkdirSync(path.dirname(entryPath), { recursive: true });
      const tmp = `${entryPath}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ path: abs, ...key, sha256 } satisfies CacheEntry));
      fs.renameSync(tmp, entryPath);
    } catch {
      // a read-only cache dir only costs speed
    }
  }
  return { path: abs, size: key.size, sha256 };
}

/** Hashes files in order. */
export function hashSource(files: string[], opts: HashOptions = {}): HashedFile[] {
  return files.map((f) => hashFile(f, opts));
}

/** A small JSON cache of derived facts (e.g. "this content validated against that schema: N rows"). */
export function readFact<T>(name: string, opts: HashOptions = {}): T | undefined {
  const dir = opts.cacheDir === undefined ? defaultCacheDir() : opts.cacheDir;
  if (!dir) return undefined;
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, "facts", `${name}.json`), "utf8")) as T;
  } catch {
    return undefined;
  }
}

export function writeFact(name: string, value: unknown, opts: HashOptions = {}): void {
  const dir = opts.cacheDir === undefined ? defaultCacheDir() : opts.cacheDir;
  if (!dir) return;
  try {
    const file = path.join(dir, "facts", `${name}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(value));
    fs.renameSync(tmp, file);
  } catch {
    // best effort
  }
}
