/**
 * A start whose answer was lost: the job exists on the server, no marker names it. With the intent
 * marker written before the start, the next run finds the job by its file names on each API (list
 * records carry none, so candidates are described) and keeps the jobs the marker names; with an
 * intent, a list that keeps failing fails the lookup instead of letting a second import start. Likewise
 * a job the marker names is given up (and a new one started) only when the server says it does not
 * know it, never because describing it failed.
 */
import path from "node:path";
import type { RunningEmulator } from "../../../emulator";
import { createImportApi } from "../../../provider/api/factory";
import { describeStartedJob, findStartedJobs, markStartIntent } from "../../../provider/pipeline/findJob";
import type { ImportPlan } from "../../../provider/pipeline/types";
import { LocalStore } from "../../../provider/storage/local";
import { call, ROWS_JSON, SCHEMA_BODY, startTestEmulator, tempDir, writeFile } from "./helpers";

const CLUSTER = "in03-5f2a9c1e7b3d4a0";
const REGION = "aws-us-west-2";
const KEY = "k";
const IDENTITY = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

let emu: RunningEmulator & { bucket: string };
let s3: string;
beforeAll(async () => {
  s3 = tempDir("s3-");
  emu = await startTestEmulator({
    apiKeys: [KEY],
    clusters: [{ clusterId: CLUSTER, region: REGION }],
    mounts: [{ prefix: "s3://bucket/", dir: s3 }],
    bucketDir: s3,
  });
  expect((await call(`${emu.url}/v2/vectordb/collections/create`, { body: SCHEMA_BODY })).body.code).toBe(0);
});
afterEach(() => emu.faults.reset());
afterAll(() => emu.stop());

const apiFor = (kind: "milvus-v2" | "zilliz-v2" | "zilliz-v1") =>
  kind === "milvus-v2"
    ? createImportApi({ kind, endpoint: emu.url })
    : createImportApi({
        kind,
        endpoint: kind === "zilliz-v1" ? emu.controlPlaneUrlFor(REGION) : emu.controlPlaneUrl,
        apiKey: KEY,
        clusterId: CLUSTER,
      });

function planFor(kind: string): ImportPlan {
  const identity = `${kind.replace("-", "")}${IDENTITY.slice(kind.length)}`;
  return { identity, prefix: `imports/${identity}` } as ImportPlan;
}

it.each(["milvus-v2", "zilliz-v2", "zilliz-v1"] as const)(
  "%s: the intent marker leads the next run to the job whose answer was lost",
  async (kind) => {
    const plan = planFor(kind);
    const store = new LocalStore(path.join(tempDir("markers-")));
    const spec = { apiKind: kind, collectionName: "docs", dbName: "default" };
    const api = apiFor(kind);
    try {
      // Another job of the same collection (not ours) and, before the intent, nothing is looked up.
      writeFile(s3, "other/1.json", ROWS_JSON);
      const other = kind === "milvus-v2" ? "other/1.json" : "s3://bucket/other/1.json";
      await api.startImport({ collectionName: "docs", files: [[other]] });
      expect(await findStartedJobs(api, store, plan, spec)).toBeUndefined();

      await markStartIntent(store, plan, kind);
      expect(await findStartedJobs(api, store, plan, spec)).toEqual({ jobIds: [], parts: 1, listed: [] });
      writeFile(s3, `${plan.prefix}/data/1.json`, ROWS_JSON.replace(/"id": ?(\d)/g, '"id": 5$1'));
      const file = kind === "milvus-v2" ? `${plan.prefix}/data/1.json` : `s3://bucket/${plan.prefix}/data/`;
      const lost = await api.startImport({ collectionName: "docs", files: [[file]] });
      const found = await findStartedJobs(api, store, plan, spec);
      expect(found?.listed?.map((j) => j.jobId)).toEqual([lost.jobId]);

      // Part 2 of 2 was under way: the marker keeps naming part 1's job.
      await markStartIntent(store, plan, kind, ["job-of-part-1"], 2);
      expect(await findStartedJobs(api, store, plan, spec)).toMatchObject({
        jobIds: ["job-of-part-1"],
        parts: 2,
        listed: [{ jobId: lost.jobId }],
      });
    } finally {
      await api.close();
    }
  },
);

it("with an intent, a list that keeps failing fails the lookup (no second import)", async () => {
  const plan = planFor("zilliz-v2x");
  const store = new LocalStore(tempDir("markers-"));
  await markStartIntent(store, plan, "zilliz-v2");
  const api = createImportApi({
    kind: "zilliz-v2",
    endpoint: emu.controlPlaneUrl,
    apiKey: KEY,
    clusterId: CLUSTER,
    maxRetries: 1,
    backoff: { baseMs: 1, maxMs: 2 },
  });
  emu.faults.apply({ requests: [{ path: "jobs/import/list", count: 5, status: 503 }] });
  try {
    await expect(
      findStartedJobs(api, store, plan, { apiKind: "zilliz-v2", collectionName: "docs", dbName: "default" }),
    ).rejects.toThrow(/503/);
  } finally {
    await api.close();
  }
});

it("a marker's job is given up only when the server does not know it, not when describing it fails", async () => {
  const api = createImportApi({
    kind: "zilliz-v2",
    endpoint: emu.controlPlaneUrl,
    apiKey: KEY,
    clusterId: CLUSTER,
    maxRetries: 1,
    backoff: { baseMs: 1, maxMs: 2 },
  });
  try {
    writeFile(s3, "described/1.json", ROWS_JSON.replace(/"id": ?(\d)/g, '"id": 7$1'));
    const { jobId } = await api.startImport({
      collectionName: "docs",
      files: [["s3://bucket/described/1.json"]],
    });
    expect((await describeStartedJob(api, jobId))?.jobId).toBe(jobId);
    expect(await describeStartedJob(api, "job-01234567890123456789")).toBeUndefined();
    emu.faults.apply({ requests: [{ path: "jobs/import/getProgress", count: 5, status: 503 }] });
    await expect(describeStartedJob(api, jobId)).rejects.toThrow(/503/);
    emu.faults.reset();
    emu.faults.apply({ requests: [{ path: "jobs/import/getProgress", count: 5, reset: true }] });
    await expect(describeStartedJob(api, jobId)).rejects.toThrow(/ECONNRESET|socket|NETWORK/i);
  } finally {
    await api.close();
  }
});
