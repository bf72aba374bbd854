/** Files written by our BulkWriter (provider/bulkwriter) in every format import into the engine intact. */
import * as path from "node:path";
import { LocalBulkWriter } from "../../../provider/bulkwriter";
import { openLocalEngine } from "../../../provider/engine";
import type { CollectionSchema } from "../../../provider/schema/types";
import { tempDir, waitJob } from "./helpers";

const RICH: CollectionSchema = {
  enableDynamicField: true,
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "title", dataType: "VARCHAR", maxLength: 16 },
    { name: "n", dataType: "INT16", nullable: true },
    { name: "d", dataType: "DOUBLE", defaultValue: 1.5 },
    { name: "ok", dataType: "BOOL" },
    { name: "js", dataType: "JSON" },
    { name: "tags", dataType: "ARRAY", elementType: "VARCHAR", maxLength: 8, maxCapacity: 4 },
    { name: "sp", dataType: "SPARSE_FLOAT_VECTOR" },
    { name: "vec", dataType: "FLOAT_VECTOR", dim: 3 },
  ],
};
const NUMPY_SAFE: CollectionSchema = {
  enableDynamicField: true,
  fields: RICH.fields.filter((f) => !["tags", "sp", "n"].includes(f.name)),
};

function row(i: number, schema: CollectionSchema): Record<string, unknown> {
  const r: Record<string, unknown> = {
    id: BigInt(i) + 9007199254740993n,
    title: `t${i}ü`,
    n: i % 3 === 0 ? null : i,
    ok: i % 2 === 0,
    js: { i, nested: [i, "x"] },
    tags: [`a${i}`],
    sp: { indices: [i, i + 10], values: [0.5, 0.25] },
    vec: [i, 0.5, -1],
    extra: `e${i}`,
  };
  if (i % 2) r.d = i / 4;
  return Object.fromEntries(
    Object.entries(r).filter(([k]) => k === "extra" || schema.fields.some((f) => f.name === k)),
  );
}

describe.each([
  ["json", RICH],
  ["parquet", RICH],
  ["csv", RICH],
  ["numpy", NUMPY_SAFE],
] as const)("our %s files", (format, schema) => {
  it("import with every value intact", async () => {
    const out = tempDir("writer-");
    const w = new LocalBulkWriter({ schema, localPath: out, fileType: format, segmentSize: 400 });
    const N = 12;
    for (let i = 0; i < N; i++) w.appendRow(row(i, schema));
    const manifest = await w.commit();
    const bySegment = new Map<number, string[]>();
    for (const f of manifest.files) {
      bySegment.set(f.segment, [
        ...(bySegment.get(f.segment) ?? []),
        `file://${path.join(out, manifest.identity, f.path)}`,
      ]);
    }
    expect(bySegment.size).toBeGreaterThan(1);
    const { importApi, collectionApi } = openLocalEngine(tempDir());
    await collectionApi.createCollection({
      dbName: "default",
      collectionName: "c",
      schema,
      indexes: [
        { fieldName: "vec", indexType: "FLAT", metricType: "L2" },
        ...(schema === RICH
          ? [{ fieldName: "sp", indexType: "SPARSE_INVERTED_INDEX", metricType: "IP" }]
          : []),
      ],
    });
    await collectionApi.loadCollection("default", "c");
    const job = await waitJob(
      importApi,
      (await importApi.startImport({ collectionName: "c", files: [...bySegment.values()] })).jobId,
    );
    expect(job.reason).toBeUndefined();
    expect(job.importedRows).toBe(N);
    const rows = await collectionApi.query("default", "c", { filter: "", outputFields: ["*"] });
    rows.sort((a, b) => (BigInt(a.id as bigint) < BigInt(b.id as bigint) ? -1 : 1));
    rows.forEach((r, i) => {
      const src = row(i, schema);
      const expected: Record<string, unknown> = { ...src, d: src.d ?? 1.5 };
      if ("sp" in src) expected.sp = { indices: [i, i + 10], values: [0.5, 0.25] };
      expect(r).toEqual(expected);
    });
  });
});
