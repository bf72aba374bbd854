/**
 * Typed hand-offs of the import pipeline: spec -> plan -> written files -> uploaded objects -> started
 * job -> finished job -> verified counts. Plain JSON-compatible data (no bigint, no Date) so every
 * stage result can travel through Pulumi state and the CLI's --json output unchanged.
 */

import type { OnDuplicatePk } from "../bulkwriter/duplicateKeys";
import type { FileFormat, Manifest } from "../bulkwriter/manifest";
import type { ConnectionConfig, ImportApiKind, ImportJobInfo } from "../contracts";
import type { CollectionSchema } from "../schema/types";
import type { StorageConfig } from "../storage/config";

export type { ConnectionConfig, ConnectionKind } from "../contracts";

/** Where files are staged: the storage module's config plus where under it, and whether to keep them. */
export type StagingConfig = StorageConfig & {
  /** Key prefix under which `<identity>/...` folders are written (default "milvus-import"). */
  remotePath?: string;
  /** Keep staged files when the import is deleted (default false). */
  keepFiles?: boolean;
};

import type { ColumnMapping, SourceFormat } from "../sources/types";

export type { SourceFormat };

/** What to import: local files (globs), inline rows, or files already in object storage. */
export interface SourceSpec {
  files?: string[];
  /** Format of the local files; guessed from the extension when absent. */
  format?: SourceFormat;
  rows?: Record<string, unknown>[];
  /** Prepared files in object storage (URLs the target reads): one group per entry. */
  objectUrls?: string[];
  /** For files and rows that don't match the schema: rename, ignore or cast columns. */
  mapping?: ColumnMapping;
}

export interface WriterOptions {
  /** Format of the files written for import (default parquet). */
  format: FileFormat;
  /** Segment size in MiB (default 512). */
  segmentSizeMb: number;
  /** Rows sharing a primary key: "warn" (default: reported, imported as Milvus does) or "error". */
  onDuplicatePk?: OnDuplicatePk;
}

/** What the data tools read: local files or inline rows, with an optional column mapping. */
export type DataInput = ({ files: string[]; format?: SourceFormat } | { rows: Record<string, unknown>[] }) & {
  mapping?: ColumnMapping;
  /** Accept files without rows (refused by default, naming the file). */
  allowEmpty?: boolean;
};

/** Read + validate + write, as the pipeline needs them (bound to sources/, validate/ and bulkwriter/ in dataTools.ts). */
export interface DataTools {
  /** Reads and validates every row; throws DataValidationError (file:row:field issues). Returns the row count. */
  validate(schema: CollectionSchema, input: DataInput): Promise<{ rows: number }>;
  /**
   * Writes import files for the input under `dir`; returns their manifest and the folder its paths are
   * relative to. `onRows` is told the rows written so far after each batch (progress).
   */
  write(
    schema: CollectionSchema,
    input: DataInput,
    opts: WriterOptions & { dir: string; identity: string; onRows?: (rows: number) => void },
  ): Promise<{ manifest: Manifest; dir: string }>;
  /** Primary-key values of the input in order (decimal strings for INT64), for ownership by key. */
  primaryKeys(schema: CollectionSchema, input: DataInput): Promise<string[]>;
}

export type OwnershipMode = "partition" | "primaryKeys" | "none";

export interface ImportSpec {
  connection: ConnectionConfig;
  apiKind: ImportApiKind;
  dbName: string;
  collectionName: string;
  schema: CollectionSchema;
  source: SourceSpec;
  writer: WriterOptions;
  storage: StagingConfig;
  /** A user partition; the import then owns its rows by primary key. */
  partition?: string;
  /** "delete" (default) removes owned rows and staged files on delete; "retain" keeps them. */
  onDelete: "delete" | "retain";
  /** Extra value mixed into the identity to force a re-import of identical data. */
  trigger?: string;
  /** Directory for written files (default: a temp dir per identity). */
  workDir?: string;
  /** Base directory for relative file globs (default cwd). */
  baseDir?: string;
}

/** One local source file, content-addressed. */
export interface HashedFile {
  path: string;
  size: number;
  sha256: string;
}

export interface PreparedObject {
  url: string;
  size: number;
  etag?: string;
  sha256?: string;
}

export interface ImportPlan {
  identity: string;
  /** Hash of the source data alone (files' contents, rows, or prepared objects' checksums). */
  dataHash: string;
  schemaFingerprint: string;
  sourceKind: "files" | "rows" | "objects";
  files: HashedFile[];
  prepared: PreparedObject[];
  /** Rows in the source (undefined for prepared objects: unknown until the import reports it). */
  sourceRows?: number;
  /** `<remotePath>/<identity>` in the store. */
  prefix: string;
  ownership: OwnershipMode;
  /** Partition the rows go to: the owned `imp_<hex>` one, the user's, or undefined (default partition). */
  partition?: string;
}

export interface WrittenFiles {
  dir: string;
  manifest: Manifest;
}

export interface UploadedFiles {
  /** Groups as passed to startImport (URLs or bucket-relative keys, per API). */
  groups: string[][];
  /** Object URLs of every staged file (for outputs and messages). */
  objectUrls: string[];
  keys: string[];
  uploaded: number;
  skipped: number;
  bytes: number;
}

export interface StageTimings {
  planMs: number;
  writeMs: number;
  uploadMs: number;
  startMs: number;
  waitMs: number;
  verifyMs: number;
}

export interface ImportResult {
  plan: ImportPlan;
  /** The job (the first one when the files needed several jobs). */
  jobId: string;
  /** Every job, in order: more than one when the files exceeded one request's limits. */
  jobIds: string[];
  state: string;
  importedRows: number;
  totalRows: number;
  files: number;
  objectUrls: string[];
  resumed: boolean;
  verifiedBy: "count" | "job";
  timings: StageTimings;
}

export type ProgressEvent =
  | { stage: "plan" | "write" | "upload" | "start" | "verify"; message: string }
  | { stage: "wait"; message: string; job: ImportJobInfo };

export type ProgressFn = (e: ProgressEvent) => void;
