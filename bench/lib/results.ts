/**
 * Where a benchmark's JSON goes. bench/results/ is tracked (the numbers quoted in the docs), so a run
 * writes there only when asked with --save; otherwise to an untracked copy in the system temp dir,
 * so running a benchmark never changes the work tree.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The usage line every benchmark's --help shows for this flag. */
export const SAVE_FLAG_HELP =
  "  --save              write bench/results/<name>.json (tracked); without it the JSON goes to $TMPDIR/pmi-bench/";

/** Writes `<name>.json` (see above) and returns the path written. `root`: the repository. */
export function saveResult(name: string, value: unknown, root = process.cwd()): string {
  const dir = process.argv.includes("--save") ? resolve(root, "bench/results") : join(tmpdir(), "pmi-bench");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${typeof value === "string" ? value : JSON.stringify(value, null, 2)}\n`);
  process.stderr.write(`bench: results written to ${file}\n`);
  return file;
}
