/**
 * bench:faults — what the provider survives. Each row is one fault injected into a real `pulumi up`
 * of a Collection + ImportJob stack against the emulator, with files staged in MinIO through a
 * fault-injecting proxy: storage 5xx, resets and stalls mid-multipart, API 429/5xx/resets/timeouts
 * on create, progress and list (including a create the server performed but whose answer was lost),
 * a job that fails, a job stalled at 80 %, and the dynamic-provider process (or the whole CLI)
 * killed with SIGKILL at several stages. After the first `up` the faults are cleared, the README's
 * recovery procedure is applied when the first run left a lock or a pending create, and `up` runs
 * again. Then: rows in the collection vs declared (duplicates, missing), import jobs the emulator ran,
 * orphans in Pulumi state (pending operations, ImportJobs not Completed, undeclared resources), open
 * multipart uploads left in the bucket, and whether `pulumi preview` is clean.
 *
 *   npm run bench:faults                      all scenarios (~20 min on 2 shared cores)
 *   npm run bench:faults -- --only a,b        only these scenario ids
 *   npm run bench:faults -- --list            list scenario ids
 *
 * Prints a table and writes bench/results/faults.json (a partial run with --only writes
 * bench/results/faults-partial.json instead).
 */
import fs from "node:fs";
import path from "node:path";
import type { FaultConfig } from "../emulator";
import type { ProxyRule } from "../test/helpers/faultProxy";
import {
  type ApiKind,
  descendants,
  type Inspection,
  type Lab,
  MiB,
  openMultipartUploads,
  outcome,
  providerPid,
  Stack,
  startLab,
  tmpDir,
  writeJsonl,
  writeResult,
} from "./lib/lab";

const HELP = `Usage: npm run bench:faults [-- --only id1,id2] [-- --list] [-- --help]
Drives each fault scenario through two real \`pulumi up\` runs (fault, then cleared) of an ImportJob
against the emulator and MinIO behind a fault proxy; prints a table and writes
bench/results/faults.json. Needs the project's tools (scripts/tools/*.sh build them on first use).`;

const SMALL_ROWS = 500;
const SMALL_DIM = 8;
const BIG_ROWS = 14_000;
const BIG_DIM = 128;
/** Above the client's 30 s request timeout. */
const PAST_TIMEOUT_MS = 35_000;

interface Ctx {
  lab: Lab;
  stack: Stack;
  cliPid?: number;
  notes: string[];
}

interface Scenario {
  id: string;
  fault: string;
  where: string;
  api: ApiKind;
  data: "small" | "big";
  waitTimeoutSeconds?: number;
  storageTimeoutMs?: number;
  /** Emulator faults for the first up. */
  emulator?: FaultConfig;
  /** Proxy rules for the first up (may use ctx, e.g. to kill the provider). */
  proxy?: (ctx: Ctx) => ProxyRule[];
  /** Runs while the first up runs. */
  during?: (ctx: Ctx) => Promise<void>;
  /** Faults for the second up (default: none). */
  second?: { emulator?: FaultConfig };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, f: () => boolean | Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await f())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const jobsOf = (ctx: Ctx) => ctx.lab.emu.opened.jobs.list({ collectionName: ctx.stack.spec.collection });

function killProvider(ctx: Ctx): void {
  const pid = ctx.cliPid ? providerPid(ctx.cliPid) : undefined;
  if (!pid) throw new Error("dynamic-provider process not found");
  process.kill(pid, "SIGKILL");
  ctx.notes.push(`SIGKILL provider pid ${pid}`);
}

function killCliTree(ctx: Ctx): void {
  const pids = [...descendants(ctx.cliPid!), ctx.cliPid!];
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  ctx.notes.push(`SIGKILL CLI tree (${pids.length} processes)`);
}

const create = "jobs/import/create";
const SCENARIOS: Scenario[] = [
  // ---- storage, through the proxy in front of MinIO (multipart: 5 MiB parts, 2 parts)
  {
    id: "s3-part-503",
    fault: "503 SlowDown on UploadPart #2 (x2)",
    where: "storage: multipart part",
    api: "zilliz-v2",
    data: "big",
    proxy: () => [
      { operation: "UploadPart", partNumber: 2, count: 2, action: { status: 503, s3Code: "SlowDown" } },
    ],
  },
  {
    id: "s3-part-500-exhaust",
    fault: "500 InternalError on every UploadPart (x12)",
    where: "storage: multipart part",
    api: "zilliz-v2",
    data: "big",
    proxy: () => [{ operation: "UploadPart", count: 12, action: { status: 500, s3Code: "InternalError" } }],
  },
  {
    id: "s3-part-reset",
    fault: "connection reset after 1 MiB of UploadPart #2",
    where: "storage: multipart part",
    api: "zilliz-v2",
    data: "big",
    proxy: () => [{ operation: "UploadPart", partNumber: 2, action: { resetAfterBytes: MiB } }],
  },
  {
    id: "s3-part-reset-every",
    fault: "connection reset mid-part on every UploadPart #1 (x10)",
    where: "storage: multipart part",
    api: "zilliz-v2",
    data: "big",
    proxy: () => [
      { operation: "UploadPart", partNumber: 1, count: 10, action: { resetAfterBytes: 256 * 1024 } },
    ],
  },
  {
    id: "s3-create-mpu-503",
    fault: "503 SlowDown on CreateMultipartUpload (x2)",
    where: "storage: multipart start",
    api: "zilliz-v2",
    data: "big",
    proxy: () => [
      { operation: "CreateMultipartUpload", count: 2, action: { status: 503, s3Code: "SlowDown" } },
    ],
  },
  {
    id: "s3-complete-reset",
    fault: "connection reset on CompleteMultipartUpload",
    where: "storage: multipart complete",
    api: "zilliz-v2",
    data: "big",
    proxy: () => [{ operation: "CompleteMultipartUpload", action: { resetAfterBytes: 1 } }],
  },
  {
    id: "s3-part-stall",
    fault: "UploadPart #2 stalled 8 s (client socket timeout 3 s)",
    where: "storage: multipart part",
    api: "zilliz-v2",
    data: "big",
    storageTimeoutMs: 3000,
    proxy: () => [{ operation: "UploadPart", partNumber: 2, action: { stallMs: 8000 } }],
  },
  {
    id: "s3-job-marker-503",
    fault: "500 on the _job.json marker PUT (x6), after the job started",
    where: "storage: marker write",
    api: "zilliz-v2",
    data: "small",
    proxy: () => [
      {
        operation: "PutObject",
        keyIncludes: "_job.json",
        count: 6,
        action: { status: 500, s3Code: "InternalError" },
      },
    ],
  },
  // ---- control-plane / Milvus API, through the emulator's fault injection
  {
    id: "create-429",
    fault: "HTTP 429 on create (x2)",
    where: "api: create",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: create, count: 2, status: 429, message: "Too many requests" }] },
  },
  {
    id: "create-503",
    fault: "HTTP 503 on create (x3)",
    where: "api: create",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: create, count: 3, status: 503 }] },
  },
  {
    id: "create-500",
    fault: "HTTP 500 on create (not acted on)",
    where: "api: create",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: create, status: 500 }] },
  },
  {
    id: "create-reset",
    fault: "connection reset on create (before acting)",
    where: "api: create",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: create, reset: true }] },
  },
  {
    id: "create-busy-47039",
    fault: "47039 cluster busy on create (x3)",
    where: "api: create",
    api: "zilliz-v2",
    data: "small",
    emulator: {
      requests: [
        {
          path: create,
          count: 3,
          code: 47039,
          message: "The specified cluster do not support multiple imports at the same time.",
        },
      ],
    },
  },
  {
    id: "create-lost-v2",
    fault: "create performed, answer lost (socket dropped)",
    where: "api: create",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: create, dropReply: true }] },
  },
  {
    id: "create-timeout-v2",
    fault: "create performed, answer held 35 s (client timeout 30 s)",
    where: "api: create",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: create, holdReplyMs: PAST_TIMEOUT_MS }] },
  },
  {
    id: "create-lost-list-503",
    fault: "create answer lost, then list 503 (x10) on the next up",
    where: "api: create + list",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: create, dropReply: true }] },
    second: { emulator: { requests: [{ path: "jobs/import/list", count: 10, status: 503 }] } },
  },
  {
    id: "create-lost-milvus",
    fault: "Milvus face: create performed, answer lost",
    where: "api: create",
    api: "milvus-v2",
    data: "small",
    emulator: { requests: [{ path: create, dropReply: true }] },
  },
  {
    id: "create-lost-v1",
    fault: "v1: import performed, answer lost",
    where: "api: create",
    api: "zilliz-v1",
    data: "small",
    emulator: { requests: [{ path: "/v1/vector/collections/import", count: 1, dropReply: true }] },
  },
  {
    id: "create-limiter-milvus",
    fault: "Milvus face: 1807 rate limiter on create (x3)",
    where: "api: create",
    api: "milvus-v2",
    data: "small",
    emulator: {
      requests: [
        { path: create, count: 3, code: 1807, message: "request is rejected by limiter, error: rate" },
      ],
    },
  },
  {
    id: "progress-503",
    fault: "HTTP 503 on progress (x4)",
    where: "api: progress",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: "jobs/import/get", count: 4, status: 503 }] },
  },
  {
    id: "progress-reset",
    fault: "connection reset on progress (x3)",
    where: "api: progress",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: "jobs/import/get", count: 3, reset: true }] },
  },
  {
    id: "progress-timeout",
    fault: "progress answer held 35 s (client timeout 30 s)",
    where: "api: progress",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: "jobs/import/get", holdReplyMs: PAST_TIMEOUT_MS }] },
  },
  {
    id: "progress-500-exhaust",
    fault: "HTTP 500 on progress (x40: every retry of 6+ polls)",
    where: "api: progress",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: "jobs/import/get", count: 40, status: 500 }] },
  },
  {
    id: "list-503",
    fault: "HTTP 503 on list (x10) while looking for an earlier job",
    where: "api: list",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: "jobs/import/list", count: 10, status: 503 }] },
  },
  // ---- the job itself
  {
    id: "job-fails",
    fault: "the import job fails (datanode crash)",
    where: "job",
    api: "zilliz-v2",
    data: "small",
    emulator: { failNextJob: "injected: datanode crashed" },
  },
  {
    id: "job-stall-80",
    fault: "job stalled at 80 % past the 8 s wait timeout",
    where: "job",
    api: "milvus-v2",
    data: "small",
    waitTimeoutSeconds: 8,
    emulator: { stallAtProgress: 80 },
  },
  // ---- the provider process
  {
    id: "kill-provider-upload",
    fault: "provider SIGKILL during upload (UploadPart #1)",
    where: "process: upload",
    api: "zilliz-v2",
    data: "big",
    proxy: (ctx) => [{ operation: "UploadPart", partNumber: 1, action: { hook: () => killProvider(ctx) } }],
  },
  {
    id: "kill-provider-create",
    fault: "provider SIGKILL after the job was created, before the answer",
    where: "process: create",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: create, holdReplyMs: 5000 }] },
    during: async (ctx) => {
      await until("the job to exist", () => jobsOf(ctx).length > 0);
      killProvider(ctx);
    },
  },
  {
    id: "kill-provider-wait",
    fault: "provider SIGKILL while waiting (job at 50 %)",
    where: "process: wait",
    api: "milvus-v2",
    data: "small",
    emulator: { stallAtProgress: 50 },
    during: async (ctx) => {
      await until("the job to reach 50 %", () => jobsOf(ctx).some((j) => j.progress === 50));
      await sleep(500);
      killProvider(ctx);
      ctx.lab.emu.faults.apply({ stallAtProgress: null });
    },
  },
  {
    id: "kill-cli-wait",
    fault: "whole pulumi CLI tree SIGKILL while waiting",
    where: "process: wait",
    api: "zilliz-v2",
    data: "small",
    emulator: { stallAtProgress: 50 },
    during: async (ctx) => {
      await until("the job to reach 50 %", () => jobsOf(ctx).some((j) => j.progress === 50));
      killCliTree(ctx);
      ctx.lab.emu.faults.apply({ stallAtProgress: null });
    },
  },
];

interface Row {
  id: string;
  fault: string;
  where: string;
  api: ApiKind;
  firstUp: string;
  recovery: string[];
  secondUp: string;
  result: Inspection;
  openMultipartUploads: number;
  notes: string[];
  seconds: number;
}

/** The README's procedure after a killed `up`: remove a dead lock, clear pending creates. */
async function recover(stack: Stack): Promise<string[]> {
  const steps: string[] = [];
  const locks = path.join(stack.project.stateDir, ".pulumi", "locks");
  const lockFiles = fs.existsSync(locks)
    ? fs.readdirSync(locks, { recursive: true }).filter((f) => String(f).endsWith(".json"))
    : [];
  if (lockFiles.length) {
    fs.rmSync(locks, { recursive: true, force: true });
    steps.push("removed stale lock");
  }
  const state = await stack.project.stackExport();
  if ((state.deployment.pending_operations ?? []).length) {
    const r = await stack.project.run(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
    steps.push(`refresh --clear-pending-creates: ${outcome(r)}`);
  }
  return steps;
}

async function runScenario(lab: Lab, s: Scenario, data: Record<string, string>, n: string): Promise<Row> {
  const started = Date.now();
  const collection = `f_${s.id.replace(/-/g, "_")}`;
  const stack = new Stack(
    lab,
    {
      api: s.api,
      collection,
      imports: [{ name: "load", files: "data/*.jsonl" }],
      dim: s.data === "big" ? BIG_DIM : SMALL_DIM,
      waitTimeoutSeconds: s.waitTimeoutSeconds ?? 180,
      storage: { partSizeBytes: 5 * MiB, ...(s.storageTimeoutMs ? { timeoutMs: s.storageTimeoutMs } : {}) },
    },
    { "data/rows.jsonl": data[s.data] },
  );
  const ctx: Ctx = { lab, stack, notes: [] };
  const mpuBefore = await openMultipartUploads(lab);
  try {
    await stack.init();
    lab.emu.faults.reset();
    if (s.emulator) lab.emu.faults.apply(s.emulator);
    lab.proxy.setRules(s.proxy ? s.proxy(ctx) : []);
    const running = stack.up((pid) => {
      ctx.cliPid = pid;
    });
    if (s.during) await s.during(ctx).catch((e) => ctx.notes.push(`during: ${(e as Error).message}`));
    const first = await running;
    const unfired = lab.proxy.pending().length + lab.emu.faults.requests.length;
    if (unfired) ctx.notes.push(`${unfired} fault rule(s) not fully consumed`);
    lab.emu.faults.reset();
    lab.proxy.setRules([]);
    // Let an import the dead run left behind finish its in-flight work before judging state.
    const recovery = await recover(stack);
    if (s.second?.emulator) lab.emu.faults.apply(s.second.emulator);
    const second = await stack.up();
    lab.emu.faults.reset();
    const result = await stack.inspect(s.data === "big" ? BIG_ROWS : SMALL_ROWS);
    const row: Row = {
      id: s.id,
      fault: s.fault,
      where: s.where,
      api: s.api,
      firstUp: outcome(first),
      recovery,
      secondUp: outcome(second),
      result,
      openMultipartUploads: (await openMultipartUploads(lab)) - mpuBefore,
      notes: ctx.notes,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    process.stderr.write(
      `[${n}/${SCENARIOS.length}] ${s.id}: ${row.firstUp} | ${row.secondUp} | rows ${result.rows}/${result.declaredRows} dup ${result.duplicates} orphans ${result.orphans} (${row.seconds}s)\n`,
    );
    return row;
  } finally {
    lab.emu.faults.reset();
    lab.proxy.setRules([]);
    stack.cleanup();
  }
}

function table(rows: Row[]): string {
  const head = [
    "#",
    "fault",
    "where",
    "api",
    "1st up",
    "recovery",
    "2nd up",
    "rows/declared",
    "dup",
    "missing",
    "jobs",
    "orphans",
    "clean",
  ];
  const cells = rows.map((r, i) => [
    String(i + 1),
    r.fault,
    r.where,
    r.api,
    r.firstUp.length > 48 ? `${r.firstUp.slice(0, 47)}…` : r.firstUp,
    r.recovery.length ? r.recovery.map((x) => x.split(":")[0]).join("; ") : "-",
    r.secondUp.length > 30 ? `${r.secondUp.slice(0, 29)}…` : r.secondUp,
    `${r.result.rows}/${r.result.declaredRows}`,
    String(r.result.duplicates),
    String(r.result.missing),
    Object.entries(r.result.jobs)
      .map(([k, v]) => `${v} ${k}`)
      .join(", "),
    String(r.result.orphans),
    r.result.converged ? "yes" : "NO",
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (xs: string[]) => xs.map((x, c) => x.padEnd(widths[c])).join(" | ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("-|-"), ...cells.map(line)].join("\n");
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (argv.includes("--list")) {
    for (const s of SCENARIOS) process.stdout.write(`${s.id.padEnd(24)} ${s.fault}\n`);
    return;
  }
  const onlyAt = argv.indexOf("--only");
  const only = onlyAt >= 0 ? new Set(argv[onlyAt + 1].split(",")) : undefined;
  const chosen = SCENARIOS.filter((s) => !only || only.has(s.id));
  if (only && chosen.length !== only.size) throw new Error(`unknown scenario in --only (see --list)`);

  const work = tmpDir("pmi-bench-faults-");
  const data = { small: path.join(work, "small.jsonl"), big: path.join(work, "big.jsonl") };
  writeJsonl(data.small, 1, SMALL_ROWS, SMALL_DIM);
  writeJsonl(data.big, 1, BIG_ROWS, BIG_DIM);
  const lab = await startLab();
  const started = Date.now();
  const rows: Row[] = [];
  try {
    for (const s of chosen) rows.push(await runScenario(lab, s, data, `${rows.length + 1}/${chosen.length}`));
  } finally {
    await lab.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  const ok = (r: Row) =>
    r.secondUp === "ok" &&
    r.result.duplicates === 0 &&
    r.result.missing === 0 &&
    r.result.orphans === 0 &&
    r.result.converged;
  const summary = {
    scenarios: rows.length,
    converged: rows.filter(ok).length,
    firstUpSucceeded: rows.filter((r) => r.firstUp === "ok").length,
    withDuplicates: rows.filter((r) => r.result.duplicates > 0).map((r) => r.id),
    withMissingRows: rows.filter((r) => r.result.missing > 0).map((r) => r.id),
    withOrphans: rows.filter((r) => r.result.orphans > 0).map((r) => r.id),
    wallSeconds: Math.round((Date.now() - started) / 1000),
  };
  const doc = {
    bench: "faults",
    command: `npm run bench:faults${only ? ` -- --only ${[...only].join(",")}` : ""}`,
    date: new Date().toISOString(),
    data: {
      small: { rows: SMALL_ROWS, dim: SMALL_DIM },
      big: { rows: BIG_ROWS, dim: BIG_DIM, partSizeMiB: 5 },
    },
    summary,
    rows,
  };
  const file = writeResult(only ? "faults-partial" : "faults", doc);
  process.stdout.write(`${table(rows)}\n\n${JSON.stringify(summary)}\nwrote ${file}\n`);
}

main().catch((e) => {
  process.stderr.write(`bench:faults: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
