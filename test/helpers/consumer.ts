/**
 * Installs the package the way a user's Pulumi project gets it: `npm pack` of the built package,
 * then `npm install <tarball>` into a fresh project directory outside the repo. E2E stacks live in
 * sub-directories of that project, so `require("pulumi-milvus-import")` and the SDKs the dynamic
 * provider requires at run time resolve from the consumer's node_modules, never from our sources.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "./tools";

const npm = (args: string[], cwd: string) =>
  execFileSync("npm", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 10 * 60_000,
  });

export function installConsumerProject(): string {
  if (!fs.existsSync(path.join(repoRoot, "dist/provider/index.js"))) {
    throw new Error("dist/ is missing: build first (npm test does it)");
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-consumer-"));
  const packed = npm(["pack", "--silent", "--pack-destination", dir], repoRoot).trim().split("\n").pop()!;
  const tarball = path.join(dir, packed);
  const pulumiVersion = require(path.join(repoRoot, "node_modules/@pulumi/pulumi/package.json")).version;
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      {
        name: "pmi-e2e-consumer",
        private: true,
        dependencies: { "pulumi-milvus-import": `file:${tarball}`, "@pulumi/pulumi": pulumiVersion },
      },
      null,
      2,
    ),
  );
  npm(["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], dir);
  return dir;
}
