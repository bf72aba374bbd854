/**
 * One job model and one import interface over every import API we speak: Zilliz Cloud v1 and v2
 * (control plane), Milvus REST v2 (cluster endpoint) and the embedded local engine. The clients in
 * api/ and engine/ implement it; the pipeline and the Pulumi resources only see it.
 */

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

/** Object-storage credentials a service needs to read the import files. Never logged. */
export interface StorageCredentials {
  accessKey?: string;
  secretKey?: string;
  token?: string;
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
  /** Credentials the service reads the files with (Zilliz Cloud). */
  storageCredentials?: StorageCredentials;
}

export interface ImportApi {
  readonly kind: ImportApiKind;
  startImport(req: StartImportRequest): Promise<{ jobId: string }>;
  getJob(jobId: string): Promise<ImportJobInfo>;
  listJobs(opts?: { collectionName?: string; dbName?: string }): Promise<ImportJobInfo[]>;
}
