/**
 * DataTools bound to the package's modules: sources (streaming readers) -> validate (RowValidator,
 * located issues) -> bulkwriter (LocalBulkWriter). Memory stays bounded by one batch while validating
 * (accepted columns are dropped every batch) and by the segment size while writing.
 */
import path from "node:path";
import type { Manifest } from "../bulkwriter/manifest";
import { primaryField } from "../schema/fields";
import type { CollectionSchema } from "../schema/types";
import type { RowBatch } from "../sources/types";
import { DataValidationError, IssueCollector } from "../validate/issues";
import { RowValidator } from "../validate/rowValidator";
import type { DataInput, WriterOptions } from "./types";

/** Paths in messages: relative to the program directory when inside it, as users wrote them. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

async function* batchesOf(schema: CollectionSchema, input: DataInput): AsyncGenerator<RowBatch> {
  const { readSource } = require("../sources") as typeof import("../sources");
  if ("rows" in input) {
    yield* readSource({ rows: input.rows, name: "rows" }, { schema, mapping: input.mapping });
    return;
  }
  for (const file of input.files)
    yield* readSource(shown(file), {
      schema,
      format: input.format,
      mapping: input.mapping,
      allowEmpty: input.allowEmpty,
    });
}

/**
 * Reads every row of every file: the issue count is the true total (only the first ones are kept),
 * and a file that cannot be read further (bad CSV quoting, invalid JSON) adds its problem to the
 * issues found so far instead of replacing them.
 */
export async function validateInput(schema: CollectionSchema, input: DataInput): Promise<{ rows: number }> {
  const issues = new IssueCollector();
  const v = new RowValidator(schema);
  let rows = 0;
  const sources: DataInput[] =
    "files" in input ? input.files.map((f) => ({ ...input, files: [f] })) : [input];
  for (const source of sources) {
    try {
      for await (const b of batchesOf(schema, source)) {
        for (let i = 0; i < b.rows.length; i++)
          v.add(b.rows[i], { file: b.file, row: b.firstRow + i }, issues);
        rows += b.rows.length;
        // Only the verdict matters here: drop the accepted columns so memory stays at one batch.
        v.take();
      }
    } catch (err) {
      if (!(err instanceof DataValidationError)) throw err;
      for (const i of err.issues) issues.add(i);
    }
  }
  issues.throwIfAny();
  return { rows };
}

export async function writeInput(
  schema: CollectionSchema,
  input: DataInput,
  opts: WriterOptions & { dir: string; identity: string; onRows?: (rows: number) => void },
): Promise<{ manifest: Manifest; dir: string }> {
  const { LocalBulkWriter, MB } = require("../bulkwriter") as typeof import("../bulkwriter");
  const { appendSource } = require("../sources") as typeof import("../sources");
  const writer = new LocalBulkWriter({
    schema,
    localPath: opts.dir,
    fileType: opts.format,
    segmentSize: Math.round(opts.segmentSizeMb * MB),
    onDuplicatePk: opts.onDuplicatePk,
  });
  await appendSource(writer, counted(batchesOf(schema, input), opts.onRows));
  const manifest = await writer.commit();
  return { manifest, dir: path.join(opts.dir, manifest.identity) };
}

/** Passes batches through, reporting the rows handed on so far once each batch has been consumed. */
async function* counted(
  batches: AsyncIterable<RowBatch>,
  onRows: ((rows: number) => void) | undefined,
): AsyncGenerator<RowBatch> {
  let rows = 0;
  for await (const b of batches) {
    yield b;
    rows += b.rows.length;
    onRows?.(rows);
  }
}

export async function primaryKeysOf(schema: CollectionSchema, input: DataInput): Promise<string[]> {
  const pk = primaryField(schema);
  if (!pk) throw new Error("the schema has no primary key field");
  const keys: string[] = [];
  for await (const b of batchesOf(schema, input)) for (const r of b.rows) keys.push(String(r[pk.name]));
  return keys;
}
