/**
 * Fidelity gaps third-party clients found (pymilvus 3.0.2 / 2.4.7, the Node SDK, curl),, one block per gap: v1 never answers an error with its success code 200, cluster ids are
 * validated once at start-up, failed v1 jobs end our waiter, v2 paths on the regional v1 host are
 * refused as a wrong domain, and the smaller shape/code mismatches.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../../emulator";
import { ApiError, ImportJobFailedError } from "../../../provider/api/errors";
import { createImportApi } from "../../../provider/api/factory";
import { waitForImport } from "../../../provider/api/waiter";
import { repoRoot } from "../../helpers/tools";
import { call, ROWS_JSON, SCHEMA_BODY, startTestEmulator, tempDir, writeFile } from "./helpers";

const CLUSTER = "in03-5f2a9c1e7b3d4a0";
const REGION = "aws-us-west-2";
const KEY = "key-fidelity";
const AUTH = { Authorization: `Bearer ${KEY}` };
const CREDS = { accessKey: "AKIAEXAMPLE", secretKey: "s3cr3t-EXAMPLE" };
/** Zilliz Cloud renders times to the second, e.g. "2023-10-28T06:51:49Z". */
const SECONDS_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

const PK_COLLECTION = {
  collectionName: "by_key",
  schema: {
    fields: [
      { fieldName: "id", dataType: "Int64", isPrimary: true },
      {
        fieldName: "title",
        dataType: "VarChar",
        isPartitionKey: true,
        elementTypeParams: { max_length: 16 },
      },
      { fieldName: "vec", dataType: "FloatVector", elementTypeParams: { dim: 2 } },
    ],
  },
};

let emu: RunningEmulator & { bucket: string };
let s3dir: string;
const cloudOptions = () => ({
  apiKeys: [KEY],
  clusters: [{ clusterId: CLUSTER, region: REGION }],
  mounts: [{ prefix: "s3://bucket/", dir: s3dir, credentials: CREDS }],
});
beforeAll(async () => {
  s3dir = tempDir("s3-");
  writeFile(s3dir, "data/1.json", ROWS_JSON);
  emu = await startTestEmulator(cloudOptions());
  for (const body of [SCHEMA_BODY, PK_COLLECTION])
    expect((await call(`${emu.url}/v2/vectordb/collections/create`, { body })).body.code).toBe(0);
});
afterEach(() => emu.faults.reset());
afterAll(() => emu.stop());

const v1On = (e: RunningEmulator, p: string, init: Parameters<typeof call>[1] = {}) =>
  call(`${e.controlPlaneUrl}/v1/vector/collections/import${p}`, { headers: AUTH, ...init });
const v1 = (p: string, init: Parameters<typeof call>[1] = {}) => v1On(emu, p, init);
const v2 = (p: string, body: unknown) =>
  call(`${emu.controlPlaneUrl}/v2/vectordb/jobs/import/${p}`, { body, headers: AUTH });
const importV1 = {
  clusterId: CLUSTER,
  collectionName: "docs",
  objectUrl: "s3://bucket/data/1.json",
  ...CREDS,
};
const v1Api = (e: RunningEmulator = emu) =>
  createImportApi({ kind: "zilliz-v1", endpoint: e.controlPlaneUrl, apiKey: KEY, clusterId: CLUSTER });

async function v1Finished(jobId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 500; i++) {
    const r = await v1(`/get?jobId=${jobId}&clusterId=${CLUSTER}`, { method: "GET" });
    const d = r.body.data as Record<string, unknown>;
    if (d.completeTime !== null) return d;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`v1 job ${jobId} did not finish`);
}

describe("1. v1 never carries its success code 200 on an error", () => {
  it("maps an unknown partition onto a v1 error code; our v1 client reports it", async () => {
    const r = await v1("", { body: { ...importV1, partitionName: "p404" } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      code: 80000,
      message: "Incorrect parameter: partition not found[partition=p404]",
    });

    const api = v1Api();
    const err = await api
      .startImport({
        collectionName: "docs",
        partitionName: "p404",
        files: [["s3://bucket/data/1.json"]],
        storageCredentials: CREDS,
      })
      .catch((e: unknown) => e);
    await api.close();
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(80000);
    expect((err as ApiError).message).toContain("partition not found[partition=p404]");
  });

  it("maps the other inner Milvus rejections of an import (partition key, job limit) onto v1 codes", async () => {
    expect(
      (await v1("", { body: { ...importV1, collectionName: "by_key", partitionName: "_default" } })).body,
    ).toEqual({
      code: 80000,
      message:
        "Incorrect parameter: not allow to set partition name for collection with partition key: importing data failed",
    });
    // The engine's own cap on unfinished jobs (Milvus maxImportJobNum) is v1's "cluster is importing".
    const limited = await startTestEmulator({
      ...cloudOptions(),
      engine: { maxUnfinishedJobs: 1 },
      faults: { stallAtProgress: 10 },
    });
    try {
      expect(
        (await call(`${limited.url}/v2/vectordb/collections/create`, { body: SCHEMA_BODY })).body.code,
      ).toBe(0);
      expect((await v1On(limited, "", { body: importV1 })).body.code).toBe(200);
      const second = await v1On(limited, "", { body: importV1 });
      expect(second.body.code).toBe(47055);
      expect(second.body.message).toMatch(/^The current cluster is currently importing data \(/);
    } finally {
      limited.faults.reset();
      await limited.stop();
    }
  });
});

describe("2. cluster ids are validated once, at start-up, with the rule both faces use", () => {
  it("startEmulator refuses a malformed cluster id or region", async () => {
    const dataDir = tempDir("emu-bad-");
    await expect(
      startEmulator({ dataDir, clusters: [{ clusterId: "in03-abc123", region: REGION }] }),
    ).rejects.toThrow(/invalid cluster id "in03-abc123"/);
    await expect(
      startEmulator({ dataDir, clusters: [{ clusterId: CLUSTER, region: "AWS US West" }] }),
    ).rejects.toThrow(/invalid region "AWS US West"/);
    await expect(
      startEmulator({
        dataDir,
        clusters: [
          { clusterId: CLUSTER, region: REGION },
          { clusterId: CLUSTER, region: "gcp-us-west1" },
        ],
      }),
    ).rejects.toThrow(/listed twice/);
  });

  it("the CLI exits 2 naming the bad --cluster", () => {
    const main = path.join(repoRoot, "dist/emulator/main.js");
    expect(fs.existsSync(main)).toBe(true);
    let failure: { status?: number; stderr?: string } = {};
    try {
      execFileSync(
        process.execPath,
        [main, "--port", "0", "--data", tempDir("emu-cli-"), "--cluster", "in03-abc123@aws-us-west-2"],
        { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 20_000 },
      );
    } catch (e) {
      failure = e as { status?: number; stderr?: string };
    }
    expect(failure.status).toBe(2);
    expect(failure.stderr).toMatch(/invalid cluster id "in03-abc123"/);
  });

  it("an id both faces accept at start-up is served by both", async () => {
    const r1 = await v1(`/list?clusterId=${CLUSTER}&pageSize=5`, { method: "GET" });
    expect(r1.body.code).toBe(200);
    const r2 = await v2("list", { clusterId: CLUSTER });
    expect(r2.body.code).toBe(0);
  });
});

describe("3. a failed v1 job ends our waiter", () => {
  it("the emulator reports errorMessage (readyPercentage 0, completeTime set) and waitForImport rejects", async () => {
    emu.faults.apply({ failNextJob: "injected: datanode crashed" });
    const r = await v1("", { body: importV1 });
    expect(r.body.code).toBe(200);
    const jobId = (r.body.data as { jobId: string }).jobId;
    const d = await v1Finished(jobId);
    expect(d.readyPercentage).toBe(0);
    expect(d.errorMessage).toContain("injected: datanode crashed");
    expect(d.completeTime).toMatch(SECONDS_ISO);

    const api = v1Api();
    try {
      const err = await waitForImport(api, jobId, { timeoutMs: 10_000, initialIntervalMs: 20 }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ImportJobFailedError);
      expect((err as Error).message).toContain("injected: datanode crashed");
    } finally {
      await api.close();
    }
    const list = await v1(`/list?clusterId=${CLUSTER}&pageSize=100`, { method: "GET" });
    const task = (list.body.data as { tasks: { jobId: string; state: string }[] }).tasks.find(
      (t) => t.jobId === jobId,
    );
    expect(task?.state).toBe("ImportFailed");
  });
});

describe("4. v2 paths on the regional v1 host are a wrong domain", () => {
  it("answers 90117 (HTTP 200), as the v1 control plane does for a domain it does not serve", async () => {
    const r = await call(`${emu.controlPlaneUrlFor(REGION)}/v2/vectordb/jobs/import/create`, {
      body: {
        clusterId: CLUSTER,
        collectionName: "docs",
        objectUrls: [["s3://bucket/data/1.json"]],
        ...CREDS,
      },
      headers: AUTH,
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      code: 90117,
      message: "Invalid domain name used, please check the domain name you're using.",
    });
    // Nothing was imported.
    expect(emu.opened.jobs.list().filter((j) => j.labels?.api === "v2")).toHaveLength(0);
  });
});

describe("5. smaller shape and code mismatches", () => {
  it("v1 completeTime has no milliseconds (job and details)", async () => {
    const r = await v1("", { body: importV1 });
    const d = await v1Finished((r.body.data as { jobId: string }).jobId);
    expect(d.completeTime).toMatch(SECONDS_ISO);
    for (const detail of d.details as { completeTime: string }[])
      expect(detail.completeTime).toMatch(SECONDS_ISO);
  });

  it("v1 import with a malformed JSON body is 'no import content' (90142), not the list-only 80000", async () => {
    expect((await v1("", { raw: '{"clusterId": "in03-' })).body).toEqual({
      code: 90142,
      message: "No import content provided.",
    });
    expect((await v1("", { raw: "[1, 2]" })).body.code).toBe(90142);
  });

  it("v1 list with a non-numeric pageSize or currentPage is an incorrect parameter (80000), not 80003", async () => {
    expect((await v1(`/list?clusterId=${CLUSTER}&pageSize=abc`, { method: "GET" })).body).toEqual({
      code: 80000,
      message: "Incorrect parameter: pageSize must be an integer, got 'abc'",
    });
    expect(
      (await v1(`/list?clusterId=${CLUSTER}&pageSize=10&currentPage=x1`, { method: "GET" })).body,
    ).toEqual({
      code: 80000,
      message: "Incorrect parameter: currentPage must be an integer, got 'x1'",
    });
    expect((await v1(`/list?clusterId=${CLUSTER}&pageSize=4`, { method: "GET" })).body.code).toBe(80003);
  });

  it("v2 create without collectionName is a missing-parameter error, not 'collection not found'", async () => {
    const r = await v2("create", { clusterId: CLUSTER, objectUrls: [["s3://bucket/data/1.json"]], ...CREDS });
    expect(r.body).toEqual({
      code: 1802,
      message:
        "missing required parameters, error: Key: 'ImportReq.CollectionName' Error:Field validation for 'CollectionName' failed on the 'required' tag",
    });
    const empty = await v2("create", {
      clusterId: CLUSTER,
      collectionName: "",
      objectUrls: [["s3://bucket/data/1.json"]],
      ...CREDS,
    });
    expect(empty.body.code).toBe(1802);
  });
});
