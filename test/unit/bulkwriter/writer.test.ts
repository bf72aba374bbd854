import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BulkWriteError, LocalBulkWriter, npyHeader, RemoteBulkWriter } from "../../../provider/bulkwriter";
import { LocalStore } from "../../../provider/storage";
import { DataValidationError } from "../../../provider/validate";
import { allTypesSchema, mediumArticlesSchema } from "../fixtures/schemas";
import { allTypesRows } from "./rows";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bw-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out.push(`${rel}${e.name}`);
    }
  };
  if (existsSync(root)) walk(root, "");
  return out.sort();
}

async function write(fileType: string, rows: unknown[], extra: Record<string, unknown> = {}, root = dir) {
  const numpySafe = fileType === "numpy";
  const w = new LocalBulkWriter({
    schema: allTypesSchema({ numpySafe }),
    localPath: root,
    fileType,
    ...extra,
  });
  for (const r of rows) w.appendRow(r);
  const m = await w.commit();
  return { w, m };
}

describe("LocalBulkWriter", () => {
  it.each(["json", "parquet", "numpy", "csv"])(
    "%s: same rows give byte-identical files and identity",
    async (fileType) => {
      const rows = allTypesRows(50, { numpySafe: fileType === "numpy" });
      const a = await write(fileType, rows, {}, join(dir, "a"));
      const b = await write(
        fileType,
        allTypesRows(50, { numpySafe: fileType === "numpy" }),
        {},
        join(dir, "b"),
      );
      expect(a.m.identity).toMatch(/^[0-9a-f]{64}$/);
      expect(b.m).toEqual(a.m);
      expect(a.w.dataPath).toBe(join(dir, "a", a.m.identity));
      for (const f of a.m.files) {
        const bytes = readFileSync(join(a.w.dataPath, f.path));
        expect(bytes.length).toBe(f.size);
        expect(bytes.equals(readFileSync(join(b.w.dataPath, f.path)))).toBe(true);
      }
      expect(a.m.totalRows).toBe(50);
      // Only the identity folder remains: no staging or .part leftovers.
      expect(readdirSync(join(dir, "a"))).toEqual([a.m.identity]);
      const changed = allTypesRows(50, { numpySafe: fileType === "numpy" });
      changed[7].d = 0.5;
      const c = await write(fileType, changed, {}, join(dir, "c"));
      expect(c.m.identity).not.toBe(a.m.identity);
    },
  );

  it("json: rows object with exact INT64 and schema-ordered keys", async () => {
    const { w, m } = await write("json", allTypesRows(3));
    const text = readFileSync(join(w.dataPath, m.files[0].path), "utf8");
    expect(text.startsWith('{"rows":[\n{"id":9007199254740993,"b":true,"i8":-128,')).toBe(true);
    expect(text).toContain('"i64":-9223372036854775806');
    expect(text).toContain('"fv":[0.1,-1.5,3.4028235e+38,1e-45]');
    expect(text).toContain('"js":"[1,\\"two\\"]"');
    expect(text).toContain('"sp":{"indices":[3,10],"values":[0.25,0.5]}');
    expect(text).toContain('"nul":null');
    expect(text).toContain('"dflt":"zz"');
    expect(text).toContain('"$meta":{"dyn_x":0,"dyn_s":"s0"}');
  });

  it("numpy: one .npy per field per segment with numpy's exact header and dtypes", async () => {
    const { w, m } = await write("numpy", allTypesRows(3, { numpySafe: true }));
    expect(m.files.map((f) => f.path)).toEqual(
      [
        "id",
        "b",
        "i8",
        "i16",
        "i32",
        "i64",
        "f",
        "d",
        "vc",
        "js",
        "fv",
        "bv",
        "hv",
        "bfv",
        "i8v",
        "$meta",
      ].map((n) => `1/${n}.npy`),
    );
    const fv = readFileSync(join(w.dataPath, "1/fv.npy"));
    expect(fv.subarray(0, 128).equals(npyHeader("<f4", [3, 4]))).toBe(true);
    expect(fv.subarray(10, 128).toString("latin1")).toBe(
      `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }${" ".repeat(58)}\n`,
    );
    expect(fv.length).toBe(128 + 3 * 4 * 4);
    const hv = readFileSync(join(w.dataPath, "1/hv.npy"));
    expect(hv.subarray(10, 80).toString("latin1")).toContain(
      "'descr': '|u1', 'fortran_order': False, 'shape': (3, 4)",
    );
    const vc = readFileSync(join(w.dataPath, "1/vc.npy"));
    expect(vc.subarray(10, 80).toString("latin1")).toContain("'descr': '<U5'"); // longest of "", "héllo", "日本語" in code points
  });

  it("numpy: rejects ARRAY/SPARSE schemas before writing and NULL values with no files left", async () => {
    expect(
      () => new LocalBulkWriter({ schema: allTypesSchema(), localPath: dir, fileType: "numpy" }),
    ).toThrow(/Milvus cannot import ARRAY from NumPy files/);
  });

  it("segments by size: no file exceeds segmentSize and rows are all kept", async () => {
    const schema = mediumArticlesSchema(8);
    for (const fileType of ["json", "parquet", "numpy", "csv"]) {
      const w = new LocalBulkWriter({ schema, localPath: join(dir, fileType), fileType, segmentSize: 20000 });
      for (let i = 0; i < 1000; i++) {
        w.appendRow({
          id: i,
          title_vector: [1, 2, 3, 4, 5, 6, 7, i],
          title: "t".repeat(i % 50),
          link: "l",
          publication: "p",
          reading_time: 1,
          claps: 2,
          responses: 3,
          extra_int: 4,
        });
      }
      const m = await w.commit();
      const segments = new Set(m.files.map((f) => f.segment));
      expect(segments.size).toBeGreaterThan(3);
      const bySeg = new Map<number, number>();
      for (const f of m.files) bySeg.set(f.segment, (bySeg.get(f.segment) ?? 0) + f.size);
      for (const size of bySeg.values()) expect([fileType, size]).toEqual([fileType, Math.min(size, 20000)]);
      const rows = [...segments]
        .map((s) => m.files.find((f) => f.segment === s)!.rows)
        .reduce((a, b) => a + b, 0);
      expect(rows).toBe(1000);
      expect(w.batchFiles.length).toBe(segments.size);
      for (const list of w.batchFiles) for (const p of list) expect(statSync(p).isFile()).toBe(true);
    }
  });

  it("columnar and row paths produce the same files", async () => {
    const schema = mediumArticlesSchema(4);
    const n = 100;
    const vec = new Float32Array(n * 4).map((_, i) => Math.fround(i / 7));
    const a = new LocalBulkWriter({ schema, localPath: join(dir, "a"), fileType: "parquet" });
    const b = new LocalBulkWriter({ schema, localPath: join(dir, "b"), fileType: "parquet" });
    const cols = {
      id: BigInt64Array.from({ length: n }, (_, i) => BigInt(i)),
      title_vector: vec,
      title: Array.from({ length: n }, (_, i) => `t${i}`),
      link: Array.from({ length: n }, () => "l"),
      publication: Array.from({ length: n }, () => "p"),
      reading_time: BigInt64Array.from({ length: n }, () => 5n),
      claps: Array.from({ length: n }, (_, i) => i),
      responses: Array.from({ length: n }, () => 0),
      extra_int: Array.from({ length: n }, () => 1n),
    };
    a.appendColumns(cols, n);
    for (let i = 0; i < n; i++) {
      b.appendRow({
        id: BigInt(i),
        title_vector: Array.from(vec.subarray(i * 4, i * 4 + 4)),
        title: `t${i}`,
        link: "l",
        publication: "p",
        reading_time: 5,
        claps: i,
        responses: 0,
        extra_int: 1,
      });
    }
    expect((await a.commit()).identity).toBe((await b.commit()).identity);
  });

  it("invalid data: DataValidationError and no output files at all", async () => {
    const w = new LocalBulkWriter({
      schema: mediumArticlesSchema(2),
      localPath: dir,
      fileType: "json",
      sourceName: "input.json",
    });
    w.appendRow({
      id: 1,
      title_vector: [1, 2],
      title: "a",
      link: "b",
      publication: "c",
      reading_time: 1,
      claps: 1,
      responses: 1,
      extra_int: 1,
    });
    w.appendRow({
      id: 2,
      title_vector: [1],
      title: "a",
      link: "b",
      publication: "c",
      reading_time: 1,
      claps: 1,
      responses: 1,
      extra_int: 1,
    });
    await expect(w.commit()).rejects.toThrow(DataValidationError);
    await expect(w.commit()).rejects.toThrow(/writer failed earlier/);
    expect(listFiles(dir)).toEqual([]);
  });

  it("write failures surface from commit() and leave nothing behind", async () => {
    const blocker = join(dir, "file-not-dir");
    require("node:fs").writeFileSync(blocker, "x");
    const w = new LocalBulkWriter({
      schema: mediumArticlesSchema(2),
      localPath: blocker,
      fileType: "parquet",
    });
    let err: unknown;
    try {
      w.appendRow({
        id: 1,
        title_vector: [1, 2],
        title: "a",
        link: "b",
        publication: "c",
        reading_time: 1,
        claps: 1,
        responses: 1,
        extra_int: 1,
      });
      await w.commit();
    } catch (e) {
      err = e;
    }
    expect(err).toBeDefined();
    expect(String(err)).toMatch(/ENOTDIR|EEXIST|not a directory/i);
    expect(listFiles(dir)).toEqual(["file-not-dir"]);
  });
});

describe("RemoteBulkWriter", () => {
  it("uploads every file under <remotePath>/<identity>/ with matching SHA-256", async () => {
    const bucket = join(dir, "bucket");
    const store = new LocalStore(bucket, { createRoot: true });
    const w = new RemoteBulkWriter({
      schema: allTypesSchema({ numpySafe: true }),
      remotePath: "/bulk_data/",
      store,
      fileType: "numpy",
      localPath: join(dir, "stage"),
    });
    for (const r of allTypesRows(20, { numpySafe: true })) w.appendRow(r);
    const m = await w.commit();
    expect(w.dataPath).toBe(`bulk_data/${m.identity}`);
    expect(w.batchFiles).toEqual([m.files.map((f) => `bulk_data/${m.identity}/${f.path}`)]);
    for (const f of m.files) {
      const info = await store.head(`bulk_data/${m.identity}/${f.path}`);
      expect(info?.size).toBe(f.size);
      expect((await store.getBuffer(`bulk_data/${m.identity}/${f.path}`)).length).toBe(f.size);
    }
    expect(listFiles(join(dir, "stage"))).toEqual([]);
  });

  it("reports upload failures", async () => {
    const store = new LocalStore(join(dir, "missing-bucket"));
    const w = new RemoteBulkWriter({
      schema: mediumArticlesSchema(2),
      remotePath: "x",
      store,
      fileType: "json",
      localPath: join(dir, "stage"),
    });
    w.appendRow({
      id: 1,
      title_vector: [1, 2],
      title: "a",
      link: "b",
      publication: "c",
      reading_time: 1,
      claps: 1,
      responses: 1,
      extra_int: 1,
    });
    await expect(w.commit()).rejects.toThrow(BulkWriteError);
  });
});
