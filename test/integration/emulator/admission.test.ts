/**
 * Starting an import on a cluster that runs one import at a time: the refusals (control plane 47039,
 * Milvus 2100 job limit) are waited out with capped backoff until a slot frees up; other errors are
 * not retried; past the deadline the last refusal is thrown.
 */
import type { RunningEmulator } from "../../../emulator";
import { isBusyRefusal, startImportWhenAdmitted } from "../../../provider/api/admission";
import { ApiError } from "../../../provider/api/errors";
import { createImportApi } from "../../../provider/api/factory";
import { call, ROWS_JSON, SCHEMA_BODY, startTestEmulator, tempDir, writeFile } from "./helpers";

const CLUSTER = "in03-5f2a9c1e7b3d4a0";
const KEY = "k";
const FAST = { baseMs: 20, maxMs: 100, factor: 2 };

let emu: RunningEmulator & { bucket: string };
beforeAll(async () => {
  const s3 = tempDir("s3-");
  writeFile(s3, "a/1.json", ROWS_JSON);
  emu = await startTestEmulator({
    apiKeys: [KEY],
    clusters: [{ clusterId: CLUSTER, region: "aws-us-west-2" }],
    mounts: [{ prefix: "s3://bucket/", dir: s3 }],
  });
  writeFile(emu.bucket, "a/1.json", ROWS_JSON);
  expect((await call(`${emu.url}/v2/vectordb/collections/create`, { body: SCHEMA_BODY })).body.code).toBe(0);
});
afterEach(async () => {
  emu.faults.reset();
  // Each test starts on an idle cluster.
  for (let i = 0; i < 500 && emu.opened.jobs.unfinishedCount() > 0; i++)
    await new Promise((r) => setTimeout(r, 20));
});
afterAll(() => emu.stop());

const apis = {
  "zilliz-v2": () =>
    createImportApi({
      kind: "zilliz-v2",
      endpoint: emu.controlPlaneUrl,
      apiKey: KEY,
      clusterId: CLUSTER,
      maxRetries: 0,
    }),
  "milvus-v2": () => createImportApi({ kind: "milvus-v2", endpoint: emu.url, maxRetries: 0 }),
};
const fileFor = (kind: string) => (kind === "milvus-v2" ? "a/1.json" : "s3://bucket/a/1.json");

it.each(["zilliz-v2", "milvus-v2"] as const)(
  "%s: a refused start waits for the running import to finish, then starts",
  async (kind) => {
    const api = apis[kind]();
    try {
      emu.faults.apply({ maxConcurrentImports: 1, stallAtProgress: 10 });
      await api.startImport({ collectionName: "docs", files: [[fileFor(kind)]] });
      const refusals: unknown[] = [];
      const second = startImportWhenAdmitted(
        api,
        { collectionName: "docs", files: [[fileFor(kind)]] },
        { timeoutMs: 20_000, backoff: FAST, onRefused: (i) => refusals.push(i.error.code) },
      );
      await new Promise((r) => setTimeout(r, 400));
      emu.faults.apply({ stallAtProgress: null });
      const { jobId } = await second;
      expect(jobId).toBeTruthy();
      expect(refusals.length).toBeGreaterThan(0);
      expect(refusals[0]).toBe(kind === "zilliz-v2" ? 47039 : 2100);
    } finally {
      emu.faults.reset();
      await api.close();
    }
  },
);

it("throws the refusal past the deadline, and any other error at once", async () => {
  const api = apis["zilliz-v2"]();
  try {
    emu.faults.apply({ maxConcurrentImports: 1, stallAtProgress: 10 });
    await api.startImport({ collectionName: "docs", files: [[fileFor("zilliz-v2")]] });
    const t = Date.now();
    const refused = await startImportWhenAdmitted(
      api,
      { collectionName: "docs", files: [[fileFor("zilliz-v2")]] },
      { timeoutMs: 300, backoff: FAST },
    ).catch((e: unknown) => e);
    expect(isBusyRefusal(refused)).toBe(true);
    expect((refused as ApiError).code).toBe(47039);
    expect(Date.now() - t).toBeLessThan(5_000);

    let calls = 0;
    const counting = {
      startImport: (req: Parameters<typeof api.startImport>[0]) => {
        calls++;
        return api.startImport(req);
      },
    };
    const missing = await startImportWhenAdmitted(
      counting,
      { collectionName: "ghost", files: [[fileFor("zilliz-v2")]] },
      { timeoutMs: 5_000, backoff: FAST },
    ).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ApiError);
    expect((missing as ApiError).code).toBe(100);
    expect(calls).toBe(1);
  } finally {
    emu.faults.reset();
    await api.close();
  }
});
