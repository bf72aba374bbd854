/**
 * The project's own API clients (provider/api) against the emulator: the same flow over all three
 * faces — create + index + load over Milvus REST, import over Milvus / Zilliz v1 / Zilliz v2, wait,
 * count, query by pk, delete. Divergence between client and emulator shows up here.
 */

import type { RunningEmulator } from "../../../emulator";
import { createCollectionApi, createImportApi } from "../../../provider/api/factory";
import type { ImportApi } from "../../../provider/api/types";
import { ROWS_JSON, startTestEmulator, tempDir, writeFile } from "./helpers";

const CLUSTER = "in03-5f2a9c1e7b3d4a0";
const CREDS = { accessKey: "AKIAEXAMPLE", secretKey: "s3cr3t" };
let emu: RunningEmulator & { bucket: string };

beforeAll(async () => {
  const s3 = tempDir("s3-");
  writeFile(s3, "a/1.json", ROWS_JSON);
  emu = await startTestEmulator({
    apiKeys: ["cloud-key"],
    users: { root: "Milvus" },
    clusters: [{ clusterId: CLUSTER, region: "aws-us-west-2" }],
    mounts: [{ prefix: "s3://bucket/", dir: s3, credentials: CREDS }],
  });
  writeFile(emu.bucket, "a/1.json", ROWS_JSON);
});
afterAll(() => emu.stop());

async function waitDone(api: ImportApi, jobId: string) {
  for (let i = 0; i < 500; i++) {
    const j = await api.getJob(jobId);
    if (j.state === "Completed" || j.state === "Failed") return j;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("job did not finish");
}

it.each([
  ["milvus-v2", "a/1.json"],
  ["zilliz-v1", "s3://bucket/a/1.json"],
  ["zilliz-v2", "s3://bucket/a/1.json"],
] as const)("%s client: import, wait, count, query, delete", async (kind, file) => {
  const coll = createCollectionApi({ endpoint: emu.url, token: "root:Milvus" });
  const name = `c_${kind.replace("-", "_")}`;
  await coll.createCollection({
    dbName: "default",
    collectionName: name,
    schema: {
      enableDynamicField: true,
      fields: [
        { name: "id", dataType: "INT64", isPrimary: true },
        { name: "title", dataType: "VARCHAR", maxLength: 16 },
        { name: "vec", dataType: "FLOAT_VECTOR", dim: 2 },
      ],
    },
    indexes: [{ fieldName: "vec", indexType: "AUTOINDEX", metricType: "L2" }],
  });
  await coll.loadCollection("default", name);
  expect(await coll.getLoadState("default", name)).toBe("Loaded");
  const api =
    kind === "milvus-v2"
      ? createImportApi({ kind, endpoint: emu.url, token: "root:Milvus" })
      : createImportApi({ kind, endpoint: emu.controlPlaneUrl, apiKey: "cloud-key", clusterId: CLUSTER });
  const { jobId } = await api.startImport({
    collectionName: name,
    files: [[file]],
    storageCredentials: CREDS,
  });
  const job = await waitDone(api, jobId);
  expect(job.reason).toBeUndefined();
  expect(job.state).toBe("Completed");
  expect(job.progress).toBe(1);
  expect((await api.listJobs({ collectionName: name })).map((j) => j.jobId)).toContain(jobId);
  expect(await coll.count("default", name)).toBe(3n);
  const rows = await coll.query("default", name, { filter: "id in [2]", outputFields: ["title"] });
  expect(rows).toHaveLength(1);
  expect(rows[0].title).toBe("two");
  await coll.deleteEntities("default", name, { filter: "id in [1, 2]" });
  expect(await coll.count("default", name)).toBe(1n);
  const described = await coll.describeCollection("default", name);
  expect(described?.schema.fields.map((f) => f.name)).toEqual(["id", "title", "vec"]);
  await api.close();
  await coll.close?.();
});
