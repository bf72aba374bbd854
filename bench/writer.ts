/**
 * Writer benchmark: our LocalBulkWriter vs pymilvus's LocalBulkWriter and vs the Node SDK's BulkWriter
 * (@zilliz/milvus2-sdk-node 3.0.x, JSON and Parquet) on synthetic medium_articles rows (INT64 id,
 * 768-d FLOAT_VECTOR, 3 VARCHAR ≤ 512, 4 INT64; deterministic seed). Options: --help.
 *
 * Ours is measured on the columnar path (appendColumns with a Float32Array vector column, the API meant
 * for bulk data) and, for reference, on the row path (appendRow with a number[] vector, like pymilvus).
 * pymilvus is fed rows like the seed tutorial (append_row per dict with a list[float] vector), the
 * same number of rows by default; rows/s is what is compared. Data generation is not timed
 * on either side. The machine is shared and its load swings within seconds, so the two sides run
 * alternately (ours, pymilvus, ours, ...) and each keeps its best run; every run is kept in the JSON,
 * with CPU seconds (ours: process.cpuUsage; pymilvus: time.process_time, all threads) as a
 * load-independent cross-check (`ratio_cpu`). The Node SDK runs in a child process on the same rows
 * (bench/lib/writerSdk.ts, `await append(row)` as its README shows), alternating with the other two; one
 * of its outputs per format is then imported into our embedded engine to check it is importable.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LocalBulkWriter } from "../provider/bulkwriter";
import { openLocalEngine } from "../provider/engine";
import { numberArg as arg, listArg } from "./lib/args";
import { SAVE_FLAG_HELP, saveResult } from "./lib/results";
import { answerHelp } from "./lib/usage";
import { type Columns, DIM, makeColumns, rowObject, schema } from "./lib/writerData";

answerHelp(`Usage: npm run bench:writer -- [options]   (bash scripts/bench.sh writer)

Writer speed: our LocalBulkWriter vs pymilvus's LocalBulkWriter and the Node SDK's BulkWriter
(@zilliz/milvus2-sdk-node 3.0.x) on synthetic medium_articles rows (768-d vectors); NumPy vs dd; peak
RSS of a 1M-row NumPy run. Prints JSON and writes writer.json (bench/results/ only with --save).

Flags:
  --rows N               rows per run of ours (default 100000)
  --pymilvus-rows N      rows per pymilvus run (default: --rows)
  --sdk-rows N           rows per Node SDK JSON run (default: --rows)
  --sdk-parquet-rows N   rows per Node SDK Parquet run (default 5000: it writes ~200-400 rows/s)
  --rss-rows N           rows of the NumPy peak-RSS run (default 1000000)
  --reps N               runs per side (default 3)
  --formats a,b          any of parquet,numpy,json,csv (default all)
  --no-sdk-import        skip importing the Node SDK's files into the embedded engine
${SAVE_FLAG_HELP}
  -h, --help             show this help`);

const SEGMENT_MB = 512;
const ALL_FORMATS = ["parquet", "numpy", "json", "csv"];
const SDK_FORMATS = ["json", "parquet"];

function toRows(c: Columns, n: number): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) rows.push(rowObject(c, i));
  return rows;
}

async function oursColumnar(format: string, cols: Columns, n: number, dir: string) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const w = new LocalBulkWriter({
    schema,
    localPath: dir,
    fileType: format,
    segmentSize: SEGMENT_MB * 1024 * 1024,
  });
  const step = 10000;
  for (let s = 0; s < n; s += step) {
    const e = Math.min(n, s + step);
    const slice: Columns = {};
    for (const [k, v] of Object.entries(cols)) {
      const width = k === "title_vector" ? DIM : 1;
      slice[k] = ArrayBuffer.isView(v)
        ? (v as Float32Array).subarray(s * width, e * width)
        : (v as unknown[]).slice(s, e);
    }
    w.appendColumns(slice, e - s);
  }
  const m = await w.commit();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const bytes = m.files.reduce((a, f) => a + f.size, 0);
  if (m.totalRows !== n) throw new Error(`wrote ${m.totalRows} rows, expected ${n}`);
  return { seconds, cpu_seconds: (cpu.user + cpu.system) / 1e6, bytes };
}

async function oursRows(format: string, rows: Record<string, unknown>[], dir: string) {
  const t0 = performance.now();
  const w = new LocalBulkWriter({
    schema,
    localPath: dir,
    fileType: format,
    segmentSize: SEGMENT_MB * 1024 * 1024,
  });
  for (const r of rows) w.appendRow(r);
  await w.commit();
  return (performance.now() - t0) / 1000;
}

let pythonPath: string | undefined;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function pymilvus(
  format: string,
  rows: number,
  dir: string,
): { rows_per_s: number; seconds: number; cpu_seconds: number } {
  pythonPath ??= execFileSync("bash", ["scripts/tools/setup-venv.sh"], { encoding: "utf8" })
    .trim()
    .split("\n")
    .pop() as string;
  const py = pythonPath;
  const out = execFileSync(py, [resolve("bench/writer_pymilvus.py"), format, String(rows), dir], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split("\n").pop() as string);
}

interface SdkRun {
  rows_per_s: number;
  seconds: number;
  cpu_seconds: number;
  files: string[][];
}

function sdk(format: string, rows: number, dir: string): SdkRun {
  const out = execFileSync(
    process.execPath,
    [join(__dirname, "lib", "writerSdk.js"), format, String(rows), dir],
    {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    },
  );
  return JSON.parse(out.trim().split("\n").pop() as string);
}

/** Imports the Node SDK's files into a fresh embedded engine; the rows it reports and a sample check. */
async function importIntoEngine(files: string[][], rows: number, dir: string) {
  const { importApi, collectionApi } = openLocalEngine(join(dir, "engine"));
  await collectionApi.createCollection({
    dbName: "default",
    collectionName: "sdk",
    schema,
    indexes: [{ fieldName: "title_vector", indexType: "FLAT", metricType: "COSINE" }],
  });
  await collectionApi.loadCollection("default", "sdk");
  const t0 = performance.now();
  const { jobId } = await importApi.startImport({
    collectionName: "sdk",
    files: files.map((g) => g.map((f) => `file://${f}`)),
  });
  let job = await importApi.getJob(jobId);
  while (job.state !== "Completed" && job.state !== "Failed") {
    await new Promise((r) => setTimeout(r, 50));
    job = await importApi.getJob(jobId);
  }
  const seconds = (performance.now() - t0) / 1000;
  if (job.state !== "Completed") return { importable: false, reason: job.reason, seconds };
  const count = Number(await collectionApi.count("default", "sdk"));
  // Row 7 as written: the same id, texts, ints and float32 vector.
  const want = rowObject(makeColumns(0, 8, 42), 7);
  const [got] = await collectionApi.query("default", "sdk", { filter: "id == 7", outputFields: ["*"] });
  const vec = got?.title_vector as number[] | undefined;
  const sameRow =
    got !== undefined &&
    got.title === want.title &&
    got.link === want.link &&
    Number(got.claps) === want.claps &&
    vec?.length === DIM &&
    vec.every((x, i) => Math.fround(x) === Math.fround((want.title_vector as number[])[i]));
  return { importable: count === rows && sameRow, rows: count, row_7_matches: sameRow, seconds };
}

function ddMbPerS(dir: string): number {
  const file = join(dir, "dd.bin");
  const r = spawnSync("dd", ["if=/dev/zero", `of=${file}`, "bs=4M", "count=256"], { encoding: "utf8" });
  rmSync(file, { force: true });
  const m = /(\d+) bytes.* copied, ([\d.]+) s/.exec(r.stderr);
  if (!m) throw new Error(`dd output not understood: ${r.stderr}`);
  return Number(m[1]) / 1e6 / Number(m[2]);
}

/** Child mode: a 1M-row NumPy write fed in 10k-row batches; prints peak RSS. */
async function rssChild(rows: number, dir: string) {
  const w = new LocalBulkWriter({
    schema,
    localPath: dir,
    fileType: "numpy",
    segmentSize: SEGMENT_MB * 1024 * 1024,
  });
  const step = 10000;
  for (let s = 0; s < rows; s += step) {
    const n = Math.min(step, rows - s);
    w.appendColumns(makeColumns(s, n, 7), n);
  }
  const m = await w.commit();
  const segs = new Set(m.files.map((f) => f.segment)).size;
  process.stdout.write(
    `${JSON.stringify({ rows: m.totalRows, segments: segs, max_rss_mb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), "bench-writer-"));
  if (process.argv.includes("--rss-child")) {
    try {
      await rssChild(arg("rss-rows", 1_000_000), work);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    return;
  }
  const loadStart = loadavg().map((x) => Number(x.toFixed(1)));
  const rows = arg("rows", 100_000);
  // Same row count by default: pymilvus at 10k rows was ~13% faster per row than at 100k (smaller
  // buffers, files that never meet page-cache writeback), which flattered it.
  const pyRows = arg("pymilvus-rows", rows);
  const rowPathRows = Math.min(rows, 20_000);
  const FORMATS = listArg("formats", ALL_FORMATS);
  const sdkRowsOf = (format: string) =>
    format === "json" ? arg("sdk-rows", rows) : arg("sdk-parquet-rows", 5000);
  const round = (x: number, d = 0) => Number(x.toFixed(d));
  try {
    const cols = makeColumns(0, rows, 42);
    const rowObjs = toRows(cols, rowPathRows);
    const formats = [];
    let numpyMbPerS = 0;
    const ddRuns: number[] = [];
    for (const format of FORMATS) {
      const d = join(work, format);
      mkdirSync(d);
      const reps = arg("reps", 3);
      const oursRuns: { seconds: number; cpu_seconds: number; bytes: number }[] = [];
      const pyRuns: { rows_per_s: number; seconds: number; cpu_seconds: number }[] = [];
      const sdkRuns: SdkRun[] = [];
      const withSdk = SDK_FORMATS.includes(format);
      let sdkImport: Record<string, unknown> | undefined;
      for (let r = 0; r < reps; r++) {
        oursRuns.push(await oursColumnar(format, cols, rows, join(d, "ours")));
        rmSync(join(d, "ours"), { recursive: true, force: true });
        pyRuns.push(pymilvus(format, pyRows, join(d, "py")));
        rmSync(join(d, "py"), { recursive: true, force: true });
        if (withSdk) {
          const run = sdk(format, sdkRowsOf(format), join(d, "sdk"));
          sdkRuns.push(run);
          if (r === reps - 1 && !process.argv.includes("--no-sdk-import"))
            sdkImport = await importIntoEngine(run.files, sdkRowsOf(format), join(d, "sdk-check"));
          rmSync(join(d, "sdk"), { recursive: true, force: true });
          rmSync(join(d, "sdk-check"), { recursive: true, force: true });
        }
        if (format === "numpy") ddRuns.push(ddMbPerS(work));
      }
      const rowSeconds = await oursRows(format, rowObjs, join(d, "ours-rows"));
      rmSync(join(d, "ours-rows"), { recursive: true, force: true });
      const oursAll = oursRuns.map((o) => rows / o.seconds);
      const pyAll = pyRuns.map((p) => p.rows_per_s);
      const oursRps = median(oursAll);
      const pyRps = median(pyAll);
      const oursCpu = Math.min(...oursRuns.map((o) => o.cpu_seconds));
      const pyCpu = Math.min(...pyRuns.map((p) => p.cpu_seconds));
      const bytesPerRow = oursRuns[0].bytes / rows;
      if (format === "numpy") numpyMbPerS = (oursRps * bytesPerRow) / 1e6;
      const sdkAll = sdkRuns.map((x) => x.rows_per_s);
      const sdkEntry = withSdk
        ? {
            sdk_rows: sdkRowsOf(format),
            sdk_rows_per_s: Math.round(median(sdkAll)),
            ratio_vs_sdk: round(oursRps / median(sdkAll), 1),
            ratio_vs_sdk_cpu: round(
              rows / oursCpu / (sdkRowsOf(format) / Math.min(...sdkRuns.map((x) => x.cpu_seconds))),
              1,
            ),
            sdk_output_imports_into_engine: sdkImport,
          }
        : {};
      const entry = {
        format,
        rows,
        ours_rows_per_s: Math.round(oursRps),
        ours_mb_per_s: Math.round((oursRps * bytesPerRow) / 1e6),
        ours_row_path_rows: rowPathRows,
        ours_row_path_rows_per_s: Math.round(rowPathRows / rowSeconds),
        pymilvus_rows: pyRows,
        pymilvus_rows_per_s: Math.round(pyRps),
        ratio: round(oursRps / pyRps, 1),
        ratio_best: round(Math.max(...oursAll) / Math.max(...pyAll), 1),
        ratio_row_path: round(rowPathRows / rowSeconds / pyRps, 1),
        ratio_cpu: round(rows / oursCpu / (pyRows / pyCpu), 1),
        ...sdkEntry,
        runs: {
          ours_rows_per_s: oursRuns.map((o) => Math.round(rows / o.seconds)),
          ours_cpu_s: oursRuns.map((o) => round(o.cpu_seconds, 2)),
          pymilvus_rows_per_s: pyRuns.map((p) => Math.round(p.rows_per_s)),
          pymilvus_cpu_s: pyRuns.map((p) => round(p.cpu_seconds, 2)),
          ...(withSdk
            ? {
                sdk_rows_per_s: sdkAll.map((x) => Math.round(x)),
                sdk_cpu_s: sdkRuns.map((x) => round(x.cpu_seconds, 2)),
              }
            : {}),
        },
      };
      formats.push(entry);
      process.stderr.write(`${JSON.stringify(entry)}\n`);
    }
    if (ddRuns.length === 0) ddRuns.push(ddMbPerS(work));
    const dd = median(ddRuns);
    const child = spawnSync(
      process.execPath,
      [__filename, "--rss-child", "--rss-rows", String(arg("rss-rows", 1_000_000))],
      { encoding: "utf8", maxBuffer: 1 << 20 },
    );
    if (child.status !== 0) throw new Error(`RSS child failed: ${child.stderr}`);
    const rss = JSON.parse(child.stdout.trim().split("\n").pop() as string);
    const result = {
      formats,
      numpy_mb_per_s: Math.round(numpyMbPerS),
      dd_mb_per_s: Math.round(dd),
      numpy_vs_dd: Number((numpyMbPerS / dd).toFixed(2)),
      dd_runs_mb_per_s: ddRuns.map((x) => Math.round(x)),
      rss_1m_numpy_mb: Math.round(rss.max_rss_mb),
      rss_run: rss,
      segment_mb: SEGMENT_MB,
      load_average: loadavg().map((x) => round(x, 1)),
      load_average_start: loadStart,
      cores: cpus().length,
      notes:
        "rows/s and MB/s are medians of the runs listed under runs; ours: appendColumns (Float32Array vectors); ours_row_path: appendRow with number[] vectors, one run; pymilvus: append_row per dict (seed tutorial) on pymilvus_rows rows, runs alternating with ours; ratio: median/median, ratio_best: best/best; ratio_cpu: rows per CPU-second (all threads), ours / pymilvus, lowest CPU of each; sdk: @zilliz/milvus2-sdk-node BulkWriter in a child process, await append(row) per row object then close(), on sdk_rows rows (Parquet: fewer, it writes a few hundred rows/s), runs alternating with ours and pymilvus, ratio_vs_sdk = median/median; sdk_output_imports_into_engine: the last SDK run's files imported into our embedded engine (row count and row 7 compared); dd: bs=4M count=256 to the same tmp dir, no fsync (our writer does not fsync either), median of the runs interleaved with NumPy's",
    };
    saveResult("writer", result);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
