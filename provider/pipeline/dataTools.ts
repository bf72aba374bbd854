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
import { IssueCollector } from "../validate/issues";
import { RowValidator } from "../validate/rowValidator";
import type { DataInput } from "./deps";
import type { WriterOptions } from "./types";

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
    yield* readSource(shown(file), { schema, format: input.format, mapping: input.mapping });
}

export async function validateInput(schema: CollectionSchema, input: DataInput): Promise<{ rows: number }> {
  const issues = new IssueCollector();
  const v = new RowValidator(schema);
  let rows = 0;
  for await (const b of batchesOf(schema, input)) {
    for (let i = 0; i < b.rows.length && !issues.full; i++)
      v.add(b.rows[i], { file: b.file, row: b.firstRow + i }, issues);
    rows += b.rows.length;
    // Only the verdict matters here: drop the accepted columns so memory stays at one batch.
    v.take();
    if (issues.full) break;
  }
  issues.throwIfAny();
  return { rows };
}

export async function writeInput(
  schema: CollectionSchema,
  input: DataInput,
  opts: WriterOptions & { dir: string; identity: string },
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
  await appendSource(writer, batchesOf(schema, input));
  const manifest = await writer.commit();
  return { manifest, dir: path.join(opts.dir, manifest.identity) };
}

export async function primaryKeysOf(schema: CollectionSchema, input: DataInput): Promise<string[]> {
  const pk = primaryField(schema);
  if (!pk) throw new Error("the schema has no primary key field");
  const keys: string[] = [];
  for await (const b of batchesOf(schema, input)) for (const r of b.rows) keys.push(String(r[pk.name]));
  return keys;
}
