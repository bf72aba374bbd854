import { openAsBlob } from "node:fs";
import { basename } from "node:path";
import { type Table, tableFromIPC, type Vector } from "apache-arrow";
import { sourceError } from "./sourceError";
import type { RowBatch, SourceOptions } from "./types";

type ParquetWasm = typeof import("parquet-wasm");

/**
 * Parquet via parquet-wasm (arrow-rs) and apache-arrow, one row group at a time through a Blob, so
 * memory is bounded by a row group. Lists arrive as typed arrays (list<float> → Float32Array, the
 * vector fast path), int64 as BigInt, strings as strings, nulls as null.
 */
export async function* readParquet(path: string, opts: SourceOptions = {}): AsyncGenerator<RowBatch> {
  const name = basename(path);
  const pw = require("parquet-wasm") as ParquetWasm;
  let file: Awaited<ReturnType<ParquetWasm["ParquetFile"]["fromFile"]>>;
  try {
    file = await pw.ParquetFile.fromFile(await openAsBlob(path));
  } catch (e) {
    throw sourceError(
      name,
      0,
      "a Parquet file",
      `unreadable Parquet (${String((e as Error).message ?? e).slice(0, 200)})`,
      "(parquet)",
    );
  }
  try {
    const groups = file.metadata().numRowGroups();
    let first = 1;
    const size = opts.batchSize ?? 4096;
    for (let g = 0; g < groups; g++) {
      let table: Table;
      try {
        const wasmTable = await file.read({ rowGroups: [g] });
        table = tableFromIPC(wasmTable.intoIPCStream());
      } catch (e) {
        throw sourceError(
          name,
          first,
          "a readable row group",
          `row group ${g}: ${String((e as Error).message ?? e).slice(0, 200)}`,
          "(parquet)",
        );
      }
      const cols = table.schema.fields.map((f, i) => ({ name: f.name, vec: table.getChildAt(i) as Vector }));
      for (let s = 0; s < table.numRows; s += size) {
        const e = Math.min(table.numRows, s + size);
        const rows: Record<string, unknown>[] = [];
        for (let r = s; r < e; r++) {
          const row: Record<string, unknown> = {};
          for (const c of cols) row[c.name] = toJs(c.vec.get(r));
          rows.push(row);
        }
        yield { file: name, firstRow: first, rows };
        first += rows.length;
      }
    }
  } finally {
    file.free();
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
