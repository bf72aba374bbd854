/**
 * A benchmark run leaves the work tree clean: bench/results/ (tracked) is written only with --save,
 * otherwise the JSON goes to $TMPDIR/pmi-bench/.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { saveResult } from "../../../bench/lib/results";

const root = path.resolve(__dirname, "../../..");
const argv = process.argv;
let fakeRoot: string;

beforeEach(() => {
  fakeRoot = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-bench-root-"));
});
afterEach(() => {
  process.argv = argv;
  fs.rmSync(fakeRoot, { recursive: true, force: true });
});

test("without --save the result goes to the temp dir, and the repository's bench/results/ is untouched", () => {
  const results = path.join(root, "bench/results");
  const before = fs.readdirSync(results).map((f) => [f, fs.statSync(path.join(results, f)).mtimeMs]);
  process.argv = [argv[0], "bench/x.js", "--rows", "10"];
  const file = saveResult("probe-unsaved", { rows: 10 }, root);
  expect(file).toBe(path.join(os.tmpdir(), "pmi-bench", "probe-unsaved.json"));
  expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ rows: 10 });
  fs.rmSync(file);
  const after = fs.readdirSync(results).map((f) => [f, fs.statSync(path.join(results, f)).mtimeMs]);
  expect(after).toEqual(before);
});

test("--save writes <root>/bench/results/<name>.json", () => {
  process.argv = [argv[0], "bench/x.js", "--save"];
  const file = saveResult("probe", '{"a": 1}', fakeRoot);
  expect(file).toBe(path.join(fakeRoot, "bench/results/probe.json"));
  expect(fs.readFileSync(file, "utf8")).toBe('{"a": 1}\n');
});
