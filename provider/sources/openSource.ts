import { basename } from "node:path";
import { checkSourceFormats, sourceFormatOf } from "./formats";
import { compileMapping } from "./mapping";
import { readParquet } from "./parquetReader";
import { readCsv, readJson, readJsonl } from "./readers";
import { sourceError } from "./sourceError";
import type { RowBatch, SourceFormat, SourceOptions } from "./types";

export { checkSourceFormats, SourceFormatError, sourceFormatOf } from "./formats";

function formatOf(path: string): SourceFormat {
  checkSourceFormats([path]);
  return sourceFormatOf(path)!;
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
  let rows = 0;
  for await (const b of batches) {
    rows += b.rows.length;
    yield {
      ...b,
      rows: b.rows.map((r) => (typeof r === "object" && r !== null && !Array.isArray(r) ? map(r) : r)),
    };
  }
  if (rows === 0 && !opts.allowEmpty && typeof input === "string") {
    const format = opts.format ?? formatOf(input);
    throw sourceError(
      basename(input),
      0,
      "at least one row",
      `${format === "csv" ? "a header and no data rows" : format === "parquet" ? "0 rows" : "an empty list of rows"} (an empty source is refused unless asked for: milvus-import --allow-empty)`,
    );
  }
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
