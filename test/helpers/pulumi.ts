/**
 * Drives the real Pulumi CLI (built from the Go module proxy by scripts/tools/build-pulumi.sh) on a
 * project directory: file:// backend in a temp dir, a per-project PULUMI_HOME, a passphrase secrets
 * provider, no network, and the node that runs the tests (>= 22) first on PATH.
 */
import { type SpawnOptions, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export class PulumiProject {
  readonly stateDir: string;
  readonly homeDir: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly dir: string,
    readonly stack = "test",
    extraEnv: NodeJS.ProcessEnv = {},
  ) {
    const pulumiBin = process.env.PMI_PULUMI_BIN;
    if (!pulumiBin) throw new Error("PMI_PULUMI_BIN is not set (jest globalSetup builds the CLI)");
    this.stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-state-"));
    this.homeDir = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-home-"));
    this.env = {
      ...process.env,
      PATH: [pulumiBin, path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
      PULUMI_HOME: this.homeDir,
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      NO_COLOR: "1",
      ...extraEnv,
    };
  }

  /** Writes Pulumi.yaml + index.js (+ extra files) into the project directory. */
  static create(parent: string, name: string, program: string, extraFiles: Record<string, string> = {}) {
    const dir = fs.mkdtempSync(path.join(parent, `${name}-`));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\nmain: index.js\n`);
    fs.writeFileSync(path.join(dir, "index.js"), program);
    for (const [f, text] of Object.entries(extraFiles)) fs.writeFileSync(path.join(dir, f), text);
    return new PulumiProject(dir);
  }

  run(
    args: string[],
    opts: { timeoutMs?: number; onSpawn?: (pid: number) => void } = {},
  ): Promise<CliResult> {
    const spawnOpts: SpawnOptions = { cwd: this.dir, env: this.env, stdio: ["ignore", "pipe", "pipe"] };
    return new Promise((resolve, reject) => {
      const child = spawn("pulumi", [...args, "--non-interactive"], spawnOpts);
      if (child.pid) opts.onSpawn?.(child.pid);
      let stdout = "";
      let stderr = "";
      child.stdout!.on("data", (d) => {
        stdout += d;
      });
      child.stderr!.on("data", (d) => {
        stderr += d;
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 5 * 60_000);
      child.on("error", reject);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
    });
  }

  async ok(args: string[], timeoutMs?: number): Promise<CliResult> {
    const r = await this.run(args, { timeoutMs });
    if (r.code !== 0) {
      throw new Error(
        `pulumi ${args.join(" ")} exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`,
      );
    }
    return r;
  }

  async init(config: Record<string, string> = {}, secrets: Record<string, string> = {}) {
    await this.ok(["stack", "init", this.stack]);
    for (const [k, v] of Object.entries(config)) await this.ok(["config", "set", k, v]);
    for (const [k, v] of Object.entries(secrets)) await this.ok(["config", "set", "--secret", k, v]);
  }

  /** `pulumi up --json --skip-preview`: the engine event stream, its summary and changes. */
  async up(extra: string[] = []): Promise<EngineRun> {
    return parseEvents((await this.ok(["up", "--yes", "--json", "--skip-preview", ...extra])).stdout);
  }

  /** `pulumi preview --json`: one document with steps[] and changeSummary. */
  async preview(
    extra: string[] = [],
  ): Promise<{ steps: PreviewStep[]; changeSummary: Record<string, number> }> {
    return JSON.parse((await this.ok(["preview", "--json", ...extra])).stdout);
  }

  async destroy(extra: string[] = []): Promise<EngineRun> {
    return parseEvents((await this.ok(["destroy", "--yes", "--json", "--skip-preview", ...extra])).stdout);
  }

  async refresh(extra: string[] = []): Promise<EngineRun> {
    return parseEvents((await this.ok(["refresh", "--yes", "--json", "--skip-preview", ...extra])).stdout);
  }

  async stackExport(): Promise<any> {
    return JSON.parse((await this.ok(["stack", "export", "--show-secrets"])).stdout);
  }

  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.ok(["stack", "output", "--json", "--show-secrets"])).stdout);
  }

  cleanup() {
    for (const d of [this.stateDir, this.homeDir]) fs.rmSync(d, { recursive: true, force: true });
  }
}

export interface PreviewStep {
  op: string;
  urn: string;
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, { kind: string }>;
  oldState?: { outputs?: Record<string, unknown>; inputs?: Record<string, unknown> };
  newState?: { inputs?: Record<string, unknown> };
}

export interface EngineRun {
  events: Record<string, any>[];
  /** summaryEvent.resourceChanges, e.g. { create: 2 } */
  changes: Record<string, number>;
  result: string;
  /** Text of every diagnostic event above debug level (provider logs, warnings, errors). */
  diagnostics: string[];
}

/** Parses `--json` engine output: one JSON event per line. */
export function parseEvents(stdout: string): EngineRun {
  const events = stdout
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => JSON.parse(l));
  const summary = events.find((e) => e.summaryEvent)?.summaryEvent;
  if (!summary) throw new Error(`no summaryEvent in pulumi output:\n${stdout.slice(-2000)}`);
  const diagnostics = events
    .filter((e) => e.diagnosticEvent && e.diagnosticEvent.severity !== "debug")
    .map((e) => String(e.diagnosticEvent.message));
  return { events, changes: summary.resourceChanges ?? {}, result: summary.result, diagnostics };
}
