/** Runs a Python snippet in the project's oracle venv (pymilvus, pyarrow, numpy, pandas). */
import { execFileSync } from "node:child_process";
import { oraclePython } from "./tools";

export function runPython(
  code: string,
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
) {
  return execFileSync(oraclePython(), ["-c", code], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 120_000,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs Python code that prints one JSON document on its last stdout line, and parses it. */
export function pythonJson<T = any>(code: string, opts: Parameters<typeof runPython>[1] = {}): T {
  const out = runPython(code, opts).trim().split("\n");
  return JSON.parse(out[out.length - 1]);
}
