/**
 * Local engine import and query speed: rows written by our LocalBulkWriter in each format are imported
 * through openLocalEngine (the embedded target), then count(*), a by-pk query and a brute-force
 * nearest-neighbour search are timed (cold = first access reads the segments from disk).
 *   bash scripts/bench.sh engine        (PMI_BENCH_ENGINE_ROWS, default 10000; dim 768)
 * Prints JSON and writes engine.json (bench/results/ only with --save).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LocalBulkWriter } from "../provider/bulkwriter";
import { openLocalEngine } from "../provider/engine";
import type { CollectionSchema } from "../provider/schema/types";
import { SAVE_FLAG_HELP, saveResult } from "./lib/results";
import { answerHelp } from "./lib/usage";

answerHelp(`Usage: bash scripts/bench.sh engine [--help]

Local engine import and query speed: our writer's files in each format imported through the embedded
engine, then count(*), a by-pk query and a brute-force search timed. Prints JSON and writes
engine.json (bench/results/ only with --save).

Flags:
${SAVE_FLAG_HELP}

Environment:
  PMI_BENCH_ENGINE_ROWS   rows per format (default 10000; dim 768)`);

const ROWS = Number(process.env.PMI_BENCH_ENGINE_ROWS ?? 10_000);
const DIM = 768;
const FORMATS = ["parquet", "numpy", "csv", "json"] as const;

const schema: CollectionSchema = {
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "title", dataType: "VARCHAR", maxLength: 256 },
    { name: "vec", dataType: "FLOAT_VECTOR", dim: DIM },
  ],
};

function findRepoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "pulumi-milvus-import")
      return dir;
  }
  throw new Error(`repository root not found above ${__dirname}`);
}

const ms = (t: bigint) => Math.round(Number(process.hrtime.bigint() - t) / 1e5) / 10;

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-bench-engine-"));
  const vec = new Float32Array(ROWS * DIM);
  for (let i = 0; i < vec.length; i++) vec[i] = Math.sin(i);
  const results = [];
  try {
    for (const format of FORMATS) {
      const w = new LocalBulkWriter({ schema, localPath: path.join(tmp, format), fileType: format });
      w.appendColumns(
        {
          id: BigInt64Array.from({ length: ROWS }, (_, i) => BigInt(i)),
          title: Array.from({ length: ROWS }, (_, i) => `title ${i}`),
          vec,
        },
        ROWS,
      );
      const manifest = await w.commit();
      const groups = new Map<number, string[]>();
      for (const f of manifest.files) {
        const url = `file://${path.join(tmp, format, manifest.identity, f.path)}`;
        groups.set(f.segment, [...(groups.get(f.segment) ?? []), url]);
      }
      const bytes = manifest.files.reduce((n, f) => n + f.size, 0);
      const dataDir = path.join(tmp, `engine-${format}`);
      const { importApi, collectionApi } = openLocalEngine(dataDir);
      await collectionApi.createCollection({
        dbName: "default",
        collectionName: "c",
        schema,
        indexes: [{ fieldName: "vec", indexType: "FLAT", metricType: "COSINE" }],
      });
      await collectionApi.loadCollection("default", "c");
      let t = process.hrtime.bigint();
      const { jobId } = await importApi.startImport({ collectionName: "c", files: [...groups.values()] });
      let job = await importApi.getJob(jobId);
      while (job.state !== "Completed" && job.state !== "Failed") {
        await new Promise((r) => setTimeout(r, 5));
        job = await importApi.getJob(jobId);
      }
      const importMs = ms(t);
      if (job.state !== "Completed") throw new Error(`${format} import failed: ${job.reason}`);
      // A fresh engine on the same directory: the first query reads the segments from disk.
      const fresh = openLocalEngine(dataDir);
      t = process.hrtime.bigint();
      const count = await fresh.collectionApi.count("default", "c");
      const countMs = ms(t);
      t = process.hrtime.bigint();
      await fresh.collectionApi.query("default", "c", {
        filter: `id in [${ROWS - 1}]`,
        outputFields: ["title"],
      });
      const queryColdMs = ms(t);
      const q = Array.from(vec.subarray(DIM * 7, DIM * 8));
      t = process.hrtime.bigint();
      const hits = await fresh.engine.search("default", "c", { vectors: [q], limit: 5 });
      const searchMs = ms(t);
      results.push({
        format,
        rows: ROWS,
        dim: DIM,
        fileMB: Math.round(bytes / 1e5) / 10,
        importMs,
        importMBps: Math.round(bytes / 1e3 / importMs) / 1,
        count: Number(count),
        countMs,
        queryColdMs,
        searchMs,
        top1: String(hits[0][0].id),
      });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const out = JSON.stringify(
    { benchmark: "engine", node: process.version, loadavg: os.loadavg()[0], results },
    null,
    2,
  );
  console.log(out);
  const root = findRepoRoot();
  saveResult("engine", out, root);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
