/** In-process CLI runs for unit tests: captured stdout/stderr, a chosen env and working directory. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runCli } from "../../../provider/cli/run";

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(
  argv: string[],
  opts: { env?: Record<string, string>; cwd?: string; isTTY?: boolean } = {},
): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
    isTTY: opts.isTTY ?? false,
  });
  return { code, stdout, stderr };
}

export function tempDir(prefix = "pmi-cli-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, JSON.stringify(value, null, 2));
  return p;
}

/** The medium_articles schema of Zilliz's bulk-import tutorial (dim shrunk for small fixtures). */
export const articlesSchema = (dim = 4) => ({
  enableDynamicField: true,
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "title_vector", dataType: "FLOAT_VECTOR", dim },
    { name: "title", dataType: "VARCHAR", maxLength: 512 },
    { name: "link", dataType: "VARCHAR", maxLength: 512 },
  ],
});
