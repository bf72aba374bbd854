/**
 * Files the real Milvus 2.3.5 refuses are refused by our embedded engine too, with the file named:
 * truncated files, NumPy dtypes/shapes the server rejects, Parquet column types it rejects, JSON
 * values out of range or of the wrong kind.
 */
import fs from "node:fs";
import path from "node:path";
import { LocalBulkWriter } from "../../provider/bulkwriter";
import { importIntoEngine } from "./engine";
import { type CaseReport, caseDir, dropCaseFiles, milvusSnippet, refusalSpec, runCases } from "./harness";

jest.setTimeout(10 * 60_000);

const SCHEMA = {
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "vec", dataType: "FLOAT_VECTOR", dim: 4 },
    { name: "i8", dataType: "INT8" },
    { name: "i32", dataType: "INT32" },
    { name: "s", dataType: "VARCHAR", maxLength: 8 },
    { name: "js", dataType: "JSON" },
  ],
};
const ROWS = Array.from({ length: 50 }, (_, i) => ({
  id: BigInt(i),
  vec: [i, 0.5, -1, 2],
  i8: (i % 200) - 100,
  i32: i * 1000,
  s: `s${i}`,
  js: { i },
}));
const jsonRow = (over: Record<string, unknown>) =>
  JSON.stringify({ rows: [{ id: 1, vec: [1, 2, 3, 4], i8: 1, i32: 1, s: "a", js: { a: 1 }, ...over }] });

interface BadCase {
  name: string;
  why: string;
  /** What the server's reason says. */
  server: RegExp;
  /** What our engine's reason says besides the file name. */
  engine: RegExp;
  /** Writes the bad files into dir; returns the import request's file groups. */
  make(dir: string): Promise<string[][]> | string[][];
}

async function ours(dir: string, format: "json" | "parquet" | "numpy"): Promise<string[][]> {
  const w = new LocalBulkWriter({ schema: SCHEMA, localPath: path.join(dir, "ours"), fileType: format });
  for (const r of ROWS) w.appendRow(r);
  await w.commit();
  return w.batchFiles;
}

function truncate(file: string, keep: number): void {
  const data = fs.readFileSync(file);
  fs.writeFileSync(file, data.subarray(0, Math.floor(data.length * keep)));
}

/** numpy/pyarrow files written in the Milvus venv (the snippet gets `d`, the case folder). */
function pythonFiles(dir: string, code: string): string[][] {
  return milvusSnippet<string[][]>(`import numpy as np, pyarrow as pa, pyarrow.parquet as pq
d = ${JSON.stringify(dir)}
${code}`);
}

const NUMPY_OK = `
def save_all(skip=()):
    cols = {"id": np.arange(5, dtype="<i8"), "vec": np.zeros((5, 4), dtype="<f4"), "i8": np.zeros(5, dtype="|i1"),
            "i32": np.zeros(5, dtype="<i4"), "s": np.array(["a"] * 5), "js": np.array(["{}"] * 5)}
    for k, v in cols.items():
        if k not in skip:
            np.save(f"{d}/{k}.npy", v)
    return [f"{d}/{k}.npy" for k in cols]
`;

const CASES: BadCase[] = [
  {
    name: "parquet_truncated",
    why: "a Parquet file cut in half",
    server: /file is smaller than indicated metadata size/,
    engine: /1\.parquet: failed to read parquet file: .*Corrupt footer/,
    make: async (dir) => {
      const files = await ours(dir, "parquet");
      truncate(files[0][0], 0.5);
      return files;
    },
  },
  {
    name: "parquet_int64_for_int32",
    why: "an int64 column for an INT32 field",
    server: /collection field dataType: Int32, file field dataType:int64/,
    engine: /field 'i32' type mis-match, milvus data type 'Int32', arrow data type get 'Int64'/,
    make: (dir) =>
      pythonFiles(
        dir,
        `t = pa.table({"id": pa.array([1], pa.int64()), "vec": pa.array([[1.0, 2.0, 3.0, 4.0]], pa.list_(pa.float32())),
  "i8": pa.array([1], pa.int8()), "i32": pa.array([1], pa.int64()), "s": ["a"], "js": ["{}"]})
pq.write_table(t, d + "/bad.parquet")
print(json.dumps([[d + "/bad.parquet"]]))`,
      ),
  },
  {
    name: "numpy_i8_dtype_for_int32",
    why: "an <i8 NumPy file for an INT32 field",
    server: /illegal data type Int64 of numpy file for scalar field 'i32'/,
    engine: /expected element type 'Int32' for field 'i32', got type '<i8'/,
    make: (dir) =>
      pythonFiles(
        dir,
        `${NUMPY_OK}
files = save_all(skip=("i32",))
np.save(d + "/i32.npy", np.zeros(5, dtype="<i8"))
print(json.dumps([files]))`,
      ),
  },
  {
    name: "numpy_f8_for_float_int8",
    why: "a float64 NumPy file for an INT8 field",
    server: /illegal data type Double of numpy file for scalar field 'i8'/,
    engine: /expected element type 'Int8' for field 'i8', got type '<f8'/,
    make: (dir) =>
      pythonFiles(
        dir,
        `${NUMPY_OK}
files = save_all(skip=("i8",))
np.save(d + "/i8.npy", np.zeros(5, dtype="<f8"))
print(json.dumps([files]))`,
      ),
  },
  {
    name: "numpy_wrong_dim",
    why: "a (5, 3) NumPy file for a 4-d FLOAT_VECTOR",
    server: /illegal dimension 3 of numpy file for float vector field 'vec'/,
    engine: /expected dim '4' for FloatVector field 'vec', got dim '3'/,
    make: (dir) =>
      pythonFiles(
        dir,
        `${NUMPY_OK}
files = save_all(skip=("vec",))
np.save(d + "/vec.npy", np.zeros((5, 3), dtype="<f4"))
print(json.dumps([files]))`,
      ),
  },
  {
    name: "numpy_truncated",
    why: "a NumPy file whose data stops short of its header's shape",
    server: /failed to read float vector array: .*unexpected EOF/,
    engine: /vec\.npy: \.npy data is truncated/,
    make: async (dir) => {
      const files = await ours(dir, "numpy");
      truncate(files[0].find((f) => f.endsWith("vec.npy"))!, 0.6);
      return files;
    },
  },
  {
    name: "json_truncated",
    why: "a JSON file cut in half",
    server: /failed to parse row value, error: unexpected EOF/,
    engine: /1\.json: failed to parse JSON file/,
    make: async (dir) => {
      const files = await ours(dir, "json");
      truncate(files[0][0], 0.5);
      return files;
    },
  },
  {
    name: "json_int8_out_of_range",
    why: "200 for an INT8 field",
    server: /parsing "200": value out of range/,
    engine: /row 1, field 'i8': value 200 out of range/,
    make: (dir) => {
      fs.writeFileSync(path.join(dir, "bad.json"), jsonRow({ i8: 200 }));
      return [[path.join(dir, "bad.json")]];
    },
  },
  {
    name: "json_vector_dim",
    why: "a 3-number list for a 4-d FLOAT_VECTOR",
    server: /array size 3 doesn't equal to vector dimension 4 of field 'vec'/,
    engine: /row 1, field 'vec': expected dim '4'/,
    make: (dir) => {
      fs.writeFileSync(path.join(dir, "bad.json"), jsonRow({ vec: [1, 2, 3] }));
      return [[path.join(dir, "bad.json")]];
    },
  },
  {
    name: "json_missing_field",
    why: "a row without its INT32 field",
    server: /value of field 'i32' is missed/,
    engine: /row 1, field 'i32': value of field 'i32' is missed/,
    make: (dir) => {
      fs.writeFileSync(path.join(dir, "bad.json"), jsonRow({ i32: undefined }));
      return [[path.join(dir, "bad.json")]];
    },
  },
  {
    name: "json_string_for_int64",
    why: 'the string "5" for an INT64 field',
    server: /illegal value '5' for int64 type key field 'id'/,
    engine: /row 1, field 'id': expected type 'Int64' for field 'id', got type 'string'/,
    make: (dir) => {
      fs.writeFileSync(path.join(dir, "bad.json"), jsonRow({ id: "5" }));
      return [[path.join(dir, "bad.json")]];
    },
  },
];

const files = new Map<string, string[][]>();
const server = new Map<string, CaseReport>();

beforeAll(async () => {
  for (const c of CASES) files.set(c.name, await c.make(caseDir(`bad_${c.name}`)));
  const reports = runCases(CASES.map((c) => refusalSpec(`bad_${c.name}`, SCHEMA, files.get(c.name)!)));
  for (const r of reports) server.set(r.name.slice(4), r);
});
afterAll(() => {
  for (const c of CASES) dropCaseFiles(`bad_${c.name}`);
});

describe.each(CASES.map((c) => [c.name, c] as const))("%s", (name, c) => {
  it(`is refused by Milvus 2.3.5 and by our engine, which names the file (${c.why})`, async () => {
    const r = server.get(name)!;
    expect(r.problems).toEqual([]);
    expect(r.failure).toMatch(c.server);
    const outcome = await importIntoEngine(SCHEMA, files.get(name)!);
    expect(outcome.state).toBe("Failed");
    expect(outcome.rows).toBe(0n);
    const named = files
      .get(name)!
      .flat()
      .map((f) => path.basename(f));
    expect(named.some((n) => outcome.reason?.includes(n))).toBe(true);
    expect(outcome.reason).toMatch(c.engine);
  });
});
