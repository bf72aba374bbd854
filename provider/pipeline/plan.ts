/**
 * Stage 1, plan: resolve the source, validate it against the schema, hash it and derive the import's
 * identity, staging prefix and ownership. No side effects besides the local hash/validation cache,
 * so `pulumi preview` runs it on every invocation.
 */
import fs from "node:fs";
import path from "node:path";
import { connectionAddress } from "../contracts/connection";
import { primaryField } from "../schema/fields";
import { schemaFingerprint, stableStringify } from "../schema/fingerprint";
import { normalizeSchema } from "../schema/normalize";
import type { CollectionSchema } from "../schema/types";
import { checkSourceFormats, sourceFormatOf } from "../sources/formats";
import type { ColumnMapping } from "../sources/types";
import { readerConfigFor } from "../storage/stores";
import { parseObjectUrl } from "../storage/urls";
import type { Collaborators } from "./deps";
import { type HashOptions, hashSource, readFact, writeFact } from "./hashSource";
import {
  computeIdentity,
  filesDataHash,
  objectsDataHash,
  ownedPartitionName,
  rowsDataHash,
  sha256Hex,
} from "./identity";
import type { DataInput, HashedFile, ImportPlan, ImportSpec, OwnershipMode, PreparedObject } from "./types";

export const DEFAULT_REMOTE_PATH = "milvus-import";

export class PlanError extends Error {
  constructor(
    message: string,
    readonly property: string,
  ) {
    super(message);
    this.name = "PlanError";
  }
}

/** Expands globs (relative to baseDir) into a sorted, de-duplicated list of absolute file paths. */
export function expandFiles(patterns: string[], baseDir: string): string[] {
  const out = new Set<string>();
  for (const pattern of patterns) {
    const abs = path.resolve(baseDir, pattern);
    if (!/[*?[{]/.test(pattern)) {
      if (!fs.existsSync(abs))
        throw new PlanError(`source file not found: ${pattern} (resolved to ${abs})`, "source.files");
      out.add(abs);
      continue;
    }
    const matches = (fs.globSync(pattern, { cwd: baseDir }) as string[])
      .map((m) => path.resolve(baseDir, m))
      .sort();
    const files = matches.filter((m) => fs.statSync(m).isFile());
    if (files.length === 0)
      throw new PlanError(`source glob matched no files: ${pattern} (in ${baseDir})`, "source.files");
    for (const f of files) out.add(f);
  }
  return [...out];
}

export { sourceFormatOf };

/** How the import owns its rows, or why it cannot. */
function chooseOwnership(
  schema: CollectionSchema,
  spec: Pick<ImportSpec, "partition" | "onDelete">,
  sourceKind: ImportPlan["sourceKind"],
): OwnershipMode {
  const partitionKey = schema.fields.some((f) => f.isPartitionKey);
  if (!partitionKey && !spec.partition) return "partition";
  const pk = primaryField(schema);
  const why = partitionKey
    ? "the collection uses a partition key"
    : `rows go to the user partition "${spec.partition}"`;
  if (pk?.autoId || sourceKind === "objects") {
    if (spec.onDelete === "retain") return "none";
    const cause = pk?.autoId
      ? "the primary key is autoId (its values are unknown before the import)"
      : "prepared object files are not read locally";
    throw new PlanError(
      `cannot own the imported rows: ${why} and ${cause}. Without ownership a replace or destroy would leave the rows behind (duplicates on the next import). Set onDelete: "retain" to accept that, or import into an owned partition (no partition key, no partition argument).`,
      "onDelete",
    );
  }
  return "primaryKeys";
}

interface ValidatedFact {
  rows: number;
}

export async function plan(
  spec: ImportSpec,
  deps: Collaborators,
  hashOpts: HashOptions = {},
): Promise<ImportPlan> {
  const schema = normalizeSchema(spec.schema);
  const fp = schemaFingerprint(schema);
  const src = spec.source;
  const given = [src.files && "files", src.rows && "rows", src.objectUrls && "objectUrls"].filter(Boolean);
  if (given.length !== 1) {
    throw new PlanError(
      `source: give exactly one of files, rows or objectUrls; got ${given.join(", ") || "none"}`,
      "source",
    );
  }

  let files: HashedFile[] = [];
  let prepared: PreparedObject[] = [];
  let dataHash: string;
  let sourceRows: number | undefined;
  let sourceKind: ImportPlan["sourceKind"];

  if (src.files) {
    sourceKind = "files";
    const paths = expandFiles(src.files, spec.baseDir ?? process.cwd());
    try {
      checkSourceFormats(paths, src.format);
    } catch (err) {
      throw new PlanError((err as Error).message, "source.format");
    }
    files = hashSource(paths, hashOpts);
    dataHash = withMapping(filesDataHash(files, src.format), src.mapping);
    // Validation of unchanged content against an unchanged schema is remembered: a no-change preview
    // of a large source costs a stat per file instead of a full read.
    const factName = sha256Hex(`validated|${fp}|${dataHash}`);
    // An empty source is never remembered: whether it is accepted depends on the caller (allowEmpty).
    const fact = readFact<ValidatedFact>(factName, hashOpts);
    if (fact && Number.isInteger(fact.rows) && fact.rows > 0) sourceRows = fact.rows;
    else {
      sourceRows = (
        await deps.data.validate(schema, { files: paths, format: src.format, mapping: src.mapping })
      ).rows;
      if (sourceRows > 0) writeFact(factName, { rows: sourceRows } satisfies ValidatedFact, hashOpts);
    }
  } else if (src.rows) {
    sourceKind = "rows";
    if (!Array.isArray(src.rows) || src.rows.length === 0)
      throw new PlanError("source.rows: give at least one row", "source.rows");
    sourceRows = (await deps.data.validate(schema, { rows: src.rows, mapping: src.mapping })).rows;
    dataHash = withMapping(rowsDataHash(src.rows), src.mapping);
  } else {
    sourceKind = "objects";
    const urls = src.objectUrls!;
    if (urls.length === 0)
      throw new PlanError("source.objectUrls: give at least one URL", "source.objectUrls");
    prepared = await headPrepared(urls, spec, deps);
    dataHash = objectsDataHash(prepared);
  }

  const ownership = chooseOwnership(schema, spec, sourceKind);
  const identity = computeIdentity({
    schemaFingerprint: fp,
    dataHash,
    // onDuplicatePk decides whether files are written, not what they hold: not part of the identity.
    writer: { format: spec.writer.format, segmentSizeMb: spec.writer.segmentSizeMb },
    target: {
      address: connectionAddress(spec.connection),
      apiKind: spec.apiKind,
      dbName: spec.dbName,
      collectionName: spec.collectionName,
      partition: spec.partition,
    },
    trigger: spec.trigger,
  });
  const remotePath = (spec.storage.remotePath ?? DEFAULT_REMOTE_PATH).replace(/^\/+|\/+$/g, "");
  return {
    identity,
    dataHash,
    schemaFingerprint: fp,
    sourceKind,
    files,
    prepared,
    sourceRows,
    prefix: remotePath ? `${remotePath}/${identity}` : identity,
    ownership,
    partition: ownership === "partition" ? ownedPartitionName(identity) : spec.partition,
  };
}

/** Checks every prepared URL exists (head / list) and records what the store says about it. */
async function headPrepared(
  urls: string[],
  spec: ImportSpec,
  deps: Collaborators,
): Promise<PreparedObject[]> {
  const out: PreparedObject[] = [];
  const missing: string[] = [];
  for (const url of urls) {
    const loc = parseObjectUrl(url, { provider: spec.storage.provider });
    const store = deps.openStore(readerConfigFor(loc, spec.storage));
    if (loc.isFolder) {
      const listed = await store.list(loc.key);
      if (listed.length === 0) missing.push(url);
      const size = listed.reduce((n, o) => n + o.size, 0);
      const etag = sha256Hex(
        listed.map((o) => `${o.key}|${o.size}|${o.etag ?? ""}|${o.sha256 ?? ""}`).join("\n"),
      );
      out.push({ url, size, etag });
    } else {
      const info = await store.head(loc.key);
      if (!info) missing.push(url);
      else out.push({ url, size: info.size, etag: info.etag, sha256: info.sha256 });
    }
  }
  if (missing.length) {
    throw new PlanError(
      `source.objectUrls: ${missing.length} object(s) not found: ${missing.join(", ")}`,
      "source.objectUrls",
    );
  }
  return out;
}

/** The data input the write stage reads for a plan. */
export function dataInputOf(spec: ImportSpec, plan: ImportPlan): DataInput {
  const mapping = spec.source.mapping;
  if (plan.sourceKind === "rows") return { rows: spec.source.rows!, mapping };
  return { files: plan.files.map((f) => f.path), format: spec.source.format, mapping };
}

/** A column mapping changes what gets imported, so it is part of the data's hash (absent: unchanged). */
function withMapping(dataHash: string, mapping: ColumnMapping | undefined): string {
  return mapping ? sha256Hex(stableStringify({ dataHash, mapping })) : dataHash;
}
