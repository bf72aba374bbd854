/** Fault injection (admin endpoint, options, env) and the redacted request log, over real HTTP. */
import type { RunningEmulator } from "../../../emulator";
import { faultsFromEnv } from "../../../emulator/faults";
import { call, milvus, ROWS_JSON, SCHEMA_BODY, startTestEmulator, waitMilvusJob, writeFile } from "./helpers";

let emu: RunningEmulator & { bucket: string };
beforeAll(async () => {
  emu = await startTestEmulator({ engine: { jobStepDelayMs: 5 } });
  writeFile(emu.bucket, "1.json", ROWS_JSON);
  expect((await milvus(emu, "collections/create", SCHEMA_BODY)).body.code).toBe(0);
});
afterEach(() => emu.faults.reset());
afterAll(() => emu.stop());

const setFaults = (body: unknown) => call(`${emu.url}/_emulator/faults`, { body });

describe("request faults", () => {
  it("fails the next N matching requests with an HTTP status, then recovers", async () => {
    await setFaults({
      requests: [{ path: "collections/has", count: 2, status: 503, message: "upstream unavailable" }],
    });
    for (let i = 0; i < 2; i++) {
      expect(await milvus(emu, "collections/has", { collectionName: "docs" })).toEqual({
        status: 503,
        body: { code: 503, message: "upstream unavailable" },
      });
    }
    expect((await milvus(emu, "collections/has", { collectionName: "docs" })).body).toEqual({
      code: 0,
      data: { has: true },
    });
  });

  it("returns a business code such as the REST rate limiter's 1807 with HTTP 200", async () => {
    await setFaults({
      requests: [{ code: 1807, message: "request is rejected by limiter, error: rate limit exceeded" }],
    });
    const r = await milvus(emu, "collections/list", {});
    expect(r).toEqual({
      status: 200,
      body: { code: 1807, message: "request is rejected by limiter, error: rate limit exceeded" },
    });
    expect((await milvus(emu, "collections/list", {})).body.code).toBe(0);
  });

  it("matches a rule's method when it names one (v1's create path is a prefix of its GET paths)", async () => {
    await setFaults({ requests: [{ path: "collections/list", method: "GET", status: 503 }] });
    expect((await milvus(emu, "collections/list", {})).body.code).toBe(0);
    expect(emu.faults.snapshot().requests).toHaveLength(1);
    emu.faults.reset();
    await setFaults({ requests: [{ path: "collections/list", method: "post", status: 503 }] });
    expect((await milvus(emu, "collections/list", {})).status).toBe(503);
    expect((await milvus(emu, "collections/list", {})).body.code).toBe(0);
  });

  it("resets connections", async () => {
    await setFaults({ requests: [{ path: "collections/list", reset: true }] });
    await expect(milvus(emu, "collections/list", {})).rejects.toThrow();
    expect((await milvus(emu, "collections/list", {})).body.code).toBe(0);
  });

  it("handles a request, then drops or holds its answer (the job exists; the client may not know)", async () => {
    const jobsBefore = emu.opened.jobs.list().length;
    await setFaults({ requests: [{ path: "jobs/import/create", dropReply: true }] });
    await expect(
      milvus(emu, "jobs/import/create", { collectionName: "docs", files: [["1.json"]] }),
    ).rejects.toThrow();
    expect(emu.opened.jobs.list()).toHaveLength(jobsBefore + 1);

    await setFaults({ requests: [{ path: "jobs/import/create", holdReplyMs: 200 }] });
    const t = Date.now();
    const held = await milvus(emu, "jobs/import/create", { collectionName: "docs", files: [["1.json"]] });
    expect(Date.now() - t).toBeGreaterThanOrEqual(190);
    expect(held.body.code).toBe(0);
    expect(emu.opened.jobs.list()).toHaveLength(jobsBefore + 2);
    for (const j of emu.opened.jobs.list()) await waitMilvusJob(emu, j.jobId);
  });

  it("adds latency", async () => {
    await setFaults({ latencyMs: 150 });
    const t = Date.now();
    await milvus(emu, "collections/list", {});
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
  });

  it("shows and clears the fault state", async () => {
    await setFaults({ requests: [{ path: "x", count: 3, status: 500 }], stallAtProgress: 40 });
    const state = await call(`${emu.url}/_emulator/faults`, { method: "GET" });
    expect(state.body).toMatchObject({
      requests: [{ path: "x", count: 3, status: 500 }],
      stallAtProgress: 40,
    });
    const cleared = await call(`${emu.url}/_emulator/faults`, { method: "DELETE" });
    expect(cleared.body).toMatchObject({ requests: [], stallAtProgress: null });
  });

  it("reads EMULATOR_FAULTS", () => {
    expect(faultsFromEnv({ EMULATOR_FAULTS: '{"latencyMs": 5}' })).toEqual({ latencyMs: 5 });
    expect(() => faultsFromEnv({ EMULATOR_FAULTS: "{" })).toThrow("EMULATOR_FAULTS is not valid JSON");
  });
});

describe("job faults", () => {
  it("stalls a job at a progress value until cleared, then completes", async () => {
    await setFaults({ stallAtProgress: 40 });
    const jobId = (
      (await milvus(emu, "jobs/import/create", { collectionName: "docs", files: [["1.json"]] })).body
        .data as { jobId: string }
    ).jobId;
    let d: Record<string, unknown> = {};
    for (let i = 0; i < 250; i++) {
      d = (await milvus(emu, "jobs/import/get_progress", { jobId })).body.data as Record<string, unknown>;
      if (d.progress === 40) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(d).toMatchObject({ state: "Importing", progress: 40 });
    await new Promise((r) => setTimeout(r, 150));
    expect(
      ((await milvus(emu, "jobs/import/get_progress", { jobId })).body.data as { progress: number }).progress,
    ).toBe(40);
    await call(`${emu.url}/_emulator/faults`, { method: "DELETE" });
    expect(await waitMilvusJob(emu, jobId)).toMatchObject({ state: "Completed", progress: 100 });
  });

  it("a stall at 80 holds the job at 80 % Importing (index building) until cleared", async () => {
    await setFaults({ stallAtProgress: 80 });
    const jobId = (
      (await milvus(emu, "jobs/import/create", { collectionName: "docs", files: [["1.json"]] })).body
        .data as { jobId: string }
    ).jobId;
    const progress = async () =>
      (await milvus(emu, "jobs/import/get_progress", { jobId })).body.data as {
        state: string;
        progress: number;
      };
    let p = await progress();
    for (let i = 0; i < 250 && p.progress < 80; i++) {
      await new Promise((r) => setTimeout(r, 20));
      p = await progress();
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(await progress()).toMatchObject({ state: "Importing", progress: 80 });
    emu.faults.reset();
    expect(await waitMilvusJob(emu, jobId)).toMatchObject({ state: "Completed", progress: 100 });
  });

  it("fails the next job with a given reason and imports nothing", async () => {
    const before = (
      await milvus(emu, "entities/query", { collectionName: "docs", outputFields: ["count(*)"] })
    ).body.data;
    await setFaults({ failNextJob: "injected: datanode crashed" });
    const jobId = (
      (await milvus(emu, "jobs/import/create", { collectionName: "docs", files: [["1.json"]] })).body
        .data as { jobId: string }
    ).jobId;
    expect(await waitMilvusJob(emu, jobId)).toMatchObject({
      state: "Failed",
      progress: 0,
      reason: "injected: datanode crashed",
    });
    expect(
      (await milvus(emu, "entities/query", { collectionName: "docs", outputFields: ["count(*)"] })).body.data,
    ).toEqual(before);
  });

  it("shows Pending (held at 0) then Importing (held at 10) states while a job runs", async () => {
    await setFaults({ stallAtProgress: 0 });
    const jobId = (
      (await milvus(emu, "jobs/import/create", { collectionName: "docs", files: [["1.json"]] })).body
        .data as { jobId: string }
    ).jobId;
    const progress = async () =>
      (await milvus(emu, "jobs/import/get_progress", { jobId })).body.data as {
        state: string;
        progress: number;
      };
    await new Promise((r) => setTimeout(r, 100));
    expect(await progress()).toMatchObject({ state: "Pending", progress: 0 });
    await setFaults({ stallAtProgress: 10 });
    let p = await progress();
    for (let i = 0; i < 100 && p.state !== "Importing"; i++) {
      await new Promise((r) => setTimeout(r, 10));
      p = await progress();
    }
    expect(p).toMatchObject({ state: "Importing", progress: 10 });
    emu.faults.reset();
    expect((await waitMilvusJob(emu, jobId)).state).toBe("Completed");
  });
});

describe("request log", () => {
  it("records requests with credentials redacted", async () => {
    const secured = await startTestEmulator({ users: { root: "Sup3rSecret" }, log: () => undefined });
    try {
      await milvus(
        secured,
        "collections/list",
        { secretKey: "wJalrEXAMPLEKEY", accessKey: "AKIAEXAMPLE" },
        { Authorization: "Bearer root:Sup3rSecret" },
      );
      const log = await call(`${secured.url}/_emulator/requests`, { method: "GET" });
      const text = JSON.stringify(log.body);
      expect(text).toContain("/v2/vectordb/collections/list");
      expect(text).not.toContain("Sup3rSecret");
      expect(text).not.toContain("wJalrEXAMPLEKEY");
      expect(text).not.toContain("AKIAEXAMPLE");
      expect(text).toContain("[REDACTED]");
    } finally {
      await secured.stop();
    }
  });
});
