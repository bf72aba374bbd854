/** Reads one import file group with the reader for its type, as batches of rows. */
import type { Batch, ReadContext } from "../batch";
import type { ImportFileType } from "../fileGroups";
import { readCsvStream } from "./csv";
import { readJsonlStream, readJsonStream } from "./json";
import { readNumpyGroup } from "./numpy";

/** One file of an import group, readable as a stream, as random-access bytes, or whole. */
export interface ImportFile {
  key: string;
  /** The bytes in order, in chunks (files of any size). */
  stream(): AsyncIterable<Uint8Array>;
  /** Random access (Parquet): a Blob over the file where the store allows, else the bytes. */
  blob(): Promise<Blob | Uint8Array>;
  /** The whole file in memory (NumPy groups). */
  buffer(): Promise<Buffer>;
}

/** Rows per batch: a batch is staged as one segment and then dropped, which bounds an import's memory. */
export const BATCH_ROWS = 8192;

/**
 * The rows of a group, BATCH_ROWS at a time. JSON, JSONL and CSV stream (any file size), Parquet reads
 * a batch of one row group at a time; a NumPy group is read whole (fixed-width columns of one segment).
 */
export async function* readFileGroup(
  type: ImportFileType | undefined,
  files: ImportFile[],
  ctx: ReadContext,
  batchRows = BATCH_ROWS,
): AsyncGenerator<Batch> {
  switch (type) {
    case "numpy": {
      const bufs = await Promise.all(files.map((f) => f.buffer()));
      yield readNumpyGroup(
        files.map((f, i) => ({ key: f.key, buf: bufs[i] })),
        ctx,
      );
      return;
    }
    case "parquet": {
      // Loaded on first use: apache-arrow costs ~70 ms to load and most runs read no Parquet.
      const { readParquetStream } = require("./parquet") as typeof import("./parquet");
      yield* readParquetStream(await files[0].blob(), ctx, batchRows);
      return;
    }
    case "csv":
      yield* readCsvStream(files[0].stream(), ctx, batchRows);
      return;
    case "jsonl":
      yield* readJsonlStream(files[0].stream(), ctx, batchRows);
      return;
    default:
      yield* readJsonStream(files[0].stream(), ctx, batchRows);
  }
}
