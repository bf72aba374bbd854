/**
 * Oracle: files written by pymilvus's LocalBulkWriter (JSON, JSONL, Parquet, NumPy, CSV) import into
 * the local engine with every value intact; files pyarrow/numpy write with the wrong types are refused
 * the way Milvus refuses them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openLocalEngine } from "../../provider/engine";
import type { CollectionSchema } from "../../provider/schema/types";
import { pythonJson } from "../helpers/python";

jest.setTimeout(180_000);

const SCHEMA: CollectionSchema = {
  enableDynamicField: true,
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "title", dataType: "VARCHAR", maxLength: 32 },
    { name: "n", dataType: "INT32" },
    { name: "f", dataType: "FLOAT" },
    { name: "js", dataType: "JSON" },
    { name: "vec", dataType: "FLOAT_VECTOR", dim: 4 },
    { name: "bv", dataType: "BINARY_VECTOR", dim: 16 },
  ],
};
const PY_SCHEMA = `
from pymilvus import DataType, CollectionSchema, FieldSchema
schema = CollectionSchema(fields=[
  FieldSchema("id", DataType.INT64, is_primary=True),
  FieldSchema("title", DataType.VARCHAR, max_length=32),
  FieldSchema("n", DataType.INT32),
  FieldSchema("f", DataType.FLOAT),
  FieldSchema("js", DataType.JSON),
  FieldSchema("vec", DataType.FLOAT_VECTOR, dim=4),
  FieldSchema("bv", DataType.BINARY_VECTOR, dim=16),
], enable_dynamic_field=True)
def row(i):
  return {"id": i, "title": f"t{i}\\u00e9", "n": i * 3 - 10, "f": i / 3, "js": {"i": i, "s": "\\u00fc"},
          "vec": [float(i), i + 0.5, -float(i), 0.25], "bv": [(i >> k) & 1 for k in range(16)],
          "color": "red" if i % 2 else "blue"}
`;
const ROWS = 20;

function packBits(i: number): number[] {
  const bits = Array.from({ length: 16 }, (_, k) => (i >> k) & 1);
  return [0, 1].map((b) => bits.slice(b * 8, b * 8 + 8).reduce((acc, bit) => (acc << 1) | bit, 0));
}

let dir: string;
let files: Record<string, string[][]>;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-oracle-engine-"));
  files = pythonJson(`
import json
from pymilvus.bulk_writer import LocalBulkWriter, BulkFileType
${PY_SCHEMA}
out = {}
for name, ft in [("json", BulkFileType.JSON), ("jsonl", BulkFileType.JSONL), ("parquet", BulkFileType.PARQUET), ("numpy", BulkFileType.NUMPY), ("csv", BulkFileType.CSV)]:
  w = LocalBulkWriter(schema=schema, local_path=${JSON.stringify(dir)} + "/" + name, file_type=ft, chunk_size=600)
  for i in range(${ROWS}):
    w.append_row(row(i))
  w.commit()
  out[name] = [[str(p) for p in batch] for batch in w.batch_files]
print(json.dumps(out))
`);
});

describe.each(["json", "jsonl", "parquet", "numpy", "csv"])("pymilvus %s files", (format) => {
  it("import completely with exact values", async () => {
    const groups = files[format];
    expect(groups.length).toBeGreaterThan(1); // chunk_size forces several segments
    const { importApi, collectionApi } = openLocalEngine(
      fs.mkdtempSync(path.join(os.tmpdir(), "pmi-engine-")),
    );
    await collectionApi.createCollection({
      dbName: "default",
      collectionName: "c",
      schema: SCHEMA,
      indexes: [
        { fieldName: "vec", indexType: "FLAT", metricType: "L2" },
        { fieldName: "bv", indexType: "BIN_FLAT", metricType: "HAMMING" },
      ],
    });
    await collectionApi.loadCollection("default", "c");
    const { jobId } = await importApi.startImport({
      collectionName: "c",
      files: groups.map((g) => g.map((p) => `file://${p}`)),
    });
    let job = await importApi.getJob(jobId);
    while (job.state !== "Completed" && job.state !== "Failed") {
      await new Promise((r) => setTimeout(r, 20));
      job = await importApi.getJob(jobId);
    }
    expect(job.reason).toBeUndefined();
    expect(job.state).toBe("Completed");
    expect(await collectionApi.count("default", "c")).toBe(BigInt(ROWS));
    const rows = await collectionApi.query("default", "c", { filter: "", outputFields: ["*"] });
    rows.sort((a, b) => Number(a.id) - Number(b.id));
    rows.forEach((r, i) => {
      expect(r).toEqual({
        id: BigInt(i),
        title: `t${i}é`,
        n: i * 3 - 10,
        f: Math.fround(i / 3),
        js: { i, s: "ü" },
        vec: [i, i + 0.5, -i, 0.25],
        bv: packBits(i),
        color: i % 2 ? "red" : "blue",
      });
    });
  });
});

it("refuses numpy/pyarrow files with types Milvus rejects (an <i8 file for INT32, int64 column for INT32)", async () => {
  const bad = pythonJson(`
import json, numpy as np, pyarrow as pa, pyarrow.parquet as pq, os
d = ${JSON.stringify(dir)} + "/bad"
os.makedirs(d + "/np", exist_ok=True)
np.save(d + "/np/id.npy", np.arange(3, dtype=np.int64))
np.save(d + "/np/title.npy", np.array(["a", "b", "c"]))
np.save(d + "/np/n.npy", np.arange(3, dtype=np.int64))
np.save(d + "/np/f.npy", np.zeros(3, dtype=np.float32))
np.save(d + "/np/js.npy", np.array(["{}", "{}", "{}"]))
np.save(d + "/np/vec.npy", np.zeros((3, 4), dtype=np.float32))
np.save(d + "/np/bv.npy", np.zeros((3, 2), dtype=np.uint8))
t = pa.table({"id": pa.array([1], pa.int64()), "title": ["a"], "n": pa.array([1], pa.int64()), "f": pa.array([1.0], pa.float32()),
              "js": ["{}"], "vec": pa.array([[1.0, 2.0, 3.0, 4.0]], pa.list_(pa.float32())), "bv": pa.array([[1, 2]], pa.list_(pa.uint8()))})
pq.write_table(t, d + "/bad.parquet")
print(json.dumps({"np": [d + "/np/" + f for f in sorted(os.listdir(d + "/np"))], "pq": d + "/bad.parquet"}))
`);
  const { importApi, collectionApi } = openLocalEngine(fs.mkdtempSync(path.join(os.tmpdir(), "pmi-engine-")));
  await collectionApi.createCollection({ dbName: "default", collectionName: "c", schema: SCHEMA });
  for (const [group, reason] of [
    [bad.np.map((p: string) => `file://${p}`), "expected element type 'Int32' for field 'n', got type '<i8'"],
    [
      [`file://${bad.pq}`],
      "schema not equal, err=field 'n' type mis-match, milvus data type 'Int32', arrow data type get 'Int64'",
    ],
  ] as [string[], string][]) {
    const { jobId } = await importApi.startImport({ collectionName: "c", files: [group] });
    let job = await importApi.getJob(jobId);
    while (job.state !== "Completed" && job.state !== "Failed") {
      await new Promise((r) => setTimeout(r, 20));
      job = await importApi.getJob(jobId);
    }
    expect(job.state).toBe("Failed");
    expect(job.reason).toContain(reason);
  }
});
