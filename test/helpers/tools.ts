/**
 * Paths of the real tools the tests drive, built or installed by the project's own scripts
 * (scripts/tools/*.sh) into a version-keyed cache outside the repo. Each script is idempotent and
 * prints the path; a warm machine gets the cached build immediately.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** The repository root, also when this file runs compiled from dist-bench/test/helpers/. */
export const repoRoot = (() => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "pulumi-milvus-import")
      return dir;
  }
  throw new Error(`no pulumi-milvus-import package.json above ${__dirname}`);
})();

const memo = new Map<string, string>();
function runScript(name: string): string {
  const hit = memo.get(name);
  if (hit) return hit;
  const out = execFileSync("bash", [path.join(repoRoot, "scripts/tools", name)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 30 * 60_000,
  }).trim();
  const last = out.split("\n").pop()!;
  memo.set(name, last);
  return last;
}

export const minioBinary = () => runScript("build-minio.sh");
/** Directory holding pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs. */
export const pulumiBinDir = () => runScript("build-pulumi.sh");
export const oraclePython = () => runScript("setup-venv.sh");
/** Directory holding pulumi-language-python and its exec script (Python programs). */
export const pythonLanghostDir = () => runScript("build-pulumi-python.sh");
/** Directory holding pulumi-language-yaml (YAML programs). */
export const yamlLanghostDir = () => runScript("build-pulumi-yaml.sh");
/** bin directory of the venv with `pulumi` from PyPI that runs Python programs. */
export const pulumiPythonBin = () => runScript("setup-pulumi-python.sh");
/** Directory holding pulumi-sdkgen (Pulumi's SDK generators for Python, Go, .NET). */
export const sdkgenDir = () => runScript("build-pulumi-sdkgen.sh");
/** Python of the venv holding the embedded Milvus 2.3.5 server and pymilvus 2.3.7. */
export const milvusPython = () => runScript("setup-milvus.sh");
/** pymilvus 2.4.7: the last release whose bulk_import talks to the Zilliz v1 control plane. */
export const pymilvusV1Python = () => runScript("setup-venv-pymilvus-v1.sh");
export const azuriteBlobBinary = () => path.join(repoRoot, "node_modules/.bin/azurite-blob");
