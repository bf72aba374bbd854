import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalBulkWriter } from "../../../provider/bulkwriter";
import { normalizeSchema } from "../../../provider/schema";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bw-text-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const schema = normalizeSchema({
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "v", dataType: "FLOAT_VECTOR", dim: 3 },
  ],
});

async function text(fileType: string, vectors: number[][], extra: Record<string, unknown> = {}) {
  const w = new LocalBulkWriter({ schema, localPath: dir, fileType, ...extra });
  vectors.forEach((v, i) => {
    w.appendRow({ id: i, v });
  });
  const m = await w.commit();
  return readFileSync(join(w.dataPath, m.files[0].path), "utf8");
}

describe("float vectors in text formats (byte path)", () => {
  it("csv: a vector cell is quoted exactly when its text holds the separator", async () => {
    const rows = [
      [0, -0, 1e30],
      [0.5, 1, 2],
      [Math.fround(0.1), -1.5e-7, 123456],
    ];
    expect(await text("csv", rows, { csvSeparator: "." })).toBe(
      'id.v\n0.[0,-0,1e+30]\n1."[0.5,1,2]"\n2."[0.1,-1.5e-7,123456]"\n',
    );
    // Later rows reuse the staging buffer: stale bytes past a row must not make it quoted.
    rmSync(dir, { recursive: true, force: true });
    const many = Array.from({ length: 600 }, (_, i) => (i % 300 === 299 ? [1, 2, 3] : [0.5, 0.25, i]));
    const lines = (await text("csv", many, { csvSeparator: "." })).split("\n");
    expect(lines[300]).toBe("299.[1,2,3]");
    expect(lines[600]).toBe("599.[1,2,3]");
    expect(lines[1]).toBe('0."[0.5,0.25,0]"');
    rmSync(dir, { recursive: true, force: true });
    expect(await text("csv", rows, { csvSeparator: "\t" })).toBe(
      "id\tv\n0\t[0,-0,1e+30]\n1\t[0.5,1,2]\n2\t[0.1,-1.5e-7,123456]\n",
    );
    rmSync(dir, { recursive: true, force: true });
    expect(await text("csv", rows)).toBe('id,v\n0,"[0,-0,1e+30]"\n1,"[0.5,1,2]"\n2,"[0.1,-1.5e-7,123456]"\n');
  });

  it("json: shortest float32 text per element, one row per line", async () => {
    const out = await text("json", [
      [Math.fround(0.1), Math.fround(3.4028234663852886e38), 1e-45],
      [16777216, -2, Math.fround(0.000001)],
    ]);
    expect(out).toBe(
      '{"rows":[\n{"id":0,"v":[0.1,3.4028235e+38,1e-45]},\n{"id":1,"v":[16777216,-2,0.000001]}\n]}\n',
    );
  });
});

describe("parquet bytes do not depend on how rows are batched", () => {
  it("one append, 7-row appends and the row path give the same identity (several row groups and segments)", async () => {
    const n = 500;
    const dim = 3;
    const vec = new Float32Array(n * dim).map((_, i) => Math.fround(i / 7));
    const ids = BigInt64Array.from({ length: n }, (_, i) => BigInt(i));
    const identities: string[] = [];
    for (const step of [n, 7, 0]) {
      const w = new LocalBulkWriter({
        schema,
        localPath: join(dir, `s${step}`),
        fileType: "parquet",
        parquetRowGroupBytes: 1500,
        segmentSize: 6000,
      });
      if (step === 0)
        for (let i = 0; i < n; i++) w.appendRow({ id: ids[i], v: vec.subarray(i * dim, i * dim + dim) });
      else
        for (let s = 0; s < n; s += step) {
          const e = Math.min(n, s + step);
          w.appendColumns({ id: ids.subarray(s, e), v: vec.subarray(s * dim, e * dim) }, e - s);
        }
      const m = await w.commit();
      expect(m.totalRows).toBe(n);
      expect(new Set(m.files.map((f) => f.segment)).size).toBeGreaterThan(2);
      for (const f of m.files) expect(f.size).toBeLessThanOrEqual(6000);
      identities.push(m.identity);
    }
    expect(new Set(identities).size).toBe(1);
  });
});

describe("I/O threads", () => {
  it.each(["parquet", "numpy", "json", "csv"])(
    "%s: files written on the I/O threads equal files written on the calling thread",
    async (fileType) => {
      const n = 3000;
      const dim = 48; // ≥ 32: JSON/CSV vectors go through the vector-text worker
      const vec = new Float32Array(n * dim).map((_, i) => Math.fround(Math.sin(i) * 1000));
      const ids = BigInt64Array.from({ length: n }, (_, i) => BigInt(i));
      const manifests = [];
      for (const ioThreads of [true, false]) {
        const w = new LocalBulkWriter({
          schema: normalizeSchema({
            fields: [
              { name: "id", dataType: "INT64", isPrimary: true },
              { name: "v", dataType: "FLOAT_VECTOR", dim },
            ],
          }),
          localPath: join(dir, String(ioThreads)),
          fileType,
          segmentSize: 60000,
          ioThreads,
        });
        for (let s = 0; s < n; s += 1000)
          w.appendColumns(
            { id: ids.subarray(s, s + 1000), v: vec.subarray(s * dim, (s + 1000) * dim) },
            1000,
          );
        const m = await w.commit();
        for (const f of m.files) {
          const bytes = readFileSync(join(w.dataPath, f.path));
          expect(bytes.length).toBe(f.size);
          expect(createHash("sha256").update(bytes).digest("hex")).toBe(f.sha256);
        }
        manifests.push(m);
      }
      expect(manifests[0].files.length).toBeGreaterThan(1);
      expect(manifests[0]).toEqual(manifests[1]);
    },
  );
});

describe("I/O threads: failures", () => {
  it.each(["parquet", "numpy", "json"])(
    "%s: invalid data after segments were written leaves no files (threads drained first)",
    async (fileType) => {
      const dim = 8;
      const w = new LocalBulkWriter({
        schema: normalizeSchema({
          fields: [
            { name: "id", dataType: "INT64", isPrimary: true },
            { name: "v", dataType: "FLOAT_VECTOR", dim },
          ],
        }),
        localPath: dir,
        fileType,
        segmentSize: 20000,
      });
      const n = 1000;
      for (let b = 0; b < 3; b++) {
        const ids = BigInt64Array.from({ length: n }, (_, i) => BigInt(b * n + i));
        w.appendColumns({ id: ids, v: new Float32Array(n * dim).fill(0.5) }, n);
      }
      const bad = new Float32Array(n * dim).fill(0.5);
      bad[77] = Number.NaN;
      w.appendColumns({ id: new BigInt64Array(n), v: bad }, n);
      await expect(w.commit()).rejects.toThrow(/finite/);
      expect(readdirSync(dir)).toEqual([]);
    },
  );
});
