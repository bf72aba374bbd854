/**
 * The embedded target: ImportApi and CollectionApi over a LocalEngine in a directory, no server
 * (`kind: "local"`). Import file paths are `file://` URLs, keys in `store`, or URLs under `mounts`.
 */
import type { CollectionApi, ImportApi, ImportJobInfo, StartImportRequest } from "../contracts";
import { DEFAULT_READER_OPTIONS, type ReaderOptions } from "./batch";
import { LocalEngine } from "./engine";
import { EngineError } from "./errors";
import { LIMITS } from "./fileGroups";
import { type ReadOnlyStore, SourceResolver, type StoreMount } from "./importSource";
import { toJobInfo } from "./jobInfo";
import { ImportRunner, type JobFaults } from "./jobs";

export interface LocalEngineOptions {
  /** Store that bucket-relative keys in import requests refer to. */
  store?: ReadOnlyStore;
  /** URL prefix → store, e.g. { prefix: "s3://bucket/", store }. */
  mounts?: StoreMount[];
  readerOptions?: Partial<ReaderOptions>;
  maxFileSizeBytes?: number;
  maxFileGroups?: number;
  maxUnfinishedJobs?: number;
  /** Pause between job phases (ms) so Pending/Importing can be observed; default 0. */
  jobStepDelayMs?: number;
  faults?: JobFaults;
}

export interface OpenedLocalEngine {
  engine: LocalEngine;
  jobs: ImportRunner;
  importApi: ImportApi;
  collectionApi: CollectionApi;
}

export function openLocalEngine(dir: string, opts: LocalEngineOptions = {}): OpenedLocalEngine {
  const engine = new LocalEngine(dir);
  const jobs = new ImportRunner(engine, {
    resolver: new SourceResolver({ defaultStore: opts.store, mounts: opts.mounts }),
    readerOptions: { ...DEFAULT_READER_OPTIONS, ...opts.readerOptions },
    maxFileSizeBytes: opts.maxFileSizeBytes ?? LIMITS.maxFileSizeBytes,
    maxFileGroups: opts.maxFileGroups ?? LIMITS.maxFileGroups,
    maxUnfinishedJobs: opts.maxUnfinishedJobs ?? LIMITS.maxUnfinishedJobs,
    stepDelayMs: opts.jobStepDelayMs ?? 0,
    faults: opts.faults,
  });
  const importApi: ImportApi = {
    kind: "local",
    async startImport(req: StartImportRequest) {
      const jobId = await jobs.start({
        dbName: req.dbName,
        collectionName: req.collectionName,
        partitionName: req.partitionName,
        files: req.files,
        options: req.options,
        credentials: req.storageCredentials,
        labels: req.idempotencyKey ? { idempotencyKey: req.idempotencyKey } : undefined,
      });
      return { jobId };
    },
    async getJob(jobId: string): Promise<ImportJobInfo> {
      const job = await jobs.get(jobId);
      if (!job)
        throw new EngineError(2100, `import job does not exist, jobID=${jobId}: importing data failed`);
      return toJobInfo(job);
    },
    async listJobs(filter = {}) {
      return jobs.list(filter).map(toJobInfo);
    },
  };
  const collectionApi: CollectionApi = {
    hasCollection: (db, name) => engine.hasCollection(db, name),
    createCollection: (req) => engine.createCollection(req),
    describeCollection: (db, name) => engine.describeCollection(db, name),
    dropCollection: (db, name) => engine.dropCollection(db, name),
    listCollections: (db) => engine.listCollections(db),
    loadCollection: (db, name) => engine.loadCollection(db, name),
    releaseCollection: (db, name) => engine.releaseCollection(db, name),
    alterCollectionProperties: (db, name, props) => engine.alterCollectionProperties(db, name, props),
    getLoadState: (db, name) => engine.getLoadState(db, name),
    createIndex: (db, name, index) => engine.createIndex(db, name, index),
    dropIndex: (db, name, indexName) => engine.dropIndex(db, name, indexName),
    createPartition: (db, name, p) => engine.createPartition(db, name, p),
    listPartitions: (db, name) => engine.listPartitions(db, name),
    dropPartition: (db, name, p) => engine.dropPartition(db, name, p),
    count: (db, name, o) => engine.count(db, name, o),
    query: (db, name, o) => engine.query(db, name, o),
    deleteEntities: async (db, name, o) => {
      await engine.deleteEntities(db, name, o);
    },
  };
  return { engine, jobs, importApi, collectionApi };
}
