/** Zilliz Cloud control plane v1 and v2 faces over real HTTP: success shapes and every rejection row (§8.1, §8.2). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunningEmulator } from "../../../emulator";
import { call, ROWS_JSON, SCHEMA_BODY, startTestEmulator, tempDir, writeFile } from "./helpers";

const CLUSTER = "in03-5f2a9c1e7b3d4a0";
const OTHER = "in03-aaaaaaaaaaaaaaa";
const STOPPED = "in05-bbbbbbbbbbbbbbb";
const KEY = "key-full";
const SCOPED = "key-other-only";
const AUTH = { Authorization: `Bearer ${KEY}` };
const CREDS = { accessKey: "AKIAEXAMPLE", secretKey: "s3cr3t-EXAMPLE" };

let emu: RunningEmulator & { bucket: string };
let s3dir: string;
beforeAll(async () => {
  s3dir = tempDir("s3-");
  writeFile(s3dir, "data/1.json", ROWS_JSON);
  writeFile(s3dir, "data/2.json", ROWS_JSON.replace(/"id": ?(\d)/g, '"id": 1$1'));
  writeFile(s3dir, "mixed/a.json", ROWS_JSON);
  writeFile(s3dir, "mixed/b.parquet", "not really parquet");
  writeFile(s3dir, "big/huge.json", "x".repeat(5000));
  writeFile(s3dir, "np/1/id.npy", "x");
  writeFile(s3dir, "np/1/title.npy", "x");
  emu = await startTestEmulator({
    apiKeys: [KEY, { key: SCOPED, clusters: [OTHER] }],
    clusters: [
      { clusterId: CLUSTER, region: "aws-us-west-2" },
      { clusterId: OTHER, region: "aws-us-west-2" },
      { clusterId: STOPPED, region: "aws-us-west-2", status: "SUSPENDED" },
    ],
    mounts: [{ prefix: "s3://bucket/", dir: s3dir, credentials: CREDS }],
    cloudMaxFileSizeBytes: 4096,
    cloudMaxFilesPerRequest: 2,
  });
  const created = await call(`${emu.url}/v2/vectordb/collections/create`, { body: SCHEMA_BODY });
  expect(created.body.code).toBe(0);
});
afterAll(() => emu.stop());

const v1 = (p: string, init: Parameters<typeof call>[1] = {}) =>
  call(`${emu.controlPlaneUrl}/v1/vector/collections/import${p}`, { headers: AUTH, ...init });
const v2 = (p: string, body: unknown, headers: Record<string, string> = AUTH) =>
  call(`${emu.controlPlaneUrl}/v2/vectordb/jobs/import/${p}`, { body, headers });
const err = (
  r: { status: number; body: { code?: number; message?: string } },
  code: number,
  message: string | RegExp,
) => {
  expect(r.status).toBe(200);
  expect(r.body.code).toBe(code);
  if (typeof message === "string") expect(r.body.message).toBe(message);
  else expect(r.body.message).toMatch(message);
};
const importV1 = {
  clusterId: CLUSTER,
  collectionName: "docs",
  objectUrl: "s3://bucket/data/1.json",
  ...CREDS,
};

async function until<T>(f: () => Promise<T>, done: (t: T) => boolean): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const t = await f();
    if (done(t)) return t;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("timed out");
}

describe("Zilliz v1 control plane", () => {
  it("imports, reports progress (GET with query) and lists tasks; success code 200", async () => {
    const r = await v1("", { body: importV1 });
    expect(r.body.code).toBe(200);
    const jobId = (r.body.data as { jobId: string }).jobId;
    expect(jobId).toMatch(/^job-[a-z0-9]{22}$/);
    const got = await until(
      () => v1(`/get?jobId=${jobId}&clusterId=${CLUSTER}`, { method: "GET" }),
      (x) => (x.body.data as { completeTime: unknown }).completeTime !== null,
    );
    expect(got.body.data).toMatchObject({
      jobId,
      collectionName: "docs",
      fileName: "s3://bucket/data/1.json",
      readyPercentage: 1,
      errorMessage: null,
    });
    const list = await v1(`/list?clusterId=${CLUSTER}&pageSize=5&currentPage=1`, { method: "GET" });
    expect(list.body.data).toMatchObject({
      count: 1,
      currentPage: 1,
      pageSize: 5,
      tasks: [{ collectionName: "docs", jobId, state: "ImportCompleted" }],
    });
  });

  it("keeps storage credentials and API keys out of the persisted catalog and the request log", async () => {
    const catalog = readFileSync(join(emu.opened.engine.dir, "catalog.json"), "utf8");
    expect(catalog).toContain("s3://bucket/data/1.json");
    for (const secret of [CREDS.secretKey, CREDS.accessKey, KEY]) {
      expect(catalog).not.toContain(secret);
      expect(JSON.stringify(emu.requests.entries)).not.toContain(secret);
    }
  });

  it("rejects per §8.1", async () => {
    err(await v1("", { body: importV1, headers: {} }), 80001, "token illegal");
    err(await v1("", { body: importV1, headers: { Authorization: "Bearer nope" } }), 80002, "token invalid");
    err(await v1("", { raw: "" }), 90142, "No import content provided.");
    err(await v1("", { body: {} }), 90142, "No import content provided.");
    err(
      await v1("", { body: { ...importV1, clusterId: "" } }),
      90104,
      "The clusterId parameter is empty in the request parameter.",
    );
    err(
      await v1("/get?jobId=job-x", { method: "GET" }),
      90104,
      "The clusterId parameter is empty in the request parameter.",
    );
    err(
      await v1("", { body: { ...importV1, clusterId: "in03-ffffffffffffff0" } }),
      80020,
      "Invalid clusterId or you do not have permission to access that Cluster.",
    );
    err(
      await v1("", { body: importV1, headers: { Authorization: `Bearer ${SCOPED}` } }),
      80020,
      /Invalid clusterId/,
    );
    err(
      await call(`${emu.controlPlaneUrlFor("gcp-us-west1")}/v1/vector/collections/import`, {
        body: importV1,
        headers: AUTH,
      }),
      90102,
      "The cluster does not exist in current region.",
    );
    err(
      await v1("", { body: { ...importV1, clusterId: STOPPED } }),
      40003,
      "Action not available given the current status of the cluster.",
    );
    const { objectUrl: _u, ...noUrl } = importV1;
    err(await v1("", { body: noUrl }), 90145, "No ObjectUrl key field.");
    err(
      await v1("", { body: { ...importV1, objectUrl: "ftp://x/y.json" } }),
      10003,
      "Invalid s3 ObjectUrl. [ftp://x/y.json]",
    );
    err(
      await v1("", { body: { ...importV1, secretKey: "wrong" } }),
      83001,
      "Failed to getObjectMeta {Access Denied}.",
    );
    err(
      await v1("", { body: { ...importV1, objectUrl: "s3://bucket/none.json" } }),
      83001,
      /^Failed to getObjectMeta \{/,
    );
    err(
      await v1("", { body: { ...importV1, objectUrl: "gs://bucket/data/1.json" } }),
      83004,
      "Importing files across clouds is not currently supported",
    );
    err(
      await v1("", { body: { ...importV1, objectUrl: "s3://bucket/big/huge.json" } }),
      47035,
      "The specified object size exceeds limit.",
    );
    err(
      await v1("", { body: { ...importV1, objectUrl: "s3://bucket/np/" } }),
      47036,
      "The number of objects not equal to the number of collection fields.",
    );
    err(
      await v1("", { body: { ...importV1, objectUrl: "s3://bucket/mixed/" } }),
      47053,
      /^Failed to checkFiles \{.*more than one format/,
    );
    err(
      await v1("", { body: { ...importV1, collectionName: "bad-name" } }),
      90011,
      "Invalid CollectionName. Reason: Name contains only alphanumeric letters and underscores",
    );
    err(
      await v1("", { body: { ...importV1, collectionName: "missing" } }),
      47005,
      "The specified cluster collection not exists.",
    );
    err(
      await v1(`/get?jobId=job-nope&clusterId=${CLUSTER}`, { method: "GET" }),
      90144,
      "No jobId record found under this cluster",
    );
    err(
      await v1(`/list?clusterId=${CLUSTER}&pageSize=4`, { method: "GET" }),
      80003,
      "The parameter value for 'pageSize' should be between 5 and 100.",
    );
    err(
      await v1(`/list?clusterId=${CLUSTER}&pageSize=10&currentPage=0`, { method: "GET" }),
      80004,
      "The parameter 'currentPage' should have a value between 1 and the maximum value of Int.",
    );
    const wrongMethod = await v1(`/get?jobId=x&clusterId=${CLUSTER}`, { body: {} });
    expect(wrongMethod.status).toBe(405);
  });

  it("refuses a second import while one runs when concurrency is capped (47039)", async () => {
    emu.faults.apply({ stallAtProgress: 10, maxConcurrentImports: 1 });
    try {
      expect((await v1("", { body: importV1 })).body.code).toBe(200);
      err(
        await v1("", { body: importV1 }),
        47039,
        "The specified cluster do not support multiple imports at the same time.",
      );
    } finally {
      emu.faults.reset();
    }
  });
});

describe("Zilliz v2 control plane", () => {
  it("imports objectUrls with a pymilvus-shaped body; getProgress, get_progress and describe agree; list pages", async () => {
    const body = {
      collectionName: "docs",
      dbName: "",
      partitionName: "",
      files: null,
      objectUrl: "",
      objectUrls: [["s3://bucket/data/2.json"]],
      clusterId: CLUSTER,
      projectId: "",
      regionId: "",
      ...CREDS,
      token: "",
      volumeName: "",
      dataPaths: null,
      options: {},
    };
    const r = await v2("create", body);
    expect(r.body.code).toBe(0);
    const jobId = (r.body.data as { jobId: string }).jobId;
    const done = await until(
      () => v2("getProgress", { clusterId: CLUSTER, jobId }),
      (x) => (x.body.data as { state: string }).state === "Completed",
    );
    expect(done.body.data).toMatchObject({
      jobId,
      collectionName: "docs",
      state: "Completed",
      progress: 100,
      importedRows: 3,
      totalRows: 3,
      reason: "",
    });
    for (const alias of ["get_progress", "describe"])
      expect((await v2(alias, { clusterId: CLUSTER, jobId })).body).toEqual(done.body);
    const list = await v2("list", { clusterId: CLUSTER, pageSize: 1, currentPage: 1 });
    expect(list.body.data).toMatchObject({
      currentPage: 1,
      pageSize: 1,
      records: [{ jobId, collectionName: "docs", state: "Completed" }],
    });
    expect((list.body.data as { count: number }).count).toBeGreaterThanOrEqual(1);
  });

  it("rejects per §8.2", async () => {
    const create = {
      clusterId: CLUSTER,
      collectionName: "docs",
      objectUrls: [["s3://bucket/data/1.json"]],
      ...CREDS,
    };
    err(await v2("create", create, { Authorization: "Bearer wrong" }), 21119, "The apikey is illegal.");
    err(await v2("create", create, {}), 21119, "The apikey is illegal.");
    err(
      await v2("create", { ...create, clusterId: "", projectId: "", regionId: "" }),
      96025,
      "Empty clusterId. Please specify a clusterId.",
    );
    err(await v2("create", { ...create, clusterId: "cluster-1" }), 96036, "Invalid clusterId.");
    err(
      await v2("create", { ...create, clusterId: "in03-ffffffffffffff0" }),
      96018,
      "Cluster not found. Please use the ListClusters API to obtain your scoped clusters.",
    );
    err(
      await v2("create", create, { Authorization: `Bearer ${SCOPED}` }),
      96016,
      "You don't have permission for this cluster. Please check your Apikey scope.",
    );
    err(
      await v2("getProgress", { clusterId: CLUSTER, jobId: "job-unknown" }),
      96026,
      "Job not found. Please check your request parameter.",
    );
    err(
      await v2("list", { clusterId: CLUSTER, pageSize: 101 }),
      96008,
      "The parameter value for pageSize should be between 1 and 100.",
    );
    err(
      await v2("list", { clusterId: CLUSTER, pageSize: 10, currentPage: 0 }),
      96009,
      "The parameter currentPage should have a value between 1 and the maximum value of Int.",
    );
    err(
      await v2("create", { ...create, clusterId: "", projectId: "project-1", regionId: "aws-us-west-2" }),
      96005,
      /^Invalid projectId. The projectId should be like proj-xxxxxxxx./,
    );
    err(await v2("create", { ...create, objectUrls: [], objectUrl: "" }), 90145, "No ObjectUrl key field.");
    err(
      await v2("create", { ...create, objectUrls: [["s3://bucket/data/1.json", "s3://bucket/data/2.json"]] }),
      1100,
      /exactly one URL/,
    );
    err(
      await v2("create", { ...create, objectUrls: [["s3://bucket/data/"], ["s3://bucket/data/1.json"]] }),
      47035,
      "The specified object size exceeds limit.",
    );
    err(
      await v2("create", { ...create, objectUrls: [["s3://bucket/mixed/"]] }),
      47053,
      /more than one format/,
    );
    err(
      await v2("create", { ...create, collectionName: "ghost" }),
      100,
      "collection not found[database=default][collection=ghost]",
    );
    err(
      await v2("create", { ...create, secretKey: "nope" }),
      83001,
      "Failed to getObjectMeta {Access Denied}.",
    );
  });

  it("rejects per §8.2 (unconfirmed codes): file over the size limit, missing partition or database", async () => {
    const create = { clusterId: CLUSTER, collectionName: "docs", ...CREDS };
    err(
      await v2("create", { ...create, objectUrls: [["s3://bucket/big/huge.json"]] }),
      47035,
      "The specified object size exceeds limit.",
    );
    err(
      await v2("create", { ...create, objectUrls: [["s3://bucket/data/1.json"]], partitionName: "p404" }),
      200,
      "partition not found[partition=p404]",
    );
    err(
      await v2("create", { ...create, objectUrls: [["s3://bucket/data/1.json"]], dbName: "nodb" }),
      100,
      "collection not found[database=nodb][collection=docs]",
    );
  });

  it("caps pending + running jobs per collection (47055) and rate-limits per endpoint (HTTP 429)", async () => {
    const capped = await startTestEmulator({
      apiKeys: [KEY],
      clusters: [{ clusterId: CLUSTER, region: "aws-us-west-2" }],
      mounts: [{ prefix: "s3://bucket/", dir: s3dir, credentials: CREDS }],
      cloudMaxJobsPerCollection: 1,
      cloudRequestsPerSecond: 2,
      faults: { stallAtProgress: 10 },
    });
    try {
      expect(
        (await call(`${capped.url}/v2/vectordb/collections/create`, { body: SCHEMA_BODY })).body.code,
      ).toBe(0);
      const body = {
        clusterId: CLUSTER,
        collectionName: "docs",
        objectUrls: [["s3://bucket/data/1.json"]],
        ...CREDS,
      };
      const post = () =>
        call(`${capped.controlPlaneUrl}/v2/vectordb/jobs/import/create`, { body, headers: AUTH });
      const first = await post();
      expect(first.body.code).toBe(0);
      err(
        await post(),
        47055,
        /^The current cluster is currently importing data \(1 pending or running jobs on collection docs, limit 1\)/,
      );
      const burst = await Promise.all(Array.from({ length: 5 }, () => post()));
      expect(burst.some((r) => r.status === 429 && r.body.code === 429)).toBe(true);
    } finally {
      capped.faults.reset();
      await capped.stop();
    }
  });

  it("resolves projectId + regionId to the region's cluster", async () => {
    const r = await v2("create", {
      projectId: "proj-0123abcd",
      regionId: "aws-us-west-2",
      collectionName: "docs",
      objectUrl: "s3://bucket/data/1.json",
      ...CREDS,
    });
    expect(r.body.code).toBe(0);
  });
});
