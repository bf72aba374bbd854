"""Oracle for our BulkWriter: writes the same rows with pymilvus's LocalBulkWriter and compares both
outputs read back with pyarrow / numpy / json / csv.

  writer_oracle.py write <format> <schema.json> <rows.json> <outdir>   -> prints the pymilvus files
  writer_oracle.py compare <format> <ours_dir> <theirs_dir> <schema.json>  -> prints a JSON report

The report lists `problems` (must be empty) and `differences` (deliberate, documented encodings)."""
import csv, glob, json, math, os, sys
import numpy as np

DT = None


def pm_schema(s):
    from pymilvus import CollectionSchema, DataType, FieldSchema
    fields = []
    for f in s["fields"]:
        kw = {}
        for k, pk in (("isPrimary", "is_primary"), ("autoId", "auto_id"), ("nullable", "nullable"), ("maxLength", "max_length"), ("dim", "dim"), ("maxCapacity", "max_capacity"), ("defaultValue", "default_value")):
            if k in f:
                kw[pk] = f[k]
        if "elementType" in f:
            kw["element_type"] = getattr(DataType, f["elementType"])
        fields.append(FieldSchema(f["name"], getattr(DataType, f["dataType"]), **kw))
    return CollectionSchema(fields, enable_dynamic_field=bool(s.get("enableDynamicField")))


def to_pymilvus_row(s, row):
    out = dict(row)
    for f in s["fields"]:
        v = out.get(f["name"])
        t = f["dataType"]
        if v is None:
            out.pop(f["name"], None)
            continue
        if t == "BINARY_VECTOR":
            out[f["name"]] = bytes(v)
        elif t == "SPARSE_FLOAT_VECTOR":
            out[f["name"]] = {int(k): float(x) for k, x in v.items()}
        elif t in ("FLOAT", "DOUBLE"):
            out[f["name"]] = float(v)
        elif t in ("FLOAT_VECTOR", "FLOAT16_VECTOR", "BFLOAT16_VECTOR"):
            out[f["name"]] = [float(x) for x in v]
        elif t == "JSON" and not isinstance(v, (dict, list)):
            out[f["name"]] = json.dumps(v)  # pymilvus takes dict, list or JSON text
    return out


def write(fmt, schema_path, rows_path, out):
    from pymilvus.bulk_writer import BulkFileType, LocalBulkWriter
    s = json.load(open(schema_path))
    rows = json.load(open(rows_path))
    ft = {"json": BulkFileType.JSON, "parquet": BulkFileType.PARQUET, "numpy": BulkFileType.NUMPY, "csv": BulkFileType.CSV}[fmt]
    w = LocalBulkWriter(schema=pm_schema(s), local_path=out, file_type=ft)
    for r in rows:
        w.append_row(to_pymilvus_row(s, r))
    w.commit()
    print(json.dumps([[str(p) for p in b] for b in w.batch_files]))


def f32(x):
    return float(np.float32(x))


def half_from_bytes(b, t):
    arr = np.frombuffer(bytes(b), dtype=np.uint16)
    if t == "FLOAT16_VECTOR":
        return [float(x) for x in arr.view(np.float16)]
    return [float(x) for x in (arr.astype(np.uint32) << 16).view(np.float32)]


def expected_half(vals, t):
    """What Milvus stores from float input: fp16 round-to-nearest-even, bf16 truncation."""
    a = np.asarray(vals, dtype=np.float32)
    if t == "FLOAT16_VECTOR":
        return [float(x) for x in a.astype(np.float16)]
    return [float(x) for x in ((a.view(np.uint32) >> 16) << 16).view(np.float32)]


def sparse_norm(v):
    if isinstance(v, str):
        v = json.loads(v)
    if "indices" in v:
        return {int(i): f32(x) for i, x in zip(v["indices"], v["values"])}
    return {int(k): f32(x) for k, x in v.items()}


class Report:
    def __init__(self):
        self.problems, self.differences, self.checked = [], set(), 0

    def eq(self, where, ours, theirs):
        self.checked += 1
        if ours != theirs:
            self.problems.append(f"{where}: ours={ours!r} theirs={theirs!r}")

    def diff(self, text):
        self.differences.add(text)


def cmp_value(rep, where, f, ours, theirs, fmt):
    """Semantic comparison of one value (ours vs pymilvus) with the documented differences."""
    t = f["dataType"] if f else "DYNAMIC"
    if ours is None or theirs is None:
        return rep.eq(where, ours, theirs)
    if t in ("FLOAT16_VECTOR", "BFLOAT16_VECTOR"):
        # Ours: the half-float bits Milvus stores (bytes in Parquet/NumPy, exact decoded floats in
        # JSON/CSV). pymilvus 3.0.2: the raw float32 input, which only Milvus 3.x converts on import.
        mine = half_from_bytes(ours, t) if fmt in ("parquet", "numpy") else [float(x) for x in ours]
        rep.diff(f"{t}: ours half-float {'bytes' if fmt in ('parquet','numpy') else 'decoded floats'}, pymilvus raw float32 list")
        return rep.eq(where, mine, expected_half([float(x) for x in theirs], t))
    if t == "SPARSE_FLOAT_VECTOR":
        rep.diff("SPARSE: ours {indices, values} form, pymilvus {index: value} dict form")
        return rep.eq(where, sparse_norm(ours), sparse_norm(theirs))
    if t in ("JSON", "DYNAMIC"):
        o = json.loads(ours) if isinstance(ours, str) else ours
        th = json.loads(theirs) if isinstance(theirs, str) else theirs
        if fmt == "json" and isinstance(ours, str):
            rep.diff("JSON field: non-object values written as JSON text strings (Milvus's JSON reader rejects bare lists/numbers)")
        if isinstance(ours, str) and isinstance(theirs, str) and ours != theirs:
            rep.diff("JSON text: ours compact UTF-8, pymilvus json.dumps with spaces and ASCII escapes")
        return rep.eq(where, o, th)
    if t == "FLOAT" or (t == "ARRAY" and f.get("elementType") == "FLOAT"):
        return rep.eq(where, f32(float(ours)), f32(float(theirs)))
    if t == "FLOAT_VECTOR":
        return rep.eq(where, [f32(float(x)) for x in ours], [f32(float(x)) for x in theirs])
    if t == "BOOL" and fmt == "csv":
        rep.diff("CSV BOOL: ours true/false, pymilvus True/False (both Go ParseBool words)")
        return rep.eq(where, ours.lower(), theirs.lower())
    return rep.eq(where, ours, theirs)


def one(pattern):
    files = sorted(glob.glob(pattern, recursive=True))
    assert len(files) >= 1, f"no file for {pattern}"
    return files


def compare(fmt, ours_dir, theirs_dir, schema_path):
    s = json.load(open(schema_path))
    fields = {f["name"]: f for f in s["fields"]}
    rep = Report()
    types = {}
    if fmt == "parquet":
        import pyarrow.parquet as pq
        a = pq.read_table(one(f"{ours_dir}/**/*.parquet"))
        b = pq.read_table(one(f"{theirs_dir}/**/*.parquet"))
        rep.eq("columns", a.column_names, b.column_names)
        for name in a.column_names:
            fa, fb = a.schema.field(name), b.schema.field(name)
            types[name] = {"ours": str(fa.type), "pymilvus": str(fb.type), "ours_nullable": fa.nullable, "pymilvus_nullable": fb.nullable}
            rep.eq(f"{name}.nullable", fa.nullable, fb.nullable)
            f = fields.get(name)
            if f and f["dataType"] in ("FLOAT16_VECTOR", "BFLOAT16_VECTOR"):
                rep.eq(f"{name}.type", (str(fa.type), str(fb.type)), ("list<element: uint8>", "list<element: float>"))
            else:
                rep.eq(f"{name}.type", str(fa.type), str(fb.type))
            for i, (x, y) in enumerate(zip(a.column(name).to_pylist(), b.column(name).to_pylist())):
                cmp_value(rep, f"{name}[{i}]", f, x, y, fmt)
        rep.eq("rows", a.num_rows, b.num_rows)
    elif fmt == "numpy":
        oa = {os.path.basename(p)[:-4]: p for p in one(f"{ours_dir}/**/*.npy")}
        ob = {os.path.basename(p)[:-4]: p for p in one(f"{theirs_dir}/**/*.npy")}
        rep.eq("files", sorted(oa), sorted(ob))
        for name in oa:
            x, y = np.load(oa[name]), np.load(ob[name])
            types[name] = {"ours": f"{x.dtype.str} {x.shape}", "pymilvus": f"{y.dtype.str} {y.shape}"}
            f = fields.get(name)
            t = f["dataType"] if f else "DYNAMIC"
            if t in ("FLOAT16_VECTOR", "BFLOAT16_VECTOR"):
                rep.eq(f"{name}.dtype", (x.dtype.str, x.shape[1], y.dtype.str, y.shape[1]), ("|u1", 2 * f["dim"], "<f4", f["dim"]))
            elif t in ("VARCHAR", "JSON", "DYNAMIC"):
                rep.eq(f"{name}.kind", x.dtype.kind, y.dtype.kind)
                if x.dtype != y.dtype:
                    rep.diff("NumPy <U width follows the longest text; JSON text is compact in ours, so widths differ")
            else:
                rep.eq(f"{name}.dtype", (x.dtype.str, x.shape), (y.dtype.str, y.shape))
            for i in range(len(x)):
                cmp_value(rep, f"{name}[{i}]", f, x[i].tolist(), y[i].tolist(), fmt)
    elif fmt == "json":
        a = json.load(open(one(f"{ours_dir}/**/*.json")[0]))["rows"]
        b = json.load(open(one(f"{theirs_dir}/**/*.json")[0]))["rows"]
        rep.eq("rows", len(a), len(b))
        for i, (ra, rb) in enumerate(zip(a, b)):
            rep.eq(f"keys[{i}]", list(ra), list(rb))
            for k in ra:
                cmp_value(rep, f"{k}[{i}]", fields.get(k), ra[k], rb.get(k), fmt)
    elif fmt == "csv":
        a = list(csv.reader(open(one(f"{ours_dir}/**/*.csv")[0], newline="", encoding="utf-8")))
        b = list(csv.reader(open(one(f"{theirs_dir}/**/*.csv")[0], newline="", encoding="utf-8")))
        rep.eq("header", a[0], b[0])
        rep.eq("rows", len(a), len(b))
        for i, (ra, rb) in enumerate(zip(a[1:], b[1:])):
            for k, x, y in zip(a[0], ra, rb):
                f = fields.get(k)
                t = f["dataType"] if f else "DYNAMIC"
                if x == "" or y == "":
                    rep.eq(f"{k}[{i}]", x, y)
                    continue
                if t in ("INT8", "INT16", "INT32", "INT64"):
                    rep.eq(f"{k}[{i}]", int(x), int(y))
                elif t in ("FLOAT", "DOUBLE"):
                    cmp_value(rep, f"{k}[{i}]", f, float(x), float(y), fmt)
                elif t in ("FLOAT_VECTOR", "BINARY_VECTOR", "INT8_VECTOR", "ARRAY", "FLOAT16_VECTOR", "BFLOAT16_VECTOR"):
                    cmp_value(rep, f"{k}[{i}]", f, json.loads(x), json.loads(y), fmt)
                else:
                    cmp_value(rep, f"{k}[{i}]", f, x, y, fmt)
    print(json.dumps({"ok": not rep.problems, "checked": rep.checked, "problems": rep.problems[:50], "differences": sorted(rep.differences), "types": types}))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(*sys.argv[2:6])
    else:
        compare(*sys.argv[2:6])
