/**
 * DataTools bound to the package's validate / sources / bulkwriter modules.
 *
 * INTERIM: until the source readers land (issue 3), only inline rows can be read; file sources report
 * that they cannot be read yet.
 */
import path from "node:path";
import type { Manifest } from "../bulkwriter/manifest";
import { primaryField } from "../schema/fields";
import type { CollectionSchema } from "../schema/types";
import { validateRows } from "../validate/validateRows";
import type { DataInput } from "./deps";
import type { WriterOptions } from "./types";

function notYet(what: string): never {
  throw new Error(`${what} is not available in this build yet (source readers land with issue 3)`);
}

export async function validateInput(schema: CollectionSchema, input: DataInput): Promise<{ rows: number }> {
  if ("rows" in input) {
    validateRows(schema, input.rows, "rows");
    return { rows: input.rows.length };
  }
  return notYet("reading source files");
}

export async function writeInput(
  schema: CollectionSchema,
  input: DataInput,
  opts: WriterOptions & { dir: string; identity: string },
): Promise<{ manifest: Manifest; dir: string }> {
  if (!("rows" in input)) return notYet("writing source files");
  const { LocalBulkWriter, MB } = require("../bulkwriter") as typeof import("../bulkwriter");
  const writer = new LocalBulkWriter({
    schema,
    localPath: opts.dir,
    fileType: opts.format,
    segmentSize: Math.round(opts.segmentSizeMb * MB),
    sourceName: "rows",
  });
  writer.appendRows(input.rows);
  const manifest = await writer.commit();
  return { manifest, dir: path.join(opts.dir, manifest.identity) };
}

export async function primaryKeysOf(schema: CollectionSchema, input: DataInput): Promise<string[]> {
  const pk = primaryField(schema);
  if (!pk) throw new Error("the schema has no primary key field");
  if (!("rows" in input)) return notYet("reading primary keys from source files");
  return input.rows.map((r) => String(r[pk.name]));
}
