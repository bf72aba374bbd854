import { openLocalEngine } from "../../../provider/engine";
import { fileUrl, INDEX, SCHEMA, tempDir, waitJob, writeFile } from "./helpers";

const rows = [
  { id: 1, vec: [0, 0, 0, 1], title: "a", n: 1, color: "red" },
  { id: 2, vec: [0, 0, 1, 0], title: "b", n: null },
  { id: 3, vec: [0, 1, 0, 0], title: "c", score: 2.5, $meta: { color: "blue" } },
  { id: 9223372036854775807n, vec: [1, 0, 0, 0], title: "héé" },
];
const jsonRows = JSON.stringify({ rows }, (_k, v) => (typeof v === "bigint" ? `@@${v}@@` : v)).replace(
  /"@@(\d+)@@"/g,
  "$1",
);

describe("openLocalEngine (embedded target)", () => {
  it("creates, imports JSON, counts, queries by pk, deletes and searches; data survives reopening", async () => {
    const dir = tempDir();
    const files = tempDir("files-");
    const { importApi, collectionApi, engine } = openLocalEngine(dir);
    expect(importApi.kind).toBe("local");
    await collectionApi.createCollection({
      dbName: "default",
      collectionName: "docs",
      schema: SCHEMA,
      indexes: [INDEX],
    });
    expect(await collectionApi.hasCollection("default", "docs")).toBe(true);
    await collectionApi.loadCollection("default", "docs");

    const url = fileUrl(writeFile(files, "1.json", jsonRows));
    const { jobId } = await importApi.startImport({ collectionName: "docs", files: [[url]] });
    expect(jobId).toMatch(/^\d{15,20}$/);
    const job = await waitJob(importApi, jobId);
    expect(job.reason).toBeUndefined();
    expect(job).toMatchObject({ state: "Completed", progress: 1, importedRows: 4, totalRows: 4 });
    expect(job.details).toHaveLength(1);
    expect(job.details[0]).toMatchObject({ fileName: url, state: "Completed", importedRows: 4 });

    expect(await collectionApi.count("default", "docs")).toBe(4n);
    const [big] = await collectionApi.query("default", "docs", {
      filter: "id in [9223372036854775807]",
      outputFields: ["*"],
    });
    expect(big.id).toBe(9223372036854775807n);
    expect(big.title).toBe("héé");
    expect(big.score).toBe(0.5);
    expect(big.n).toBeNull();
    const [three] = await collectionApi.query("default", "docs", {
      filter: "id == 3",
      outputFields: ["score", "color"],
    });
    expect(three).toEqual({ id: 3n, score: 2.5, color: "blue" });
    expect(await collectionApi.count("default", "docs", { filter: 'color == "red"' })).toBe(1n);

    const hits = await engine.search("default", "docs", { vectors: [[0.9, 0.1, 0, 0]], limit: 2 });
    expect(hits[0].map((h) => h.id)).toEqual([9223372036854775807n, 3n]);

    await collectionApi.deleteEntities("default", "docs", { filter: "id in [1, 2]" });
    expect(await collectionApi.count("default", "docs")).toBe(2n);

    const reopened = openLocalEngine(dir);
    expect(await reopened.collectionApi.count("default", "docs")).toBe(2n);
    expect((await reopened.importApi.getJob(jobId)).state).toBe("Completed");
    expect((await reopened.importApi.listJobs({ collectionName: "docs" })).map((j) => j.jobId)).toEqual([
      jobId,
    ]);
    const desc = await reopened.collectionApi.describeCollection("default", "docs");
    expect(desc).toMatchObject({ collectionName: "docs", loadState: "Loaded", partitions: ["_default"] });
  });

  it("is atomic per job: one bad file fails the job, names file/row/field, and imports nothing", async () => {
    const dir = tempDir();
    const files = tempDir("files-");
    const { importApi, collectionApi } = openLocalEngine(dir);
    await collectionApi.createCollection({
      dbName: "default",
      collectionName: "docs",
      schema: SCHEMA,
      indexes: [INDEX],
      load: true,
    } as never);
    await collectionApi.loadCollection("default", "docs");
    const good = fileUrl(
      writeFile(files, "good.json", JSON.stringify([{ id: 1, vec: [1, 2, 3, 4], title: "x" }])),
    );
    const bad = fileUrl(
      writeFile(
        files,
        "bad.json",
        JSON.stringify([
          { id: 2, vec: [1, 2, 3], title: "x" },
          { id: 3, vec: [1, 2, 3, 4], title: "way too long" },
          { id: 4.5, vec: [1, 2, 3, 4], title: "x" },
        ]),
      ),
    );
    const { jobId } = await importApi.startImport({ collectionName: "docs", files: [[good], [bad]] });
    const job = await waitJob(importApi, jobId);
    expect(job.state).toBe("Failed");
    expect(job.progress).toBe(0);
    expect(job.reason).toContain(
      `${bad}, row 1, field 'vec': expected dim '4' for field 'vec' with type 'FloatVector', got dim '3'`,
    );
    expect(job.reason).toContain(
      "row 2, field 'title': value length(12) for field title exceeds max_length(8)",
    );
    expect(job.reason).toContain("row 3, field 'id': expected type 'Int64' for field 'id', got type 'float'");
    expect(job.details[1].state).toBe("Failed");
    expect(await collectionApi.count("default", "docs")).toBe(0n);
  });

  it("rejects bad requests synchronously with Milvus codes", async () => {
    const { importApi, collectionApi } = openLocalEngine(tempDir());
    await expect(
      importApi.startImport({ collectionName: "nope", files: [["a.json"]] }),
    ).rejects.toMatchObject({
      code: 100,
      message: "collection not found[database=default][collection=nope]",
    });
    await collectionApi.createCollection({ dbName: "default", collectionName: "docs", schema: SCHEMA });
    await expect(importApi.startImport({ collectionName: "docs", files: [[], [""]] })).rejects.toMatchObject({
      code: 1100,
      message: "import request is empty: invalid parameter",
    });
    await expect(
      importApi.startImport({ collectionName: "docs", files: [["a.json", "b.json"]] }),
    ).rejects.toMatchObject({
      code: 2100,
      message: "for JSON import, accepts only one file: importing data failed",
    });
    await expect(
      importApi.startImport({ collectionName: "docs", files: [["a.npy", "b.json"]] }),
    ).rejects.toMatchObject({
      code: 2100,
      message: "inconsistency in file types, (a.npy) vs (b.json): importing data failed",
    });
    await expect(importApi.startImport({ collectionName: "docs", files: [["a.txt"]] })).rejects.toMatchObject(
      {
        code: 2100,
        message: "unexpect file type, files=[a.txt]: importing data failed",
      },
    );
    const many = Array.from({ length: 1025 }, (_, i) => [`${i}.parquet`]);
    await expect(importApi.startImport({ collectionName: "docs", files: many })).rejects.toMatchObject({
      code: 2100,
      message: "The max number of import files should not exceed 1024, but got 1025: importing data failed",
    });
    await expect(
      importApi.startImport({ collectionName: "docs", partitionName: "p9", files: [["a.json"]] }),
    ).rejects.toMatchObject({
      code: 200,
    });
    await expect(importApi.getJob("123")).rejects.toMatchObject({ code: 2100 });
    await expect(collectionApi.count("default", "docs")).rejects.toMatchObject({ code: 101 });
    await expect(collectionApi.loadCollection("default", "docs")).rejects.toMatchObject({ code: 700 });
  });

  it("fails a job whose file is missing or over the size limit (asynchronously, like Milvus)", async () => {
    const files = tempDir("files-");
    const { importApi, collectionApi } = openLocalEngine(tempDir(), { maxFileSizeBytes: 10 });
    await collectionApi.createCollection({ dbName: "default", collectionName: "docs", schema: SCHEMA });
    const missing = await importApi.startImport({
      collectionName: "docs",
      files: [[fileUrl(`${files}/nope.json`)]],
    });
    expect((await waitJob(importApi, missing.jobId)).reason).toContain("the object does not exist");
    const big = fileUrl(writeFile(files, "big.json", "[]                    "));
    const large = await importApi.startImport({ collectionName: "docs", files: [[big]] });
    expect((await waitJob(importApi, large.jobId)).reason).toBe(
      "The import file size has reached the maximum limit allowed for importing, fileSize=22, maxSize=10",
    );
  });

  it("imports into a partition and counts per partition; auto_id keys are generated", async () => {
    const files = tempDir("files-");
    const { importApi, collectionApi } = openLocalEngine(tempDir());
    const schema = {
      fields: [
        { name: "pk", dataType: "INT64" as const, isPrimary: true, autoId: true },
        { name: "v", dataType: "FLOAT_VECTOR" as const, dim: 2 },
      ],
    };
    await collectionApi.createCollection({
      dbName: "default",
      collectionName: "auto",
      schema,
      indexes: [{ fieldName: "v", indexType: "FLAT", metricType: "IP" }],
    });
    await collectionApi.createPartition("default", "auto", "p1");
    await collectionApi.loadCollection("default", "auto");
    const f = fileUrl(writeFile(files, "r.jsonl", '{"v":[1,2]}\n{"v":[3,4]}\n'));
    const job = await waitJob(
      importApi,
      (await importApi.startImport({ collectionName: "auto", partitionName: "p1", files: [[f]] })).jobId,
    );
    expect(job.state).toBe("Completed");
    expect(await collectionApi.count("default", "auto", { partitionNames: ["p1"] })).toBe(2n);
    expect(await collectionApi.count("default", "auto", { partitionNames: ["_default"] })).toBe(0n);
    const out = await collectionApi.query("default", "auto", { filter: "", outputFields: ["pk"] });
    expect(typeof out[0].pk).toBe("bigint");
    expect((out[1].pk as bigint) - (out[0].pk as bigint)).toBe(1n);
    const withPk = fileUrl(writeFile(files, "pk.jsonl", '{"pk":1,"v":[1,2]}\n'));
    const bad = await waitJob(
      importApi,
      (await importApi.startImport({ collectionName: "auto", files: [[withPk]] })).jobId,
    );
    expect(bad.reason).toContain("the primary key 'pk' is auto-generated, no need to provide");
    await collectionApi.dropPartition("default", "auto", "p1");
    expect(await collectionApi.count("default", "auto")).toBe(0n);
  });
});

describe("folder URLs and import options", () => {
  it("expands a folder of JSON files into one group per file and a NumPy folder into one group per sub-folder", async () => {
    const files = tempDir("files-");
    writeFile(files, "json/a.json", JSON.stringify([{ id: 1, vec: [1, 2, 3, 4], title: "a" }]));
    writeFile(files, "json/b.json", JSON.stringify([{ id: 2, vec: [1, 2, 3, 4], title: "b" }]));
    const { npy, npyStrings } = await import("./helpers");
    for (const [seg, ids] of [
      ["1", [10n, 11n]],
      ["2", [12n]],
    ] as const) {
      writeFile(files, `np/${seg}/id.npy`, npy("<i8", [ids.length], BigInt64Array.from(ids)));
      writeFile(files, `np/${seg}/vec.npy`, npy("<f4", [ids.length, 4], new Float32Array(ids.length * 4)));
      writeFile(files, `np/${seg}/title.npy`, npyStrings(ids.map((i) => `t${i}`)));
    }
    const { importApi, collectionApi } = openLocalEngine(tempDir());
    await collectionApi.createCollection({
      dbName: "default",
      collectionName: "docs",
      schema: SCHEMA,
      indexes: [INDEX],
    });
    await collectionApi.loadCollection("default", "docs");
    const j1 = await waitJob(
      importApi,
      (await importApi.startImport({ collectionName: "docs", files: [[fileUrl(`${files}/json/`)]] })).jobId,
    );
    expect(j1.state).toBe("Completed");
    expect(j1.details.map((d) => d.fileName)).toEqual([
      fileUrl(`${files}/json/a.json`),
      fileUrl(`${files}/json/b.json`),
    ]);
    const j2 = await waitJob(
      importApi,
      (await importApi.startImport({ collectionName: "docs", files: [[fileUrl(`${files}/np/`)]] })).jobId,
    );
    expect(j2.reason).toBeUndefined();
    expect(j2.details).toHaveLength(2);
    expect(await collectionApi.count("default", "docs")).toBe(5n);
  });

  it("passes CSV sep/nullkey options from the request to the reader", async () => {
    const files = tempDir("files-");
    const csv = fileUrl(writeFile(files, "a.csv", 'id;vec;title;n\n1;[1,2,3,4];x;\\N\n2;"[1,2,3,4]";y;4\n'));
    const { importApi, collectionApi } = openLocalEngine(tempDir());
    await collectionApi.createCollection({
      dbName: "default",
      collectionName: "docs",
      schema: SCHEMA,
      indexes: [INDEX],
    });
    await collectionApi.loadCollection("default", "docs");
    const job = await waitJob(
      importApi,
      (
        await importApi.startImport({
          collectionName: "docs",
          files: [[csv]],
          options: { sep: ";", nullkey: "\\N" },
        })
      ).jobId,
    );
    expect(job.reason).toBeUndefined();
    const rows = await collectionApi.query("default", "docs", { filter: "", outputFields: ["n"] });
    expect(rows).toEqual([
      { id: 1n, n: null },
      { id: 2n, n: 4 },
    ]);
  });
});

describe("idempotency and staging", () => {
  it("returns the original job for a retried idempotency key, and imports once", async () => {
    const files = tempDir("files-");
    const url = fileUrl(
      writeFile(files, "a.json", JSON.stringify([{ id: 1, vec: [1, 2, 3, 4], title: "a" }])),
    );
    const { importApi, collectionApi } = openLocalEngine(tempDir());
    await collectionApi.createCollection({
      dbName: "default",
      collectionName: "docs",
      schema: SCHEMA,
      indexes: [INDEX],
    });
    await collectionApi.loadCollection("default", "docs");
    const a = await importApi.startImport({
      collectionName: "docs",
      files: [[url]],
      idempotencyKey: "run-7f3a",
    });
    const b = await importApi.startImport({
      collectionName: "docs",
      files: [[url]],
      idempotencyKey: "run-7f3a",
    });
    expect(b.jobId).toBe(a.jobId);
    await waitJob(importApi, a.jobId);
    const c = await importApi.startImport({
      collectionName: "docs",
      files: [[url]],
      idempotencyKey: "run-7f3a",
    });
    expect(c.jobId).toBe(a.jobId);
    expect(await collectionApi.count("default", "docs")).toBe(1n);
    await expect(
      importApi.startImport({ collectionName: "docs", files: [[url]], idempotencyKey: "bad\nkey" }),
    ).rejects.toMatchObject({ code: 1100 });
  });

  it("leaves no staged segment behind when a later file fails", async () => {
    const files = tempDir("files-");
    const good = fileUrl(
      writeFile(files, "good.json", JSON.stringify([{ id: 1, vec: [1, 2, 3, 4], title: "a" }])),
    );
    const bad = fileUrl(writeFile(files, "bad.json", JSON.stringify([{ id: 2, vec: [1], title: "a" }])));
    const dir = tempDir();
    const { importApi, collectionApi } = openLocalEngine(dir);
    await collectionApi.createCollection({ dbName: "default", collectionName: "docs", schema: SCHEMA });
    const job = await waitJob(
      importApi,
      (await importApi.startImport({ collectionName: "docs", files: [[good], [bad]] })).jobId,
    );
    expect(job.state).toBe("Failed");
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(`${dir}/segments`)).toEqual([]);
  });
});
