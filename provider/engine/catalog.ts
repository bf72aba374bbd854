/**
 * The catalog: databases, collections (schema, indexes, load state, partitions, aliases, segments) and
 * import jobs, in one JSON document replaced atomically. Every mutation runs under the directory lock
 * and starts from the file on disk, so several processes see one consistent history.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { JobState } from "../contracts";
import type { CollectionSchema, IndexSpec } from "../schema/types";
import { writeFileAtomic } from "./atomicFile";
import { DirLock } from "./lock";

export interface SegmentRecord {
  id: string;
  partition: string;
  rows: number;
  /** Rows marked deleted; also the version of the segment's deletion bitmap. */
  deleted: number;
  jobId?: string;
}

export interface CollectionRecord {
  id: string;
  name: string;
  description: string;
  schema: CollectionSchema;
  indexes: IndexSpec[];
  loaded: boolean;
  partitions: string[];
  aliases: string[];
  properties: Record<string, string>;
  createdAt: string;
  segments: SegmentRecord[];
  /** Next auto_id value, decimal. */
  nextAutoId: string;
}

export interface JobDetailRecord {
  paths: string[];
  fileSize: number;
  state: "Pending" | "InProgress" | "Completed" | "Failed";
  progress: number;
  importedRows: number;
  totalRows: number;
  reason?: string;
  completeTime?: string;
}

export interface JobRecord {
  jobId: string;
  dbName: string;
  collectionName: string;
  collectionId: string;
  partitionName: string;
  files: string[][];
  options: Record<string, string>;
  state: JobState;
  /** 0..100, Milvus scale. */
  progress: number;
  reason?: string;
  createTime: string;
  completeTime?: string;
  importedRows: number;
  totalRows: number;
  details: JobDetailRecord[];
  /** Process running the job; another process takes over when this one is gone. */
  owner: { pid: number; instance: string };
  /** Free-form labels (idempotency key, control-plane metadata). */
  labels?: Record<string, string>;
}

export interface CatalogDoc {
  version: 1;
  nextId: number;
  databases: Record<string, { collections: Record<string, CollectionRecord> }>;
  jobs: Record<string, JobRecord>;
}

const empty = (): CatalogDoc => ({
  version: 1,
  nextId: 1,
  databases: { default: { collections: {} } },
  jobs: {},
});

export class Catalog {
  readonly file: string;
  readonly lock: DirLock;
  constructor(readonly dir: string) {
    fs.mkdirSync(path.join(dir, "segments"), { recursive: true });
    this.file = path.join(dir, "catalog.json");
    this.lock = new DirLock(dir);
  }

  read(): CatalogDoc {
    try {
      return JSON.parse(fs.readFileSync(this.file, "utf8")) as CatalogDoc;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return empty();
      throw new Error(`engine catalog ${this.file} is unreadable: ${(e as Error).message}`);
    }
  }

  /** Read-modify-write under the lock; fn's return value is passed through. */
  mutate<T>(fn: (doc: CatalogDoc) => T): Promise<T> {
    return this.lock.run(() => {
      const doc = this.read();
      const result = fn(doc);
      writeFileAtomic(this.file, JSON.stringify(doc));
      return result;
    });
  }

  segmentDir(id: string): string {
    return path.join(this.dir, "segments", id);
  }
}

export function findCollection(doc: CatalogDoc, db: string, name: string): CollectionRecord | undefined {
  const cols = doc.databases[db]?.collections;
  if (!cols) return undefined;
  if (Object.hasOwn(cols, name)) return cols[name];
  return Object.values(cols).find((c) => c.aliases.includes(name));
}
