/** Runs the compiled `milvus-import` (dist/provider/cli/main.js) as a child process, as users do. */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const repo = path.resolve(__dirname, "../../..");
export const MAIN = path.join(repo, "dist/provider/cli/main.js");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function assertBuilt(): void {
  if (!fs.existsSync(MAIN))
    throw new Error(`${MAIN} is missing: build first (bash scripts/with-node.sh tsc -p tsconfig.json)`);
}

/** Environment without anything the CLI or the storage SDKs would pick up from the machine. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ["PATH", "HOME", "TMPDIR", "LANG"]) if (process.env[k]) env[k] = process.env[k];
  return { ...env, AWS_EC2_METADATA_DISABLED: "true", ...extra };
}

export function milvusImport(
  args: string[],
  opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: opts.cwd,
      env: cleanEnv(opts.env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Same, on a pseudo-terminal (util-linux `script`), so stdout and stderr are TTYs. */
export function milvusImportTty(
  args: string[],
  opts: { cwd: string; env?: Record<string, string> },
): Promise<Run> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, MAIN, ...args].map(quote).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      cwd: opts.cwd,
      env: cleanEnv({ TERM: "xterm-256color", COLUMNS: "120", ...opts.env }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export function tempDir(prefix = "pmi-cli-it-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The medium_articles schema with a small vector (fixtures stay readable). */
export const SCHEMA = {
  enableDynamicField: true,
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "title_vector", dataType: "FLOAT_VECTOR", dim: 4 },
    { name: "title", dataType: "VARCHAR", maxLength: 16 },
    { name: "link", dataType: "VARCHAR", maxLength: 512 },
  ],
};
export const INDEXES = [{ fieldName: "title_vector", indexType: "AUTOINDEX", metricType: "IP" }];

/** ids above 2^53 check int64 stays exact end to end. */
export const GOOD_CSV = [
  "id,title_vector,title,link,claps",
  '9007199254740993,"[0.1, 0.2, 0.3, 0.4]",hello,https://medium.com/a/1,5',
  '9007199254740995,"[0.5, 0.6, 0.7, 0.8]",world,https://medium.com/a/2,7',
  '3,"[0.9, 1.0, 1.1, 1.2]",again,https://medium.com/a/3,11',
].join("\n");

export const BAD_CSV = [
  "id,title_vector,title,link,claps",
  '1,"[0.1, 0.2, 0.3]",hello,https://medium.com/a/1,5',
  'x,"[0.5, 0.6, 0.7, 0.8]",this title is much too long,https://medium.com/a/2,7',
  '3,"[0.9, 1.0, 1.1, 1.2]",fine,https://medium.com/a/3,11',
].join("\n");

/** A project directory with schema.json, a config file and the two CSVs. */
export function fixtureDir(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, "schema.json"), JSON.stringify(SCHEMA));
  fs.writeFileSync(
    path.join(dir, "milvus-import.json"),
    JSON.stringify({ collection: { name: "articles", schemaFile: "schema.json", indexes: INDEXES } }),
  );
  fs.writeFileSync(path.join(dir, "good.csv"), `${GOOD_CSV}\n`);
  fs.writeFileSync(path.join(dir, "bad.csv"), `${BAD_CSV}\n`);
  return dir;
}

export const json = (r: Run) => {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(
      `stdout is not one JSON document (exit ${r.code}):\n${r.stdout}\n--- stderr\n${r.stderr}`,
    );
  }
};
