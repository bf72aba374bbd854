/**
 * A fresh clone must `npm ci` cleanly and no set-up or test command may change a tracked file:
 * the lockfile names every platform's optional binaries, and CI's tree check catches stray writes.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "../../..");

interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
}

/** Optional dependencies (platform binaries) that have no entry of their own in the lockfile. */
function missingOptionalEntries(lock: { packages: Record<string, LockEntry> }): string[] {
  const pkgs = lock.packages;
  const missing: string[] = [];
  for (const [where, entry] of Object.entries(pkgs)) {
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
      // npm resolves a dependency in the nearest node_modules folder up from the dependent.
      let base = where;
      let found = false;
      for (;;) {
        if (pkgs[`${base ? `${base}/` : ""}node_modules/${dep}`]) {
          found = true;
          break;
        }
        if (!base) break;
        const up = base.lastIndexOf("/node_modules/");
        base = up < 0 ? "" : base.slice(0, up);
      }
      if (!found) missing.push(`${where || "(root)"} -> ${dep}`);
    }
  }
  return missing;
}

test("package-lock.json has an entry for every optional (per-platform) dependency, so npm ci works on any OS", () => {
  const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8"));
  expect(missingOptionalEntries(lock)).toEqual([]);
  // The packages whose platform binaries were missing once (npm ci failed on a fresh clone).
  const names = Object.keys(lock.packages);
  for (const family of ["@biomejs/cli-", "@swc/core-", "@unrs/resolver-binding-"]) {
    const platforms = names.filter((n) => n.startsWith(`node_modules/${family}`));
    expect(platforms.length).toBeGreaterThan(5);
  }
});

test("the check finds platform binaries missing from a lockfile (as in the lockfile npm ci once rejected)", () => {
  const lock = {
    packages: {
      "": {},
      "node_modules/@biomejs/biome": {
        optionalDependencies: { "@biomejs/cli-linux-x64": "2.6.8", "@biomejs/cli-darwin-arm64": "2.6.8" },
      },
      "node_modules/@biomejs/cli-linux-x64": { version: "2.6.8" },
      "node_modules/a": { optionalDependencies: { b: "1" } },
      "node_modules/a/node_modules/b": { version: "1" },
    },
  };
  expect(missingOptionalEntries(lock)).toEqual(["node_modules/@biomejs/biome -> @biomejs/cli-darwin-arm64"]);
});

test("set-up scripts install with npm ci and never rewrite the lockfile", () => {
  const install = fs.readFileSync(path.join(root, "scripts/install-deps.sh"), "utf8");
  const commands = install.split("\n").filter((l) => !l.trimStart().startsWith("#"));
  expect(commands.join("\n")).toMatch(/\bnpm ci\b/);
  expect(commands.join("\n")).not.toMatch(/\bnpm (install|i|update)\b/);
});

describe("scripts/check-tree.sh (run by .ci/run around npm test)", () => {
  const script = path.join(root, "scripts/check-tree.sh");
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...args], { cwd, encoding: "utf8" });
  const repo = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-tree-"));
    git(dir, "init", "-q");
    fs.writeFileSync(path.join(dir, "package-lock.json"), "{}\n");
    fs.writeFileSync(path.join(dir, ".gitignore"), "dist/\n");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "init");
    return dir;
  };
  const run = (cwd: string, mode: string, file: string) =>
    spawnSync("bash", [script, mode, file], { cwd, encoding: "utf8" });

  test("passes when only ignored outputs were written", () => {
    const dir = repo();
    const snap = path.join(os.tmpdir(), `pmi-tree-${process.pid}-a`);
    expect(run(dir, "snapshot", snap).status).toBe(0);
    fs.mkdirSync(path.join(dir, "dist"));
    fs.writeFileSync(path.join(dir, "dist/x.js"), "");
    const r = run(dir, "compare", snap);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("work tree clean");
  });

  test("fails naming a rewritten tracked file and a new untracked file", () => {
    const dir = repo();
    const snap = path.join(os.tmpdir(), `pmi-tree-${process.pid}-b`);
    run(dir, "snapshot", snap);
    fs.writeFileSync(path.join(dir, "package-lock.json"), '{"rewritten": true}\n');
    fs.writeFileSync(path.join(dir, "stray.json"), "{}");
    const r = run(dir, "compare", snap);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/ci: {3} M package-lock\.json/);
    expect(r.stdout).toMatch(/ci: {3}\?\? stray\.json/);
  });
});

test(".ci/run checks the tree around npm test", () => {
  const ci = fs.readFileSync(path.join(root, ".ci/run"), "utf8");
  const snapshot = ci.indexOf("check-tree.sh snapshot");
  const npmTest = ci.indexOf("\nnpm test");
  const compare = ci.indexOf("check-tree.sh compare");
  expect(snapshot).toBeGreaterThan(-1);
  expect(snapshot).toBeLessThan(npmTest);
  expect(compare).toBeGreaterThan(npmTest);
});
