/**
 * `pulumi preview` with no changes on a 1 GiB source vs an empty-stack preview (target: within 2 s).
 * Both run through the real CLI against the packed package installed in a consumer project, on the
 * embedded local engine. The 1 GiB source is one Parquet file (FLOAT_VECTOR dim 768 + id + title)
 * written by our LocalBulkWriter; the stack is brought up once (validate, write, stage, import), then
 * each preview is timed. Also measured: a cold full SHA-256 of the source (GB/s) and the cached hash.
 *   bash scripts/bench.sh preview            (PMI_BENCH_PREVIEW_MB to change the source size)
 * Prints JSON and writes preview.json (bench/results/ only with --save).
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LocalBulkWriter, MB } from "../provider/bulkwriter";
import { sha256FileSync as sha256File } from "../provider/bulkwriter/identity";
import { hashFile } from "../provider/pipeline/hashSource";
import { PulumiProject } from "../test/helpers/pulumi";
import { pulumiBinDir } from "../test/helpers/tools";
import { SAVE_FLAG_HELP, saveResult } from "./lib/results";
import { answerHelp } from "./lib/usage";

answerHelp(`Usage: bash scripts/bench.sh preview [--help]

\`pulumi preview\` with no changes on a large source vs an empty stack, through the real Pulumi CLI and
the packed package. Prints JSON and writes preview.json (bench/results/ only with --save).

Flags:
${SAVE_FLAG_HELP}

Environment:
  PMI_BENCH_PREVIEW_MB     source size in MiB (default 1024)
  PMI_BENCH_PREVIEW_RUNS   timed previews per case (default 5)`);

const SOURCE_MB = Number(process.env.PMI_BENCH_PREVIEW_MB ?? 1024);
const DIM = 768;
const RUNS = Number(process.env.PMI_BENCH_PREVIEW_RUNS ?? 5);

function findRepoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "pulumi-milvus-import")
      return dir;
  }
  throw new Error(`repository root not found above ${__dirname}`);
}

function installConsumer(root: string, dir: string): void {
  const npm = (args: string[], cwd: string) =>
    execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  // tsc emits even when modules in progress elsewhere have type errors; the pack only needs dist/.
  spawnSync("bash", ["scripts/with-node.sh", "tsc", "-p", "tsconfig.json"], { cwd: root, stdio: "ignore" });
  const packed = npm(["pack", "--silent", "--pack-destination", dir], root).trim().split("\n").pop()!;
  const pulumiVersion = JSON.parse(
    fs.readFileSync(path.join(root, "node_modules/@pulumi/pulumi/package.json"), "utf8"),
  ).version;
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({
      name: "pmi-bench-consumer",
      private: true,
      dependencies: {
        "pulumi-milvus-import": `file:${path.join(dir, packed)}`,
        "@pulumi/pulumi": pulumiVersion,
      },
    }),
  );
  npm(["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], dir);
}

const schema = {
  fields: [
    { name: "id", dataType: "INT64" as const, isPrimary: true },
    { name: "vec", dataType: "FLOAT_VECTOR" as const, dim: DIM },
    { name: "title", dataType: "VARCHAR" as const, maxLength: 64 },
  ],
};

async function writeSource(file: string, work: string): Promise<number> {
  const rows = Math.ceil((SOURCE_MB * MB) / (DIM * 4 + 24));
  const writer = new LocalBulkWriter({
    schema,
    localPath: work,
    fileType: "parquet",
    segmentSize: 64 * 1024 * MB,
  });
  const CHUNK = 10_000;
  let seed = 1;
  for (let start = 0; start < rows; start += CHUNK) {
    const n = Math.min(CHUNK, rows - start);
    const id = new BigInt64Array(n);
    const vec = new Float32Array(n * DIM);
    const title: string[] = [];
    for (let i = 0; i < n; i++) {
      id[i] = BigInt(start + i + 1);
      title.push(`t${start + i}`);
    }
    for (let i = 0; i < vec.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      vec[i] = seed / 4294967296;
    }
    writer.appendColumns({ id, vec, title }, n);
  }
  const m = await writer.commit();
  fs.renameSync(path.join(work, m.identity, m.files[0].path), file);
  fs.rmSync(path.join(work, m.identity), { recursive: true, force: true });
  return rows;
}

const program = (withResources: boolean | "floor") => `
const pulumi = require("@pulumi/pulumi");
${
  withResources === "floor"
    ? // The smallest dynamic resource: a provider that does nothing, so only the provider host is measured.
      `new pulumi.dynamic.Resource({ async create(inputs) { return { id: "floor", outs: inputs }; } }, "floor", { value: 1 });`
    : withResources
      ? `const { Collection, ImportJob } = require("pulumi-milvus-import");
const localDir = new pulumi.Config().require("engineDir");
const docs = new Collection("docs", { connection: { localDir }, name: "docs", schema: ${JSON.stringify(schema)} });
new ImportJob("load", { collection: docs, source: { files: ["data/source.parquet"] }, segmentSizeMb: 2048, wait: { timeoutSeconds: 3600, pollIntervalSeconds: 1 } });`
      : ""
}
`;

async function timedPreview(p: PulumiProject): Promise<{ ms: number; summary: Record<string, number> }> {
  const t = process.hrtime.bigint();
  const r = await p.preview();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, summary: r.changeSummary };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const root = findRepoRoot();
  process.env.PMI_PULUMI_BIN ??= pulumiBinDir();
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-bench-preview-"));
  try {
    installConsumer(root, base);
    const full = PulumiProject.create(base, "bench-full", program(true));
    const empty = PulumiProject.create(base, "bench-empty", program(false));
    // The floor: the smallest dynamic resource (starts the same provider host, no Milvus work).
    const floor = PulumiProject.create(base, "bench-floor", program("floor"));
    full.env.PMI_CACHE_DIR = path.join(full.dir, ".cache");
    fs.mkdirSync(path.join(full.dir, "data"));
    const source = path.join(full.dir, "data", "source.parquet");
    const rows = await writeSource(source, path.join(base, "gen"));
    const bytes = fs.statSync(source).size;

    let t = Date.now();
    sha256File(source);
    const coldHashMs = Date.now() - t;
    // Second pass: the file is in the page cache, so this is the hashing rate itself.
    t = Date.now();
    sha256File(source);
    const warmHashMs = Date.now() - t;

    await full.init({ engineDir: path.join(full.dir, "engine") });
    await empty.init();
    await floor.init();
    t = Date.now();
    const up = await full.up();
    const firstUpMs = Date.now() - t;
    if (up.result !== "succeeded") throw new Error(`up failed: ${JSON.stringify(up.changes)}`);
    await empty.up();
    await floor.up();

    t = Date.now();
    hashFile(source, { cacheDir: full.env.PMI_CACHE_DIR });
    const cachedHashMs = Date.now() - t;

    const fullRuns: number[] = [];
    const emptyRuns: number[] = [];
    const floorRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const e = await timedPreview(empty);
      floorRuns.push((await timedPreview(floor)).ms);
      const f = await timedPreview(full);
      if (f.summary.same !== 3 || Object.keys(f.summary).length !== 1)
        throw new Error(`preview not a no-op: ${JSON.stringify(f.summary)}`);
      emptyRuns.push(e.ms);
      fullRuns.push(f.ms);
    }
    await full.destroy();
    await empty.destroy();
    await floor.destroy();
    for (const p of [full, empty, floor]) p.cleanup();

    const result = {
      bench: "preview",
      sourceBytes: bytes,
      sourceRows: rows,
      runs: RUNS,
      emptyPreviewMs: Math.round(median(emptyRuns)),
      noChangePreviewMs: Math.round(median(fullRuns)),
      deltaMs: Math.round(median(fullRuns) - median(emptyRuns)),
      targetDeltaMs: 2000,
      pass: median(fullRuns) - median(emptyRuns) <= 2000,
      dynamicFloorPreviewMs: Math.round(median(floorRuns)),
      dynamicFloorDeltaMs: Math.round(median(floorRuns) - median(emptyRuns)),
      emptyRunsMs: emptyRuns.map(Math.round),
      noChangeRunsMs: fullRuns.map(Math.round),
      coldSha256Ms: coldHashMs,
      coldSha256GBps: Number((bytes / 1e9 / (coldHashMs / 1000)).toFixed(2)),
      warmSha256GBps: Number((bytes / 1e9 / (warmHashMs / 1000)).toFixed(2)),
      cachedHashMs,
      firstUpMs,
      node: process.version,
    };
    const out = JSON.stringify(result, null, 2);
    console.log(out);
    saveResult("preview", out, root);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
