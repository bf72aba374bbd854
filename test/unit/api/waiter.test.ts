import { ApiError, ImportJobFailedError, WaitTimeoutError } from "../../../provider/api/errors";
import type { ImportJobInfo } from "../../../provider/api/types";
import { type StallReport, waitForImport } from "../../../provider/api/waiter";

/** A scripted job source plus a virtual clock: sleeping advances time, polls are recorded. */
function scripted(states: Array<Partial<ImportJobInfo> | Error>) {
  let t = 0;
  const polls: number[] = [];
  const sleeps: number[] = [];
  let i = 0;
  const api = {
    kind: "milvus-v2",
    getJob: async (jobId: string): Promise<ImportJobInfo> => {
      polls.push(t);
      const s = states[Math.min(i++, states.length - 1)];
      if (s instanceof Error) throw s;
      return { jobId, collectionName: "c", state: "Importing", progress: 0, details: [], ...s };
    },
  };
  const opts = {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
  };
  return { api, opts, polls, sleeps, time: () => t };
}

const files = (state: "Completed" | "Importing") => [
  { fileName: "a", state, progress: state === "Completed" ? 1 : 0.5 },
  { fileName: "b", state, progress: state === "Completed" ? 1 : 0.5 },
];

describe("waitForImport", () => {
  test("polls until Completed, reporting progress, interval adapting", async () => {
    const s = scripted([
      { state: "Pending" },
      { progress: 0.1 },
      { progress: 0.1 },
      { progress: 0.1 },
      { progress: 0.5 },
      { state: "Completed", progress: 1 },
    ]);
    const seen: number[] = [];
    const job = await waitForImport(s.api, "j", {
      ...s.opts,
      initialIntervalMs: 100,
      maxIntervalMs: 1000,
      onProgress: (j) => seen.push(j.progress),
    });
    expect(job.state).toBe("Completed");
    expect(seen).toEqual([0, 0.1, 0.1, 0.1, 0.5, 1]);
    // Unchanged polls back off (x1.5), a change speeds up again.
    expect(s.sleeps).toEqual([100, 100, 150, 225, 150]);
  });

  test("interval never exceeds the max", async () => {
    const s = scripted([...Array(30).fill({ progress: 0.2 }), { state: "Completed" }]);
    await waitForImport(s.api, "j", {
      ...s.opts,
      initialIntervalMs: 100,
      maxIntervalMs: 800,
      stallAfterMs: 1e9,
    });
    expect(Math.max(...s.sleeps)).toBe(800);
  });

  test("Failed job rejects with the reason", async () => {
    const s = scripted([{ progress: 0.4 }, { state: "Failed", reason: "missing field v" }]);
    await expect(waitForImport(s.api, "j", s.opts)).rejects.toThrow(ImportJobFailedError);
    const s2 = scripted([{ state: "Failed", reason: "missing field v" }]);
    await expect(waitForImport(s2.api, "j", s2.opts)).rejects.toThrow(/missing field v/);
  });

  test("milvus#39348: all files Completed, job stuck at 80% -> stall reported once, keeps waiting, then completes", async () => {
    const stuck = {
      state: "Importing" as const,
      progress: 0.8,
      rawState: "Importing",
      details: files("Completed"),
    };
    const s = scripted([
      { progress: 0.5, details: files("Importing") },
      ...Array(20).fill(stuck),
      { state: "Completed", progress: 1 },
    ]);
    const stalls: StallReport[] = [];
    const job = await waitForImport(s.api, "j", {
      ...s.opts,
      initialIntervalMs: 100,
      maxIntervalMs: 400,
      stallAfterMs: 1e9,
      onStall: (r) => stalls.push(r),
    });
    expect(job.state).toBe("Completed");
    expect(stalls.map((r) => r.kind)).toEqual(["files-complete-job-pending"]);
    expect(stalls[0].message).toMatch(/All 2 file\(s\) are Completed .* 80% .*milvus#39348.*Still waiting/);
  });

  test("stuck job fails only at the timeout, with the stall in the error", async () => {
    const stuck = { state: "Importing" as const, progress: 0.8, details: files("Completed") };
    const s = scripted([stuck]);
    const stalls: StallReport[] = [];
    const err = await waitForImport(s.api, "job-7", {
      ...s.opts,
      timeoutMs: 10_000,
      initialIntervalMs: 100,
      maxIntervalMs: 1000,
      stallAfterMs: 3000,
      onStall: (r) => stalls.push(r),
    }).catch((e) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(err.message).toMatch(/job-7 did not finish within 10s.*progress 80%/);
    expect(s.time()).toBe(10_000);
    expect(stalls.map((r) => r.kind)).toEqual(["files-complete-job-pending", "no-progress"]);
    expect(stalls[1].sinceMs).toBeGreaterThanOrEqual(3000);
  });

  test("transient poll failures are tolerated, permanent ones are not", async () => {
    const transient = new ApiError({
      kind: "network",
      api: "milvus-v2",
      code: "ECONNRESET",
      transient: true,
    });
    const s = scripted([transient, transient, { state: "Completed" }]);
    expect((await waitForImport(s.api, "j", s.opts)).state).toBe("Completed");
    const s2 = scripted(Array(10).fill(transient));
    await expect(waitForImport(s2.api, "j", { ...s2.opts, maxPollFailures: 3 })).rejects.toBe(transient);
    expect(s2.polls.length).toBe(3);
    const notFound = new ApiError({
      kind: "business",
      api: "milvus-v2",
      code: 2100,
      serverMessage: "import job does not exist, jobID=1",
    });
    const s3 = scripted([notFound]);
    await expect(waitForImport(s3.api, "j", s3.opts)).rejects.toBe(notFound);
  });

  test("cancellation via AbortSignal", async () => {
    const ac = new AbortController();
    const s = scripted([{ progress: 0.1 }]);
    let polls = 0;
    const p = waitForImport(s.api, "j", {
      ...s.opts,
      signal: ac.signal,
      onProgress: () => {
        if (++polls === 3) ac.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ kind: "aborted" });
    expect(polls).toBe(3);
  });

  test("real timers: abort interrupts a long sleep promptly", async () => {
    const ac = new AbortController();
    const api = {
      getJob: async (jobId: string): Promise<ImportJobInfo> => ({
        jobId,
        collectionName: "c",
        state: "Importing",
        progress: 0,
        details: [],
      }),
    };
    const started = Date.now();
    setTimeout(() => ac.abort(), 50);
    await expect(
      waitForImport(api, "j", { signal: ac.signal, initialIntervalMs: 10_000 }),
    ).rejects.toMatchObject({ kind: "aborted" });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
