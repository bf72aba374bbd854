/**
 * Import jobs: validated synchronously like Milvus's proxy (bad requests are rejected at create),
 * then run in the background with Milvus's visible states and progress bands (Pending → Importing
 * 10..90 → Completed 100, or Failed with progress 0 and a reason). Every file is read and checked
 * before anything is committed; one bad file fails the job and imports nothing.
 */
import type { ReaderOptions } from "./batch";
import type { CatalogDoc, JobDetailRecord, JobRecord } from "./catalog";
import { findCollection } from "./catalog";
import { DEFAULT_PARTITION, type LocalEngine, type StagedSegment } from "./engine";
import {
  CODES,
  collectionNotFound,
  EngineError,
  FileFormatError,
  formatProblem,
  importFailed,
  invalidParameter,
  ProblemList,
} from "./errors";
import { checkImportFiles, fileTooLarge, fileTypeOf, goList, groupType, tooManyJobs } from "./fileGroups";
import { importFile, type ResolvedPath, type SourceResolver } from "./importSource";
import { pidAlive } from "./lock";
import { readFileGroup } from "./readers";

export interface JobFaults {
  /** A reason to fail this job with (the fault is consumed), or undefined. */
  failReason?(job: JobRecord): string | undefined;
  /** Progress (0..100) at which the job pauses until this returns undefined; polled. */
  stallAt?(job: JobRecord): number | undefined;
}

export interface ImportSettings {
  resolver: SourceResolver;
  readerOptions: ReaderOptions;
  maxFileSizeBytes: number;
  maxFileGroups: number;
  maxUnfinishedJobs: number;
  /** Pause between phases so Pending/Importing are observable (ms). */
  stepDelayMs: number;
  faults?: JobFaults;
}

export interface StartJobRequest {
  dbName?: string;
  collectionName: string;
  partitionName?: string;
  files: string[][];
  options?: Record<string, string>;
  /** Credentials the object stores are checked against; kept in memory for the job's run only. */
  credentials?: { accessKey?: string; secretKey?: string; token?: string };
  labels?: Record<string, string>;
}

/** Jobs running in this process, so a job is never run twice here and dead owners can be detected. */
const RUNNING = new Set<string>();
/** Storage credentials of jobs started here, kept in memory only (never in the catalog). */
const CREDENTIALS = new Map<string, StartJobRequest["credentials"]>();
let jobCounter = 0;

const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isTerminal = (s: string) => s === "Completed" || s === "Failed";

/** Whether request credentials match a mount's configured ones (compared in memory, never stored). */
export function credentialsMatch(
  want: { accessKey?: string; secretKey?: string },
  got?: { accessKey?: string; secretKey?: string },
): boolean {
  return (
    (want.accessKey ?? "") === (got?.accessKey ?? "") && (want.secretKey ?? "") === (got?.secretKey ?? "")
  );
}

/** Milvus job ids are decimal int64 strings. */
function newJobId(): string {
  return String((BigInt(Date.now()) << 20n) | BigInt(jobCounter++ & 0xfffff));
}

interface ExpandedGroup {
  paths: string[];
  resolved: ResolvedPath[];
}

export class ImportRunner {
  constructor(
    private readonly engine: LocalEngine,
    readonly settings: ImportSettings,
  ) {}

  async start(req: StartJobRequest): Promise<string> {
    const db = req.dbName || "default";
    const key = req.labels?.idempotencyKey;
    if (key !== undefined && (key.length === 0 || key.length > 256 || !/^[\x20-\x7e]+$/.test(key))) {
      throw invalidParameter("the idempotency key must be 1 to 256 printable ASCII characters");
    }
    let jobId = newJobId();
    let reused = false;
    await this.engine.catalog.mutate((doc) => {
      const c = findCollection(doc, db, req.collectionName);
      if (!c) throw collectionNotFound(db, req.collectionName);
      if (key !== undefined) {
        // Milvus ≥ 2.6.24: a retry with the same key on the same collection within ~24 h returns the
        // original job instead of importing again.
        const since = Date.now() - IDEMPOTENCY_WINDOW_MS;
        const prior = Object.values(doc.jobs).find(
          (j) =>
            j.labels?.idempotencyKey === key && j.collectionId === c.id && Date.parse(j.createTime) >= since,
        );
        if (prior) {
          jobId = prior.jobId;
          reused = true;
          return;
        }
      }
      const hasPartitionKey = c.schema.fields.some((f) => f.isPartitionKey);
      if (hasPartitionKey && req.partitionName) {
        throw importFailed("not allow to set partition name for collection with partition key");
      }
      const partition = req.partitionName || DEFAULT_PARTITION;
      // A partition-key collection has no `_default`: its rows are hashed to `_default_<i>` when staged.
      if (!hasPartitionKey && !c.partitions.includes(partition)) {
        throw new EngineError(CODES.partitionNotFound, `partition not found[partition=${partition}]`);
      }
      const groups = checkImportFiles(req.files, this.settings.maxFileGroups);
      const unfinished = Object.values(doc.jobs).filter((j) => !isTerminal(j.state)).length;
      if (unfinished >= this.settings.maxUnfinishedJobs) throw tooManyJobs();
      doc.jobs[jobId] = {
        jobId,
        dbName: db,
        collectionName: c.name,
        collectionId: c.id,
        partitionName: partition,
        files: groups,
        options: { ...(req.options ?? {}) },
        state: "Pending",
        progress: 0,
        createTime: new Date().toISOString(),
        importedRows: 0,
        totalRows: 0,
        details: groups.map((g) => ({
          paths: g,
          fileSize: 0,
          state: "Pending",
          progress: 0,
          importedRows: 0,
          totalRows: 0,
        })),
        owner: { pid: process.pid, instance: this.engine.instance },
        labels: { ...(req.labels ?? {}) },
      };
    });
    if (reused) {
      await this.get(jobId);
      return jobId;
    }
    if (req.credentials) CREDENTIALS.set(jobId, req.credentials);
    this.launch(jobId);
    return jobId;
  }

  /** The job, taking it over first if its owning process is gone. */
  async get(jobId: string): Promise<JobRecord | undefined> {
    const job = this.engine.read().jobs[jobId];
    if (job && !isTerminal(job.state) && !RUNNING.has(jobId)) {
      const ownerGone = job.owner.pid !== process.pid ? !pidAlive(job.owner.pid) : true;
      if (ownerGone) {
        await this.engine.catalog.mutate((doc) => {
          doc.jobs[jobId].owner = { pid: process.pid, instance: this.engine.instance };
        });
        this.launch(jobId);
      }
    }
    return this.engine.read().jobs[jobId] ?? job;
  }

  list(filter: { dbName?: string; collectionName?: string } = {}): JobRecord[] {
    return Object.values(this.engine.read().jobs)
      .filter((j) => !filter.collectionName || j.collectionName === filter.collectionName)
      .filter((j) => !filter.dbName || j.dbName === filter.dbName)
      .sort((a, b) => (BigInt(a.jobId) < BigInt(b.jobId) ? -1 : 1));
  }

  unfinishedCount(): number {
    return Object.values(this.engine.read().jobs).filter((j) => !isTerminal(j.state)).length;
  }

  private launch(jobId: string): void {
    RUNNING.add(jobId);
    setImmediate(() => {
      this.run(jobId)
        .catch(() => undefined)
        .finally(() => {
          RUNNING.delete(jobId);
          CREDENTIALS.delete(jobId);
        });
    });
  }

  private update(jobId: string, fn: (job: JobRecord, doc: CatalogDoc) => void): Promise<void> {
    return this.engine.catalog.mutate((doc) => {
      const job = doc.jobs[jobId];
      if (job) fn(job, doc);
    });
  }

  /** Moves the job to `progress`, honouring an injected stall at or below it. */
  private async advance(jobId: string, progress: number, fn?: (job: JobRecord) => void): Promise<void> {
    const faults = this.settings.faults;
    for (;;) {
      const job = this.engine.read().jobs[jobId];
      const stall = job && faults?.stallAt?.(job);
      if (stall === undefined || stall >= progress) break;
      await this.update(jobId, (j) => {
        j.progress = Math.max(j.progress, stall);
      });
      await sleep(50);
    }
    await this.update(jobId, (j) => {
      j.state = "Importing";
      j.progress = Math.max(j.progress, progress);
      fn?.(j);
    });
    if (this.settings.stepDelayMs > 0) await sleep(this.settings.stepDelayMs);
  }

  private async fail(
    jobId: string,
    reason: string,
    detailReasons: Map<number, string> = new Map(),
  ): Promise<void> {
    await this.update(jobId, (j) => {
      j.state = "Failed";
      j.progress = 0;
      j.reason = reason;
      j.importedRows = 0;
      j.totalRows = 0;
      j.completeTime = new Date().toISOString();
      j.details.forEach((d, i) => {
        const r = detailReasons.get(i);
        if (r !== undefined) {
          d.state = "Failed";
          d.reason = r;
          d.progress = 0;
        } else if (d.state !== "Completed") d.state = "Failed";
      });
    });
  }

  private async run(jobId: string): Promise<void> {
    if (this.settings.stepDelayMs > 0) await sleep(this.settings.stepDelayMs);
    const job = this.engine.read().jobs[jobId];
    if (!job || isTerminal(job.state)) return;
    const injected = this.settings.faults?.failReason?.(job);
    if (injected !== undefined) return this.fail(jobId, injected);
    const staged: StagedSegment[] = [];
    try {
      const groups = await this.expand(job);
      await this.advance(jobId, 10, (j) => {
        j.details = groups.map((g) => ({
          paths: g.paths,
          fileSize: 0,
          state: "InProgress",
          progress: 0,
          importedRows: 0,
          totalRows: 0,
        }));
      });
      const sizes = await this.preImport(jobId, groups);
      if (!(await this.readAll(jobId, groups, sizes, staged))) return;
      await this.advance(jobId, 80);
      const total = staged.reduce((n, s) => n + s.rows, 0);
      await this.engine.commitImport(jobId, staged, (j) => {
        j.state = "Completed";
        j.progress = 100;
        j.importedRows = total;
        j.totalRows = total;
        j.completeTime = new Date().toISOString();
        for (const d of j.details) {
          d.state = "Completed";
          d.progress = 100;
          d.completeTime = j.completeTime;
        }
      });
      staged.length = 0;
    } catch (e) {
      if (e instanceof Halt) return;
      await this.fail(jobId, e instanceof EngineError ? e.message : String((e as Error).message ?? e));
    } finally {
      // Staged segments of a job that did not commit are never published.
      this.engine.discardStaged(staged);
    }
  }

  /** Folder URLs (trailing "/") become groups: NumPy files grouped by folder, other files one each. */
  private async expand(job: JobRecord): Promise<ExpandedGroup[]> {
    const out: ExpandedGroup[] = [];
    for (const g of job.files) {
      const resolved = g.map((p) => this.resolve(p, job));
      if (groupType(g) !== "folder") {
        out.push({ paths: g, resolved });
        continue;
      }
      const { store, key, mount } = resolved[0];
      const objects = await store.list(key);
      if (objects.length === 0)
        throw new EngineError(CODES.importFailed, `no file found under folder '${g[0]}'`);
      const types = new Set(objects.map((o) => fileTypeOf(o.key) ?? "unknown"));
      if (types.size > 1)
        throw new EngineError(
          CODES.importFailed,
          `folder '${g[0]}' holds files of more than one format: ${[...types].join(", ")}`,
        );
      const toPath = (k: string) => g[0] + k.slice(key.length);
      if (types.has("numpy")) {
        const byDir = new Map<string, string[]>();
        for (const o of objects) {
          const dir = o.key.slice(0, o.key.lastIndexOf("/") + 1);
          byDir.set(dir, [...(byDir.get(dir) ?? []), o.key]);
        }
        for (const keys of byDir.values()) {
          out.push({ paths: keys.map(toPath), resolved: keys.map((k) => ({ store, key: k, mount })) });
        }
      } else {
        for (const o of objects)
          out.push({ paths: [toPath(o.key)], resolved: [{ store, key: o.key, mount }] });
      }
    }
    return out;
  }

  private resolve(p: string, job: JobRecord): ResolvedPath {
    let r: ResolvedPath;
    try {
      r = this.settings.resolver.resolve(p, CREDENTIALS.get(job.jobId));
    } catch (e) {
      throw new EngineError(CODES.importFailed, (e as Error).message);
    }
    // A job taken over from a dead process has no credentials here (they are never persisted).
    if (r.mount?.credentials && !credentialsMatch(r.mount.credentials, CREDENTIALS.get(job.jobId))) {
      throw new EngineError(
        CODES.importFailed,
        `failed to read '${p}': Access Denied (credentials do not match the bucket)`,
      );
    }
    return r;
  }

  private async preImport(jobId: string, groups: ExpandedGroup[]): Promise<number[]> {
    const sizes: number[] = [];
    const reasons = new Map<number, string>();
    for (const [i, g] of groups.entries()) {
      let size = 0;
      for (const [k, r] of g.resolved.entries()) {
        const info = await r.store.head(r.key);
        if (!info) {
          reasons.set(i, `failed to stat file '${g.paths[k]}': the object does not exist`);
          break;
        }
        size += info.size;
      }
      if (!reasons.has(i) && size > this.settings.maxFileSizeBytes)
        reasons.set(i, fileTooLarge(size, this.settings.maxFileSizeBytes));
      sizes.push(size);
    }
    if (reasons.size > 0) {
      await this.fail(jobId, [...reasons.values()].join("; "), reasons);
      throw new Halt();
    }
    await this.advance(jobId, 40, (j) => {
      sizes.forEach((s, i) => {
        j.details[i].fileSize = s;
      });
    });
    return sizes;
  }

  private async readAll(
    jobId: string,
    groups: ExpandedGroup[],
    sizes: number[],
    staged: StagedSegment[],
  ): Promise<boolean> {
    const job = this.engine.read().jobs[jobId];
    const c = findCollection(this.engine.read(), job.dbName, job.collectionName);
    if (!c || c.id !== job.collectionId) throw collectionNotFound(job.dbName, job.collectionName);
    const opts: ReaderOptions = {
      ...this.settings.readerOptions,
      ...(job.options.sep !== undefined ? { csvSep: job.options.sep } : {}),
      ...(job.options.nullkey !== undefined ? { csvNullKey: job.options.nullkey } : {}),
    };
    const reasons = new Map<number, string>();
    for (const [i, g] of groups.entries()) {
      const name = g.paths.length === 1 ? g.paths[0] : goList(g.paths);
      const problems = new ProblemList();
      const ctx = { schema: c.schema, file: name, problems, options: opts };
      let rows = 0;
      let part = 0;
      try {
        // Batches are staged as they are read, so memory holds one batch whatever the file size.
        for await (const batch of readFileGroup(fileTypeOf(g.paths[0]), g.resolved.map(importFile), ctx)) {
          rows += batch.rowCount;
          if (problems.empty && reasons.size === 0 && batch.rowCount > 0)
            staged.push(...this.engine.stageBatch(jobId, `${i}-${part++}`, c, job.partitionName, batch));
        }
        if (!problems.empty) reasons.set(i, problems.summary());
      } catch (e) {
        if (!(e instanceof FileFormatError)) {
          reasons.set(
            i,
            formatProblem({ file: name, message: `failed to read file: ${(e as Error).message}` }),
          );
        } else reasons.set(i, formatProblem({ file: name, message: e.message }));
      }
      if (reasons.has(i)) rows = 0;
      await this.advance(jobId, 40 + Math.floor((30 * (i + 1)) / groups.length), (j) => {
        const d = j.details[i] as JobDetailRecord;
        d.fileSize = sizes[i];
        d.progress = reasons.has(i) ? 0 : 100;
        d.state = reasons.has(i) ? "Failed" : "InProgress";
        d.totalRows = rows;
        d.importedRows = rows;
        if (reasons.has(i)) d.reason = reasons.get(i);
      });
    }
    if (reasons.size > 0) {
      await this.fail(jobId, [...reasons.values()].join("; "), reasons);
      return false;
    }
    return true;
  }
}

/** Internal: the job has already been marked failed. */
class Halt extends Error {}
