/**
 * bench:concurrency — 50 ImportJobs in one stack, one `pulumi up`, against an emulated cluster that
 * runs one import at a time and rejects the others the way Zilliz does (control plane: 47039 "The
 * specified cluster do not support multiple imports at the same time."; Milvus face: 2100 "The number
 * of jobs has reached the limit"). Every job must complete in that one `up`, without manual retry;
 * reported: wall time, rejections, the backoff between a job's create attempts (longest and p95,
 * from the emulator's request log), rows vs declared, and orphans in state.
 *
 *   npm run bench:concurrency                      (50 jobs, zilliz-v2)
 *   npm run bench:concurrency -- --jobs 20 --api milvus-v2 --rows 20 --step-ms 200   (slower jobs)
 *
 * Prints JSON and writes $TMPDIR/pmi-bench/concurrency.json (untracked); with --save, the committed
 * bench/results/concurrency.json (non-default options: concurrency-partial.json).
 */
import fs from "node:fs";
import path from "node:path";
import { type ApiKind, outcome, Stack, startLab, tmpDir, writeJsonl } from "./lib/lab";
import { SAVE_FLAG_HELP, saveResult } from "./lib/results";
import { answerHelp } from "./lib/usage";

answerHelp(`Usage: npm run bench:concurrency [-- --jobs N] [-- --rows N] [-- --api zilliz-v2|zilliz-v1|milvus-v2] [-- --step-ms MS] [-- --save] [-- --help]
One stack with N ImportJobs (default 50, 20 rows each) and one \`pulumi up\` against an emulated cluster
that allows one concurrent import; writes $TMPDIR/pmi-bench/concurrency.json
(bench/results/concurrency.json with --save).
${SAVE_FLAG_HELP}`);

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

const DIM = 8;

/** Create attempts per job (by the identity in its object URLs / file keys), from the request log. */
function createAttempts(log: string[]): Map<string, { at: number; code: number }[]> {
  const byJob = new Map<string, { at: number; code: number }[]>();
  for (const line of log) {
    const m =
      /^(\S+) POST (\S*(?:jobs\/import\/create|\/v1\/vector\/collections\/import)) -> \d+(?: code=(-?\d+))?/.exec(
        line,
      );
    if (!m) continue;
    const identity = /imports\/([0-9a-f]{16,})\//.exec(line)?.[1];
    if (!identity) continue;
    const list = byJob.get(identity) ?? [];
    list.push({ at: Date.parse(m[1]), code: Number(m[3] ?? 0) });
    byJob.set(identity, list);
  }
  return byJob;
}

const percentile = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function main(): Promise<void> {
  const jobs = Number(arg("jobs", "50"));
  const rowsPer = Number(arg("rows", "20"));
  const api = arg("api", "zilliz-v2") as ApiKind;
  const stepMs = Number(arg("step-ms", "20"));
  const defaults = jobs === 50 && rowsPer === 20 && api === "zilliz-v2" && stepMs === 20;

  const work = tmpDir("pmi-bench-conc-");
  const data: Record<string, string> = {};
  for (let i = 0; i < jobs; i++) {
    const file = path.join(work, `part-${String(i).padStart(3, "0")}.jsonl`);
    writeJsonl(file, 1 + i * rowsPer, rowsPer, DIM);
    data[`data/p${i}/rows.jsonl`] = file;
  }
  const lab = await startLab({ jobStepDelayMs: stepMs });
  lab.emu.faults.apply({ maxConcurrentImports: 1 });
  const stack = new Stack(
    lab,
    {
      api,
      collection: `conc_${api.replace(/-/g, "_")}_${jobs}`,
      imports: Array.from({ length: jobs }, (_, i) => ({ name: `load${i}`, files: `data/p${i}/*.jsonl` })),
      dim: DIM,
      waitTimeoutSeconds: 3600,
    },
    data,
  );
  try {
    await stack.init();
    const t0 = Date.now();
    const up = await stack.up(undefined, 60 * 60_000);
    const wallSeconds = (Date.now() - t0) / 1000;
    lab.emu.faults.reset();
    const result = await stack.inspect(jobs * rowsPer);
    const attempts = createAttempts(lab.emulatorLog);
    const gaps: number[] = [];
    let rejected = 0;
    for (const list of attempts.values()) {
      list.sort((a, b) => a.at - b.at);
      rejected += list.filter((a) => a.code !== 0 && a.code !== 200).length;
      for (let i = 1; i < list.length; i++) gaps.push(list[i].at - list[i - 1].at);
    }
    const perJob = [...attempts.values()].map((l) => l.length);
    const doc = {
      bench: "concurrency",
      command: `npm run bench:concurrency${defaults ? "" : ` -- --jobs ${jobs} --rows ${rowsPer} --api ${api} --step-ms ${stepMs}`}`,
      date: new Date().toISOString(),
      jobs,
      rowsPerJob: rowsPer,
      api,
      cluster: `one import at a time (others refused: 47039 on the control plane, 2100 on Milvus); emulator job step ${stepMs} ms`,
      up: outcome(up),
      wallSeconds: Math.round(wallSeconds * 10) / 10,
      createRequests: perJob.reduce((a, b) => a + b, 0),
      rejections: rejected,
      attemptsPerJob: { max: Math.max(0, ...perJob), median: percentile(perJob, 50) },
      backoffMs: { max: Math.max(0, ...gaps), p95: percentile(gaps, 95), median: percentile(gaps, 50) },
      result,
    };
    const file = saveResult(defaults ? "concurrency" : "concurrency-partial", doc);
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\nwrote ${file}\n`);
    if (up.code !== 0) process.stderr.write(`${up.stdout.slice(-4000)}\n${up.stderr.slice(-2000)}\n`);
  } finally {
    stack.cleanup();
    await lab.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench:concurrency: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
