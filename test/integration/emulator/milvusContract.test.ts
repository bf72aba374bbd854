/** Milvus REST v2 face over real HTTP: shapes, success paths and every "Emulator must reject" row (§8.3). */
import type { RunningEmulator } from "../../../emulator";
import { npyHeader } from "../../../provider/bulkwriter";
import { call, milvus, ROWS_JSON, SCHEMA_BODY, startTestEmulator, waitMilvusJob, writeFile } from "./helpers";

let emu: RunningEmulator & { bucket: string };
beforeAll(async () => {
  emu = await startTestEmulator({ engine: { maxFileSizeBytes: 4096 } });
  writeFile(emu.bucket, "run1/1.json", ROWS_JSON);
});
afterAll(() => emu.stop());

const expectErr = (
  r: { status: number; body: { code?: number; message?: string } },
  code: number,
  message: string | RegExp,
) => {
  expect(r.status).toBe(200);
  expect(r.body.code).toBe(code);
  if (typeof message === "string") expect(r.body.message).toBe(message);
  else expect(r.body.message).toMatch(message);
  expect(r.body).not.toHaveProperty("data");
};

describe("collections, indexes, partitions", () => {
  it("creates with indexParams (indexed + loaded), describes with describe-shaped keys, is idempotent", async () => {
    expect((await milvus(emu, "collections/create", SCHEMA_BODY)).body).toEqual({ code: 0, data: {} });
    expect((await milvus(emu, "collections/create", { ...SCHEMA_BODY, unknownKey: 1 })).body.code).toBe(0);
    const d = (await milvus(emu, "collections/describe", { collectionName: "docs" })).body;
    expect(d.code).toBe(0);
    expect(d.data).toMatchObject({
      collectionName: "docs",
      autoId: false,
      enableDynamicField: true,
      load: "LoadStateLoaded",
      indexes: [{ fieldName: "vec", indexName: "vec_idx", metricType: "L2" }],
    });
    const fields = (d.data as { fields: Record<string, unknown>[] }).fields;
    expect(fields.map((f) => [f.name, f.type, f.primaryKey])).toEqual([
      ["id", "Int64", true],
      ["title", "VarChar", false],
      ["vec", "FloatVector", false],
    ]);
    expect(fields[2].params).toEqual([{ key: "dim", value: "2" }]);
    expect((await milvus(emu, "collections/has", { collectionName: "docs" })).body).toEqual({
      code: 0,
      data: { has: true },
    });
    expect((await milvus(emu, "collections/has", { collectionName: "nope" })).body).toEqual({
      code: 0,
      data: { has: false },
    });
    expect((await milvus(emu, "collections/list", {})).body.data).toContain("docs");
    expect((await milvus(emu, "collections/get_load_state", { collectionName: "docs" })).body.data).toEqual({
      loadState: "LoadStateLoaded",
      loadProgress: 100,
      message: "",
    });
    expect((await milvus(emu, "indexes/list", { collectionName: "docs" })).body.data).toEqual(["vec_idx"]);
    const ix = (await milvus(emu, "indexes/describe", { collectionName: "docs", indexName: "vec_idx" })).body
      .data as Record<string, unknown>[];
    expect(ix[0]).toMatchObject({
      indexName: "vec_idx",
      fieldName: "vec",
      indexState: "Finished",
      metricType: "L2",
    });
  });

  it("quick-creates (id/vector, COSINE index, loaded) and manages partitions", async () => {
    expect(
      (await milvus(emu, "collections/create", { collectionName: "quick", dimension: 3 })).body.code,
    ).toBe(0);
    const d = (await milvus(emu, "collections/describe", { collectionName: "quick" })).body.data as Record<
      string,
      unknown
    >;
    expect(d).toMatchObject({
      load: "LoadStateLoaded",
      enableDynamicField: true,
      indexes: [{ fieldName: "vector", metricType: "COSINE" }],
    });
    expect(
      (await milvus(emu, "partitions/create", { collectionName: "quick", partitionName: "p1" })).body.code,
    ).toBe(0);
    expect((await milvus(emu, "partitions/list", { collectionName: "quick" })).body.data).toEqual([
      "_default",
      "p1",
    ]);
    expect(
      (await milvus(emu, "partitions/has", { collectionName: "quick", partitionName: "p1" })).body.data,
    ).toEqual({ has: true });
    expect(
      (await milvus(emu, "partitions/drop", { collectionName: "quick", partitionName: "p1" })).body.code,
    ).toBe(0);
    expect((await milvus(emu, "partitions/list", { collectionName: "quick" })).body.data).toEqual([
      "_default",
    ]);
  });

  it("does not reject: dropping a missing collection, unknown keys, a body without Content-Type", async () => {
    expect((await milvus(emu, "collections/drop", { collectionName: "never_existed" })).body).toEqual({
      code: 0,
      data: {},
    });
    const res = await fetch(`${emu.url}/v2/vectordb/collections/has`, {
      method: "POST",
      body: new TextEncoder().encode('{"collectionName":"docs","x":[1]}'),
    });
    expect(await res.json()).toEqual({ code: 0, data: { has: true } });
  });
});

describe("collection properties", () => {
  it("alter_properties stores string values, needs properties (1802) and an existing collection (100)", async () => {
    await milvus(emu, "collections/create", SCHEMA_BODY);
    const ok = await milvus(emu, "collections/alter_properties", {
      collectionName: "docs",
      properties: { "collection.ttl.seconds": 60 },
    });
    expect(ok.body).toEqual({ code: 0, data: {} });
    const d = (await milvus(emu, "collections/describe", { collectionName: "docs" })).body.data as {
      properties: { key: string; value: string }[];
    };
    expect(d.properties).toContainEqual({ key: "collection.ttl.seconds", value: "60" });
    expect((await milvus(emu, "collections/alter_properties", { collectionName: "docs" })).body.code).toBe(
      1802,
    );
    const missing = await milvus(emu, "collections/alter_properties", {
      collectionName: "nope",
      properties: {},
    });
    expect(missing.body.code).toBe(100);
  });
});

describe("aliases and idempotency", () => {
  it("creates, resolves, moves and drops aliases; queries through an alias", async () => {
    expect(
      (await milvus(emu, "aliases/create", { collectionName: "docs", aliasName: "docs_live" })).body,
    ).toEqual({ code: 0, data: {} });
    expect((await milvus(emu, "aliases/list", { collectionName: "docs" })).body.data).toEqual(["docs_live"]);
    expect((await milvus(emu, "aliases/describe", { aliasName: "docs_live" })).body.data).toEqual({
      aliasName: "docs_live",
      collectionName: "docs",
      dbName: "default",
    });
    expect(
      (await milvus(emu, "collections/describe", { collectionName: "docs_live" })).body.data,
    ).toMatchObject({ collectionName: "docs" });
    expect(
      (await milvus(emu, "aliases/create", { collectionName: "quick", aliasName: "docs_live" })).body.code,
    ).toBe(65535);
    expect((await milvus(emu, "collections/drop", { collectionName: "docs_live" })).body).toEqual({
      code: 1100,
      message: "cannot drop the collection via alias = docs_live: invalid parameter",
    });
    expect(
      (await milvus(emu, "aliases/alter", { collectionName: "quick", aliasName: "docs_live" })).body.code,
    ).toBe(0);
    expect((await milvus(emu, "aliases/describe", { aliasName: "docs_live" })).body.data).toMatchObject({
      collectionName: "quick",
    });
    expect((await milvus(emu, "aliases/drop", { aliasName: "docs_live" })).body.code).toBe(0);
    expect((await milvus(emu, "aliases/describe", { aliasName: "docs_live" })).body.code).toBe(65535);
  });

  it("returns the original jobId for a retried Idempotency-Key on the same collection", async () => {
    const body = { collectionName: "docs", files: [["run1/1.json"]] };
    const a = await milvus(emu, "jobs/import/create", body, { "Idempotency-Key": "retry-1" });
    const b = await milvus(emu, "jobs/import/create", body, { "Idempotency-Key": "retry-1" });
    expect(a.body.code).toBe(0);
    expect(b.body.data).toEqual(a.body.data);
    const c = await milvus(emu, "jobs/import/create", body, { "Idempotency-Key": "retry-2" });
    expect(c.body.data).not.toEqual(a.body.data);
    for (const r of [a, c]) await waitMilvusJob(emu, (r.body.data as { jobId: string }).jobId);
    await milvus(emu, "entities/delete", { collectionName: "docs", filter: "id >= 0" });
  });
});

describe("import jobs and entities", () => {
  it("imports bucket-relative keys, reports Milvus progress shapes on get_progress/describe/list, counts and queries", async () => {
    const created = await milvus(emu, "jobs/import/create", {
      collectionName: "docs",
      files: [["run1/1.json"]],
      options: { timeout: "300s" },
    });
    expect(created.body.code).toBe(0);
    const jobId = (created.body.data as { jobId: string }).jobId;
    expect(jobId).toMatch(/^\d+$/);
    const done = await waitMilvusJob(emu, jobId);
    expect(done).toMatchObject({
      jobId,
      collectionName: "docs",
      state: "Completed",
      progress: 100,
      importedRows: 3,
      totalRows: 3,
    });
    expect(done).not.toHaveProperty("reason");
    expect(done.completeTime).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((done.details as Record<string, unknown>[])[0]).toMatchObject({
      fileName: "[run1/1.json]",
      state: "Completed",
      progress: 100,
    });
    const viaDescribe = (await milvus(emu, "jobs/import/describe", { jobId })).body.data;
    expect(viaDescribe).toEqual(done);
    const list = (
      await milvus(emu, "jobs/import/list", { collectionName: "docs", pageSize: 1, currentPage: 9 })
    ).body.data as { records: unknown[] };
    expect(list.records).toContainEqual({ jobId, collectionName: "docs", state: "Completed", progress: 100 });

    const count = await milvus(emu, "entities/query", {
      collectionName: "docs",
      filter: "",
      outputFields: ["count(*)"],
    });
    expect(count.body).toEqual({ code: 0, cost: 0, data: [{ "count(*)": 3 }] });
    const byPk = await milvus(emu, "entities/query", {
      collectionName: "docs",
      filter: "id in [2]",
      outputFields: ["title", "color"],
    });
    expect(byPk.body.data).toEqual([{ id: "2", title: "two", color: "red" }]);
    const asInt = await milvus(
      emu,
      "entities/query",
      { collectionName: "docs", filter: "id == 2", outputFields: ["id"] },
      { "Accept-Type-Allow-Int64": "true" },
    );
    expect(asInt.body.data).toEqual([{ id: 2 }]);
    const hits = await milvus(emu, "entities/search", {
      collectionName: "docs",
      data: [[0.9, 0.1]],
      limit: 1,
      outputFields: ["title"],
    });
    expect(hits.body.data).toEqual([{ id: "1", title: "one", distance: expect.closeTo(0.02, 5) }]);
    expect(
      (await milvus(emu, "entities/delete", { collectionName: "docs", filter: "id in [1,3]" })).body.code,
    ).toBe(0);
    const after = await milvus(emu, "entities/query", {
      collectionName: "docs",
      filter: "id >= 0",
      outputFields: ["count(*)"],
    });
    expect(after.body.data).toEqual([{ "count(*)": 1 }]);
  });

  it("fails jobs asynchronously (state Failed, progress 0, reason): missing file, bad data, file over the size limit", async () => {
    writeFile(emu.bucket, "bad/1.json", JSON.stringify([{ id: 1, title: "x", vec: [1, 2, 3] }]));
    writeFile(emu.bucket, "big/1.json", JSON.stringify([{ id: 1, title: "x".repeat(5000), vec: [1, 2] }]));
    const ids = Buffer.concat([npyHeader("<i8", [2]), Buffer.from(new BigInt64Array([1n, 2n]).buffer)]);
    const vec = Buffer.concat([npyHeader("<f4", [1, 2]), Buffer.from(new Float32Array([1, 2]).buffer)]);
    const titles = Buffer.concat([npyHeader("<U1", [2]), Buffer.from(new Uint32Array([97, 98]).buffer)]);
    writeFile(emu.bucket, "np/id.npy", ids);
    writeFile(emu.bucket, "np/vec.npy", vec);
    writeFile(emu.bucket, "np/title.npy", titles);
    const numpy = await milvus(emu, "jobs/import/create", {
      collectionName: "docs",
      files: [["np/id.npy", "np/vec.npy", "np/title.npy"]],
    });
    const npJob = await waitMilvusJob(emu, (numpy.body.data as { jobId: string }).jobId);
    expect(npJob).toMatchObject({ state: "Failed", progress: 0 });
    expect(npJob.reason).toMatch(/numpy row count mismatch: field 'id' has 2 rows, field 'vec' has 1/);
    const cases: [string, RegExp][] = [
      ["missing/1.json", /failed to stat file 'missing\/1.json': the object does not exist/],
      [
        "bad/1.json",
        /bad\/1.json, row 1, field 'vec': expected dim '2' for field 'vec' with type 'FloatVector', got dim '3'/,
      ],
      [
        "big/1.json",
        /^The import file size has reached the maximum limit allowed for importing, fileSize=\d+, maxSize=4096$/,
      ],
    ];
    for (const [file, reason] of cases) {
      const r = await milvus(emu, "jobs/import/create", { collectionName: "docs", files: [[file]] });
      expect(r.body.code).toBe(0);
      const job = await waitMilvusJob(emu, (r.body.data as { jobId: string }).jobId);
      expect(job).toMatchObject({ state: "Failed", progress: 0, importedRows: 0 });
      expect(job.reason).toMatch(reason);
    }
  });
});

describe("rejections (contract §8.3)", () => {
  it("body binding: non-JSON, empty body, type mismatches → 1801", async () => {
    expectErr(
      await call(`${emu.url}/v2/vectordb/collections/has`, { raw: "{not json" }),
      1801,
      /^can only accept json format request, error: /,
    );
    expectErr(
      await call(`${emu.url}/v2/vectordb/collections/has`, { raw: "" }),
      1801,
      "can only accept json format request, the request body should be nil, however {} is valid",
    );
    expectErr(
      await milvus(emu, "jobs/import/get_progress", { jobId: 123 }),
      1801,
      /cannot unmarshal number into Go struct field GetImportReq.jobId of type string/,
    );
    expectErr(
      await milvus(emu, "jobs/import/create", { collectionName: "docs", files: ["a.parquet"] }),
      1801,
      /of type \[\]\[\]string/,
    );
    expectErr(
      await milvus(emu, "jobs/import/create", {
        collectionName: "docs",
        files: [["a.parquet"]],
        options: { timeout: 30 },
      }),
      1801,
      /map\[string\]string/,
    );
  });

  it("required fields → 1802", async () => {
    expectErr(
      await milvus(emu, "jobs/import/create", { collectionName: "docs", files: null }),
      1802,
      "missing required parameters, error: Key: 'ImportReq.Files' Error:Field validation for 'Files' failed on the 'required' tag",
    );
    expectErr(
      await milvus(emu, "jobs/import/create", { files: [["a.json"]] }),
      1802,
      /'ImportReq.CollectionName'/,
    );
    expectErr(await milvus(emu, "jobs/import/get_progress", {}), 1802, /'GetImportReq.JobID'/);
    expectErr(
      await milvus(emu, "partitions/create", { collectionName: "docs" }),
      1802,
      /'PartitionReq.PartitionName'/,
    );
    expectErr(
      await milvus(emu, "indexes/describe", { collectionName: "docs" }),
      1802,
      /'IndexReq.IndexName'/,
    );
    expectErr(await milvus(emu, "indexes/drop", { collectionName: "docs" }), 1802, /'IndexReq.IndexName'/);
    expectErr(
      await milvus(emu, "indexes/create", { collectionName: "docs", indexParams: [{ indexName: "x" }] }),
      1802,
      /'IndexParam.FieldName'/,
    );
    expectErr(
      await milvus(emu, "collections/create", {
        ...SCHEMA_BODY,
        collectionName: "c2",
        indexParams: [{ fieldName: "nope", metricType: "L2" }],
      }),
      1802,
      "missing required parameters, error: `nope` hasn't defined in schema",
    );
  });

  it("collection not found → 100 across operations", async () => {
    const nf = "collection not found[database=default][collection=ghost]";
    expectErr(
      await milvus(emu, "jobs/import/create", { collectionName: "ghost", files: [["a.json"]] }),
      100,
      nf,
    );
    for (const p of [
      "collections/describe",
      "collections/load",
      "collections/get_load_state",
      "indexes/list",
      "partitions/list",
    ]) {
      expectErr(await milvus(emu, p, { collectionName: "ghost" }), 100, nf);
    }
    expectErr(
      await milvus(emu, "entities/query", { collectionName: "ghost", outputFields: ["count(*)"] }),
      100,
      nf,
    );
    expectErr(
      await milvus(emu, "partitions/create", { collectionName: "ghost", partitionName: "p" }),
      100,
      nf,
    );
    expectErr(await milvus(emu, "indexes/drop", { collectionName: "ghost", indexName: "i" }), 100, nf);
  });

  it("import request checks: empty, too many groups, mixed/unsupported/multiple files, partition key", async () => {
    expectErr(
      await milvus(emu, "jobs/import/create", { collectionName: "docs", files: [[], []] }),
      1100,
      "import request is empty: invalid parameter",
    );
    const many = Array.from({ length: 1025 }, (_, i) => [`f${i}.parquet`]);
    expectErr(
      await milvus(emu, "jobs/import/create", { collectionName: "docs", files: many }),
      2100,
      "The max number of import files should not exceed 1024, but got 1025: importing data failed",
    );
    expectErr(
      await milvus(emu, "jobs/import/create", {
        collectionName: "docs",
        files: [["a/x.npy", "a/y.parquet"]],
      }),
      2100,
      "inconsistency in file types, (a/x.npy) vs (a/y.parquet): importing data failed",
    );
    for (const [ext, label] of [
      ["json", "JSON"],
      ["parquet", "Parquet"],
      ["csv", "CSV"],
    ]) {
      expectErr(
        await milvus(emu, "jobs/import/create", {
          collectionName: "docs",
          files: [[`a.${ext}`, `b.${ext}`]],
        }),
        2100,
        `for ${label} import, accepts only one file: importing data failed`,
      );
    }
    expectErr(
      await milvus(emu, "jobs/import/create", { collectionName: "docs", files: [["a.txt"]] }),
      2100,
      "unexpect file type, files=[a.txt]: importing data failed",
    );
    const pk = {
      collectionName: "pkeyed",
      schema: {
        fields: [
          { fieldName: "id", dataType: "Int64", isPrimary: true },
          {
            fieldName: "tenant",
            dataType: "VarChar",
            isPartitionKey: true,
            elementTypeParams: { max_length: 8 },
          },
          { fieldName: "v", dataType: "FloatVector", elementTypeParams: { dim: 2 } },
        ],
      },
    };
    expect((await milvus(emu, "collections/create", pk)).body.code).toBe(0);
    expectErr(
      await milvus(emu, "jobs/import/create", {
        collectionName: "pkeyed",
        partitionName: "p",
        files: [["a.json"]],
      }),
      2100,
      "not allow to set partition name for collection with partition key: importing data failed",
    );
  });

  it("job progress: non-numeric and unknown ids → 2100", async () => {
    expectErr(
      await milvus(emu, "jobs/import/get_progress", { jobId: "job-x" }),
      2100,
      'parse job id failed, err=%wstrconv.ParseInt: parsing "job-x": invalid syntax: importing data failed',
    );
    expectErr(
      await milvus(emu, "jobs/import/describe", { jobId: "123" }),
      2100,
      "import job does not exist, jobID=123: importing data failed",
    );
  });

  it("collection create: names, quick-create params, types, defaults, duplicates, consistency", async () => {
    const mk = (over: Record<string, unknown>) =>
      milvus(emu, "collections/create", { ...SCHEMA_BODY, ...over });
    expectErr(
      await milvus(emu, "collections/create", { collectionName: "9abc", dimension: 2 }),
      1100,
      "Invalid collection name: 9abc. the first character of a collection name must be an underscore or letter: invalid parameter",
    );
    expectErr(
      await milvus(emu, "collections/create", { collectionName: "a-b", dimension: 2 }),
      1100,
      /collection name can only contain numbers, letters and underscores/,
    );
    expectErr(
      await milvus(emu, "collections/create", { collectionName: "a".repeat(256), dimension: 2 }),
      1100,
      /must be less than 255 characters/,
    );
    expectErr(
      await milvus(emu, "collections/create", { collectionName: "q2" }),
      1100,
      "dimension is required for quickly create collection(default metric type: COSINE): invalid parameter",
    );
    expectErr(
      await milvus(emu, "collections/create", { collectionName: "q2", dimension: 2, idType: "String" }),
      1100,
      "idType can only be [Int64, VarChar], default: Int64",
    );
    const typed = (fields: unknown[]) => mk({ collectionName: "t1", schema: { fields }, indexParams: [] });
    expectErr(
      await typed([
        { fieldName: "id", dataType: "Int64", isPrimary: true },
        { fieldName: "s", dataType: "Varchar" },
      ]),
      1100,
      "invalid parameter, data type Varchar is invalid(case sensitive).",
    );
    expectErr(
      await typed([
        { fieldName: "id", dataType: "Int64", isPrimary: true },
        { fieldName: "a", dataType: "Array", elementDataType: "int32" },
      ]),
      1100,
      "invalid parameter, element data type int32 is invalid(case sensitive).",
    );
    expectErr(
      await typed([
        { fieldName: "id", dataType: "Int64", isPrimary: true },
        { fieldName: "n", dataType: "Int32", defaultValue: "x" },
      ]),
      1100,
      /^convert defaultValue fail, err:.*Wrong defaultValue type/,
    );
    expectErr(
      await mk({ schema: { ...SCHEMA_BODY.schema, enableDynamicField: false } }),
      65535,
      "create duplicate collection with different parameters, collection: docs",
    );
    expectErr(
      await mk({ collectionName: "t2", params: { consistencyLevel: "Weak" } }),
      1100,
      "consistencyLevel can only be [Strong, Session, Bounded, Eventually, Customized], default: Bounded",
    );
  });

  it("load state rules: query when not loaded → 101, count(*) with limit → 1100, drop index while loaded → 65535, load without index → 700", async () => {
    const plain = { ...SCHEMA_BODY, collectionName: "plain", indexParams: undefined };
    expect((await milvus(emu, "collections/create", plain)).body.code).toBe(0);
    expectErr(
      await milvus(emu, "entities/query", { collectionName: "plain", outputFields: ["count(*)"] }),
      101,
      /^failed to query: collection not loaded\[collection=\d+\]$/,
    );
    expectErr(await milvus(emu, "collections/load", { collectionName: "plain" }), 700, /^index not found/);
    expectErr(
      await milvus(emu, "entities/query", { collectionName: "docs", outputFields: ["count(*)"], limit: 10 }),
      1100,
      "count entities with pagination is not allowed: invalid parameter",
    );
    expectErr(
      await milvus(emu, "indexes/drop", { collectionName: "docs", indexName: "vec_idx" }),
      65535,
      "index cannot be dropped, collection is loaded, please release it first",
    );
    expect((await milvus(emu, "collections/release", { collectionName: "docs" })).body.code).toBe(0);
    expect((await milvus(emu, "collections/get_load_state", { collectionName: "docs" })).body.data).toEqual({
      loadState: "LoadStateNotLoad",
    });
    expect((await milvus(emu, "collections/load", { collectionName: "docs" })).body.code).toBe(0);
  });

  it("auth: with users configured, bad or missing credentials → HTTP 401 code 1800", async () => {
    const secured = await startTestEmulator({ users: { root: "Milvus" } });
    try {
      const none = await milvus(secured, "collections/list", {});
      expect(none).toEqual({ status: 401, body: { code: 1800, message: "user hasn't authenticated" } });
      const wrong = await milvus(secured, "collections/list", {}, { Authorization: "Bearer root:wrong" });
      expect(wrong.status).toBe(401);
      const good = await milvus(secured, "collections/list", {}, { Authorization: "Bearer root:Milvus" });
      expect(good.body).toEqual({ code: 0, data: [] });
      const basic = await milvus(
        secured,
        "collections/list",
        {},
        { Authorization: `Basic ${Buffer.from("root:Milvus").toString("base64")}` },
      );
      expect(basic.body.code).toBe(0);
    } finally {
      await secured.stop();
    }
  });

  it("unfinished-job limit → 2100", async () => {
    const limited = await startTestEmulator({
      engine: { maxUnfinishedJobs: 1 },
      faults: { stallAtProgress: 10 },
    });
    try {
      writeFile(limited.bucket, "1.json", ROWS_JSON);
      expect((await milvus(limited, "collections/create", SCHEMA_BODY)).body.code).toBe(0);
      expect(
        (await milvus(limited, "jobs/import/create", { collectionName: "docs", files: [["1.json"]] })).body
          .code,
      ).toBe(0);
      expectErr(
        await milvus(limited, "jobs/import/create", { collectionName: "docs", files: [["1.json"]] }),
        2100,
        /^The number of jobs has reached the limit, please try again later\./,
      );
    } finally {
      limited.faults.reset();
      await limited.stop();
    }
  });

  it("serves the cluster face under /clusters/<clusterId> for known clusters only", async () => {
    const known = await call(`${emu.clusterUrl(emu.clusters[0].clusterId)}/v2/vectordb/collections/has`, {
      body: { collectionName: "docs" },
    });
    expect(known.body).toEqual({ code: 0, data: { has: true } });
    expect(
      (
        await call(`${emu.clusterUrl("in09-unknown000000")}/v2/vectordb/collections/has`, {
          body: { collectionName: "docs" },
        })
      ).status,
    ).toBe(404);
  });

  it("unknown routes and wrong methods are HTTP 404 like gin", async () => {
    expect((await milvus(emu, "collections/frobnicate", {})).status).toBe(404);
    expect((await call(`${emu.url}/v2/vectordb/collections/list`, { method: "GET" })).status).toBe(404);
  });
});
