/**
 * Imports larger than one request allows, against the emulator's Milvus REST v2 face configured with a
 * small per-request file limit: the pipeline splits the files over several jobs under one identity,
 * waits for all and verifies the total; a run that dies between two starts is resumed by the next
 * run without any job started twice (with or without the job marker).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../../emulator";
import { defaultCollaborators, ImportRunError, type ImportSpec, runImport } from "../../../provider/pipeline";

jest.setTimeout(180_000);

const DIM = 64;
const schema = {
  fields: [
    { name: "id", dataType: "INT64" as const, isPrimary: true },
    { name: "vec", dataType: "FLOAT_VECTOR" as const, dim: DIM },
  ],
};
const LIMIT = 2;

let root: string;
let emu: RunningEmulator;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-split-"));
  fs.mkdirSync(path.join(root, "bucket"));
  emu = await startEmulator({
    dataDir: path.join(root, "emu"),
    bucketDir: path.join(root, "bucket"),
    engine: { maxFileGroups: LIMIT },
  });
});
afterAll(async () => {
  await emu?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

/** ~5 MB of rows: 1 MB Parquet segments make 5+ files, more than LIMIT per request. */
function spec(collectionName: string, rows = 20000): ImportSpec {
  return {
    connection: { uri: emu.url },
    apiKind: "milvus-v2",
    dbName: "default",
    collectionName,
    schema,
    source: {
      rows: Array.from({ length: rows }, (_, i) => ({
        id: i,
        vec: Array.from({ length: DIM }, (_, k) => (i + k) % 7),
      })),
    },
    writer: { format: "parquet", segmentSizeMb: 1 },
    storage: { provider: "local", root: path.join(root, "bucket") },
    onDelete: "delete",
    workDir: path.join(root, "work", collectionName),
  };
}

async function createCollection(name: string) {
  const c = emu.opened.collectionApi;
  await c.createCollection({
    dbName: "default",
    collectionName: name,
    schema,
    indexes: [{ fieldName: "vec", indexType: "AUTOINDEX", metricType: "L2" }],
  });
  await c.loadCollection("default", name);
}

const jobsOf = async (name: string) => emu.opened.importApi.listJobs({ collectionName: name });
const opts = {
  pollIntervalMs: 20,
  requestLimits: { maxFiles: LIMIT },
  hash: { cacheDir: path.join(os.tmpdir(), "pmi-split-cache") },
};

test("the service's limit is real: one request with every file is refused", async () => {
  await createCollection("whole");
  const err = await runImport(spec("whole"), defaultCollaborators(), {
    ...opts,
    requestLimits: { maxFiles: 1024 },
  }).catch((e) => e);
  expect(err).toBeInstanceOf(ImportRunError);
  expect(String(err.message)).toMatch(/The max number of import files should not exceed 2/);
});

test("splits the files over several jobs, waits for all and verifies the total", async () => {
  await createCollection("split");
  const r = await runImport(spec("split"), defaultCollaborators(), opts);
  expect(r.files).toBeGreaterThan(LIMIT * 2);
  expect(r.jobIds.length).toBe(Math.ceil(r.files / LIMIT));
  expect(r.jobId).toBe(r.jobIds[0]);
  expect(r).toMatchObject({ state: "Completed", importedRows: 20000, totalRows: 20000, verifiedBy: "count" });
  const jobs = await jobsOf("split");
  expect(jobs.map((j) => j.jobId).sort()).toEqual([...r.jobIds].sort());
  for (const j of jobs) expect(j.details.length).toBeLessThanOrEqual(LIMIT);
  expect(await emu.opened.collectionApi.count("default", "split")).toBe(20000n);

  // Run again: every part's job is found, none is started.
  const again = await runImport(spec("split"), defaultCollaborators(), opts);
  expect(again.resumed).toBe(true);
  expect(again.jobIds).toEqual(r.jobIds);
  expect((await jobsOf("split")).length).toBe(r.jobIds.length);
});

test.each([
  ["with the job marker", false],
  ["without the job marker (lost between start and marker)", true],
])("a run that dies between two starts is resumed without a duplicate job, %s", async (_name, dropMarker) => {
  const name = dropMarker ? "crashnomarker" : "crash";
  await createCollection(name);
  // The second start fails (not retried: a parameter error), after the first part's job started.
  const crash = await runImport(spec(name), defaultCollaborators(), {
    ...opts,
    onProgress: (e) => {
      if (e.stage === "start" && e.message.startsWith("part 1 of"))
        emu.faults.apply({ requests: [{ path: "jobs/import/create", code: 1100, message: "injected" }] });
    },
  }).catch((e) => e);
  expect(crash).toBeInstanceOf(ImportRunError);
  expect(crash.progress.stage).toBe("start");
  const before = await jobsOf(name);
  expect(before.length).toBe(1);
  if (dropMarker) {
    const marker = path.join(root, "bucket", "milvus-import", crash.progress.identity, "_job.json");
    expect(fs.existsSync(marker)).toBe(true);
    fs.rmSync(marker);
  }
  const r = await runImport(spec(name), defaultCollaborators(), opts);
  expect(r).toMatchObject({ state: "Completed", importedRows: 20000 });
  expect(r.jobIds[0]).toBe(before[0].jobId);
  const after = await jobsOf(name);
  expect(after.length).toBe(r.jobIds.length);
  expect(new Set(after.map((j) => j.jobId))).toEqual(new Set(r.jobIds));
  expect(await emu.opened.collectionApi.count("default", name)).toBe(20000n);
});
