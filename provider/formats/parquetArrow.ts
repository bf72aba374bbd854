/**
 * Parquet → Apache Arrow, one piece at a time: parquet-wasm (arrow-rs) decodes each row group in
 * batches of rows and apache-arrow reads them from IPC, so memory stays within a row group's column
 * chunks plus one batch, whatever the file size. A path is read with random access from disk (a Blob
 * over the file), never whole. Shared by the source readers and the embedded engine's import reader.
 */
import { openAsBlob } from "node:fs";
import type { Table } from "apache-arrow";

type ParquetWasm = typeof import("parquet-wasm");
type Arrow = typeof import("apache-arrow");

export class ParquetReadError extends Error {
  constructor(
    message: string,
    /** The row group being read, when the file itself opened. */
    readonly rowGroup?: number,
  ) {
    super(message);
    this.name = "ParquetReadError";
  }
}

export interface ParquetPiece {
  table: Table;
  rowGroup: number;
  /** 0-based index in the file of the piece's first row. */
  firstRow: number;
}

const DEFAULT_BATCH_ROWS = 8192;

// Loaded on first use: parquet-wasm and apache-arrow cost ~100 ms to load and most runs read no Parquet.
const wasm = (): ParquetWasm => require("parquet-wasm") as ParquetWasm;
const arrow = (): Arrow => require("apache-arrow") as Arrow;

const message = (e: unknown) => String((e as Error)?.message ?? e).slice(0, 300);

/** Every row of a Parquet file (path, Blob or bytes) as Arrow tables of at most batchRows rows. */
export async function* readParquetPieces(
  input: string | Blob | Uint8Array,
  opts: { batchRows?: number } = {},
): AsyncGenerator<ParquetPiece> {
  const pw = wasm();
  const { tableFromIPC } = arrow();
  let file: Awaited<ReturnType<ParquetWasm["ParquetFile"]["fromFile"]>>;
  try {
    const blob =
      typeof input === "string" ? await openAsBlob(input) : input instanceof Blob ? input : new Blob([input]);
    file = await pw.ParquetFile.fromFile(blob);
  } catch (e) {
    throw new ParquetReadError(`not a readable Parquet file: ${message(e)}`);
  }
  try {
    const groups = file.metadata().numRowGroups();
    let firstRow = 0;
    for (let g = 0; g < groups; g++) {
      let reader: ReadableStreamDefaultReader<{ intoIPCStream(): Uint8Array; free(): void }>;
      try {
        const stream = await file.stream({ rowGroups: [g], batchSize: opts.batchRows ?? DEFAULT_BATCH_ROWS });
        reader = stream.getReader();
      } catch (e) {
        throw new ParquetReadError(`row group ${g}: ${message(e)}`, g);
      }
      for (;;) {
        let table: Table;
        try {
          const { done, value } = await reader.read();
          if (done) break;
          table = tableFromIPC(value.intoIPCStream());
        } catch (e) {
          throw new ParquetReadError(`row group ${g}: ${message(e)}`, g);
        }
        yield { table, rowGroup: g, firstRow };
        firstRow += table.numRows;
      }
    }
  } finally {
    file.free();
  }
}

/** A whole Parquet file already in memory as one Arrow table (small files; tests). */
export function readParquetTable(bytes: Uint8Array): Table {
  try {
    const t = wasm().readParquet(bytes);
    return arrow().tableFromIPC(t.intoIPCStream());
  } catch (e) {
    throw new ParquetReadError(`not a readable Parquet file: ${message(e)}`);
  }
}
