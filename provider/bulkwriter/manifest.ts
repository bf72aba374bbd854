import type { DuplicatePrimaryKeys } from "./duplicateKeys";

/** The hand-off from the writer to upload and import: every file with its size and SHA-256. */
export type FileFormat = "json" | "jsonl" | "parquet" | "numpy" | "csv";

export interface ManifestFile {
  /** Relative to the identity folder: "1.parquet", or "1/title_vector.npy" for NumPy. */
  path: string;
  size: number;
  sha256: string;
  rows: number;
  /** 1-based segment number this file belongs to (NumPy has several files per segment). */
  segment: number;
}

export interface Manifest {
  format: FileFormat;
  /** Content address: hash of schema fingerprint + data + writer options. Folder name of the files. */
  identity: string;
  schemaFingerprint: string;
  totalRows: number;
  files: ManifestFile[];
  /** Set when rows share a primary key (the writer's onDuplicatePk was "warn"). */
  duplicatePrimaryKeys?: DuplicatePrimaryKeys;
}
