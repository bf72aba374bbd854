import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalBulkWriter } from "../../../provider/bulkwriter";
import { normalizeSchema } from "../../../provider/schema";
import { appendSource, readSource } from "../../../provider/sources";
import { DataValidationError } from "../../../provider/validate";

/**
 * Bad-input catalog: every malformed row or file must fail with a located error
 * (file:row:field: expected X, got Y) and leave no output file behind.
 */
const fields = [
  { name: "id", dataType: "INT64", isPrimary: true },
  { name: "v", dataType: "FLOAT_VECTOR", dim: 2 },
  { name: "s", dataType: "VARCHAR", maxLength: 3 },
  { name: "i8", dataType: "INT8" },
  { name: "f", dataType: "FLOAT" },
  { name: "flag", dataType: "BOOL" },
  { name: "j", dataType: "JSON" },
  { name: "arr", dataType: "ARRAY", elementType: "INT32", maxCapacity: 2 },
  { name: "sp", dataType: "SPARSE_FLOAT_VECTOR" },
  { name: "bv", dataType: "BINARY_VECTOR", dim: 8 },
];
const strict = normalizeSchema({ fields });
const dynamic = normalizeSchema({ fields, enableDynamicField: true });
const autoId = normalizeSchema({ fields: [{ ...fields[0], autoId: true }, ...fields.slice(1)] });

const good = {
  id: 1,
  v: [0.1, 0.2],
  s: "ab",
  i8: 1,
  f: 1.5,
  flag: true,
  j: { a: 1 },
  arr: [1],
  sp: { "1": 0.5 },
  bv: [255],
};
const goodLine = JSON.stringify(good);
const line = (patch: Record<string, unknown>, drop: string[] = []) => {
  const r: Record<string, unknown> = { ...good, ...patch };
  for (const d of drop) delete r[d];
  return JSON.stringify(r);
};
const csvHeader = "id,v,s,i8,f,flag,j,arr,sp,bv";
const csvGood = '1,"[0.1,0.2]",ab,1,1.5,true,"{""a"":1}",[1],"{""1"":0.5}",[255]';

type Case = {
  name: string;
  file?: [string, string | Buffer];
  rows?: unknown[];
  schema?: typeof strict;
  expect: RegExp;
};

const jsonl = (...lines: string[]) => `${goodLine}\n${lines.join("\n")}\n`;
const cases: Case[] = [
  {
    name: "wrong vector dim",
    file: ["a.jsonl", jsonl(line({ v: [0.1] }))],
    expect: /a\.jsonl:2:v: expected FLOAT_VECTOR of length 2, got length 1/,
  },
  {
    name: "NaN in vector",
    rows: [{ ...good, v: [Number.NaN, 1] }],
    expect: /inline:1:v: expected finite float vector elements, got number NaN at index 0/,
  },
  {
    name: "Infinity in FLOAT",
    rows: [{ ...good, f: Number.POSITIVE_INFINITY }],
    expect: /inline:1:f: expected FLOAT/,
  },
  {
    name: "string in INT64",
    file: ["a.jsonl", jsonl(line({ id: "abc" }))],
    expect: /a\.jsonl:2:id: expected INT64, got "abc"/,
  },
  {
    name: "2^63 in INT64",
    file: ["a.jsonl", jsonl(goodLine.replace('"id":1', '"id":9223372036854775808'))],
    expect: /a\.jsonl:2:id: expected INT64 \(integer in .*\), got 9223372036854775808n/,
  },
  {
    name: "-2^63-1 in INT64",
    file: ["a.jsonl", jsonl(goodLine.replace('"id":1', '"id":-9223372036854775809'))],
    expect: /a\.jsonl:2:id: expected INT64/,
  },
  {
    name: "VARCHAR over max_length in bytes, not chars",
    file: ["a.jsonl", jsonl(line({ s: "éé" }))],
    expect: /a\.jsonl:2:s: expected VARCHAR of at most 3 UTF-8 bytes, got 4 bytes \(2 characters\)/,
  },
  {
    name: "missing primary key",
    file: ["a.jsonl", jsonl(line({}, ["id"]))],
    expect: /a\.jsonl:2:id: expected a INT64 value \(field is required\), got nothing/,
  },
  {
    name: "primary key present with auto_id",
    schema: autoId,
    file: ["a.jsonl", `${line({}, ["id"])}\n${goodLine}\n`],
    expect: /a\.jsonl:2:id: expected no value \(auto_id/,
  },
  {
    name: "extra field without dynamic field",
    file: ["a.jsonl", jsonl(line({ extra: 1 }))],
    expect: /a\.jsonl:2:extra: expected only schema fields/,
  },
  {
    name: "bad JSON line",
    file: ["a.jsonl", jsonl('{"id": 1,,}')],
    expect: /a\.jsonl:2:\(json\): expected a JSON object per line, got invalid JSON on line 2/,
  },
  {
    name: "unclosed CSV quote",
    file: ["a.csv", `${csvHeader}\n${csvGood}\n1,"[0.1,0.2],ab\n`],
    expect: /a\.csv:0:\(csv\): expected a closing quote, got an unclosed quoted field starting on line 3/,
  },
  {
    name: "bare quote in CSV",
    file: ["a.csv", `${csvHeader}\n1,x"y,ab,1,1.5,true,{},[1],{},[1]\n`],
    expect: /a\.csv:0:\(csv\): expected quotes only around whole fields .* line 2/,
  },
  {
    name: "text after closing quote in CSV",
    file: ["a.csv", `${csvHeader}\n${csvGood}\n1,"[0.1,0.2]"x,ab,1,1.5,true,{},[1],{},[1]\n`],
    expect: /a\.csv:0:\(csv\): expected ',' or end of line after a closing quote, got "x" on line 3/,
  },
  {
    name: "invalid UTF-8 in CSV",
    file: [
      "a.csv",
      Buffer.concat([
        Buffer.from(`${csvHeader}\n${csvGood}\n1,"[0.1,0.2]",a`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(",1,1.5,true,{},[1],{},[1]\n"),
      ]),
    ],
    expect: /a\.csv:2:s: expected UTF-8 text, got invalid UTF-8 byte sequence \(0xff\) on line 3/,
  },
  {
    name: "invalid UTF-8 in JSONL",
    file: [
      "a.jsonl",
      Buffer.concat([Buffer.from(`${goodLine}\n{"s": "`), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]),
    ],
    expect: /a\.jsonl:2:\(json\): expected UTF-8 text, got invalid UTF-8 byte sequence \(0xc3\) on line 2/,
  },
  {
    name: "empty CSV file",
    file: ["a.csv", ""],
    expect: /a\.csv:0:\(file\): expected data, got an empty file/,
  },
  {
    name: "empty JSON file",
    file: ["a.json", ""],
    expect: /a\.json:0:\(file\): expected data, got an empty file/,
  },
  {
    name: "empty JSONL file",
    file: ["a.jsonl", ""],
    expect: /a\.jsonl:0:\(file\): expected data, got an empty file/,
  },
  {
    name: "JSONL with only blank lines",
    file: ["a.jsonl", "\n\n"],
    expect: /a\.jsonl:0:\(file\): expected at least one row, got no rows/,
  },
  {
    name: "INT8 out of range",
    file: ["a.jsonl", jsonl(line({ i8: 128 }))],
    expect: /a\.jsonl:2:i8: expected INT8 \(integer in -128\.\.127\), got number 128/,
  },
  {
    name: "fraction in INT8",
    file: ["a.jsonl", jsonl(line({ i8: 1.5 }))],
    expect: /a\.jsonl:2:i8: expected INT8/,
  },
  {
    name: "string in FLOAT (JSON)",
    file: ["a.jsonl", jsonl(line({ f: "1.5" }))],
    expect: /a\.jsonl:2:f: expected FLOAT \(finite number\), got "1\.5"/,
  },
  {
    name: "FLOAT beyond float32 range",
    file: ["a.jsonl", jsonl(line({ f: 1e39 }))],
    expect: /a\.jsonl:2:f: expected FLOAT \(finite number within float32 range\)/,
  },
  {
    name: "JSON field with invalid JSON text",
    file: ["a.jsonl", jsonl(line({ j: "{bad" }))],
    expect: /a\.jsonl:2:j: expected JSON text, got invalid JSON/,
  },
  {
    name: "ARRAY over max_capacity",
    file: ["a.jsonl", jsonl(line({ arr: [1, 2, 3] }))],
    expect: /a\.jsonl:2:arr: expected ARRAY<INT32> of at most 2 elements \(max_capacity\), got 3 elements/,
  },
  {
    name: "ARRAY element of wrong type",
    file: ["a.jsonl", jsonl(line({ arr: ["x"] }))],
    expect: /a\.jsonl:2:arr: expected INT32 .* elements, got "x" at index 0/,
  },
  {
    name: "ARRAY element out of INT32 range",
    file: ["a.jsonl", jsonl(line({ arr: [2147483648] }))],
    expect: /a\.jsonl:2:arr: expected INT32/,
  },
  {
    name: "negative sparse value",
    file: ["a.jsonl", jsonl(line({ sp: { "3": -1 } }))],
    expect: /a\.jsonl:2:sp: expected non-negative sparse values, got -1 at index 3/,
  },
  {
    name: "negative sparse index",
    file: ["a.jsonl", jsonl(line({ sp: { indices: [-1], values: [0.5] } }))],
    expect: /a\.jsonl:2:sp: expected sparse indices in 0\.\.4294967294/,
  },
  {
    name: "sparse index 2^32-1 (reserved)",
    file: ["a.jsonl", jsonl(line({ sp: { indices: [4294967295], values: [0.5] } }))],
    expect: /a\.jsonl:2:sp: expected sparse indices in 0\.\.4294967294, got number 4294967295/,
  },
  {
    name: "duplicate sparse indices",
    file: ["a.jsonl", jsonl(line({ sp: { indices: [2, 2], values: [0.5, 0.1] } }))],
    expect: /a\.jsonl:2:sp: expected unique sparse indices, got index 2 twice/,
  },
  {
    name: "sparse indices/values length mismatch",
    file: ["a.jsonl", jsonl(line({ sp: { indices: [1, 2], values: [0.5] } }))],
    expect: /a\.jsonl:2:sp: expected indices and values of equal length/,
  },
  {
    name: "binary vector with wrong byte count",
    file: ["a.jsonl", jsonl(line({ bv: [1, 2] }))],
    expect: /a\.jsonl:2:bv: expected BINARY_VECTOR of 1 bytes or 8 bits, got length 2/,
  },
  {
    name: "binary vector byte 256",
    file: ["a.jsonl", jsonl(line({ bv: [256] }))],
    expect: /a\.jsonl:2:bv: expected BINARY_VECTOR byte values 0\.\.255, got number 256 at index 0/,
  },
  {
    name: "string element in float vector",
    file: ["a.jsonl", jsonl(line({ v: ["a", 0.1] }))],
    expect: /a\.jsonl:2:v: expected finite float vector elements, got "a" at index 0/,
  },
  {
    name: "vector as a string",
    file: ["a.jsonl", jsonl(line({ v: "0.1,0.2" }))],
    expect: /a\.jsonl:2:v: expected FLOAT_VECTOR \(list of 2 numbers\), got "0\.1,0\.2"/,
  },
  {
    name: "row that is not an object",
    file: ["a.jsonl", jsonl("[1,2]")],
    expect: /a\.jsonl:2:\(json\): expected a JSON object per line, got an array on line 2/,
  },
  {
    name: "CSV row with too few fields",
    file: ["a.csv", `${csvHeader}\n${csvGood}\n1,2\n`],
    expect: /a\.csv:2:\(csv\): expected 10 fields like the header, got 2 fields on line 3/,
  },
  {
    name: "CSV duplicate header column",
    file: ["a.csv", "id,id\n1,2\n"],
    expect: /a\.csv:0:\(header\): expected unique column names in the header, got 'id' twice/,
  },
  {
    name: "JSON root is not rows",
    file: ["a.json", '{"data": []}'],
    expect:
      /a\.json:0:\(json\): expected a JSON array of rows or \{"rows": \[\.\.\.\]\}, got an object without a 'rows' array/,
  },
  {
    name: "truncated JSON file",
    file: ["a.json", '{"rows": [{"id": 1'],
    expect: /a\.json:0:\(json\): expected valid JSON/,
  },
  {
    name: "JSON rows entry not an object",
    file: ["a.json", `{"rows": [${goodLine}, 5]}`],
    expect: /a\.json:2:\(row\): expected a row object, got number 5/,
  },
  {
    name: "null in a non-nullable field",
    file: ["a.jsonl", jsonl(line({ s: null }))],
    expect: /a\.jsonl:2:s: expected a VARCHAR value \(field is required\), got null/,
  },
  {
    name: "CSV BOOL that is not a Go ParseBool word",
    file: ["a.csv", `${csvHeader}\n${csvGood.replace("true", "yes")}\n`],
    expect: /a\.csv:1:flag: expected BOOL \(true\/false\), got "yes"/,
  },
  {
    name: "CSV INT64 written as 1.0",
    file: ["a.csv", `${csvHeader}\n${csvGood.replace(/^1,/, "1.0,")}\n`],
    expect: /a\.csv:1:id: expected INT64, got "1\.0"/,
  },
  {
    name: "$meta that is not an object",
    schema: dynamic,
    file: ["a.jsonl", jsonl(line({ $meta: [1] }))],
    expect: /a\.jsonl:2:\$meta: expected a JSON object, got an array/,
  },
  {
    name: "dynamic key given twice",
    schema: dynamic,
    file: ["a.jsonl", jsonl(line({ k: 1, $meta: { k: 2 } }))],
    expect: /a\.jsonl:2:k: expected a dynamic key given once/,
  },
  {
    name: "unpaired surrogate (invalid UTF-8) in VARCHAR",
    rows: [{ ...good, s: "a\ud800" }],
    expect: /inline:1:s: expected valid UTF-8 text, got a string with an unpaired surrogate/,
  },
  {
    name: "JS number beyond 2^53 for INT64",
    rows: [{ ...good, id: 2 ** 60 }],
    expect:
      /inline:1:id: expected INT64 as BigInt or exact digits, got number 1152921504606847000 beyond 2\^53/,
  },
  {
    name: "garbage Parquet file",
    file: ["a.parquet", "PAR1 definitely not parquet"],
    expect: /a\.parquet:0:\(parquet\): expected a Parquet file, got unreadable Parquet/,
  },
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "bad-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the catalog has at least 40 cases", () => {
  expect(cases.length).toBeGreaterThanOrEqual(40);
});

test.each(cases.map((c, i) => [c.name, i] as const))("%s", async (_name, i) => {
  const c = cases[i];
  const caseDir = join(dir, String(i));
  const out = join(caseDir, "out");
  const schema = c.schema ?? strict;
  let err: unknown;
  try {
    const w = new LocalBulkWriter({ schema, localPath: out, fileType: "json" });
    let source: AsyncGenerator<unknown>;
    if (c.file) {
      const path = join(caseDir, c.file[0]);
      require("node:fs").mkdirSync(caseDir, { recursive: true });
      writeFileSync(path, c.file[1]);
      source = readSource(path, { schema });
    } else source = readSource({ rows: c.rows ?? [] }, { schema });
    try {
      await appendSource(w, source as never);
      await w.commit();
    } catch (e) {
      w.abort();
      throw e;
    }
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DataValidationError);
  expect((err as Error).message).toMatch(c.expect);
  const leftovers = (() => {
    try {
      return readdirSync(out);
    } catch {
      return [];
    }
  })();
  expect(leftovers).toEqual([]);
});
