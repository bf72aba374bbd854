/**
 * DataTools bound to the package's validate / sources / bulkwriter modules.
 *
 * INTERIM: until the sources readers and the BulkWriter land (issue 3), inline rows are validated with
 * validate/validateRows and written as one `{"rows": [...]}` JSON file (exact BigInt digits), and file
 * sources report that they cannot be read yet. Replace with the real modules as they land.
 */
import fs from "node:fs";
import path from "node:path";
import type { Manifest } from "../bulkwriter/manifest";
import { primaryField } from "../schema/fields";
import type { CollectionSchema } from "../schema/types";
import { stringifyJson } from "../validate/jsonText";
import { validateRows } from "../validate/validateRows";
import type { DataInput } from "./deps";
import { sha256File } from "./hashSource";
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
): Promise<Manifest> {
  if (!("rows" in input)) return notYet("writing source files");
  if (opts.format !== "json") return notYet(`writing ${opts.format}`);
  validateRows(schema, input.rows, "rows");
  fs.mkdirSync(opts.dir, { recursive: true });
  const file = path.join(opts.dir, "1.json");
  fs.writeFileSync(file, stringifyJson({ rows: input.rows }));
  const { schemaFingerprint } = require("../schema/fingerprint") as typeof import("../schema/fingerprint");
  return {
    format: "json",
    identity: opts.identity,
    schemaFingerprint: schemaFingerprint(schema),
    totalRows: input.rows.length,
    files: [
      {
        path: "1.json",
        size: fs.statSync(file).size,
        sha256: sha256File(file),
        rows: input.rows.length,
        segment: 1,
      },
    ],
  };
}

export async function primaryKeysOf(schema: CollectionSchema, input: DataInput): Promise<string[]> {
  const pk = primaryField(schema);
  if (!pk) throw new Error("the schema has no primary key field");
  if (!("rows" in input)) return notYet("reading primary keys from source files");
  return input.rows.map((r) => String(r[pk.name]));
}
