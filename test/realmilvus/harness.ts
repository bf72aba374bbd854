/**
 * realmilvus harness: writes a case's rows with OUR writer into the real server's local storage, writes
 * the same rows as an exact reference (rows.json with BigInt digits, vectors as raw float32/bytes),
 * and runs milvus_case.py (pymilvus 2.3.7, in the server's network namespace) to import and compare.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { LocalBulkWriter } from "../../provider/bulkwriter";
import { type CollectionSchema, normalizeSchema } from "../../provider/schema";
import { stringifyJson } from "../../provider/validate";

export type Format = "json" | "parquet" | "numpy";
export type Row = Record<string, unknown>;

export interface Server {
  pid: string;
  port: string;
  storageRoot: string;
  python: string;
}

export function server(): Server {
  const { PMI_MILVUS_PID, PMI_MILVUS_PORT, PMI_MILVUS_STORAGE, PMI_MILVUS_PYTHON } = process.env;
  if (!PMI_MILVUS_PID || !PMI_MILVUS_PORT || !PMI_MILVUS_STORAGE || !PMI_MILVUS_PYTHON)
    throw new Error("PMI_MILVUS_* not set: run through the realmilvus jest project (its globalSetup)");
  return {
    pid: PMI_MILVUS_PID,
    port: PMI_MILVUS_PORT,
    storageRoot: PMI_MILVUS_STORAGE,
    python: PMI_MILVUS_PYTHON,
  };
}

/** A fresh folder under the server's local storage root (import paths must lie there). */
export function caseDir(name: string): string {
  const dir = path.join(server().storageRoot, "cases", name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export interface CaseInput {
  name: string;
  schema: CollectionSchema | unknown;
  format: Format;
  rows: Row[];
  /** Our writer's segment size (bytes): small values give several files from one writer. */
  segmentSize?: number;
  /** Also write the rows with pymilvus 2.3.7 and compare a top-10 search (default true). */
  pymilvus?: boolean;
  /** pymilvus chunk_size (bytes). */
  pymilvusChunkSize?: number;
  /** Field identifying rows when the primary key is auto_id. */
  matchBy?: string;
  numPartitions?: number;
  /** The server must refuse the import (bad-input cases). */
  expectFailure?: boolean;
  /** Files to import instead of our writer's (bad-input cases). */
  files?: string[][];
}

export interface CaseSpec {
  name: string;
  schema: CollectionSchema;
  files: string[][];
  reference: string;
  matchBy: string;
  pymilvus?: { format: Format; dir: string; chunkSize?: number };
  numPartitions?: number;
  expectFailure?: boolean;
}

export interface CaseReport {
  name: string;
  ok: boolean;
  problems: string[];
  imported?: number;
  failure?: string | null;
  rows?: number;
  values?: number;
  segments?: number;
  /** Rows the loaded segments hold (duplicates count twice). */
  segmentRows?: number;
  /** Import requests (file groups) of our writer's output. */
  files?: number;
  partitions?: number;
  nonEmpty?: number;
  keysLookedUp?: number;
  search?: {
    pymilvusFiles: number;
    pymilvusFailure: string | null;
    queries?: number;
    differing?: number;
  };
  seconds: number;
}

/** Writes the case's files (ours) and reference; returns the spec milvus_case.py runs. */
export async function prepareCase(input: CaseInput): Promise<CaseSpec> {
  const schema = normalizeSchema(input.schema);
  const dir = caseDir(input.name);
  let files = input.files;
  if (!files) {
    const writer = new LocalBulkWriter({
      schema,
      localPath: path.join(dir, "ours"),
      fileType: input.format,
      segmentSize: input.segmentSize,
    });
    for (const row of input.rows) writer.appendRow(row);
    await writer.commit();
    files = writer.batchFiles;
  }
  const reference = path.join(dir, "reference");
  writeReference(reference, schema, input.rows);
  const pk = schema.fields.find((f) => f.isPrimary)!;
  return {
    name: input.name,
    schema,
    files,
    reference,
    matchBy: input.matchBy ?? pk.name,
    pymilvus:
      input.pymilvus === false
        ? undefined
        : { format: input.format, dir: path.join(dir, "pymilvus"), chunkSize: input.pymilvusChunkSize },
    numPartitions: input.numPartitions,
    expectFailure: input.expectFailure,
  };
}

/** rows.json: every row without its vectors (exact integers); <field>.bin: the vectors, row-major. */
export function writeReference(dir: string, schema: CollectionSchema, rows: Row[]): void {
  fs.mkdirSync(dir, { recursive: true });
  const vectors = schema.fields.filter(
    (f) => f.dataType === "FLOAT_VECTOR" || f.dataType === "BINARY_VECTOR",
  );
  for (const f of vectors) {
    const per = f.dataType === "FLOAT_VECTOR" ? f.dim! : f.dim! / 8;
    const out =
      f.dataType === "FLOAT_VECTOR" ? new Float32Array(rows.length * per) : new Uint8Array(rows.length * per);
    rows.forEach((r, i) => {
      out.set(r[f.name] as ArrayLike<number>, i * per);
    });
    fs.writeFileSync(path.join(dir, `${f.name}.bin`), new Uint8Array(out.buffer));
  }
  const skip = new Set(vectors.map((f) => f.name));
  const numeric = new Set(
    schema.fields.filter((f) => ["FLOAT", "DOUBLE", "ARRAY"].includes(f.dataType)).map((f) => f.name),
  );
  const scalars = rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).flatMap(([k, v]) =>
        skip.has(k) ? [] : [[k, numeric.has(k) ? markNegativeZero(v) : v]],
      ),
    ),
  );
  // JSON has no -0 (JSON.stringify writes 0); Python reads -0.0 back as the float -0.
  const text = stringifyJson(scalars).replaceAll(`"${NEGATIVE_ZERO}"`, "-0.0");
  fs.writeFileSync(path.join(dir, "rows.json"), text);
}

const NEGATIVE_ZERO = "__pmi_negative_zero__";

function markNegativeZero(v: unknown): unknown {
  if (Object.is(v, -0)) return NEGATIVE_ZERO;
  if (Array.isArray(v)) return v.map(markNegativeZero);
  return v;
}

export type PreparedSpec = CaseSpec & { rowCount: number; prepareSeconds: number };

/** Runs prepare.ts in plain Node (see there why): writes the cases' files, returns their specs. */
export function prepareOutsideJest(cases: { key: string; format: Format }[]): {
  specs: PreparedSpec[];
  failures: Record<string, string>;
} {
  const dir = path.join(server().storageRoot, "cases");
  fs.mkdirSync(dir, { recursive: true });
  const job = path.join(dir, `prepare-${process.pid}-${Date.now()}.json`);
  const out = `${job}.out`;
  fs.writeFileSync(job, JSON.stringify({ cases, out }));
  const root = path.resolve(__dirname, "../..");
  const run = spawnSync(
    process.execPath,
    ["-r", path.join(root, "test/helpers/swcRegister.js"), path.join(__dirname, "prepare.ts"), job],
    { encoding: "utf8", maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60_000 },
  );
  try {
    if (run.status !== 0) throw new Error(`prepare.ts failed (exit ${run.status}):\n${run.stderr}`);
    return JSON.parse(fs.readFileSync(out, "utf8"));
  } finally {
    fs.rmSync(job, { force: true });
    fs.rmSync(out, { force: true });
  }
}

/** Runs the cases on the real server (`workers` processes at a time); one report per case. */
export function runCases(specs: CaseSpec[], workers = 3): CaseReport[] {
  const s = server();
  const specFile = path.join(s.storageRoot, "cases", `spec-${process.pid}-${Date.now()}.json`);
  fs.mkdirSync(path.dirname(specFile), { recursive: true });
  fs.writeFileSync(specFile, JSON.stringify({ cases: specs, workers }));
  const out = spawnSync(s.python, [path.join(__dirname, "milvus_case.py"), specFile], {
    env: { ...process.env, PMI_MILVUS_PID: s.pid, PMI_MILVUS_PORT: s.port },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 20 * 60_000,
  });
  fs.rmSync(specFile, { force: true });
  const last = out.stdout?.trim().split("\n").pop();
  if (out.status !== 0 || !last) {
    throw new Error(
      `milvus_case.py failed (exit ${out.status}, ${out.signal ?? "no signal"}):\n${out.stderr}`,
    );
  }
  return (JSON.parse(last) as { reports: CaseReport[] }).reports;
}

/** A case whose files the server must refuse (no reference values: nothing should be stored). */
export function refusalSpec(name: string, schema: CollectionSchema | unknown, files: string[][]): CaseSpec {
  const normalized = normalizeSchema(schema);
  const reference = path.join(server().storageRoot, "cases", name, "reference");
  writeReference(reference, normalized, []);
  return {
    name,
    schema: normalized,
    files,
    reference,
    matchBy: normalized.fields.find((f) => f.isPrimary)!.name,
    expectFailure: true,
  };
}

/** Removes a case's files from the server's storage. */
export function dropCaseFiles(name: string): void {
  fs.rmSync(path.join(server().storageRoot, "cases", name), { recursive: true, force: true });
}

/**
 * Runs a Python snippet with pymilvus connected to the server (milvus_case.py's helpers imported:
 * create, import_all, milvus_schema, ...); returns the JSON document it prints last.
 */
export function milvusSnippet<T = unknown>(code: string): T {
  const s = server();
  const prelude = `import sys; sys.path.insert(0, ${JSON.stringify(__dirname)})\nfrom milvus_case import *\n`;
  const out = spawnSync(s.python, ["-c", prelude + code], {
    env: { ...process.env, PMI_MILVUS_PID: s.pid, PMI_MILVUS_PORT: s.port },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 10 * 60_000,
  });
  const last = out.stdout?.trim().split("\n").pop();
  if (out.status !== 0 || !last)
    throw new Error(`python snippet failed (exit ${out.status}):\n${out.stderr}`);
  return JSON.parse(last) as T;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
