import { extname } from "node:path";
import { compileMapping } from "./mapping";
import { readParquet } from "./parquetReader";
import { readCsv, readJson, readJsonl } from "./readers";
import type { RowBatch, SourceFormat, SourceOptions } from "./types";

export function formatOf(path: string): SourceFormat {
  const ext = extname(path).toLowerCase();
  const map: Record<string, SourceFormat> = {
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
  };
  const f = map[ext];
  if (!f)
    throw new Error(
      `cannot tell the format of '${path}' from its extension; pass format (csv, json, jsonl, parquet)`,
    );
  return f;
}

/** Streams row batches from a file (by extension or opts.format) or from inline rows, mapping applied. */
export async function* readSource(
  input: string | { rows: unknown[]; name?: string },
  opts: SourceOptions = {},
): AsyncGenerator<RowBatch> {
  const map = compileMapping(opts.mapping);
  let batches: AsyncGenerator<RowBatch> | Generator<RowBatch>;
  if (typeof input !== "string")
    batches = inlineRows(input.rows, input.name ?? "inline", opts.batchSize ?? 4096);
  else {
    const format = opts.format ?? formatOf(input);
    batches =
      format === "csv"
        ? readCsv(input, opts)
        : format === "json"
          ? readJson(input, opts)
          : format === "jsonl"
            ? readJsonl(input, opts)
            : readParquet(input, opts);
  }
  for await (const b of batches)
    yield {
      ...b,
      rows: b.rows.map((r) => (typeof r === "object" && r !== null && !Array.isArray(r) ? map(r) : r)),
    };
}

function* inlineRows(rows: unknown[], name: string, size: number): Generator<RowBatch> {
  for (let i = 0; i < rows.length; i += size)
    yield { file: name, firstRow: i + 1, rows: rows.slice(i, i + size) as Record<string, unknown>[] };
}

/** Anything that takes located rows: LocalBulkWriter, RemoteBulkWriter. */
export interface RowSink {
  appendRow(row: unknown, loc: { file: string; row: number }): void;
}

/** Pumps a source into a writer, keeping file:row locations for error messages. Returns rows read. */
export async function appendSource(sink: RowSink, batches: AsyncIterable<RowBatch>): Promise<number> {
  let n = 0;
  for await (const b of batches) {
    for (let i = 0; i < b.rows.length; i++) sink.appendRow(b.rows[i], { file: b.file, row: b.firstRow + i });
    n += b.rows.length;
  }
  return n;
}
