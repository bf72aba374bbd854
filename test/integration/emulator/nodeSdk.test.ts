/**
 * A third-party client nobody here wrote: the Milvus Node SDK 3.0.x HttpClient (devDependency) drives
 * the emulator over real HTTP. Milvus face: create + load a collection, createImportJobs,
 * getImportJobProgress until Completed, listImportJobs, count(*) and a pk query. Zilliz v2 face: the
 * SDK's project/region parameters read progress and the job list of a control-plane job. Assertions
 * are on the parsed results, not only HTTP 200.
 */
import { HttpClient } from "@zilliz/milvus2-sdk-node";
import type { RunningEmulator } from "../../../emulator";
import { createImportApi } from "../../../provider/api/factory";
import { ROWS_JSON, startTestEmulator, tempDir, writeFile } from "./helpers";

const CLUSTER = "in03-5f2a9c1e7b3d4a0";
const REGION = "aws-us-west-2";
const KEY = "cloud-key";
const CREDS = { accessKey: "AKIAEXAMPLE", secretKey: "s3cr3t" };

let emu: RunningEmulator & { bucket: string };
beforeAll(async () => {
  const s3 = tempDir("s3-");
  writeFile(s3, "a/1.json", ROWS_JSON);
  emu = await startTestEmulator({
    apiKeys: [KEY],
    users: { root: "Milvus" },
    clusters: [{ clusterId: CLUSTER, region: REGION }],
    mounts: [{ prefix: "s3://bucket/", dir: s3, credentials: CREDS }],
  });
  writeFile(emu.bucket, "rows/1.json", ROWS_JSON);
});
afterAll(() => emu.stop());

/** The rows in ROWS_JSON: id, title, vec and a dynamic field. */
const collection = (collectionName: string) =>
  ({
    collectionName,
    schema: {
      autoID: false,
      enableDynamicField: true,
      fields: [
        { fieldName: "id", dataType: "Int64", isPrimary: true },
        { fieldName: "title", dataType: "VarChar", elementTypeParams: { max_length: 16 } },
        { fieldName: "vec", dataType: "FloatVector", elementTypeParams: { dim: 2 } },
      ],
    },
    indexParams: [
      { fieldName: "vec", indexName: "vec_idx", metricType: "L2", params: { index_type: "AUTOINDEX" } },
    ],
  }) as Parameters<HttpClient["createCollection"]>[0];

async function until<T>(f: () => Promise<T>, done: (t: T) => boolean): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const t = await f();
    if (done(t)) return t;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("timed out");
}

test("Milvus face: collection, import, progress, list, count and query through HttpClient", async () => {
  const client = new HttpClient({ endpoint: emu.url, token: "root:Milvus" });
  const created = await client.createCollection(collection("sdk_docs"));
  expect(created.code).toBe(0);

  const job = await client.createImportJobs({ collectionName: "sdk_docs", files: [["rows/1.json"]] });
  expect(job.code).toBe(0);
  expect(job.data.jobId).toMatch(/^\d+$/);

  const progress = await until(
    () => client.getImportJobProgress({ jobId: job.data.jobId }),
    (r) => r.code !== 0 || r.data.state === "Completed" || r.data.state === "Failed",
  );
  expect(progress.code).toBe(0);
  expect(progress.data).toMatchObject({
    jobId: job.data.jobId,
    collectionName: "sdk_docs",
    state: "Completed",
    progress: 100,
    importedRows: 3,
    totalRows: 3,
  });
  expect(progress.data.details?.[0]).toMatchObject({ fileName: "[rows/1.json]", state: "Completed" });

  const list = await client.listImportJobs({ collectionName: "sdk_docs" });
  expect(list.code).toBe(0);
  expect(list.data.records).toEqual([
    { jobId: job.data.jobId, collectionName: "sdk_docs", state: "Completed", progress: 100 },
  ]);

  const count = await client.query({ collectionName: "sdk_docs", outputFields: ["count(*)"], filter: "" });
  expect(count.code).toBe(0);
  expect(count.data).toEqual([{ "count(*)": 3 }]);
  const rows = await client.query({
    collectionName: "sdk_docs",
    outputFields: ["title"],
    filter: "id in [2]",
  });
  expect(rows.data.map((r) => r.title)).toEqual(["two"]);

  // Errors come back parsed too: an unknown job is Milvus's 2100.
  const missing = await client.getImportJobProgress({ jobId: "1" });
  expect(missing.code).toBe(2100);
  expect((missing as unknown as { message: string }).message).toBe(
    "import job does not exist, jobID=1: importing data failed",
  );
});

test("Zilliz v2 face: progress and list by projectId + regionId through HttpClient", async () => {
  const coll = new HttpClient({ endpoint: emu.url, token: "root:Milvus" });
  expect((await coll.createCollection(collection("sdk_cloud"))).code).toBe(0);
  // The SDK builds <baseURL>/vectordb/jobs/import/...; the control plane is /cloud/v2 here.
  const cloud = new HttpClient({ endpoint: emu.url, baseURL: `${emu.controlPlaneUrl}/v2`, token: KEY });
  const ours = createImportApi({
    kind: "zilliz-v2",
    endpoint: emu.controlPlaneUrl,
    apiKey: KEY,
    clusterId: CLUSTER,
  });
  const { jobId } = await ours.startImport({
    collectionName: "sdk_cloud",
    files: [["s3://bucket/a/1.json"]],
    storageCredentials: CREDS,
  });
  await ours.close();
  const scope = { projectId: "proj-0123abcd", regionId: REGION };

  const progress = await until(
    () => cloud.getImportJobProgress({ jobId, ...scope }),
    (r) => r.code !== 0 || r.data.state === "Completed" || r.data.state === "Failed",
  );
  expect(progress.code).toBe(0);
  expect(progress.data).toMatchObject({
    jobId,
    collectionName: "sdk_cloud",
    state: "Completed",
    progress: 100,
  });
  expect(progress.data.importedRows).toBe(3);

  const list = await cloud.listImportJobs({ collectionName: "sdk_cloud", ...scope });
  expect(list.code).toBe(0);
  expect(list.data.records.map((r) => [r.jobId, r.state])).toEqual([[jobId, "Completed"]]);

  // A key the control plane does not know is its 21119, parsed.
  const bad = new HttpClient({ endpoint: emu.url, baseURL: `${emu.controlPlaneUrl}/v2`, token: "nope" });
  const denied = await bad.listImportJobs({ collectionName: "sdk_cloud", ...scope });
  expect(denied.code).toBe(21119);
});
