import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LocalBulkWriter } from "../../provider/bulkwriter";
import { appendSource, readSource } from "../../provider/sources";
import { DataValidationError, stringifyJson } from "../../provider/validate";
import { allTypesRows } from "../unit/bulkwriter/rows";
import { allTypesSchema } from "../unit/fixtures/schemas";

/**
 * Oracle: for every type × format cell Milvus supports, our writer and pymilvus's LocalBulkWriter
 * write the same rows; Python reads both (pyarrow / numpy / json / csv) and compares values, types
 * and nullability. Deliberate encoding differences are asserted explicitly (see FORMATS.md).
 */
jest.setTimeout(180_000);

const repo = resolve(__dirname, "../..");
const script = join(__dirname, "writer_oracle.py");
let py: string;
let dir: string;

beforeAll(() => {
  py = execFileSync("bash", [join(repo, "scripts/tools/setup-venv.sh")], { encoding: "utf8" })
    .trim()
    .split("\n")
    .pop() as string;
  dir = mkdtempSync(join(tmpdir(), "oracle-writer-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Report {
  ok: boolean;
  checked: number;
  problems: string[];
  differences: string[];
  types: Record<
    string,
    { ours: string; pymilvus: string; ours_nullable?: boolean; pymilvus_nullable?: boolean }
  >;
}

async function both(format: string): Promise<{ report: Report; pyFiles: string[][]; ours: string }> {
  const numpySafe = format === "numpy";
  const schema = allTypesSchema({ numpySafe });
  const rows = allTypesRows(30, { numpySafe });
  const base = join(dir, format);
  const w = new LocalBulkWriter({ schema, localPath: join(base, "ours"), fileType: format });
  for (const r of rows) w.appendRow(r);
  await w.commit();
  const schemaPath = join(base, "schema.json");
  const rowsPath = join(base, "rows.json");
  writeFileSync(schemaPath, JSON.stringify(schema));
  writeFileSync(rowsPath, stringifyJson(rows));
  const out = execFileSync(py, [script, "write", format, schemaPath, rowsPath, join(base, "theirs")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pyFiles = JSON.parse(out.trim().split("\n").pop() as string) as string[][];
  const rep = execFileSync(py, [script, "compare", format, w.dataPath, join(base, "theirs"), schemaPath], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { report: JSON.parse(rep.trim().split("\n").pop() as string), pyFiles, ours: w.dataPath };
}

describe.each(["parquet", "numpy", "json", "csv"])("%s: ours vs pymilvus LocalBulkWriter", (format) => {
  let result: Awaited<ReturnType<typeof both>>;
  beforeAll(async () => {
    result = await both(format);
  });

  it("has identical values for every cell", () => {
    expect(result.report.problems).toEqual([]);
    expect(result.report.ok).toBe(true);
    expect(result.report.checked).toBeGreaterThan(300);
  });

  it("differs only where our encoding is deliberately what every Milvus 2.4–2.6 reader accepts", () => {
    const allowed = [
      /^FLOAT16_VECTOR: ours half-float/,
      /^BFLOAT16_VECTOR: ours half-float/,
      /^SPARSE: ours \{indices, values\}/,
      /^JSON field: non-object values written as JSON text strings/,
      /^JSON text: ours compact/,
      /^CSV BOOL: ours true\/false/,
      /^NumPy <U width/,
    ];
    for (const d of result.report.differences) expect(allowed.some((a) => a.test(d))).toBe(true);
    // The half-float difference is always present: pymilvus 3.0.2 keeps float32 input, which only
    // Milvus 3.x converts; ours writes the half-float bits (bytes) or their exact decoded floats.
    expect(result.report.differences.some((d) => d.startsWith("FLOAT16_VECTOR"))).toBe(true);
  });

  if (format === "parquet") {
    it("has the same Arrow types and nullability except FLOAT16/BFLOAT16 (list<uint8> vs list<float>)", () => {
      const t = result.report.types;
      expect(t.fv).toEqual({
        ours: "list<element: float>",
        pymilvus: "list<element: float>",
        ours_nullable: true,
        pymilvus_nullable: true,
      });
      expect(t.hv.ours).toBe("list<element: uint8>");
      expect(t.hv.pymilvus).toBe("list<element: float>");
      expect(t.i8.ours).toBe("int8");
      expect(t.$meta.ours).toBe("string");
    });
  }

  if (format === "json") {
    // pymilvus writes a list or a number for a JSON field as is; Milvus 2.3.5's JSON reader refuses
    // both (test/realmilvus/rules.test.ts, json_list / json_number), so our reader must too. Ours
    // writes them as strings holding JSON, which Milvus takes.
    it("our source readers refuse exactly pymilvus's rows whose JSON field is a list or a number", async () => {
      const schema = allTypesSchema();
      const w = new LocalBulkWriter({ schema, localPath: join(dir, "json-reread"), fileType: "json" });
      let error: unknown;
      try {
        for (const file of result.pyFiles.flat()) await appendSource(w, readSource(file, { schema }));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DataValidationError);
      const { issues, totalIssues } = error as DataValidationError;
      const expectedRows = Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 3 !== 0);
      expect(totalIssues).toBe(expectedRows.length);
      expect(issues.map((i) => [i.row, i.field])).toEqual(expectedRows.map((i) => [i + 1, "js"]));
      expect(issues.map((i) => i.got)).toEqual(
        expectedRows.map((i) => (i % 3 === 1 ? "a list" : "number 42")),
      );
    });
  }

  if (format === "parquet" || format === "csv") {
    it("our source readers read pymilvus's files and validate every row", async () => {
      const schema = allTypesSchema();
      const w = new LocalBulkWriter({ schema, localPath: join(dir, `${format}-reread`), fileType: "json" });
      let n = 0;
      for (const file of result.pyFiles.flat()) n += await appendSource(w, readSource(file, { schema }));
      const m = await w.commit();
      expect(n).toBe(30);
      expect(m.totalRows).toBe(30);
      const text = require("node:fs").readFileSync(join(w.dataPath, m.files[0].path), "utf8") as string;
      // INT64 exactness survives pymilvus → our reader → our writer.
      expect(text).toContain('"id":9007199254740993');
      expect(text).toContain('"i64":-9223372036854775808');
    });
  }
});
