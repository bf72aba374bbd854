/**
 * The waiter driving a real client over real HTTP: a Milvus job that passes through the
 * "every file Completed, job at 80%" index-building phase (milvus#39348), a stuck job that times
 * out, and a failed job whose per-file reason reaches the error.
 */
import { ImportJobFailedError, WaitTimeoutError } from "../../../provider/api/errors";
import { createImportApi } from "../../../provider/api/factory";
import type { ImportJobInfo } from "../../../provider/api/types";
import { type StallReport, waitForImport } from "../../../provider/api/waiter";
import { type ScriptedServer, startScriptedServer } from "../../helpers/scriptedHttpServer";

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer(() => ({ status: 404, text: "" }));
});
afterEach(() => server.close());

const detail = (state: string, progress: number) => ({
  fileName: "[u/1.parquet]",
  fileSize: 10,
  state,
  progress,
  importedRows: 5,
  totalRows: 10,
});
const job = (state: string, progress: number, details: unknown[], reason?: string) => ({
  json: {
    code: 0,
    data: {
      jobId: "4567",
      collectionName: "c",
      state,
      progress,
      completeTime: "",
      details,
      ...(reason ? { reason } : {}),
    },
  },
});

test("a job passing through index building completes; the stall is reported once", async () => {
  const script = [
    job("Pending", 0, []),
    job("Importing", 40, [detail("InProgress", 50)]),
    job("Importing", 80, [detail("Completed", 100)]),
    job("Importing", 80, [detail("Completed", 100)]),
    job("Importing", 80, [detail("Completed", 100)]),
    job("Completed", 100, [detail("Completed", 100)]),
  ];
  server.setHandler((_r, n) => script[Math.min(n - 1, script.length - 1)]);
  const api = createImportApi({
    kind: "milvus-v2",
    endpoint: server.url,
    token: "root:Milvus",
    rateLimit: false,
  });
  const seen: ImportJobInfo[] = [];
  const stalls: StallReport[] = [];
  try {
    const done = await waitForImport(api, "4567", {
      initialIntervalMs: 10,
      maxIntervalMs: 40,
      timeoutMs: 10_000,
      onProgress: (j) => seen.push(j),
      onStall: (s) => stalls.push(s),
    });
    expect(done.state).toBe("Completed");
    expect(seen.map((j) => j.state)).toEqual([
      "Pending",
      "Importing",
      "Importing",
      "Importing",
      "Importing",
      "Completed",
    ]);
    expect(stalls).toHaveLength(1);
    expect(stalls[0].kind).toBe("files-complete-job-pending");
  } finally {
    await api.close();
  }
});

test("a stuck job ends in WaitTimeoutError at the timeout, not before", async () => {
  server.setHandler(() => job("Importing", 80, [detail("Completed", 100)]));
  const api = createImportApi({ kind: "milvus-v2", endpoint: server.url, rateLimit: false });
  const started = Date.now();
  try {
    const err = await waitForImport(api, "4567", {
      initialIntervalMs: 20,
      maxIntervalMs: 50,
      timeoutMs: 400,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(err.message).toMatch(/milvus#39348/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(server.requests.length).toBeGreaterThan(3);
  } finally {
    await api.close();
  }
});

test("a failed job rejects with the server's reason", async () => {
  server.setHandler(() =>
    job(
      "Failed",
      0,
      [{ ...detail("Failed", 0), reason: "field 'v' dim mismatch: expected 4, got 3" }],
      "import failed: see files",
    ),
  );
  const api = createImportApi({ kind: "milvus-v2", endpoint: server.url, rateLimit: false });
  try {
    const err = await waitForImport(api, "4567", { initialIntervalMs: 10 }).catch((e) => e);
    expect(err).toBeInstanceOf(ImportJobFailedError);
    expect(err.message).toContain("import failed: see files");
    expect(err.message).toContain("dim mismatch: expected 4, got 3");
  } finally {
    await api.close();
  }
});
