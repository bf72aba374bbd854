/**
 * One job model and two target interfaces over every import API we speak: Zilliz Cloud v1 and v2
 * (control plane), Milvus REST v2 (cluster endpoint) and the local engine (embedded target). The
 * pipeline and the Pulumi resources only see these interfaces.
 */
import type { CollectionSchema, IndexSpec } from "../schema/types";

export type ImportApiKind = "zilliz-v1" | "zilliz-v2" | "milvus-v2" | "local";

export type JobState = "Pending" | "Importing" | "Completed" | "Failed";

export interface ImportFileDetail {
  fileName: string;
  fileSize?: number;
  state: JobState;
  /** 0..1 */
  progress: number;
  importedRows?: number;
  totalRows?: number;
  reason?: string;
}

export interface ImportJobInfo {
  jobId: string;
  collectionName: string;
  state: JobState;
  /** 0..1, normalised from v1's readyPercentage and v2's 0..100 progress. */
  progress: number;
  importedRows?: number;
  totalRows?: number;
  reason?: string;
  createTime?: string;
  completeTime?: string;
  details: ImportFileDetail[];
  /** The state name the server used (e.g. "ImportRunning", "Uncommitted"), for diagnostics. */
  rawState?: string;
}

export interface StartImportRequest {
  dbName?: string;
  collectionName: string;
  partitionName?: string;
  /**
   * File groups: each inner list is one import "file" (JSON/Parquet/CSV: one URL; NumPy: one folder
   * URL or the per-field files of one segment). Zilliz v1 takes a single URL per call.
   */
  files: string[][];
  options?: Record<string, string>;
  /** Sent as the Milvus `Idempotency-Key` header where supported, and used as a job label otherwise. */
  idempotencyKey?: string;
  /** Object-storage credentials the service needs to read the files (Zilliz). Never logged. */
  storageCredentials?: { accessKey?: string; secretKey?: string; token?: string };
}

export interface ImportApi {
  readonly kind: ImportApiKind;
  startImport(req: StartImportRequest): Promise<{ jobId: string }>;
  getJob(jobId: string): Promise<ImportJobInfo>;
  listJobs(opts?: { collectionName?: string; dbName?: string }): Promise<ImportJobInfo[]>;
}

export type LoadState = "NotExist" | "NotLoad" | "Loading" | "Loaded";

export interface CollectionDescription {
  dbName: string;
  collectionName: string;
  description: string;
  schema: CollectionSchema;
  indexes: IndexSpec[];
  loadState: LoadState;
  partitions: string[];
  properties: Record<string, string>;
}

/** Collection management as the Collection resource and the ImportJob ownership logic need it. */
export interface CollectionApi {
  hasCollection(db: string, name: string): Promise<boolean>;
  createCollection(req: {
    dbName: string;
    collectionName: string;
    schema: CollectionSchema;
    indexes?: IndexSpec[];
    description?: string;
    properties?: Record<string, string>;
  }): Promise<void>;
  describeCollection(db: string, name: string): Promise<CollectionDescription | undefined>;
  dropCollection(db: string, name: string): Promise<void>;
  listCollections(db: string): Promise<string[]>;
  loadCollection(db: string, name: string): Promise<void>;
  releaseCollection(db: string, name: string): Promise<void>;
  /** Sets collection properties (Milvus `collections/alter_properties`, 2.5+); other keys are kept. */
  alterCollectionProperties(db: string, name: string, properties: Record<string, string>): Promise<void>;
  getLoadState(db: string, name: string): Promise<LoadState>;
  createIndex(db: string, name: string, index: IndexSpec): Promise<void>;
  dropIndex(db: string, name: string, indexName: string): Promise<void>;
  createPartition(db: string, name: string, partition: string): Promise<void>;
  listPartitions(db: string, name: string): Promise<string[]>;
  dropPartition(db: string, name: string, partition: string): Promise<void>;
  /** count(*) with an optional filter and partition list. */
  count(db: string, name: string, opts?: { filter?: string; partitionNames?: string[] }): Promise<bigint>;
  /** Rows by filter expression (e.g. `id in [1,2]`), projected to outputFields. */
  query(
    db: string,
    name: string,
    opts: { filter: string; outputFields?: string[]; limit?: number; partitionNames?: string[] },
  ): Promise<Record<string, unknown>[]>;
  deleteEntities(db: string, name: string, opts: { filter: string; partitionName?: string }): Promise<void>;
}
