/**
 * Persistence across processes: the compiled emulator (dist layout, built here into a temp dir) is
 * started, fed, killed and started again on the same data directory; a job orphaned by a killed
 * process is taken over by the next one; two processes write the catalog concurrently without loss.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { openLocalEngine } from "../../../provider/engine";
import { call, ROWS_JSON, SCHEMA_BODY, tempDir, writeFile } from "../emulator/helpers";

const repo = path.resolve(__dirname, "../../..");
let build: string;

beforeAll(() => {
  build = fs.mkdtempSync(path.join(os.tmpdir(), "emu-build-"));
  // Emits even when unrelated work in progress has type errors (noEmitOnError is off).
  try {
    execFileSync(
      path.join(repo, "node_modules/.bin/tsc"),
      ["-p", path.join(repo, "tsconfig.json"), "--outDir", build],
      { cwd: repo, stdio: "pipe" },
    );
  } catch {
    // type errors elsewhere; the files are still emitted
  }
  expect(fs.existsSync(path.join(build, "emulator/main.js"))).toBe(true);
}, 120_000);

interface Proc {
  child: ChildProcess;
  url: string;
  startupMs: number;
  wallMs: number;
}

async function startProcess(
  dataDir: string,
  bucket: string,
  env: Record<string, string> = {},
): Promise<Proc> {
  const t0 = Date.now();
  const child = spawn(
    process.execPath,
    [
      path.join(build, "emulator/main.js"),
      "--port",
      "0",
      "--data",
      dataDir,
      "--bucket-dir",
      bucket,
      "--quiet",
    ],
    {
      env: { ...process.env, NODE_PATH: path.join(repo, "node_modules"), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const info = JSON.parse(line) as { url: string; startupMs: number };
  return { child, url: info.url, startupMs: info.startupMs, wallMs: Date.now() - t0 };
}

const kill = (p: Proc, signal: NodeJS.Signals = "SIGTERM") =>
  new Promise<void>((resolve) => {
    p.child.once("exit", () => resolve());
    p.child.kill(signal);
  });

const milvus = (url: string, p: string, body: unknown) => call(`${url}/v2/vectordb/${p}`, { body });

async function waitJob(url: string, jobId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 500; i++) {
    const d = (await milvus(url, "jobs/import/get_progress", { jobId })).body.data as Record<string, unknown>;
    if (d.state === "Completed" || d.state === "Failed") return d;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("job did not finish");
}

it("keeps collections, rows and jobs across an emulator process restart", async () => {
  const data = tempDir("emu-data-");
  const bucket = tempDir("bucket-");
  writeFile(bucket, "1.json", ROWS_JSON);
  const a = await startProcess(data, bucket);
  expect(a.startupMs).toBeGreaterThan(0);
  expect((await milvus(a.url, "collections/create", SCHEMA_BODY)).body.code).toBe(0);
  const jobId = (
    (await milvus(a.url, "jobs/import/create", { collectionName: "docs", files: [["1.json"]] })).body
      .data as { jobId: string }
  ).jobId;
  expect((await waitJob(a.url, jobId)).state).toBe("Completed");
  await kill(a);

  const b = await startProcess(data, bucket);
  try {
    expect(
      (await milvus(b.url, "entities/query", { collectionName: "docs", outputFields: ["count(*)"] })).body
        .data,
    ).toEqual([{ "count(*)": 3 }]);
    expect(
      ((await milvus(b.url, "jobs/import/get_progress", { jobId })).body.data as { state: string }).state,
    ).toBe("Completed");
    expect(
      (
        (await milvus(b.url, "collections/describe", { collectionName: "docs" })).body.data as {
          load: string;
        }
      ).load,
    ).toBe("LoadStateLoaded");
  } finally {
    await kill(b);
  }
}, 30_000);

it("takes over a job whose process was killed mid-import and finishes it exactly once", async () => {
  const data = tempDir("emu-data-");
  const bucket = tempDir("bucket-");
  writeFile(bucket, "1.json", ROWS_JSON);
  const a = await startProcess(data, bucket, { EMULATOR_FAULTS: JSON.stringify({ stallAtProgress: 10 }) });
  expect((await milvus(a.url, "collections/create", SCHEMA_BODY)).body.code).toBe(0);
  const jobId = (
    (await milvus(a.url, "jobs/import/create", { collectionName: "docs", files: [["1.json"]] })).body
      .data as { jobId: string }
  ).jobId;
  await new Promise((r) => setTimeout(r, 100));
  await kill(a, "SIGKILL");

  const b = await startProcess(data, bucket);
  try {
    expect(await waitJob(b.url, jobId)).toMatchObject({ state: "Completed", importedRows: 3 });
    expect(
      (await milvus(b.url, "entities/query", { collectionName: "docs", outputFields: ["count(*)"] })).body
        .data,
    ).toEqual([{ "count(*)": 3 }]);
  } finally {
    await kill(b);
  }
}, 30_000);

it("serialises catalog writes from two processes (no lost collections)", async () => {
  const data = tempDir("emu-data-");
  const bucket = tempDir("bucket-");
  const a = await startProcess(data, bucket);
  try {
    const local = openLocalEngine(data);
    const body = (name: string) => ({ ...SCHEMA_BODY, collectionName: name });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => [
        milvus(a.url, "collections/create", body(`remote_${i}`)),
        local.collectionApi.createCollection({
          dbName: "default",
          collectionName: `local_${i}`,
          schema: {
            fields: [
              { name: "id", dataType: "INT64", isPrimary: true },
              { name: "v", dataType: "FLOAT_VECTOR", dim: 2 },
            ],
          },
        }),
      ]).flat(),
    );
    const names = (await milvus(a.url, "collections/list", {})).body.data as string[];
    expect(names).toHaveLength(20);
    expect((await local.collectionApi.listCollections("default")).length).toBe(20);
  } finally {
    await kill(a);
  }
}, 30_000);
