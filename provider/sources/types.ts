import type { CollectionSchema } from "../schema/types";

export type SourceFormat = "csv" | "json" | "jsonl" | "parquet";

/** A batch of raw rows (not yet validated) with where they came from. */
export interface RowBatch {
  file: string;
  /** 1-based data row number of rows[0]. */
  firstRow: number;
  rows: Record<string, unknown>[];
}

/** Rename, drop or cast source columns before validation. */
export interface ColumnMapping {
  /** source column → schema field */
  rename?: Record<string, string>;
  /** source columns to drop */
  ignore?: string[];
  /** field (after rename) → cast applied to string values: numbers, booleans, JSON text. */
  cast?: Record<string, "int" | "float" | "bool" | "json" | "string">;
}

export interface SourceOptions {
  /** Detected from the extension when absent (.csv, .json, .jsonl/.ndjson, .parquet). */
  format?: SourceFormat;
  /** Types CSV cells the way Milvus's CSV reader does; without it CSV cells stay strings. */
  schema?: CollectionSchema;
  mapping?: ColumnMapping;
  /** Rows per batch (default 4096). */
  batchSize?: number;
  csvSeparator?: string;
  /** CSV text meaning NULL for nullable/default fields (default ""). */
  csvNullKey?: string;
  /**
   * Accept a source without rows (empty file, header-only CSV, `[]`). Off by default: an empty source
   * is almost always a mistake, and the import APIs reject it only after files were staged.
   */
  allowEmpty?: boolean;
}
