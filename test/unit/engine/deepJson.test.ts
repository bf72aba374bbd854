/**
 * JSON nested beyond the limit in files the engine (and so the emulator) imports: refused with the
 * row, the field and the limit, never "Maximum call stack size exceeded". Values up to the limit
 * still import, risky (exact) numbers inside them included.
 */
import { DEFAULT_READER_OPTIONS } from "../../../provider/engine/batch";
import { FileFormatError, ProblemList } from "../../../provider/engine/errors";
import { parseExactJson } from "../../../provider/engine/jsonExact";
import { readJsonFile, readJsonlFile } from "../../../provider/engine/readers/json";
import type { CollectionSchema } from "../../../provider/schema/types";

const schema: CollectionSchema = {
  enableDynamicField: true,
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "vec", dataType: "FLOAT_VECTOR", dim: 2 },
    { name: "j", dataType: "JSON" },
  ],
};
const ctx = () => ({
  schema,
  file: "f.json",
  problems: new ProblemList(),
  options: { ...DEFAULT_READER_OPTIONS },
});
const nested = (n: number, inner = "") => `${"[".repeat(n)}${inner}${"]".repeat(n)}`;
/** A JSON object n levels deep (a JSON field must hold an object). */
const deepObject = (n: number, inner = "1") => `${'{"a":'.repeat(n)}${inner}${"}".repeat(n)}`;
const row = (id: number, j: string) => `{"id": ${id}, "vec": [1, 2], "j": ${j}}`;

test("a JSON file with a row nested 20,000 deep: a file error naming the row, the field and the limit", () => {
  for (const text of [
    `[${row(1, "1")}, ${row(2, nested(20_000))}]`,
    `{"rows": [${row(1, "1")},\n${row(2, nested(20_000))}]}`,
  ]) {
    expect(() => readJsonFile(Buffer.from(text), ctx())).toThrow(FileFormatError);
    expect(() => readJsonFile(Buffer.from(text), ctx())).toThrow(
      /failed to parse JSON file: arrays\/objects nested deeper than 256 levels \(line \d\) in row 2, field 'j'/,
    );
  }
});

test("a JSONL line nested 20,000 deep is that row's problem; the other rows import", () => {
  const c = ctx();
  const b = readJsonlFile(
    Buffer.from(`${row(1, "{}")}\n${row(2, deepObject(20_000))}\n${row(3, "{}")}\n`),
    c,
  );
  expect(c.problems.items.map((p) => `${p.row}:${p.message}`)).toEqual([
    "2:failed to parse JSON line: arrays/objects nested deeper than 256 levels (line 1), field 'j'",
  ]);
  expect(b.rowCount).toBe(2);
});

test("values nested up to 256 levels import, with exact big integers inside", () => {
  const c = ctx();
  const b = readJsonlFile(Buffer.from(`${row(1, deepObject(256, "9007199254740993"))}\n`), c);
  expect(c.problems.items).toEqual([]);
  expect(b.rowCount).toBe(1);
  expect(String(b.columns.get("j")?.[0])).toContain("9007199254740993");
  expect(() => parseExactJson(nested(257, "1"))).toThrow(/nested deeper than 256 levels/);
  expect(() => parseExactJson(nested(256, "12345678901234567890"))).not.toThrow();
});
