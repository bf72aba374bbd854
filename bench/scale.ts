/**
 * Writer scale benchmark: sources of 10k, 100k, 1M and 5M rows in CSV, JSONL and Parquet are streamed
 * through the source readers into one LocalBulkWriter (Parquet output), each in a child process whose
 * peak RSS is reported. Checks that time per row stays flat (±15% from 100k up) and that memory
 * stays within segment size + 256 MB whatever the source size (sources are streamed, never read whole).
 *
 * Row shape: the medium_articles columns (INT64 id, FLOAT_VECTOR title_vector, VARCHAR title / link /
 * publication, INT64 reading_time / claps / responses) with a 128-d vector, so 5M rows of CSV (~7 GB)
 * fit the disk; sources are generated (untimed) into a temp dir and deleted after each case.
 */
import { spawnSync } from "node:child_process";
import { once } from "node:events";
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { LocalBulkWriter } from "../provider/bulkwriter";
import { normalizeSchema } from "../provider/schema";
import { appendSource, readSource } from "../provider/sources";
import { listArg, numberArg } from "./lib/args";
import { SAVE_FLAG_HELP, saveResult } from "./lib/results";
import { answerHelp } from "./lib/usage";
import { articleFields, rng } from "./lib/writerData";

answerHelp(`Usage: npm run bench:scale -- [options]   (bash scripts/bench.sh scale)

Scale: 10k-5M rows from CSV, JSONL and Parquet sources streamed through readSource + appendSource into
a LocalBulkWriter (Parquet out), each case in a child process; rows/s and peak RSS per case, per-row
time relative to the 100k case and the RSS bound checked. Prints JSON and writes scale.json
(bench/results/ only with --save).

Flags:
  --sizes 10000,100000,1000000,5000000   row counts
  --sources csv,jsonl,parquet             source formats
  --dim 128                               vector dimension
  --segment-mb 512                        writer segment size
${SAVE_FLAG_HELP}
  -h, --help                              show this help`);

const SEGMENT_MB = numberArg("segment-mb", 512);
const DIM = numberArg("dim", 128);

const schema = normalizeSchema({ fields: articleFields(DIM) });

const PUBLICATIONS = ["The Startup", "Towards Data Science", "UX Collective", "Better Humans"];

function columns(start: number, n: number): Record<string, ArrayLike<unknown>> {
  const r = rng(start + 1);
  const vec = new Float32Array(n * DIM);
  for (let i = 0; i < vec.length; i++) vec[i] = r() * 2 - 1;
  const big = (f: (g: number) => number) => BigInt64Array.from({ length: n }, (_, i) => BigInt(f(start + i)));
  return {
    id: big((g) => g),
    title_vector: vec,
    title: Array.from({ length: n }, (_, i) => `Title ${start + i} ${"word ".repeat((start + i) % 12)}`),
    link: Array.from({ length: n }, (_, i) => `https://medium.com/p/${(start + i).toString(36)}`),
    publication: Array.from({ length: n }, (_, i) => PUBLICATIONS[(start + i) % PUBLICATIONS.length]),
    reading_time: big((g) => g % 30),
    claps: big((g) => (g * 7) % 5000),
    responses: big((g) => g % 50),
  };
}

/** Source files of `rows` rows in `format` under dir (CSV/Parquet by our writer; JSONL from its JSON). */
async function generate(format: string, rows: number, dir: string): Promise<string[]> {
  const fileType = format === "jsonl" ? "json" : format;
  const w = new LocalBulkWriter({ schema, localPath: dir, fileType, segmentSize: 1024 * 1024 * 1024 });
  for (let s = 0; s < rows; s += 10000) {
    const n = Math.min(10000, rows - s);
    w.appendColumns(columns(s, n), n);
  }
  const m = await w.commit();
  const files = m.files.map((f) => join(dir, m.identity, f.path));
  if (format !== "jsonl") return files;
  // {"rows":[ / one row per line with a trailing comma / ]} → one row per line.
  const out: string[] = [];
  for (const f of files) {
    const target = f.replace(/\.json$/, ".jsonl");
    const ws = createWriteStream(target);
    let carry = "";
    for await (const chunk of createReadStream(f, { encoding: "utf8", highWaterMark: 1 << 20 })) {
      const lines = (carry + chunk).split("\n");
      carry = lines.pop() ?? "";
      const body = lines
        .filter((l) => l.startsWith('{"') && !l.startsWith('{"rows":['))
        .map((l) => (l.endsWith(",") ? l.slice(0, -1) : l));
      if (body.length && !ws.write(`${body.join("\n")}\n`)) await once(ws, "drain");
    }
    ws.end();
    await once(ws, "finish");
    rmSync(f);
    out.push(target);
  }
  return out;
}

/** Child: streams the sources into a Parquet writer; prints rows, seconds, peak RSS. */
async function child(outDir: string, files: string[]): Promise<void> {
  const t0 = performance.now();
  const w = new LocalBulkWriter({
    schema,
    localPath: outDir,
    fileType: "parquet",
    segmentSize: SEGMENT_MB << 20,
  });
  let rows = 0;
  for (const f of files) rows += await appendSource(w, readSource(f, { schema, batchSize: 4096 }));
  const m = await w.commit();
  const seconds = (performance.now() - t0) / 1000;
  if (m.totalRows !== rows) throw new Error(`wrote ${m.totalRows} rows, read ${rows}`);
  const status = readFileSync("/proc/self/status", "utf8");
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
  const mem = process.memoryUsage();
  const mb = (x: number) => Math.round(x / 2 ** 20);
  process.stdout.write(
    `${JSON.stringify({
      rows,
      seconds,
      peak_rss_mb: hwm ? Number(hwm[1]) / 1024 : process.resourceUsage().maxRSS / 1024,
      end_memory_mb: {
        rss: mb(mem.rss),
        heap_total: mb(mem.heapTotal),
        heap_used: mb(mem.heapUsed),
        external: mb(mem.external),
        array_buffers: mb(mem.arrayBuffers),
      },
    })}\n`,
  );
}

async function main(): Promise<void> {
  const childAt = process.argv.indexOf("--child");
  if (childAt >= 0) {
    const rest = process.argv.slice(childAt + 1);
    const end = rest.findIndex((a) => a.startsWith("--"));
    const [outDir, ...files] = end < 0 ? rest : rest.slice(0, end);
    return child(outDir, files);
  }
  const keep = process.env.PMI_SCALE_KEEP;
  if (keep) {
    // Profiling aid: generate the sources into $PMI_SCALE_KEEP and print their paths, nothing timed.
    for (const source of listArg("sources", ["csv"]))
      for (const rows of listArg("sizes", ["100000"]).map(Number))
        process.stdout.write(
          `${(await generate(source, rows, join(keep, `${source}-${rows}`))).join(" ")}\n`,
        );
    return;
  }
  const sizes = listArg("sizes", ["10000", "100000", "1000000", "5000000"]).map(Number);
  const sources = listArg("sources", ["csv", "jsonl", "parquet"]);
  const work = mkdtempSync(join(tmpdir(), "bench-scale-"));
  const cases: Record<string, unknown>[] = [];
  const round = (x: number, d = 0) => Number(x.toFixed(d));
  try {
    for (const source of sources) {
      for (const rows of sizes) {
        const src = join(work, "src");
        const out = join(work, "out");
        mkdirSync(src, { recursive: true });
        const g0 = performance.now();
        const files = await generate(source, rows, src);
        const sourceBytes = files.reduce((n, f) => n + statSync(f).size, 0);
        const genSeconds = (performance.now() - g0) / 1000;
        const load = loadavg()[0];
        const r = spawnSync(
          process.execPath,
          [__filename, "--child", out, ...files, "--segment-mb", String(SEGMENT_MB), "--dim", String(DIM)],
          {
            encoding: "utf8",
            maxBuffer: 1 << 24,
          },
        );
        rmSync(src, { recursive: true, force: true });
        rmSync(out, { recursive: true, force: true });
        if (r.status !== 0) throw new Error(`${source} ${rows}: child failed: ${r.stderr}`);
        const res = JSON.parse(r.stdout.trim().split("\n").pop() as string);
        const entry = {
          source,
          rows,
          source_files: files.length,
          source_mb: round(sourceBytes / 1e6),
          seconds: round(res.seconds, 2),
          rows_per_s: Math.round(rows / res.seconds),
          us_per_row: round((res.seconds * 1e6) / rows, 2),
          peak_rss_mb: Math.round(res.peak_rss_mb),
          generate_seconds: round(genSeconds, 1),
          load_average_1m: round(load, 1),
        };
        cases.push(entry);
        process.stderr.write(`${JSON.stringify(entry)}\n`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const rssLimit = SEGMENT_MB + 256;
  const checks = sources.map((source) => {
    const mine = cases.filter((c) => c.source === source);
    const base = mine.find((c) => c.rows === 100000) as { us_per_row: number } | undefined;
    const ratios = mine
      .filter((c) => (c.rows as number) >= 100000)
      .map((c) => ({
        rows: c.rows,
        ratio: base ? round((c.us_per_row as number) / base.us_per_row, 2) : null,
      }));
    const maxRss = Math.max(...mine.map((c) => c.peak_rss_mb as number));
    return {
      source,
      us_per_row_vs_100k: ratios,
      // null: nothing to compare (no 100k case, or no size above it), not a pass.
      time_per_row_within_15pct: ratios.some((x) => (x.rows as number) > 100000)
        ? ratios.every((x) => x.ratio !== null && Math.abs(x.ratio - 1) <= 0.15)
        : null,
      max_peak_rss_mb: maxRss,
      rss_within_limit: maxRss <= rssLimit,
    };
  });
  const result = {
    benchmark: "scale",
    shape: `medium_articles columns, ${DIM}-d FLOAT_VECTOR: id, title_vector, title, link, publication, reading_time, claps, responses`,
    output: "parquet",
    segment_mb: SEGMENT_MB,
    rss_limit_mb: rssLimit,
    cores: cpus().length,
    node: process.version,
    cases,
    checks,
    load_average_end: loadavg().map((x) => round(x, 1)),
    notes:
      "each case: sources generated untimed (CSV/Parquet by our writer, JSONL from its JSON), then a child process streams them through readSource + appendSource into a LocalBulkWriter (appendRow path, Parquet out) and commits; seconds and peak RSS (VmHWM) are the child's; load_average_1m is taken just before the child starts",
  };
  saveResult("scale", result);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
