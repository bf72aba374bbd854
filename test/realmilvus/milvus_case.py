"""Imports files into the real Milvus 2.3.5 server and checks every stored value (realmilvus tier).

Usage: python milvus_case.py SPEC.json  (prints one JSON report on its last stdout line)

SPEC: {"cases": [CASE, ...], "workers": n}. Cases run in parallel processes (the server spends much of
an import waiting on its own timers). Each CASE:
  name        collection name (dropped before and after)
  schema      our normalized schema ({"fields": [...], "enableDynamicField": bool})
  files       our writer's files, one list per import request (JSON/Parquet: one file; NumPy: a segment)
  reference   folder written by the test: rows.json (every row, vectors left out, exact integers) and
              <field>.bin (float32 or packed-bit vectors, row-major)
  matchBy     field that identifies a row (the primary key unless it is auto_id)
  pymilvus    optional {"format": "json"|"parquet"|"numpy", "dir": folder, "chunkSize": bytes}: the same
              rows are written by pymilvus 2.3.7's LocalBulkWriter and imported into <name>_py, and a
              top-10 search is compared between both collections
  numPartitions  partition-key collections: partitions to create
  keyQueries  partition-key collections: number of distinct key values to look rows up by
  expectFailure  optional: the import must fail; report the server's reason instead of values

Report per case: {name, ok, problems, rows, values, segments, partitions, search, failure, seconds}.
"""

import json
import os
import struct
import sys
import time
import traceback
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "helpers"))
from milvus_netns import enter_namespace  # noqa: E402

enter_namespace(int(os.environ["PMI_MILVUS_PID"]))

from pymilvus import (  # noqa: E402
    Collection,
    CollectionSchema,
    DataType,
    FieldSchema,
    connections,
    utility,
)

connections.connect(host="127.0.0.1", port=os.environ["PMI_MILVUS_PORT"])

TYPES = {
    "BOOL": DataType.BOOL,
    "INT8": DataType.INT8,
    "INT16": DataType.INT16,
    "INT32": DataType.INT32,
    "INT64": DataType.INT64,
    "FLOAT": DataType.FLOAT,
    "DOUBLE": DataType.DOUBLE,
    "VARCHAR": DataType.VARCHAR,
    "JSON": DataType.JSON,
    "ARRAY": DataType.ARRAY,
    "FLOAT_VECTOR": DataType.FLOAT_VECTOR,
    "BINARY_VECTOR": DataType.BINARY_VECTOR,
}
VECTORS = ("FLOAT_VECTOR", "BINARY_VECTOR")
PROBLEM_LIMIT = 20
TERMINAL = ("Completed", "Failed", "Failed and cleaned")


def milvus_schema(schema: dict) -> CollectionSchema:
    fields = []
    for f in schema["fields"]:
        kw = {}
        if f.get("isPrimary"):
            kw["is_primary"] = True
            kw["auto_id"] = bool(f.get("autoId"))
        if f.get("isPartitionKey"):
            kw["is_partition_key"] = True
        if f.get("maxLength") is not None:
            kw["max_length"] = f["maxLength"]
        if f.get("dim") is not None:
            kw["dim"] = f["dim"]
        if f["dataType"] == "ARRAY":
            kw["element_type"] = TYPES[f["elementType"]]
            kw["max_capacity"] = f["maxCapacity"]
        fields.append(FieldSchema(f["name"], TYPES[f["dataType"]], **kw))
    return CollectionSchema(fields, enable_dynamic_field=bool(schema.get("enableDynamicField")))


def vector_field(schema: dict) -> dict:
    return next(f for f in schema["fields"] if f["dataType"] in VECTORS)


def index_params(field: dict) -> dict:
    if field["dataType"] == "BINARY_VECTOR":
        return {"index_type": "BIN_FLAT", "metric_type": "HAMMING", "params": {}}
    return {"index_type": "FLAT", "metric_type": "L2", "params": {}}


def create(name: str, spec: dict) -> Collection:
    if utility.has_collection(name):
        utility.drop_collection(name)
    kw = {"num_partitions": spec["numPartitions"]} if spec.get("numPartitions") else {}
    coll = Collection(name, milvus_schema(spec["schema"]), consistency_level="Strong", **kw)
    vf = vector_field(spec["schema"])
    coll.create_index(vf["name"], index_params(vf))
    return coll


def import_all(name: str, groups: list) -> tuple:
    """Submits every file group as one bulk-insert request, waits for all; returns (rows, failure)."""
    tasks = [utility.do_bulk_insert(name, files=group) for group in groups]
    rows, failures = 0, []
    pending = dict(zip(tasks, groups))
    deadline = time.time() + 600
    while pending:
        if time.time() > deadline:
            raise TimeoutError(f"bulk insert into {name} still running after 600 s")
        for task in list(pending):
            state = utility.get_bulk_insert_state(task)
            if state.state_name not in TERMINAL:
                continue
            group = pending.pop(task)
            if state.state_name == "Completed":
                rows += state.row_count
            else:
                failures.append(f"{[os.path.basename(g) for g in group]}: {state.infos.get('failed_reason')}")
        if pending:
            time.sleep(0.5)
    return rows, "; ".join(failures) or None


def read_reference(spec: dict) -> tuple:
    ref = spec["reference"]
    with open(os.path.join(ref, "rows.json"), encoding="utf-8") as f:
        rows = json.load(f)
    vectors = {}
    for field in spec["schema"]["fields"]:
        if field["dataType"] == "FLOAT_VECTOR":
            vectors[field["name"]] = np.fromfile(os.path.join(ref, field["name"] + ".bin"), "<f4").reshape(
                len(rows), field["dim"]
            )
        elif field["dataType"] == "BINARY_VECTOR":
            vectors[field["name"]] = np.fromfile(os.path.join(ref, field["name"] + ".bin"), "u1").reshape(
                len(rows), field["dim"] // 8
            )
    return rows, vectors


def f32_bits(x: float) -> int:
    return struct.unpack("<I", struct.pack("<f", x))[0]


def f64_bits(x: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def same_json(a, b) -> bool:
    """Deep equality that keeps JSON types apart (1 vs 1.0 vs true) and compares floats by bits."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return f64_bits(a) == f64_bits(b)
    return a == b


def expected_json(value):
    """What a JSON field holds for a source value: strings are JSON text (pymilvus's rule too)."""
    return json.loads(value) if isinstance(value, str) else value


def compare_value(field: dict, want, got) -> str | None:
    t = field["dataType"]
    if t == "BOOL":
        ok = type(got) is bool and got == want
    elif t in ("INT8", "INT16", "INT32", "INT64"):
        ok = type(got) is int and got == want
    elif t == "FLOAT":
        ok = isinstance(got, (float, np.float32)) and f32_bits(got) == f32_bits(float(want))
    elif t == "DOUBLE":
        ok = isinstance(got, (float, np.float64)) and f64_bits(got) == f64_bits(float(want))
    elif t == "VARCHAR":
        ok = isinstance(got, str) and got.encode("utf-8") == want.encode("utf-8")
    elif t == "JSON":
        ok = same_json(expected_json(want), got)
    elif t == "ARRAY":
        et = field["elementType"]
        ok = isinstance(got, list) and len(got) == len(want)
        if ok and et in ("FLOAT", "DOUBLE"):
            bits = f32_bits if et == "FLOAT" else f64_bits
            ok = all(isinstance(g, (float, np.floating)) and bits(g) == bits(float(w)) for w, g in zip(want, got))
        elif ok:
            ok = all(type(g) is type(w) and g == w for w, g in zip(want, got))
    else:
        raise ValueError(f"no comparison for {t}")
    return None if ok else f"{field['name']}: expected {want!r}, got {got!r}"


def compare_vector(field: dict, want: np.ndarray, got) -> str | None:
    if field["dataType"] == "FLOAT_VECTOR":
        arr = np.asarray(got, dtype="<f4")
        ok = arr.shape == want.shape and np.array_equal(arr.view("<u4"), want.view("<u4"))
    else:
        raw = got[0] if isinstance(got, list) else got
        ok = bytes(raw) == want.tobytes()
    return None if ok else f"{field['name']}: vector differs (first values {list(want[:4])} vs {list(got[:4])})"


def fetch_all(coll: Collection, fields: list) -> list:
    out = []
    it = coll.query_iterator(batch_size=2000, expr="", output_fields=fields)
    while True:
        batch = it.next()
        if not batch:
            break
        out.extend(batch)
    it.close()
    return out


def key_of(value):
    return json.dumps(value, sort_keys=True)


def check_values(coll: Collection, spec: dict, rows: list, vectors: dict, problems: list) -> dict:
    schema = spec["schema"]
    fields = schema["fields"]
    names = {f["name"] for f in fields}
    match_by = spec["matchBy"]
    out_fields = ["*"] + [f["name"] for f in fields if f["dataType"] in VECTORS]
    got_rows = fetch_all(coll, out_fields)
    by_key = {}
    for r in got_rows:
        k = key_of(r[match_by])
        if k in by_key:
            problems.append(f"{match_by}={r[match_by]!r} stored twice")
        by_key[k] = r
    if len(got_rows) != len(rows):
        problems.append(f"stored {len(got_rows)} rows, source has {len(rows)}")
    checked = 0
    for i, src in enumerate(rows):
        got = by_key.get(key_of(src[match_by]))
        if got is None:
            problems.append(f"row {i + 1} ({match_by}={src[match_by]!r}) missing")
            continue
        for f in fields:
            if f.get("autoId"):
                if type(got[f["name"]]) is not int:
                    problems.append(f"row {i + 1}: auto_id {f['name']} is {got[f['name']]!r}")
                continue
            if f["dataType"] in VECTORS:
                p = compare_vector(f, vectors[f["name"]][i], got[f["name"]])
            else:
                p = compare_value(f, src[f["name"]], got[f["name"]])
            checked += 1
            if p:
                problems.append(f"row {i + 1} ({match_by}={src[match_by]!r}) {p}")
        if schema.get("enableDynamicField"):
            want_meta = {k: v for k, v in src.items() if k not in names}
            got_meta = {k: v for k, v in got.items() if k not in names}
            checked += 1
            if not same_json(want_meta, got_meta):
                problems.append(f"row {i + 1}: dynamic keys expected {want_meta!r}, got {got_meta!r}")
        if len(problems) > PROBLEM_LIMIT:
            break
    return {"rows": len(got_rows), "values": checked}


def check_partition_keys(coll: Collection, spec: dict, rows: list, problems: list) -> dict:
    key = next(f for f in spec["schema"]["fields"] if f.get("isPartitionKey"))
    match_by = spec["matchBy"]
    parts = [p.num_entities for p in coll.partitions]
    if sum(parts) != len(rows):
        problems.append(f"partitions hold {sum(parts)} rows, source has {len(rows)}")
    if sum(1 for n in parts if n > 0) < 2:
        problems.append(f"rows not spread over partitions by key: {parts}")
    values = sorted({r[key["name"]] for r in rows}, key=key_of)[: spec.get("keyQueries", 5)]
    for v in values:
        want = sorted(key_of(r[match_by]) for r in rows if r[key["name"]] == v)
        expr = f"{key['name']} == {json.dumps(v)}"
        got = sorted(key_of(r[match_by]) for r in coll.query(expr, output_fields=[match_by], limit=16384))
        if got != want:
            problems.append(f"{expr}: {len(got)} rows found, {len(want)} expected")
    return {"partitions": len(parts), "nonEmpty": sum(1 for n in parts if n > 0), "keysLookedUp": len(values)}


def pymilvus_rows(spec: dict, rows: list, vectors: dict) -> list:
    """The source rows as pymilvus 2.3.7's LocalBulkWriter takes them."""
    fields = spec["schema"]["fields"]
    out = []
    for i, src in enumerate(rows):
        row = {}
        for f in fields:
            t, n = f["dataType"], f["name"]
            if f.get("autoId"):
                continue
            if t == "FLOAT_VECTOR":
                row[n] = [float(x) for x in vectors[n][i]]
            elif t == "BINARY_VECTOR":
                row[n] = [int(x) for x in vectors[n][i]]
            elif t in ("FLOAT", "DOUBLE"):
                row[n] = float(src[n])
            elif t == "JSON":
                row[n] = src[n] if isinstance(src[n], dict) else json.dumps(expected_json(src[n]))
            elif t == "ARRAY" and f["elementType"] in ("FLOAT", "DOUBLE"):
                row[n] = [float(x) for x in src[n]]
            else:
                row[n] = src[n]
        names = {f["name"] for f in fields}
        row.update({k: v for k, v in src.items() if k not in names})
        out.append(row)
    return out


def write_pymilvus(spec: dict, rows: list, vectors: dict) -> list:
    from pymilvus import BulkFileType, LocalBulkWriter

    opts = spec["pymilvus"]
    file_type = {"json": BulkFileType.JSON, "parquet": BulkFileType.PARQUET, "numpy": BulkFileType.NUMPY}
    writer = LocalBulkWriter(
        schema=milvus_schema(spec["schema"]),
        local_path=opts["dir"],
        chunk_size=opts.get("chunkSize", 512 * 1024 * 1024),
        file_type=file_type[opts["format"]],
    )
    for row in pymilvus_rows(spec, rows, vectors):
        writer.append_row(row)
    writer.commit()
    return [[str(p) for p in group] for group in writer.batch_files]


def hits(coll: Collection, field: dict, queries: list) -> list:
    metric = index_params(field)["metric_type"]
    res = coll.search(queries, field["name"], {"metric_type": metric, "params": {}}, limit=10)
    return [[(h.id, h.distance) for h in hit] for hit in res]


def same_hits(a: list, b: list) -> str | None:
    """Same distances in order; the same ids for every distance strictly inside the top 10 (rows tied
    at the 10th distance may be cut either way)."""
    da, db = [f32_bits(d) for _, d in a], [f32_bits(d) for _, d in b]
    if da != db:
        return f"distances differ: {[d for _, d in a]} vs {[d for _, d in b]}"
    cut = da[-1] if len(da) == 10 else None
    ia = sorted(str(i) for (i, _), d in zip(a, da) if d != cut)
    ib = sorted(str(i) for (i, _), d in zip(b, db) if d != cut)
    return None if ia == ib else f"ids differ: {a} vs {b}"


def search_queries(field: dict, vectors: dict, n: int) -> list:
    data = vectors[field["name"]]
    picks = np.linspace(0, len(data) - 1, num=min(n, len(data)), dtype=int)
    if field["dataType"] == "FLOAT_VECTOR":
        # Off the stored points, so the top 10 are not dominated by exact self-matches.
        return [[float(x) * 0.999 + 0.001 for x in data[i]] for i in picks]
    return [bytes(data[i] ^ 1) for i in picks]


class Phases:
    """Seconds spent per phase of a case (reported, to keep the tier's run time in view)."""

    def __init__(self):
        self.times = {}
        self.last = time.time()

    def mark(self, phase: str) -> None:
        now = time.time()
        self.times[phase] = round(self.times.get(phase, 0) + now - self.last, 2)
        self.last = now


def run_case(spec: dict) -> dict:
    started = time.time()
    name = spec["name"]
    phases = Phases()
    report = {"name": name, "ok": False, "problems": [], "phases": phases.times}
    problems = report["problems"]
    created = []
    try:
        rows, vectors = read_reference(spec)
        phases.mark("reference")
        coll = create(name, spec)
        created.append(name)
        imported, failure = import_all(name, spec["files"])
        report["files"] = len(spec["files"])
        phases.mark("import")
        report["imported"] = imported
        report["failure"] = failure
        if spec.get("expectFailure"):
            report["ok"] = failure is not None
            if failure is None:
                problems.append("the server imported what it was expected to refuse")
            return report
        if failure:
            problems.append(f"import failed: {failure}")
            return report
        if imported != len(rows):
            problems.append(f"server imported {imported} rows, source has {len(rows)}")
        coll.load()
        phases.mark("load")
        report.update(check_values(coll, spec, rows, vectors, problems))
        segments = utility.get_query_segment_info(name)
        report["segments"] = len(segments)
        # Rows physically stored: a row written twice would count twice here even where queries
        # return the primary key once.
        report["segmentRows"] = sum(s.num_rows for s in segments)
        if report["segmentRows"] != len(rows):
            problems.append(f"segments hold {report['segmentRows']} rows, source has {len(rows)}")
        if spec.get("numPartitions"):
            report.update(check_partition_keys(coll, spec, rows, problems))
        phases.mark("check")
        if spec.get("pymilvus"):
            report["search"] = compare_with_pymilvus(spec, coll, rows, vectors, created, problems, phases)
        report["ok"] = not problems
    except Exception:  # noqa: BLE001 - the report carries the traceback to the test
        problems.append(traceback.format_exc())
    finally:
        for c in created:
            utility.drop_collection(c)
        report["seconds"] = round(time.time() - started, 1)
    return report


def compare_with_pymilvus(spec: dict, coll: Collection, rows: list, vectors: dict, created: list, problems: list, phases: Phases):
    py_name = spec["name"] + "_py"
    groups = write_pymilvus(spec, rows, vectors)
    phases.mark("pymilvusWrite")
    py_coll = create(py_name, spec)
    created.append(py_name)
    imported, failure = import_all(py_name, groups)
    phases.mark("pymilvusImport")
    result = {"pymilvusFiles": sum(len(g) for g in groups), "pymilvusFailure": failure}
    if failure:
        return result
    if imported != len(rows):
        problems.append(f"pymilvus files: server imported {imported} rows, source has {len(rows)}")
    py_coll.load()
    phases.mark("pymilvusLoad")
    field = vector_field(spec["schema"])
    queries = search_queries(field, vectors, spec.get("searchQueries", 5))
    ours, theirs = hits(coll, field, queries), hits(py_coll, field, queries)
    match_by = spec["matchBy"]
    if any(f.get("autoId") for f in spec["schema"]["fields"]):
        # auto_id: the two collections hold different ids; compare the rows they point to instead.
        ours, theirs = rows_behind(coll, ours, match_by), rows_behind(py_coll, theirs, match_by)
    differing = 0
    for q, (a, b) in enumerate(zip(ours, theirs)):
        p = same_hits(a, b)
        if p:
            differing += 1
            problems.append(f"search {q}: {p}")
    phases.mark("search")
    result.update({"queries": len(queries), "differing": differing})
    return result


def rows_behind(coll: Collection, results: list, field: str) -> list:
    """Search hits with each auto_id replaced by the row's `field` value (one query)."""
    pk_field = coll.schema.primary_field.name
    ids = sorted({i for hit in results for i, _ in hit})
    found = coll.query(f"{pk_field} in {json.dumps(ids)}", output_fields=[field])
    value = {r[pk_field]: r[field] for r in found}
    return [[(value[i], d) for i, d in hit] for hit in results]


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    # Processes, not threads: checking values and pymilvus's writer are pure Python (GIL-bound).
    # Each worker joins the namespace and connects when it imports this module.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=spec.get("workers", 3), mp_context=ctx) as pool:
        reports = list(pool.map(run_case, spec["cases"]))
    print(json.dumps({"reports": reports}, default=str))


if __name__ == "__main__":
    main()
