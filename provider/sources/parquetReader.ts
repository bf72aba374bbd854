import { basename } from "node:path";
import type { Vector } from "apache-arrow";
import { ParquetReadError, readParquetPieces } from "../formats/parquetArrow";
import { sourceError } from "./sourceError";
import type { RowBatch, SourceOptions } from "./types";

/**
 * Parquet through the shared Parquet → Arrow reader, a batch of rows of one row group at a time, so
 * memory is bounded by a row group. Lists arrive as typed arrays (list<float> → Float32Array, the
 * vector fast path), int64 as BigInt, strings as strings, nulls as null.
 */
export async function* readParquet(path: string, opts: SourceOptions = {}): AsyncGenerator<RowBatch> {
  const name = basename(path);
  const size = opts.batchSize ?? 4096;
  try {
    for await (const piece of readParquetPieces(path, { batchRows: size })) {
      const table = piece.table;
      const cols = table.schema.fields.map((f, i) => ({ name: f.name, vec: table.getChildAt(i) as Vector }));
      const rows: Record<string, unknown>[] = [];
      for (let r = 0; r < table.numRows; r++) {
        const row: Record<string, unknown> = {};
        for (const c of cols) row[c.name] = toJs(c.vec.get(r));
        rows.push(row);
      }
      yield { file: name, firstRow: piece.firstRow + 1, rows };
    }
  } catch (e) {
    if (!(e instanceof ParquetReadError)) throw e;
    throw e.rowGroup === undefined
      ? sourceError(name, 0, "a Parquet file", `unreadable Parquet (${e.message})`, "(parquet)")
      : sourceError(name, 0, "a readable row group", e.message, "(parquet)");
  }
}

function toJs(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "object" && v !== null && "toArray" in v && typeof (v as Vector).toArray === "function") {
    const vec = v as Vector;
    if (vec.nullCount > 0) return [...vec].map(toJs);
    const arr = vec.toArray() as unknown;
    // Numeric lists come back as typed arrays (fast path); others (strings, bools) as JS arrays.
    return ArrayBuffer.isView(arr) ? arr : [...(arr as Iterable<unknown>)].map(toJs);
  }
  return v;
}
