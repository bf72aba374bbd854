import type { CollectionSchema } from "../schema/types";
import type { ColumnBatch } from "../validate/columns";
import type { IoThreads } from "./ioThreads";
import type { VectorText } from "./vectorText";

/** A finished file of one segment, still in the staging folder. */
export interface EncodedFile {
  /** Relative to the identity folder: "1.parquet", "1/title_vector.npy". */
  path: string;
  rows: number;
  /** SHA-256 (hex) of the finished file (a promise while the I/O threads finish it). */
  sha256: string | Promise<string>;
}

/**
 * Writes one segment of one format. The writer measures each row before appending it so a segment
 * never exceeds the size limit; `bytes` is the size of the file(s) so far, counted honestly
 * (dynamic `$meta` included).
 */
export interface SegmentEncoder {
  readonly rows: number;
  readonly bytes: number;
  /** Bytes row i of the batch would add to this segment. Rows are measured in order, then appended. */
  measure(batch: ColumnBatch, i: number): number;
  append(batch: ColumnBatch, start: number, end: number): void;
  /** Completes the segment's files (written as *.part, renamed when complete). */
  finish(): EncodedFile[];
  /** Removes everything this segment wrote. */
  abort(): void;
}

export interface EncoderContext {
  schema: CollectionSchema;
  /** Staging folder (absolute). */
  dir: string;
  /** 1-based segment number. */
  segment: number;
  options: FormatOptions;
  /** File I/O threads, when the writer uses them (FileSink then writes and hashes through them). */
  io?: IoThreads;
  /** Float-vector text on two threads (JSON/CSV), when the writer uses helper threads. */
  vectorText?: VectorText;
}

export interface FormatOptions {
  /** CSV: single-character separator (default ","). */
  csvSeparator?: string;
  /** CSV: the text that means NULL (default ""). Passed to Milvus as the `nullkey` import option. */
  csvNullKey?: string;
  /** Parquet: bytes of column data per row group (default 64 MiB). */
  parquetRowGroupBytes?: number;
}

export type EncoderFactory = (ctx: EncoderContext) => SegmentEncoder;
