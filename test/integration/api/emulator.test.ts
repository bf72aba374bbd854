/**
 * The three API clients end to end against the project's emulator over real HTTP: every endpoint,
 * the documented error codes the client interprets, retries on injected 429/5xx/busy codes/resets,
 * the waiter's stall and timeout handling, and no secret in any error or captured log line.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type RunningEmulator, startEmulator } from "../../../emulator";
import { type ApiError, ImportJobFailedError, WaitTimeoutError } from "../../../provider/api/errors";
import { createCollectionApi, createImportApi } from "../../../provider/api/factory";
import type { HttpLogEntry } from "../../../provider/api/http";
import type { ImportApi } from "../../../provider/api/types";
import { type StallReport, waitForImport } from "../../../provider/api/waiter";
import type { CollectionSchema } from "../../../provider/schema/types";

const SECRETS = {
  apiKey: "zk-emulator-APIKEY-5e3c1f9a7b",
  rootPassword: "Milvus-R00t-Passw0rd",
  accessKey: "AKIAEMULATORSTORAGE01",
  secretKey: "emu/SECRET+storage-key-9f8e7d6c",
};
const REGION = "aws-us-west-2";
const CLUSTER = "in01-0123456789abcdef";
const BIG = 9007199254740993n; // 2^53 + 1: lost by a JSON number round trip

const schema: CollectionSchema = {
  enableDynamicField: true,
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "title", dataType: "VARCHAR", maxLength: 32 },
    { name: "vec", dataType: "FLOAT_VECTOR", dim: 2 },
  ],
};
const rowsJson = (ids: bigint[]) =>
  `{"rows":[${ids.map((id, i) => `{"id":${id},"title":"t${i}","vec":[${i},1]}`).join(",")}]}`;

let emu: RunningEmulator;
let bucket: string;
const logs: HttpLogEntry[] = [];
const errors: unknown[] = [];
const closers: Array<{ close(): Promise<void> }> = [];
const logger = (e: HttpLogEntry) => logs.push(e);
const fast = { backoff: { baseMs: 5, maxMs: 40 }, rateLimit: false as const, logger };
const creds = { accessKey: SECRETS.accessKey, secretKey: SECRETS.secretKey };

function track<T extends { close(): Promise<void> }>(c: T): T {
  closers.push(c);
  return c;
}
const milvus = (extra: Record<string, unknown> = {}) =>
  track(
    createCollectionApi({
      endpoint: emu.url,
      username: "root",
      password: SECRETS.rootPassword,
      ...fast,
      ...extra,
    }),
  );
const milvusImports = (extra: Record<string, unknown> = {}) =>
  track(
    createImportApi({
      kind: "milvus-v2",
      endpoint: emu.url,
      username: "root",
      password: SECRETS.rootPassword,
      ...fast,
      ...extra,
    }),
  );
const v1 = (extra: Record<string, unknown> = {}) =>
  track(
    createImportApi({
      kind: "zilliz-v1",
      endpoint: emu.controlPlaneUrlFor(REGION),
      apiKey: SECRETS.apiKey,
      clusterId: CLUSTER,
      ...fast,
      ...extra,
    }),
  );
const v2 = (extra: Record<string, unknown> = {}) =>
  track(
    createImportApi({
      kind: "zilliz-v2",
      endpoint: emu.controlPlaneUrl,
      apiKey: SECRETS.apiKey,
      clusterId: CLUSTER,
      ...fast,
      ...extra,
    }),
  );

/** Awaits a promise expected to reject; keeps the error for the final secret scan. */
async function failure(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => undefined,
    (err) => err,
  );
  if (e === undefined) throw new Error("expected a rejection");
  errors.push(e);
  return e as ApiError;
}

async function injectFaults(cfg: unknown): Promise<void> {
  const res = await fetch(`${emu.url}/_emulator/faults`, { method: "POST", body: JSON.stringify(cfg) });
  expect(res.status).toBe(200);
}
const clearFaults = () =>
  fetch(`${emu.url}/_emulator/faults`, { method: "DELETE" }).then((r) => expect(r.status).toBe(200));
const hits = (fragment: string) => emu.requests.entries.filter((e) => e.url.includes(fragment)).length;

const wait = (api: ImportApi, jobId: string, extra: Parameters<typeof waitForImport>[2] = {}) =>
  waitForImport(api, jobId, { initialIntervalMs: 10, maxIntervalMs: 50, timeoutMs: 20_000, ...extra });

beforeAll(async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "api-emu-"));
  bucket = path.join(root, "bucket");
  fs.mkdirSync(path.join(bucket, "run1"), { recursive: true });
  fs.mkdirSync(path.join(bucket, "run2"), { recursive: true });
  fs.writeFileSync(path.join(bucket, "run1", "1.json"), rowsJson([1n, 2n, BIG]));
  fs.writeFileSync(path.join(bucket, "run2", "1.json"), rowsJson([11n, 12n]));
  emu = await startEmulator({
    dataDir: path.join(root, "data"),
    bucketDir: bucket,
    apiKeys: [SECRETS.apiKey],
    users: { root: SECRETS.rootPassword },
    clusters: [{ clusterId: CLUSTER, region: REGION, status: "RUNNING" }],
    mounts: [{ prefix: "s3://bucket/", dir: bucket, credentials: creds }],
  });
});

afterAll(async () => {
  await Promise.all(closers.map((c) => c.close()));
  await emu?.stop();
});

describe("Milvus REST v2: collections, indexes, partitions", () => {
  test("create -> describe round-trips our schema; has/list/load state", async () => {
    const m = milvus();
    await m.createCollection({
      dbName: "default",
      collectionName: "docs",
      schema,
      indexes: [{ fieldName: "vec", indexName: "vec_idx", indexType: "AUTOINDEX", metricType: "L2" }],
    });
    // Identical re-create is idempotent.
    await m.createCollection({
      dbName: "default",
      collectionName: "docs",
      schema,
      indexes: [{ fieldName: "vec", indexName: "vec_idx", indexType: "AUTOINDEX", metricType: "L2" }],
    });
    const d = await m.describeCollection("default", "docs");
    expect(d).toMatchObject({
      dbName: "default",
      collectionName: "docs",
      schema,
      loadState: "Loaded",
      partitions: ["_default"],
    });
    expect(d?.indexes).toEqual([
      expect.objectContaining({ fieldName: "vec", indexName: "vec_idx", metricType: "L2" }),
    ]);
    expect(await m.hasCollection("default", "docs")).toBe(true);
    expect(await m.hasCollection("default", "nope")).toBe(false);
    expect(await m.listCollections("default")).toContain("docs");
    expect(await m.getLoadState("default", "docs")).toBe("Loaded");
    expect(await m.describeCollection("default", "nope")).toBeUndefined();
    expect(await m.getLoadState("default", "nope")).toBe("NotExist");
  });

  test("indexes: describe, drop (released), create, load", async () => {
    const m = milvus();
    expect(await m.listIndexes("default", "docs")).toEqual(["vec_idx"]);
    expect(await m.describeIndex("default", "docs", "vec_idx")).toMatchObject({
      fieldName: "vec",
      indexState: "Finished",
    });
    const loaded = await failure(m.dropIndex("default", "docs", "vec_idx"));
    expect(loaded).toMatchObject({ kind: "business", code: 65535 });
    expect(loaded.message).toMatch(/release it first/);
    await m.releaseCollection("default", "docs");
    expect(await m.getLoadState("default", "docs")).toBe("NotLoad");
    await m.dropIndex("default", "docs", "vec_idx");
    expect(await m.listIndexes("default", "docs")).toEqual([]);
    await m.createIndex("default", "docs", {
      fieldName: "vec",
      indexName: "vec_idx",
      indexType: "HNSW",
      metricType: "L2",
      params: { M: 8 },
    });
    await m.loadCollection("default", "docs");
    expect(await m.getLoadState("default", "docs")).toBe("Loaded");
  });

  test("alter_properties sets collection properties that describe returns", async () => {
    const m = milvus();
    await m.alterCollectionProperties("default", "docs", { "collection.ttl.seconds": "3600" });
    expect((await m.describeCollection("default", "docs"))!.properties).toMatchObject({
      "collection.ttl.seconds": "3600",
    });
    await expect(m.alterCollectionProperties("default", "nope", { a: "b" })).rejects.toMatchObject({
      code: 100,
    });
  });

  test("partitions create / has / list / drop", async () => {
    const m = milvus();
    await m.createPartition("default", "docs", "p1");
    expect(await m.hasPartition("default", "docs", "p1")).toBe(true);
    expect(await m.listPartitions("default", "docs")).toEqual(["_default", "p1"]);
    await m.dropPartition("default", "docs", "p1").catch(async (e) => {
      // Milvus refuses to drop a loaded partition; release, drop, load again.
      errors.push(e);
      await m.releaseCollection("default", "docs");
      await m.dropPartition("default", "docs", "p1");
      await m.loadCollection("default", "docs");
    });
    expect(await m.hasPartition("default", "docs", "p1")).toBe(false);
  });
});

describe("Milvus REST v2: import, count, query, delete", () => {
  let jobId = "";

  test("import with an Idempotency-Key, wait, list", async () => {
    const api = milvusImports({ idempotencyHeader: true });
    ({ jobId } = await api.startImport({
      collectionName: "docs",
      files: [["run1/1.json"]],
      idempotencyKey: "pmi-run1",
    }));
    expect(jobId).toMatch(/^\d+$/);
    const job = await wait(api, jobId);
    expect(job).toMatchObject({ state: "Completed", progress: 1, importedRows: 3, totalRows: 3 });
    expect(job.details[0]).toMatchObject({ state: "Completed", progress: 1 });
    expect((await emu.opened.jobs.get(jobId))?.labels?.idempotencyKey).toBe("pmi-run1");
    const listed = await api.listJobs({ collectionName: "docs" });
    expect(listed.map((j) => j.jobId)).toContain(jobId);
  });

  test("count(*) and query by int64 primary key are exact BigInts", async () => {
    const m = milvus();
    expect(await m.count("default", "docs")).toBe(3n);
    expect(await m.count("default", "docs", { filter: "id > 1" })).toBe(2n);
    const rows = await m.query("default", "docs", {
      filter: `id in [${BIG}]`,
      outputFields: ["id", "title"],
    });
    expect(rows).toEqual([expect.objectContaining({ id: BIG, title: "t2" })]);
  });

  test("delete by filter", async () => {
    const m = milvus();
    await m.deleteEntities("default", "docs", { filter: "id in [1]" });
    expect(await m.count("default", "docs")).toBe(2n);
  });
});

describe("Zilliz Cloud v1 and v2 control planes", () => {
  test("v1: import a folder, wait, get, list (tasks)", async () => {
    const api = v1();
    const { jobId } = await api.startImport({
      collectionName: "docs",
      files: [["s3://bucket/run2/"]],
      storageCredentials: creds,
    });
    expect(jobId).toMatch(/^job-[a-z0-9]{22}$/);
    const job = await wait(api, jobId);
    expect(job).toMatchObject({ jobId, state: "Completed", progress: 1, collectionName: "docs" });
    expect(job.completeTime).toBeTruthy();
    expect((await api.listJobs({ collectionName: "docs" })).find((j) => j.jobId === jobId)?.state).toBe(
      "Completed",
    );
    expect(await milvus().count("default", "docs")).toBe(4n);
  });

  test("v2: import objectUrls, progress, list (records)", async () => {
    const api = v2();
    const { jobId } = await api.startImport({
      collectionName: "docs",
      files: [["s3://bucket/run2/1.json"]],
      storageCredentials: creds,
      options: { timeout: "300s" },
    });
    const job = await wait(api, jobId);
    expect(job).toMatchObject({ jobId, state: "Completed", progress: 1 });
    expect((await api.listJobs()).map((j) => j.jobId)).toContain(jobId);
    expect(await milvus().count("default", "docs")).toBe(6n);
  });
});

describe("documented error codes come back typed", () => {
  test("Milvus: 1800 (HTTP 401), 100, 2100, 1100", async () => {
    const bad = milvus({ password: "wrong-password" });
    expect(await failure(bad.listCollections("default"))).toMatchObject({
      kind: "business",
      code: 1800,
      httpStatus: 401,
      transient: false,
    });
    const m = milvus();
    expect(await failure(m.loadCollection("default", "missing"))).toMatchObject({
      code: 100,
      meaning: "Collection not found",
    });
    const api = milvusImports();
    const notExist = await failure(api.getJob("123"));
    expect(notExist).toMatchObject({ code: 2100, transient: false });
    expect(notExist.serverMessage).toMatch(/import job does not exist/);
    const badName = await failure(
      m.createCollection({
        dbName: "default",
        collectionName: "9bad",
        schema: { fields: [{ name: "id", dataType: "INT64", isPrimary: true }] },
      }),
    );
    expect(badName).toMatchObject({ code: 1100, meaning: "Invalid parameter" });
  });

  test("Zilliz v1: 80002, 80020, 90102, 90144, 83001, 10003, 47005, 90011", async () => {
    expect(await failure(v1({ apiKey: "wrong-key-000" }).getJob("job-x"))).toMatchObject({ code: 80002 });
    expect(await failure(v1({ clusterId: "in01-ffffffffffffffff" }).getJob("job-x"))).toMatchObject({
      code: 80020,
    });
    expect(
      await failure(v1({ endpoint: emu.controlPlaneUrlFor("gcp-us-west1") }).getJob("job-x")),
    ).toMatchObject({
      code: 90102,
      hint: expect.stringContaining("region"),
    });
    expect(await failure(v1().getJob("job-doesnotexist"))).toMatchObject({ code: 90144 });
    const start = (collectionName: string, url: string, c = creds) =>
      v1().startImport({ collectionName, files: [[url]], storageCredentials: c });
    const denied = await failure(
      start("docs", "s3://bucket/run2/", { accessKey: SECRETS.accessKey, secretKey: "wrong" }),
    );
    expect(denied).toMatchObject({
      code: 83001,
      hint: expect.stringContaining("storage access/secret keys"),
    });
    expect(await failure(start("docs", "not-a-url"))).toMatchObject({ code: 10003 });
    expect(await failure(start("missing", "s3://bucket/run2/"))).toMatchObject({ code: 47005 });
    expect(await failure(start("bad-name!", "s3://bucket/run2/"))).toMatchObject({ code: 90011 });
  });

  test("Zilliz v2: 21119, 96036, 96018, 96026, 100", async () => {
    expect(await failure(v2({ apiKey: "wrong-key-000" }).getJob("job-x"))).toMatchObject({ code: 21119 });
    expect(await failure(v2({ clusterId: "in01-abc" }).getJob("job-x"))).toMatchObject({ code: 96036 });
    expect(await failure(v2({ clusterId: "in01-ffffffffffffffff" }).getJob("job-x"))).toMatchObject({
      code: 96018,
    });
    expect(await failure(v2().getJob("job-doesnotexist"))).toMatchObject({ code: 96026 });
    expect(
      await failure(
        v2().startImport({
          collectionName: "missing",
          files: [["s3://bucket/run2/"]],
          storageCredentials: creds,
        }),
      ),
    ).toMatchObject({ code: 100 });
  });

  test("busy: v1 47039 is retried with backoff, then reported as transient", async () => {
    await injectFaults({ maxConcurrentImports: 0 });
    try {
      const before = hits("/v1/vector/collections/import");
      const busy = await failure(
        v1({ maxRetries: 2 }).startImport({
          collectionName: "docs",
          files: [["s3://bucket/run2/"]],
          storageCredentials: creds,
        }),
      );
      expect(busy).toMatchObject({ code: 47039, transient: true, attempts: 3 });
      expect(hits("/v1/vector/collections/import") - before).toBe(3);
    } finally {
      await clearFaults();
    }
  });
});

describe("retries on injected faults", () => {
  afterEach(clearFaults);

  test("5xx and 429 on an idempotent call", async () => {
    await injectFaults({
      requests: [
        { path: "collections/describe", status: 503, count: 1 },
        { path: "collections/describe", status: 429, count: 1 },
      ],
    });
    const before = hits("collections/describe");
    expect(await milvus().describeCollection("default", "docs")).toBeDefined();
    expect(hits("collections/describe") - before).toBeGreaterThanOrEqual(3);
  });

  test("the REST limiter code 1807 is retried", async () => {
    await injectFaults({
      requests: [
        { path: "entities/query", code: 1807, message: "request is rejected by limiter, error: x", count: 2 },
      ],
    });
    expect(await milvus().count("default", "docs")).toBe(6n);
  });

  test("connection resets: progress polls retry; an import without idempotency key does not", async () => {
    const api = milvusImports();
    const jobs = await api.listJobs({ collectionName: "docs" });
    await injectFaults({ requests: [{ path: "jobs/import/describe", reset: true, count: 2 }] });
    expect((await api.getJob(jobs[0].jobId)).state).toBe("Completed");

    await injectFaults({ requests: [{ path: "jobs/import/create", reset: true, count: 1 }] });
    const before = (await api.listJobs()).length;
    const reset = await failure(api.startImport({ collectionName: "docs", files: [["run2/1.json"]] }));
    expect(reset).toMatchObject({ kind: "network" });
    expect(reset.message).toMatch(/list import jobs before starting another/);
    expect((await api.listJobs()).length).toBe(before);

    // With the idempotency header the reset create is resent and succeeds once.
    await injectFaults({ requests: [{ path: "jobs/import/create", reset: true, count: 1 }] });
    const idem = milvusImports({ idempotencyHeader: true });
    const { jobId } = await idem.startImport({
      collectionName: "docs",
      files: [["run2/1.json"]],
      idempotencyKey: "pmi-run2-b",
    });
    expect((await wait(idem, jobId)).state).toBe("Completed");
    expect((await api.listJobs()).length).toBe(before + 1);
  });

  test("a v2 control-plane 500 on import create is not blindly resent", async () => {
    await injectFaults({ requests: [{ path: "jobs/import/create", status: 500, count: 1 }] });
    const before = hits("/cloud/v2/vectordb/jobs/import/create");
    const e = await failure(
      v2().startImport({ collectionName: "docs", files: [["s3://bucket/run2/"]], storageCredentials: creds }),
    );
    expect(e).toMatchObject({ kind: "http", code: 500, transient: true });
    expect(hits("/cloud/v2/vectordb/jobs/import/create") - before).toBe(1);
  });
});

describe("waiter against the emulator", () => {
  afterEach(clearFaults);

  test("a stalled job is reported, times out, and completes once the stall clears", async () => {
    // The engine completes straight from 80 %, so a stall at 75 holds the job after its files are done.
    await injectFaults({ stallAtProgress: 75 });
    const api = milvusImports();
    const { jobId } = await api.startImport({ collectionName: "docs", files: [["run2/1.json"]] });
    const stalls: StallReport[] = [];
    const err = await failure(
      wait(api, jobId, { timeoutMs: 1500, stallAfterMs: 500, onStall: (s) => stalls.push(s) }),
    );
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as unknown as WaitTimeoutError).lastJob).toMatchObject({
      state: "Importing",
      progress: 0.75,
    });
    expect(stalls.map((s) => s.kind)).toContain("no-progress");
    await clearFaults();
    expect((await wait(api, jobId)).state).toBe("Completed");
  });

  test("an injected job failure surfaces its reason", async () => {
    await injectFaults({ failNextJob: "row 2: field 'vec' dimension mismatch (expected 2, got 3)" });
    const api = v2();
    const { jobId } = await api.startImport({
      collectionName: "docs",
      files: [["s3://bucket/run2/"]],
      storageCredentials: creds,
    });
    const err = await failure(wait(api, jobId));
    expect(err).toBeInstanceOf(ImportJobFailedError);
    expect(err.message).toContain("dimension mismatch (expected 2, got 3)");
  });

  test("cancellation stops the wait", async () => {
    await injectFaults({ stallAtProgress: 50 });
    const api = milvusImports();
    const { jobId } = await api.startImport({ collectionName: "docs", files: [["run2/1.json"]] });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    expect(await failure(wait(api, jobId, { signal: ac.signal }))).toMatchObject({ kind: "aborted" });
  });
});

test("no secret appears in any error or captured log line", () => {
  expect(errors.length).toBeGreaterThan(20);
  expect(logs.length).toBeGreaterThan(50);
  const printed = [
    ...errors.flatMap((e) => [String((e as Error).message), String((e as Error).stack), JSON.stringify(e)]),
    ...logs.map((l) => l.message),
  ].join("\n");
  for (const [name, value] of Object.entries(SECRETS)) {
    if (printed.includes(value)) throw new Error(`secret ${name} leaked`);
  }
  // The logs are useful: they show the requests, with credentials replaced.
  expect(printed).toContain("[REDACTED]");
  expect(logs.some((l) => l.message.includes("/v1/vector/collections/import"))).toBe(true);
});
