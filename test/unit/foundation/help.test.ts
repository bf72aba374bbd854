/**
 * Every command answers --help (exit 0, a usage text, no work done): milvus-import and each of its
 * commands, the emulator, and every benchmark script (each bench/*.ts; shared code is in bench/lib/),
 * so scripts added later are covered without touching this test.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { COMMANDS } from "../../../provider/cli/args";
import { cli } from "../cli/helpers";

const root = path.resolve(__dirname, "../../..");
const register = path.join(root, "test/helpers/swcRegister.js");

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript entry point from source. A script that does not answer --help starts its real work
 * (servers, minutes of benchmarking), so the whole process group is killed after 20 s.
 */
function runTs(file: string, args: string[], opts: { firstLineOnly?: boolean } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", register, file, ...args], {
      cwd: fs.mkdtempSync(path.join(os.tmpdir(), "pmi-help-")),
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => killGroup("SIGKILL"), 20_000);
    child.stdout.on("data", (d) => {
      stdout += d;
      if (opts.firstLineOnly && stdout.includes("\n")) killGroup("SIGTERM");
    });
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const benchScripts = fs
  .readdirSync(path.join(root, "bench"))
  .filter((f) => f.endsWith(".ts"))
  .sort();

test("milvus-import and each of its commands answer --help and -h", async () => {
  for (const argv of [
    ["--help"],
    ["-h"],
    ["help"],
    ...COMMANDS.flatMap((c) => [
      [c, "--help"],
      [c, "-h"],
    ]),
  ]) {
    const r = await cli(argv);
    expect({ argv, code: r.code, stderr: r.stderr }).toEqual({ argv, code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^(milvus-import: |Usage: milvus-import )/);
  }
});

test("there are benchmark scripts to check, and every npm bench:* script names one", () => {
  expect(benchScripts.length).toBeGreaterThanOrEqual(4);
  const scripts = require("../../../package.json").scripts as Record<string, string>;
  for (const [name, command] of Object.entries(scripts).filter(([n]) => n.startsWith("bench:"))) {
    const m = /scripts\/bench\.sh (\S+)/.exec(command);
    expect({ name, bench: m?.[1] }).toEqual({ name, bench: expect.any(String) });
    expect(benchScripts).toContain(`${m![1]}.ts`);
  }
});

describe.each(benchScripts)("bench/%s", (file) => {
  test("answers --help with its usage, exit 0, without running or writing results", async () => {
    const results = path.join(root, "bench/results");
    const before = fs.readdirSync(results).map((f) => [f, fs.statSync(path.join(results, f)).mtimeMs]);
    const r = await runTs(path.join(root, "bench", file), ["--help"]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^Usage: /);
    const after = fs.readdirSync(results).map((f) => [f, fs.statSync(path.join(results, f)).mtimeMs]);
    expect(after).toEqual(before);
  }, 60_000);
});

describe("emulator", () => {
  const main = path.join(root, "emulator/main.ts");

  test("answers --help with its flags (exit 0); an unknown flag is a usage error (exit 2)", async () => {
    const r = await runTs(main, ["--help"]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^Usage: npm run emulator/);
    for (const flag of ["--port", "--data", "--bucket-dir", "--mount", "--cluster", "--quiet", "--help"])
      expect(r.stdout).toContain(flag);
    const bad = await runTs(main, ["--bogus"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown argument --bogus");
    expect(bad.stderr).toContain("--help");
  }, 60_000);

  test("its startup line has every field emulator/README.md shows", async () => {
    const readme = fs.readFileSync(path.join(root, "emulator/README.md"), "utf8");
    const block = /```bash\nnpm run build\nnpm run emulator[^\n]*\n((?:# [^\n]*\n)+)```/.exec(readme);
    expect(block).not.toBeNull();
    const documented = new Set([...block![1].matchAll(/"(\w+)":/g)].map((m) => m[1]));
    expect(documented).toContain("status");
    const data = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-emu-help-"));
    // A cluster given on the command line, not only the default one, must show its status too.
    const r = await runTs(
      main,
      ["--port", "0", "--data", data, "--quiet", "--cluster", "in03-abc@aws-us-east-1"],
      {
        firstLineOnly: true,
      },
    );
    const printed = new Set<string>();
    const keys = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(keys);
      else if (v && typeof v === "object")
        for (const [k, x] of Object.entries(v)) {
          printed.add(k);
          keys(x);
        }
    };
    const startup = JSON.parse(r.stdout.split("\n")[0]);
    keys(startup);
    for (const k of documented)
      expect({ key: k, printed: printed.has(k) }).toEqual({ key: k, printed: true });
    expect(startup.clusters).toEqual([{ clusterId: "in03-abc", region: "aws-us-east-1", status: "RUNNING" }]);
  }, 60_000);
});
