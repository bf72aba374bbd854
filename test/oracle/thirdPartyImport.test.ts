/**
 * Third-party clients against the emulator: pymilvus's own bulk_import -> get_import_progress ->
 * list_import_jobs, run in its venv, on every face — pymilvus 3.0.2 on the Zilliz v2 control plane and
 * on the Milvus face, pymilvus 2.4.7 (the v1 API of Zilliz's import guide) on the v1 control plane — plus the guide's
 * regional controller URL given to a current pymilvus, and a failed job under the guide's v1 loop.
 * Assertions are on what pymilvus parsed, and on the rows the emulator holds afterwards.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { oraclePython, pymilvusV1Python } from "../helpers/tools";

jest.setTimeout(300_000);

const CLUSTER = "in03-5f2a9c1e7b3d4a0";
const REGION = "aws-us-west-2";
const KEY = "zk-oracle-key";
const CREDS = { accessKey: "AKIAEXAMPLE", secretKey: "s3cr3t-EXAMPLE" };
const ROWS = JSON.stringify({
  rows: [
    { id: 1, title: "one", vec: [1, 0] },
    { id: 2, title: "two", vec: [0, 1] },
    { id: 3, title: "three", vec: [1, 1] },
  ],
});
const SCRIPT = path.join(__dirname, "pymilvus_import.py");

let emu: RunningEmulator;
let tmp: string;
// The emulator runs in this process: Python must run asynchronously or nobody answers it.
const run = promisify(execFile);
async function pymilvus(python: string, cfg: Record<string, unknown>): Promise<any> {
  const { stdout } = await run(python, [SCRIPT, JSON.stringify(cfg)], { timeout: 120_000 });
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

const collectionBody = (collectionName: string) => ({
  collectionName,
  schema: {
    fields: [
      { fieldName: "id", dataType: "Int64", isPrimary: true },
      { fieldName: "title", dataType: "VarChar", elementTypeParams: { max_length: 16 } },
      { fieldName: "vec", dataType: "FloatVector", elementTypeParams: { dim: 2 } },
    ],
  },
  indexParams: [{ fieldName: "vec", metricType: "L2", indexType: "AUTOINDEX" }],
});

async function createCollection(name: string): Promise<void> {
  const res = await fetch(`${emu.url}/v2/vectordb/collections/create`, {
    method: "POST",
    headers: { Authorization: "Bearer root:Milvus" },
    body: JSON.stringify(collectionBody(name)),
  });
  expect(((await res.json()) as { code: number }).code).toBe(0);
}
const count = (name: string) => emu.opened.collectionApi.count("default", name);

beforeAll(async () => {
  // Build (or find) both venvs before the emulator starts, so a cold build is not a request timeout.
  oraclePython();
  pymilvusV1Python();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-oracle-3p-"));
  const bucket = path.join(tmp, "bucket");
  const s3 = path.join(tmp, "s3");
  for (const dir of [bucket, s3]) {
    fs.mkdirSync(path.join(dir, "rows"), { recursive: true });
    fs.writeFileSync(path.join(dir, "rows", "1.json"), ROWS);
  }
  emu = await startEmulator({
    dataDir: path.join(tmp, "data"),
    bucketDir: bucket,
    apiKeys: [KEY],
    users: { root: "Milvus" },
    clusters: [{ clusterId: CLUSTER, region: REGION }],
    mounts: [{ prefix: "s3://bucket/", dir: s3, credentials: CREDS }],
    engine: { jobStepDelayMs: 5 },
  });
});
afterAll(async () => {
  await emu?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("pymilvus 3.0.2 on the Zilliz v2 control plane: bulk_import, get_import_progress, list_import_jobs", async () => {
  await createCollection("cloud_v2");
  const common = { url: emu.controlPlaneUrl, api_key: KEY, cluster_id: CLUSTER };
  const r = await pymilvus(oraclePython(), {
    mode: "v2",
    create: {
      ...common,
      collection_name: "cloud_v2",
      object_urls: [["s3://bucket/rows/1.json"]],
      access_key: CREDS.accessKey,
      secret_key: CREDS.secretKey,
    },
    progress: common,
    list: { ...common, collection_name: "cloud_v2", page_size: 10, current_page: 1 },
  });
  expect(r.pymilvus).toBe("3.0.2");
  expect(r.create.code).toBe(0);
  const jobId = r.create.data.jobId as string;
  expect(jobId).toMatch(/^job-[a-z0-9]{22}$/);
  expect(r.progress.data).toMatchObject({
    jobId,
    collectionName: "cloud_v2",
    state: "Completed",
    progress: 100,
    importedRows: 3,
    totalRows: 3,
    reason: "",
  });
  expect(r.progress.data.completeTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(r.list.data.count).toBe(1);
  expect(r.list.data.records).toEqual([
    { collectionName: "cloud_v2", jobId, state: "Completed", progress: 100 },
  ]);
  expect(await count("cloud_v2")).toBe(3n);
});

test("pymilvus 3.0.2 on the Milvus face: bucket-relative files, user:password token", async () => {
  await createCollection("milvus_face");
  const common = { url: emu.url, api_key: "root:Milvus" };
  const r = await pymilvus(oraclePython(), {
    mode: "v2",
    create: { ...common, collection_name: "milvus_face", files: [["rows/1.json"]] },
    progress: common,
    list: { ...common, collection_name: "milvus_face" },
  });
  expect(r.create.code).toBe(0);
  const jobId = r.create.data.jobId as string;
  expect(jobId).toMatch(/^\d+$/);
  expect(r.progress.data).toMatchObject({
    jobId,
    collectionName: "milvus_face",
    state: "Completed",
    progress: 100,
    importedRows: 3,
  });
  expect(r.progress.data.details[0].fileName).toBe("[rows/1.json]");
  expect(r.list.data.records).toEqual([
    { jobId, collectionName: "milvus_face", state: "Completed", progress: 100 },
  ]);
  expect(await count("milvus_face")).toBe(3n);
});

test("the guide's regional controller URL given to pymilvus 3.0.2 fails with 90117 and imports nothing", async () => {
  await createCollection("regional_host");
  const r = await pymilvus(oraclePython(), {
    mode: "call",
    create: {
      url: emu.controlPlaneUrlFor(REGION),
      api_key: KEY,
      cluster_id: CLUSTER,
      collection_name: "regional_host",
      object_url: "s3://bucket/rows/1.json",
      access_key: CREDS.accessKey,
      secret_key: CREDS.secretKey,
    },
  });
  expect(r.ok).toBe(false);
  expect(r.error).toContain("code: 90117");
  expect(r.error).toContain("Invalid domain name used");
  expect(await count("regional_host")).toBe(0n);
});

test("pymilvus 2.4.7 on the v1 control plane: the guide's flow, readyPercentage to 1, tasks list", async () => {
  await createCollection("cloud_v1");
  const common = { url: emu.controlPlaneUrlFor(REGION), api_key: KEY, cluster_id: CLUSTER };
  const r = await pymilvus(pymilvusV1Python(), {
    mode: "v1",
    create: {
      ...common,
      collection_name: "cloud_v1",
      object_url: "s3://bucket/rows/1.json",
      access_key: CREDS.accessKey,
      secret_key: CREDS.secretKey,
    },
    progress: common,
    list: { ...common, page_size: 10, current_page: 1 },
  });
  expect(r.pymilvus).toBe("2.4.7");
  expect(r.create.code).toBe(200);
  const jobId = r.create.data.jobId as string;
  expect(r.progress.code).toBe(200);
  expect(r.progress.data).toMatchObject({
    jobId,
    collectionName: "cloud_v1",
    readyPercentage: 1,
    errorMessage: null,
  });
  expect(r.progress.data.completeTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(r.polls[r.polls.length - 1]).toBe(1);
  expect(r.list.code).toBe(200);
  expect(r.list.data.tasks).toContainEqual({ collectionName: "cloud_v1", jobId, state: "ImportCompleted" });
  expect(await count("cloud_v1")).toBe(3n);
});

test("pymilvus 2.4.7, v1: a failed job stays below readyPercentage 1 and carries errorMessage", async () => {
  await createCollection("v1_failed");
  emu.faults.apply({ failNextJob: "injected: datanode crashed" });
  const common = { url: emu.controlPlaneUrlFor(REGION), api_key: KEY, cluster_id: CLUSTER };
  try {
    const r = await pymilvus(pymilvusV1Python(), {
      mode: "v1",
      timeout: 20,
      create: {
        ...common,
        collection_name: "v1_failed",
        object_url: "s3://bucket/rows/1.json",
        access_key: CREDS.accessKey,
        secret_key: CREDS.secretKey,
      },
      progress: common,
      list: { ...common, page_size: 10, current_page: 1 },
    });
    // The guide's `while readyPercentage < 1` alone would spin forever on this job.
    expect(r.progress.data.readyPercentage).toBeLessThan(1);
    expect(r.progress.data.errorMessage).toContain("injected: datanode crashed");
    expect(r.list.data.tasks).toContainEqual({
      collectionName: "v1_failed",
      jobId: r.create.data.jobId,
      state: "ImportFailed",
    });
    expect(await count("v1_failed")).toBe(0n);
  } finally {
    emu.faults.reset();
  }
});
