/**
 * Bad-input catalog, second part: inputs a new user and an adversarial tester tried. Every case goes
 * through the data tools the CLI and the resources use (validate, then write) and must be refused
 * with a located issue (file:row:field, what was expected, what was found, the limit hit) and leave
 * no output file; the "accepted" cases pin the edges that must keep working.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { tableFromArrays } from "apache-arrow";
import { validateInput, writeInput } from "../../../provider/pipeline/dataTools";
import { normalizeSchema } from "../../../provider/schema";
import { checkSourceFormats, SourceFormatError } from "../../../provider/sources";
import { DataValidationError, formatIssue } from "../../../provider/validate";
import { parquetOf } from "../engine/helpers";

const schema = normalizeSchema({
  enableDynamicField: true,
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "v", dataType: "FLOAT_VECTOR", dim: 2 },
    { name: "j", dataType: "JSON" },
    { name: "s", dataType: "VARCHAR", maxLength: 8 },
  ],
});

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
// A JSON field of a JSON source holds an object (Milvus's JSON reader refuses a list there).
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${"}".repeat(depth - 1)}`;
const jsonRow = (id: number, j = "{}") => `{"id":${id},"v":[0.1,0.2],"j":${j},"s":"ok"}`;
const csvHeader = "id,v,j,s";
const csvRow = (id: number, j = "{}") => `${id},"[0.1,0.2]","${j.replace(/"/g, '""')}",ok`;

interface Case {
  name: string;
  file: string;
  content: string | Buffer;
  /** The one issue expected (formatted). */
  issue: RegExp;
  allowEmpty?: boolean;
}

const cases: Case[] = [
  // Empty sources: refused naming the file (they used to pass and fail remotely after staging).
  {
    name: "header-only CSV",
    file: "a.csv",
    content: `${csvHeader}\n`,
    issue: /^a\.csv:0:\(file\): expected at least one row, got a header and no data rows/,
  },
  {
    name: "empty JSON list",
    file: "a.json",
    content: "[]",
    issue: /^a\.json:0:\(file\): expected at least one row, got an empty list of rows/,
  },
  {
    name: 'empty {"rows": []}',
    file: "a.json",
    content: '{"rows": []}',
    issue: /^a\.json:0:\(file\): expected at least one row, got an empty list/,
  },
  {
    name: "JSONL of blank lines",
    file: "a.jsonl",
    content: "\n\n  \n",
    issue: /^a\.jsonl:0:\(file\): expected at least one row, got no rows/,
  },
  {
    name: "empty JSONL file",
    file: "a.jsonl",
    content: "",
    issue: /^a\.jsonl:0:\(file\): expected data, got an empty file/,
  },
  {
    name: "Parquet with 0 rows",
    file: "a.parquet",
    content: parquetOf(tableFromArrays({ id: new BigInt64Array(0) })),
    issue: /^a\.parquet:0:\(file\): expected at least one row, got 0 rows/,
  },
  // Deep nesting: named row, field and limit (it used to be "Maximum call stack size exceeded" at row 0).
  {
    name: "JSONL row nested 20,000 deep",
    file: "a.jsonl",
    content: `${jsonRow(1)}\n${jsonRow(2, nested(20_000))}\n`,
    issue: /^a\.jsonl:2:j: expected JSON nested at most 256 levels deep, got deeper nesting on line 2/,
  },
  {
    name: "JSON list, row nested 20,000 deep",
    file: "a.json",
    content: `[${jsonRow(1)},\n${jsonRow(2, nested(20_000))}]`,
    issue: /^a\.json:2:j: expected JSON nested at most 256 levels deep, got deeper nesting on line 2/,
  },
  {
    name: '{"rows": [...]}, row nested 20,000 deep in a dynamic key',
    file: "a.json",
    content: `{"rows": [${jsonRow(1)}, {"id": 2, "v": [1, 2], "j": 1, "s": "x", "extra": ${nested(20_000)}}]}`,
    issue: /^a\.json:2:extra: expected JSON nested at most 256 levels deep/,
  },
  {
    name: "JSONL row nested 257 deep (just over the limit)",
    file: "a.jsonl",
    content: `${jsonRow(1, nested(257))}\n`,
    issue: /^a\.jsonl:1:j: expected JSON nested at most 256 levels deep/,
  },
  {
    name: "CSV JSON cell nested 20,000 deep",
    file: "a.csv",
    content: `${csvHeader}\n${csvRow(1)}\n${csvRow(2, nested(20_000))}\n`,
    issue: /^a\.csv:2:j: expected JSON nested at most 256 levels deep, got deeper nesting/,
  },
  // Invalid UTF-8 in a CSV cell: the data row and column (it used to be row 0 / "(file)").
  {
    name: "invalid UTF-8 in a CSV cell",
    file: "a.csv",
    content: Buffer.concat([
      Buffer.from(`${csvHeader}\n${csvRow(1)}\n2,"[1,2]",{},o`),
      Buffer.from([0xff]),
      Buffer.from("k\n"),
    ]),
    issue: /^a\.csv:2:s: expected UTF-8 text, got invalid UTF-8 byte sequence \(0xff\) on line 3/,
  },
  {
    name: "invalid UTF-8 in a quoted multi-line CSV cell after a blank line",
    file: "a.csv",
    content: Buffer.concat([
      Buffer.from(`${csvHeader}\n${csvRow(1)}\n\n2,"[1,2]","{""k"":""a\nb`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('""}",ok\n'),
    ]),
    issue: /^a\.csv:2:j: expected UTF-8 text, got invalid UTF-8 byte sequence \(0xc3\) on line 5/,
  },
  {
    name: "invalid UTF-8 in a CSV header",
    file: "a.csv",
    content: Buffer.concat([Buffer.from("id,v,j,s"), Buffer.from([0xfe]), Buffer.from(`\n${csvRow(1)}\n`)]),
    issue: /^a\.csv:0:\(header\): expected UTF-8 text, got invalid UTF-8 byte sequence \(0xfe\) on line 1/,
  },
  {
    name: "invalid UTF-8 in CSV row 60,000 (past the first 1 MiB read)",
    file: "a.csv",
    content: Buffer.concat([
      Buffer.from(
        `${csvHeader}\n${Array.from({ length: 59_999 }, (_, i) => csvRow(i + 1)).join("\n")}\n60000,"[1,2]",{},`,
      ),
      Buffer.from([0xe2, 0x82]),
      Buffer.from("\n"),
    ]),
    issue:
      /^a\.csv:60000:s: expected UTF-8 text, got invalid UTF-8 byte sequence \(0xe2 0x82\) on line 60001/,
  },
  // JSON files are read a row at a time (any size): the same checks, located in the row being read.
  {
    name: "invalid UTF-8 in a JSON row",
    file: "a.json",
    content: Buffer.concat([
      Buffer.from(`[${jsonRow(1)},\n{"id":2,"v":[0.1,0.2],"j":{},"s":"o`),
      Buffer.from([0xff]),
      Buffer.from('k"}]'),
    ]),
    issue: /^a\.json:2:\(json\): expected UTF-8 text, got invalid UTF-8 byte sequence \(0xff\) on line 2/,
  },
  {
    name: "JSON row 40,001 nested 20,000 deep (past the first 1 MiB read)",
    file: "a.json",
    content: `[${Array.from({ length: 40_000 }, (_, i) => jsonRow(i + 1)).join(",\n")},\n${jsonRow(40_001, nested(20_000))}]`,
    issue: /^a\.json:40001:j: expected JSON nested at most 256 levels deep, got deeper nesting on line 40001/,
  },
];

test("the chunk-boundary cases really span more than one 1 MiB read", () => {
  expect(cases.find((c) => c.name.includes("60,000"))!.content.length).toBeGreaterThan(1.25 * 2 ** 20);
  expect(cases.find((c) => c.name.includes("40,001"))!.content.length).toBeGreaterThan(1.25 * 2 ** 20);
});

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-bad-more-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function place(i: number, c: { file: string; content: string | Buffer }): { file: string; out: string } {
  const caseDir = path.join(dir, String(i));
  fs.mkdirSync(caseDir, { recursive: true });
  const file = path.join(caseDir, c.file);
  fs.writeFileSync(file, c.content);
  return { file, out: path.join(caseDir, "out") };
}

async function refusal(p: Promise<unknown>): Promise<DataValidationError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataValidationError);
  return err as DataValidationError;
}

test.each(cases.map((c, i) => [c.name, i] as const))("%s", async (_name, i) => {
  const c = cases[i];
  const { file, out } = place(i, c);
  const cwd = process.cwd();
  process.chdir(path.dirname(file)); // issues name files relative to the working directory
  try {
    const v = await refusal(validateInput(schema, { files: [file] }));
    expect(v.issues.map(formatIssue)).toEqual([expect.stringMatching(c.issue)]);
    expect(v.message).not.toMatch(/call stack/);
    const w = await refusal(
      writeInput(schema, { files: [file] }, { format: "json", segmentSizeMb: 1, dir: out, identity: "" }),
    );
    expect(w.issues.map(formatIssue)).toEqual([expect.stringMatching(c.issue)]);
  } finally {
    process.chdir(cwd);
  }
  const left = fs.existsSync(out) ? fs.readdirSync(out).filter((f) => !f.startsWith(".staging")) : [];
  expect(left).toEqual([]);
});

test("accepted edges: nesting of exactly 256 levels, and empty sources when asked for", async () => {
  const deep = place(100, { file: "ok.jsonl", content: `${jsonRow(1, nestedObject(256))}\n` });
  expect(await validateInput(schema, { files: [deep.file] })).toEqual({ rows: 1 });
  const csvCell = place(101, { file: "ok.csv", content: `${csvHeader}\n${csvRow(1, nested(256))}\n` });
  expect(await validateInput(schema, { files: [csvCell.file] })).toEqual({ rows: 1 });
  for (const [i, c] of cases.slice(0, 6).entries()) {
    const { file } = place(200 + i, c);
    expect(await validateInput(schema, { files: [file], allowEmpty: true })).toEqual({ rows: 0 });
  }
});

test("5,000 bad rows: the true total is counted, the first 100 are listed and the message says so", async () => {
  const rows = Array.from({ length: 5000 }, (_, i) => `x${i},"[0.1,0.2]",{},ok`);
  const { file } = place(300, { file: "bad.csv", content: `${csvHeader}\n${rows.join("\n")}\n` });
  const e = await refusal(validateInput(schema, { files: [file] }));
  expect(e.totalIssues).toBe(5000);
  expect(e.issues).toHaveLength(100);
  expect(e.complete).toBe(true);
  expect(e.message).toMatch(/^5000 invalid values \(the first 100 are listed\):/);
  expect(e.message).toMatch(/\.\.\. and 4900 more$/);
});

test("a file that stops parsing adds its problem to the issues found before it, and other files are still read", async () => {
  const bad = place(400, {
    file: "a.jsonl",
    content: `{"id":"x","v":[1,2],"j":{},"s":"ok"}\n${jsonRow(2)}\n{"id": 3, oops}\n${jsonRow(4)}\n`,
  });
  const also = place(401, { file: "b.csv", content: `${csvHeader}\n${csvRow(1)}\ny,"[1,2]",{},ok\n` });
  const e = await refusal(validateInput(schema, { files: [bad.file, also.file] }));
  expect(e.issues.map((i) => `${path.basename(i.file)}:${i.row}:${i.field}`)).toEqual([
    "a.jsonl:1:id",
    "a.jsonl:3:(json)",
    "b.csv:2:id",
  ]);
});

test("a JSON file that stops parsing still reports the problems of the rows read before", async () => {
  const bad = place(402, {
    file: "a.json",
    content: `{"rows": [{"id":"x","v":[1,2],"j":{},"s":"ok"},\n${jsonRow(2)},\n{"id": 3, oops},\n${jsonRow(4)}]}`,
  });
  const e = await refusal(validateInput(schema, { files: [bad.file] }));
  expect(e.issues.map((i) => `${path.basename(i.file)}:${i.row}:${i.field}`)).toEqual([
    "a.json:1:id",
    "a.json:3:(json)",
  ]);
  expect(formatIssue(e.issues[1])).toMatch(/\(line 3\)/);
});

test("the rows written so far are reported after each batch", async () => {
  const rows = Array.from({ length: 10_000 }, (_, i) => csvRow(i + 1));
  const { file, out } = place(500, { file: "big.csv", content: `${csvHeader}\n${rows.join("\n")}\n` });
  const seen: number[] = [];
  const { manifest } = await writeInput(
    schema,
    { files: [file] },
    { format: "json", segmentSizeMb: 64, dir: out, identity: "", onRows: (n) => seen.push(n) },
  );
  expect(manifest.totalRows).toBe(10_000);
  expect(seen).toEqual([4096, 8192, 10_000]);
});

test("an unknown source format is the caller's to fix (not bad data), naming every such file", async () => {
  const { file } = place(600, { file: "d.txt", content: "hello" });
  const err = await validateInput(schema, { files: [file] }).catch((e) => e);
  expect(err).toBeInstanceOf(SourceFormatError);
  expect(() => checkSourceFormats(["d.txt", "a.csv", "e.dat"])).toThrow(
    /cannot tell the source format of 'd\.txt', 'e\.dat' from their extensions/,
  );
  expect(() => checkSourceFormats(["d.txt"], "csv")).not.toThrow();
});
