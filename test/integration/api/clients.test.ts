/**
 * The three API clients over real HTTP against a scripted server answering with the documented
 * response shapes of Zilliz Cloud and Milvus: request paths, methods, bodies and headers the clients
 * send, and how they map responses onto the one job model and our schema model.
 */
import { createCollectionApi, createImportApi } from "../../../provider/api/factory";
import type { MilvusV2Client } from "../../../provider/api/milvusV2";
import type { CollectionSchema } from "../../../provider/schema/types";
import { type Reply, type ScriptedServer, startScriptedServer } from "../../helpers/scriptedHttpServer";

const common = { rateLimit: false as const, backoff: { baseMs: 5, maxMs: 20 } };
let server: ScriptedServer;
const closers: Array<{ close(): Promise<void> }> = [];
const track = <T extends { close(): Promise<void> }>(c: T): T => {
  closers.push(c);
  return c;
};

beforeEach(async () => {
  server = await startScriptedServer(() => ({ status: 404, text: "404 page not found" }));
});
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c.close()));
  await server.close();
});

describe("Zilliz v1", () => {
  const v1 = () =>
    track(
      createImportApi({
        kind: "zilliz-v1",
        endpoint: server.url,
        apiKey: "zk-secret-1234",
        clusterId: "in03-181766e3f9556b7",
        ...common,
      }),
    );

  test("startImport posts the seed's body and returns data.jobId", async () => {
    server.setHandler(() => ({
      json: { code: 200, data: { jobId: "9d0bc230-6b99-4739-a872-0b91cfe2515a" } },
    }));
    const { jobId } = await v1().startImport({
      collectionName: "medium_articles",
      files: [["gs://publicdataset/medium_articles/"]],
      storageCredentials: { accessKey: "ak-1", secretKey: "sk-1" },
    });
    expect(jobId).toBe("9d0bc230-6b99-4739-a872-0b91cfe2515a");
    const r = server.requests[0];
    expect([r.method, r.path]).toEqual(["POST", "/v1/vector/collections/import"]);
    expect(r.json).toEqual({
      clusterId: "in03-181766e3f9556b7",
      collectionName: "medium_articles",
      objectUrl: "gs://publicdataset/medium_articles/",
      accessKey: "ak-1",
      secretKey: "sk-1",
    });
    expect(r.headers.authorization).toBe("Bearer zk-secret-1234");
  });

  test("startImport rejects several URLs with a pointer to v2, before any request", async () => {
    await expect(
      v1().startImport({ collectionName: "c", files: [["s3://b/1.parquet"], ["s3://b/2.parquet"]] }),
    ).rejects.toThrow(/exactly one object URL.*use the v2 API/);
    expect(server.requests).toHaveLength(0);
  });

  test("getJob is a GET with jobId and clusterId in the query", async () => {
    server.setHandler(() => ({
      json: {
        code: 200,
        data: {
          jobId: "j",
          collectionName: "c",
          fileName: "d/",
          fileSize: 10,
          readyPercentage: 0.5,
          completeTime: null,
          errorMessage: null,
          details: [],
        },
      },
    }));
    const job = await v1().getJob("j");
    const r = server.requests[0];
    expect(r.method).toBe("GET");
    expect(r.path).toBe("/v1/vector/collections/import/get");
    expect(Object.fromEntries(r.query)).toEqual({ jobId: "j", clusterId: "in03-181766e3f9556b7" });
    expect(job).toMatchObject({ state: "Importing", progress: 0.5 });
  });

  test("listJobs pages through `tasks` and `records` responses", async () => {
    const rec = (i: number) => ({
      collectionName: i % 2 ? "a" : "b",
      jobId: `job-${i}`,
      state: "ImportCompleted",
    });
    server.setHandler((r) => {
      const page = Number(r.query.get("currentPage"));
      const size = Number(r.query.get("pageSize"));
      const all = Array.from({ length: 7 }, (_, i) => rec(i));
      const slice = all.slice((page - 1) * size, page * size);
      // First page uses the examples' key, the second the schema tables' key.
      return {
        json: {
          code: 200,
          data: { count: 7, currentPage: page, pageSize: size, [page === 1 ? "tasks" : "records"]: slice },
        },
      };
    });
    const api = track(
      createImportApi({
        kind: "zilliz-v1",
        endpoint: server.url,
        apiKey: "k",
        clusterId: "in03-181766e3f9556b7",
        listPageSize: 5,
        ...common,
      }),
    );
    const all = await api.listJobs();
    expect(all.map((j) => j.jobId)).toEqual(["job-0", "job-1", "job-2", "job-3", "job-4", "job-5", "job-6"]);
    expect(all.every((j) => j.state === "Completed")).toBe(true);
    expect(server.requests.map((r) => r.query.get("currentPage"))).toEqual(["1", "2"]);
    expect((await api.listJobs({ collectionName: "a" })).map((j) => j.jobId)).toEqual([
      "job-1",
      "job-3",
      "job-5",
    ]);
  });

  test("documented v1 errors come back typed", async () => {
    server.setHandler(() => ({ json: { code: 90144, message: "No jobId record found under this cluster" } }));
    await expect(v1().getJob("nope")).rejects.toMatchObject({
      kind: "business",
      code: 90144,
      transient: false,
      meaning: "No such job under this cluster",
    });
  });
});

describe("Zilliz v2", () => {
  const v2 = (extra: Record<string, unknown> = {}) =>
    track(
      createImportApi({
        kind: "zilliz-v2",
        endpoint: server.url,
        apiKey: "zk2-secret",
        clusterId: "in03-5f2a9c1e7b3d4a0",
        ...common,
        ...extra,
      }),
    );

  test("create sends objectUrls, token, dbName, partitionName, options", async () => {
    server.setHandler(() => ({ json: { code: 0, data: { jobId: "job-4k2m9q8r7t6y5u4i3o2p1a" } } }));
    const { jobId } = await v2().startImport({
      dbName: "db1",
      collectionName: "articles",
      partitionName: "p1",
      files: [["s3://b/pq/1.parquet"], ["s3://b/np/1/"]],
      options: { timeout: "300s" },
      storageCredentials: { accessKey: "AK", secretKey: "SK", token: "STS" },
    });
    expect(jobId).toBe("job-4k2m9q8r7t6y5u4i3o2p1a");
    expect(server.requests[0].path).toBe("/v2/vectordb/jobs/import/create");
    expect(server.requests[0].json).toEqual({
      clusterId: "in03-5f2a9c1e7b3d4a0",
      collectionName: "articles",
      objectUrls: [["s3://b/pq/1.parquet"], ["s3://b/np/1/"]],
      accessKey: "AK",
      secretKey: "SK",
      token: "STS",
      dbName: "db1",
      partitionName: "p1",
      options: { timeout: "300s" },
    });
  });

  test("data.jobID casing is accepted", async () => {
    server.setHandler(() => ({ json: { code: 0, data: { jobID: "job-x" } } }));
    expect((await v2().startImport({ collectionName: "c", files: [["gs://b/f.json"]] })).jobId).toBe("job-x");
  });

  test("an inner list with several URLs is rejected locally", async () => {
    await expect(
      v2().startImport({ collectionName: "c", files: [["s3://b/np/id.npy", "s3://b/np/v.npy"]] }),
    ).rejects.toThrow(/one URL per inner list.*folder URL/);
  });

  test("progress falls back through getProgress -> describe on 404 and remembers it", async () => {
    const progress = {
      code: 0,
      data: {
        jobId: "job-1",
        collectionName: "c",
        state: "Importing",
        progress: 45,
        importedRows: 1,
        totalRows: 2,
        details: [],
      },
    };
    server.setHandler((r) =>
      r.path.endsWith("/describe") ? { json: progress } : { status: 404, text: "404 page not found" },
    );
    const api = v2();
    expect(await api.getJob("job-1")).toMatchObject({
      state: "Importing",
      progress: 0.45,
      importedRows: 1,
      totalRows: 2,
    });
    await api.getJob("job-1");
    expect(server.requests.map((r) => r.path.split("/").pop())).toEqual([
      "getProgress",
      "describe",
      "describe",
    ]);
    expect(server.requests[1].json).toEqual({ clusterId: "in03-5f2a9c1e7b3d4a0", jobId: "job-1" });
  });

  test("list pages with records", async () => {
    server.setHandler((r) => {
      const b = r.json as { currentPage: number; pageSize: number };
      const all = Array.from({ length: 3 }, (_, i) => ({
        collectionName: "c",
        jobId: `j${i}`,
        state: i ? "Completed" : "Failed",
      }));
      return {
        json: {
          code: 0,
          data: {
            count: 3,
            currentPage: b.currentPage,
            pageSize: b.pageSize,
            records: all.slice((b.currentPage - 1) * b.pageSize, b.currentPage * b.pageSize),
          },
        },
      };
    });
    const jobs = await v2({ listPageSize: 2 }).listJobs({ collectionName: "c" });
    expect(jobs.map((j) => [j.jobId, j.state])).toEqual([
      ["j0", "Failed"],
      ["j1", "Completed"],
      ["j2", "Completed"],
    ]);
    expect(server.requests[0].json).toMatchObject({
      clusterId: "in03-5f2a9c1e7b3d4a0",
      pageSize: 2,
      currentPage: 1,
      collectionName: "c",
    });
  });

  test("21119 bad API key is a typed permanent error", async () => {
    server.setHandler(() => ({ json: { code: 21119, message: "The apikey is illegal." } }));
    await expect(v2().getJob("j")).rejects.toMatchObject({
      code: 21119,
      transient: false,
      hint: expect.stringContaining("API key"),
    });
  });
});

describe("Milvus REST v2", () => {
  const schema: CollectionSchema = {
    enableDynamicField: true,
    fields: [
      { name: "id", dataType: "INT64", isPrimary: true },
      { name: "title", dataType: "VARCHAR", maxLength: 64 },
      { name: "counts", dataType: "ARRAY", elementType: "INT64", maxCapacity: 4 },
      { name: "v", dataType: "FLOAT_VECTOR", dim: 4 },
    ],
  };
  const describeData = {
    collectionName: "c",
    collectionID: 457000000000000001n.toString(),
    description: "",
    autoId: false,
    enableDynamicField: true,
    shardsNum: 1,
    partitionsNum: 1,
    consistencyLevel: "Bounded",
    load: "LoadStateLoaded",
    aliases: [],
    properties: [{ key: "collection.ttl.seconds", value: "3600" }],
    functions: [],
    fields: [
      {
        name: "id",
        id: 100,
        type: "Int64",
        primaryKey: true,
        autoId: false,
        partitionKey: false,
        clusteringKey: false,
        nullable: false,
        description: "",
      },
      {
        name: "title",
        id: 101,
        type: "VarChar",
        params: [{ key: "max_length", value: "64" }],
        primaryKey: false,
        autoId: false,
        nullable: false,
        description: "",
      },
      {
        name: "counts",
        id: 102,
        type: "Array",
        elementType: "Int64",
        params: [{ key: "max_capacity", value: "4" }],
        nullable: false,
        description: "",
      },
      {
        name: "v",
        id: 103,
        type: "FloatVector",
        params: [{ key: "dim", value: "4" }],
        nullable: false,
        description: "",
      },
    ],
    indexes: [{ fieldName: "v", indexName: "v_idx", metricType: "COSINE" }],
  };

  function milvus(extra: Record<string, unknown> = {}): MilvusV2Client {
    return track(createCollectionApi({ endpoint: server.url, token: "root:Milvus", ...common, ...extra }));
  }

  function routes(table: Record<string, (body: any) => Reply>) {
    server.setHandler((r) => {
      const name = r.path.replace("/v2/vectordb/", "");
      const h = table[name];
      return h ? h(r.json) : { status: 404, text: "404 page not found" };
    });
  }

  test("createCollection sends the REST schema and index params", async () => {
    routes({ "collections/create": () => ({ json: { code: 0, data: {} } }) });
    await milvus().createCollection({
      dbName: "default",
      collectionName: "c",
      schema,
      indexes: [{ fieldName: "v", indexName: "v_idx", indexType: "AUTOINDEX", metricType: "COSINE" }],
      properties: { consistencyLevel: "Strong" },
    });
    expect(server.requests[0].json).toEqual({
      dbName: "default",
      collectionName: "c",
      schema: {
        autoID: false,
        enableDynamicField: true,
        fields: [
          { fieldName: "id", dataType: "Int64", isPrimary: true },
          { fieldName: "title", dataType: "VarChar", elementTypeParams: { max_length: 64 } },
          {
            fieldName: "counts",
            dataType: "Array",
            elementDataType: "Int64",
            elementTypeParams: { max_capacity: 4 },
          },
          { fieldName: "v", dataType: "FloatVector", elementTypeParams: { dim: 4 } },
        ],
      },
      indexParams: [{ fieldName: "v", indexName: "v_idx", indexType: "AUTOINDEX", metricType: "COSINE" }],
      params: { consistencyLevel: "Strong" },
    });
  });

  test("describeCollection maps the describe shape back to our model, with index type and partitions", async () => {
    routes({
      "collections/describe": () => ({ json: { code: 0, message: "", data: describeData } }),
      "indexes/describe": (b) => ({
        json: {
          code: 0,
          data: [
            {
              indexName: b.indexName,
              fieldName: "v",
              indexType: "HNSW",
              metricType: "COSINE",
              indexState: "Finished",
              totalRows: 10,
              indexedRows: 10,
              pendingRows: 0,
              indexParams: [{ key: "M", value: "16" }],
            },
          ],
        },
      }),
      "partitions/list": () => ({ json: { code: 0, data: ["_default", "p2025"] } }),
    });
    const d = await milvus().describeCollection("default", "c");
    expect(d).toEqual({
      dbName: "default",
      collectionName: "c",
      description: "",
      schema,
      indexes: [
        { fieldName: "v", indexName: "v_idx", indexType: "HNSW", metricType: "COSINE", params: { M: "16" } },
      ],
      loadState: "Loaded",
      partitions: ["_default", "p2025"],
      properties: { "collection.ttl.seconds": "3600" },
    });
  });

  test("missing collection: describe -> undefined, load state NotExist, drop is fine", async () => {
    const notFound = () => ({
      json: { code: 100, message: "collection not found[database=default][collection=x]" },
    });
    routes({
      "collections/describe": notFound,
      "collections/get_load_state": notFound,
      "collections/drop": () => ({ json: { code: 0, data: {} } }),
    });
    const m = milvus();
    expect(await m.describeCollection("default", "x")).toBeUndefined();
    expect(await m.getLoadState("default", "x")).toBe("NotExist");
    await m.dropCollection("default", "x");
  });

  test("count(*) and query return int64 as BigInt without precision loss", async () => {
    routes({
      "collections/describe": () => ({ json: { code: 0, data: describeData } }),
      "entities/query": (b) =>
        b.outputFields?.[0] === "count(*)"
          ? { json: { code: 0, cost: 0, data: [{ "count(*)": 20000 }] } }
          : // With Accept-Type-Allow-Int64: false the server sends int64 as strings.
            {
              json: {
                code: 0,
                cost: 0,
                data: [
                  {
                    id: "9223372036854775807",
                    title: "12345678901234567890",
                    counts: ["9007199254740993", "1"],
                    extra: 5,
                  },
                ],
              },
            },
    });
    const m = milvus();
    expect(await m.count("default", "c")).toBe(20000n);
    const countReq = server.requests.find((r) => r.path.endsWith("entities/query"))!;
    expect(countReq.json).toEqual({
      dbName: "default",
      collectionName: "c",
      filter: "",
      outputFields: ["count(*)"],
    });
    const rows = await m.query("default", "c", {
      filter: "id in [9223372036854775807]",
      outputFields: ["id", "title", "counts"],
    });
    expect(rows).toEqual([
      { id: 9223372036854775807n, title: "12345678901234567890", counts: [9007199254740993n, 1n], extra: 5 },
    ]);
    const q = server.requests.filter((r) => r.path.endsWith("entities/query")).pop()!;
    expect(q.headers["accept-type-allow-int64"]).toBe("false");
  });

  test("query also handles int64 sent as raw JSON numbers", async () => {
    server.setHandler((r) =>
      r.path.endsWith("collections/describe")
        ? { json: { code: 0, data: describeData } }
        : {
            text: '{"code":0,"data":[{"id":9223372036854775807,"counts":[9007199254740993]}]}',
            headers: { "content-type": "application/json" },
          },
    );
    const rows = await milvus().query("default", "c", { filter: "id > 0" });
    expect(rows[0].id).toBe(9223372036854775807n);
    expect(rows[0].counts).toEqual([9007199254740993n]);
  });

  test("import create sends files and options; Idempotency-Key only when enabled, and then retries are safe", async () => {
    let n = 0;
    routes({
      "jobs/import/create": () =>
        ++n === 1 ? { reset: true } : { json: { code: 0, data: { jobId: "456789012345678901" } } },
    });
    const req = {
      collectionName: "c",
      files: [["uploads/1.parquet"], ["np/id.npy", "np/v.npy"]],
      options: { timeout: "300s" },
      idempotencyKey: "pmi-abc123",
    };
    // Without the option: no header, and a reset on create is not retried (could duplicate rows).
    await expect(milvus().startImport(req)).rejects.toMatchObject({ kind: "network" });
    expect(server.requests[0].headers["idempotency-key"]).toBeUndefined();
    expect(server.requests[0].json).toEqual({
      collectionName: "c",
      files: req.files,
      options: { timeout: "300s" },
    });
    // With it: the header goes out and the reset is retried.
    n = 0;
    server.requests.length = 0;
    const { jobId } = await milvus({ idempotencyHeader: true }).startImport(req);
    expect(jobId).toBe("456789012345678901");
    expect(server.requests.map((r) => r.headers["idempotency-key"])).toEqual(["pmi-abc123", "pmi-abc123"]);
    await expect(
      milvus({ idempotencyHeader: true }).startImport({ ...req, idempotencyKey: "bad\nkey" }),
    ).rejects.toThrow(/printable ASCII/);
  });

  test("job describe falls back to get_progress (2.4) and maps Milvus job states", async () => {
    routes({
      "jobs/import/get_progress": (b) => ({
        json: {
          code: 0,
          data: {
            jobId: b.jobId,
            collectionName: "c",
            completeTime: "",
            state: "Importing",
            progress: 80,
            importedRows: 10,
            totalRows: 10,
            fileSize: 5,
            details: [
              {
                fileName: "[uploads/1.parquet]",
                fileSize: 5,
                progress: 100,
                completeTime: "2025-06-02T10:14:01+08:00",
                state: "Completed",
                importedRows: 10,
                totalRows: 10,
              },
            ],
          },
        },
      }),
      "jobs/import/list": () => ({
        json: {
          code: 0,
          data: { records: [{ jobId: "1", collectionName: "c", state: "Importing", progress: 55 }] },
        },
      }),
    });
    const m = milvus();
    const job = await m.getJob("456789012345678901");
    expect(job).toMatchObject({
      state: "Importing",
      progress: 0.8,
      details: [{ state: "Completed", progress: 1 }],
    });
    expect(server.requests.map((r) => r.path.split("/").pop())).toEqual(["describe", "get_progress"]);
    expect(server.requests[1].json).toEqual({ jobId: "456789012345678901" });
    expect(await m.listJobs({ collectionName: "c" })).toEqual([
      {
        jobId: "1",
        collectionName: "c",
        state: "Importing",
        progress: 0.55,
        reason: undefined,
        rawState: "Importing",
        details: [],
      },
    ]);
  });

  test("the remaining collection, index, partition and entity calls hit the documented paths", async () => {
    const data: Record<string, unknown> = {
      "collections/has": { has: true },
      "collections/list": ["a", "b"],
      "collections/load": {},
      "collections/release": {},
      "collections/get_load_state": { loadState: "LoadStateLoading", loadProgress: 40 },
      "indexes/create": {},
      "indexes/list": ["v_idx"],
      "indexes/drop": {},
      "partitions/create": {},
      "partitions/has": { has: false },
      "partitions/list": ["_default"],
      "partitions/drop": {},
      "entities/delete": {},
    };
    server.setHandler((r) => ({ json: { code: 0, data: data[r.path.replace("/v2/vectordb/", "")] ?? {} } }));
    const m = milvus();
    expect(await m.hasCollection("default", "c")).toBe(true);
    expect(await m.listCollections("default")).toEqual(["a", "b"]);
    await m.loadCollection("default", "c");
    await m.releaseCollection("default", "c");
    expect(await m.getLoadState("default", "c")).toBe("Loading");
    expect(await m.getLoadProgress("default", "c")).toEqual({ state: "Loading", progress: 40 });
    await m.createIndex("default", "c", {
      fieldName: "v",
      indexType: "HNSW",
      metricType: "L2",
      params: { M: 8 },
    });
    expect(await m.listIndexes("default", "c")).toEqual(["v_idx"]);
    await m.dropIndex("default", "c", "v_idx");
    await m.createPartition("default", "c", "p1");
    expect(await m.hasPartition("default", "c", "p1")).toBe(false);
    expect(await m.listPartitions("default", "c")).toEqual(["_default"]);
    await m.dropPartition("default", "c", "p1");
    await m.deleteEntities("default", "c", { filter: "id in [1]", partitionName: "p1" });
    await expect(m.deleteEntities("default", "c", { filter: "  " })).rejects.toThrow(/empty filter/);
    const bodies = Object.fromEntries(
      server.requests.map((r) => [r.path.replace("/v2/vectordb/", ""), r.json]),
    );
    expect(bodies["indexes/create"]).toEqual({
      dbName: "default",
      collectionName: "c",
      indexParams: [{ fieldName: "v", indexType: "HNSW", metricType: "L2", params: { M: 8 } }],
    });
    expect(bodies["indexes/drop"]).toEqual({ dbName: "default", collectionName: "c", indexName: "v_idx" });
    expect(bodies["partitions/create"]).toEqual({
      dbName: "default",
      collectionName: "c",
      partitionName: "p1",
    });
    expect(bodies["entities/delete"]).toEqual({
      dbName: "default",
      collectionName: "c",
      filter: "id in [1]",
      partitionName: "p1",
    });
    expect(
      server.requests.every((r) => r.method === "POST" && r.headers.authorization === "Bearer root:Milvus"),
    ).toBe(true);
  });
});

describe("factory", () => {
  test("derives cluster id and region from a cluster endpoint", () => {
    const api = track(
      createImportApi({
        kind: "zilliz-v1",
        clusterEndpoint: "https://in03-5f2a9c1e7b3d4a0.api.gcp-us-west1.zillizcloud.com",
        apiKey: "k",
      }),
    );
    expect((api as unknown as { http: { endpoint: string } }).http.endpoint).toBe(
      "https://controller.api.gcp-us-west1.zillizcloud.com",
    );
    const v2 = track(
      createImportApi({
        kind: "zilliz-v2",
        clusterEndpoint: "https://in01-0123456789abcde.ali-cn-hangzhou.vectordb.zilliz.com.cn",
        apiKey: "k",
      }),
    );
    expect((v2 as unknown as { http: { endpoint: string } }).http.endpoint).toBe(
      "https://api.cloud.zilliz.com.cn",
    );
  });
  test("missing settings are explained", () => {
    expect(() => createImportApi({ kind: "zilliz-v1", apiKey: "k", region: "aws-us-west-2" })).toThrow(
      /Pass clusterId or clusterEndpoint/,
    );
    expect(() => createImportApi({ kind: "zilliz-v1", apiKey: "k", clusterId: "in03-abc" })).toThrow(
      /Pass endpoint .*region/,
    );
    expect(() => createImportApi({ kind: "milvus-v2" })).toThrow(/Pass endpoint/);
    expect(() => createImportApi({ kind: "zilliz-v2", clusterId: "bad id" })).toThrow(/in03-5f2a9c1e7b3d4a0/);
  });
});
