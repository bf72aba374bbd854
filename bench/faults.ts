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
 * Prints a table and writes $TMPDIR/pmi-bench/faults.json (untracked); with --save, the committed
 * bench/results/faults.json (a partial run with --only writes faults-partial.json instead).
 */
import fs from "node:fs";
import path from "node:path";
import { type Ctx, SCENARIOS, type Scenario } from "./lib/faultScenarios";
import {
  type ApiKind,
  type Inspection,
  type Lab,
  MiB,
  openMultipartUploads,
  outcome,
  Stack,
  startLab,
  tmpDir,
  writeJsonl,
} from "./lib/lab";
import { SAVE_FLAG_HELP, saveResult } from "./lib/results";
import { answerHelp } from "./lib/usage";

answerHelp(`Usage: npm run bench:faults [-- --only id1,id2] [-- --list] [-- --save] [-- --help]
Drives each fault scenario through two real \`pulumi up\` runs (fault, then cleared) of an ImportJob
against the emulator and MinIO behind a fault proxy; prints a table and writes
$TMPDIR/pmi-bench/faults.json (bench/results/faults.json with --save).
Needs the project's tools (scripts/tools/*.sh build them on first use).
${SAVE_FLAG_HELP}`);

const SMALL_ROWS = 500;
const SMALL_DIM = 8;
const BIG_ROWS = 14_000;
const BIG_DIM = 128;

interface Row {
  id: string;
  fault: string;
  where: string;
  api: ApiKind;
  firstUp: string;
  recovery: string[];
  secondUp: string;
  /** A third, fault-free up when the second had faults of its own. */
  thirdUp?: string;
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
    const third = s.second?.thenClean ? outcome(await stack.up()) : undefined;
    const result = await stack.inspect(s.data === "big" ? BIG_ROWS : SMALL_ROWS);
    const row: Row = {
      id: s.id,
      fault: s.fault,
      where: s.where,
      api: s.api,
      firstUp: outcome(first),
      recovery,
      secondUp: outcome(second),
      ...(third ? { thirdUp: third } : {}),
      result,
      openMultipartUploads: (await openMultipartUploads(lab)) - mpuBefore,
      notes: ctx.notes,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    process.stderr.write(
      `[${n}] ${s.id}: ${row.firstUp} | ${row.secondUp}${third ? ` | ${third}` : ""} | rows ${result.rows}/${result.declaredRows} dup ${result.duplicates} orphans ${result.orphans} (${row.seconds}s)\n`,
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
    (r.secondUp.length > 30 ? `${r.secondUp.slice(0, 29)}…` : r.secondUp) +
      (r.thirdUp ? `; 3rd up: ${r.thirdUp}` : ""),
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
    (r.thirdUp ?? r.secondUp) === "ok" &&
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
  const file = saveResult(only ? "faults-partial" : "faults", doc);
  process.stdout.write(`${table(rows)}\n\n${JSON.stringify(summary)}\nwrote ${file}\n`);
}

main().catch((e) => {
  process.stderr.write(`bench:faults: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
