"""pymilvus LocalBulkWriter throughput on synthetic medium_articles rows, fed like the seed tutorial
(append_row per row dict with a list[float] vector). Usage: writer_pymilvus.py <format> <rows> <outdir>
Prints {"format", "rows", "seconds", "cpu_seconds", "rows_per_s"}; data generation is not timed.
cpu_seconds is process CPU time (all threads) over the timed part, for a load-independent comparison."""
import json, random, sys, time
from pymilvus import CollectionSchema, DataType, FieldSchema
from pymilvus.bulk_writer import BulkFileType, LocalBulkWriter

fmt, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
dim = 768
schema = CollectionSchema([
    FieldSchema("id", DataType.INT64, is_primary=True),
    FieldSchema("title_vector", DataType.FLOAT_VECTOR, dim=dim),
    FieldSchema("title", DataType.VARCHAR, max_length=512),
    FieldSchema("link", DataType.VARCHAR, max_length=512),
    FieldSchema("publication", DataType.VARCHAR, max_length=512),
    FieldSchema("reading_time", DataType.INT64),
    FieldSchema("claps", DataType.INT64),
    FieldSchema("responses", DataType.INT64),
    FieldSchema("extra_int", DataType.INT64),
])
rnd = random.Random(42)
rows = []
for i in range(n):
    rows.append({
        "id": i,
        "title_vector": [rnd.random() * 2 - 1 for _ in range(dim)],
        "title": "t" * (20 + i % 180),
        "link": "https://medium.com/p/" + str(i),
        "publication": "The Startup",
        "reading_time": i % 30,
        "claps": i * 7,
        "responses": i % 50,
        "extra_int": i,
    })
ft = {"json": BulkFileType.JSON, "parquet": BulkFileType.PARQUET, "numpy": BulkFileType.NUMPY, "csv": BulkFileType.CSV}[fmt]
c0 = time.process_time()
t0 = time.perf_counter()
w = LocalBulkWriter(schema=schema, local_path=out, chunk_size=512 * 1024 * 1024, file_type=ft)
for r in rows:
    w.append_row(r)
w.commit()
dt = time.perf_counter() - t0
cpu = time.process_time() - c0
assert sum(1 for b in w.batch_files for _ in b) > 0, "pymilvus wrote no files"
print(json.dumps({"format": fmt, "rows": n, "seconds": dt, "cpu_seconds": cpu, "rows_per_s": n / dt}))
