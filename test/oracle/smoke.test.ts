/**
 * Foundation oracle smoke: pymilvus's LocalBulkWriter (the reference) writes 10 rows to Parquet in the
 * project venv, and pyarrow reads the file back with the expected types and values.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pythonJson } from "../helpers/python";

jest.setTimeout(180_000);

test("pymilvus LocalBulkWriter writes 10 rows that pyarrow reads back", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-oracle-"));
  try {
    const result = pythonJson(
      `
import json, sys, glob
from pymilvus import DataType, CollectionSchema, FieldSchema
from pymilvus.bulk_writer import LocalBulkWriter, BulkFileType
import pyarrow.parquet as pq
schema = CollectionSchema(fields=[
  FieldSchema("id", DataType.INT64, is_primary=True),
  FieldSchema("vec", DataType.FLOAT_VECTOR, dim=4),
  FieldSchema("title", DataType.VARCHAR, max_length=64),
])
w = LocalBulkWriter(schema=schema, local_path=sys.argv[0] if False else ${JSON.stringify(dir)}, file_type=BulkFileType.PARQUET)
for i in range(10):
  w.append_row({"id": i, "vec": [float(i), 0.5, -1.0, 2.0], "title": f"t{i}"})
w.commit()
files = [f for batch in w.batch_files for f in batch]
t = pq.read_table(files[0])
print(json.dumps({"files": len(files), "rows": t.num_rows,
  "types": {f.name: str(f.type) for f in t.schema},
  "ids": t.column("id").to_pylist(), "vec3": t.column("vec").to_pylist()[3]}))
`,
    );
    expect(result.files).toBe(1);
    expect(result.rows).toBe(10);
    expect(result.ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.types.id).toBe("int64");
    expect(result.types.title).toBe("string");
    expect(result.types.vec).toMatch(/^list<.*float>$/);
    expect(result.vec3).toEqual([3, 0.5, -1, 2]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
