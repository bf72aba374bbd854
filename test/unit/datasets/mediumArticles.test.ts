import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  MEDIUM_ARTICLES_COLUMNS,
  mediumArticles,
  writeMediumArticlesCsv,
} from "../../../provider/datasets/mediumArticles";

const sha = (f: string) => createHash("sha256").update(fs.readFileSync(f)).digest("hex");

test("the generated CSV is byte-identical for the same seed and differs for another", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-ds-"));
  const a = writeMediumArticlesCsv(path.join(dir, "a.csv"), 50, 7);
  const b = writeMediumArticlesCsv(path.join(dir, "b.csv"), 50, 7);
  const c = writeMediumArticlesCsv(path.join(dir, "c.csv"), 50, 8);
  expect(sha(a)).toBe(sha(b));
  expect(sha(a)).not.toBe(sha(c));
  const lines = fs.readFileSync(a, "utf8").trimEnd().split("\n");
  expect(lines).toHaveLength(51);
  expect(lines[0]).toBe(MEDIUM_ARTICLES_COLUMNS.join(","));
  // The vector cell is a quoted "[x, y, …]" list of 768 numbers, as in the seed dataset.
  const vectorCell = lines[1].slice(lines[1].indexOf('"['));
  const floats = vectorCell.slice(2, -2).split(", ").map(Number);
  expect(floats).toHaveLength(768);
  expect(floats.every(Number.isFinite)).toBe(true);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("vectors are unit length and ids are 0..n-1", () => {
  const rows = [...mediumArticles(20, 3)];
  expect(rows.map((r) => r.id)).toEqual([...Array(20).keys()]);
  for (const r of rows) {
    const norm = Math.sqrt(r.title_vector.reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 5);
    expect(Buffer.byteLength(r.title, "utf8")).toBeLessThanOrEqual(512);
    expect(Buffer.byteLength(r.link, "utf8")).toBeLessThanOrEqual(512);
  }
});
