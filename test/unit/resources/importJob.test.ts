/**
 * ImportJob provider methods called directly (as the dynamic-provider host calls them) against the
 * embedded local engine and a local staging directory.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openLocalEngine } from "../../../provider/engine";
import { UNKNOWN } from "../../../provider/resources/common";
import * as job from "../../../provider/resources/importJobProvider";

const schema = {
  fields: [
    { name: "id", dataType: "INT64" as const, isPrimary: true },
    { name: "vec", dataType: "FLOAT_VECTOR" as const, dim: 2 },
    { name: "title", dataType: "VARCHAR" as const, maxLength: 16 },
  ],
};
const rows = (n: number, title = "t") =>
  Array.from({ length: n }, (_, i) => ({ id: i + 1, vec: [i, 1], title: `${title}${i}` }));

let tmp: string;
let logs: string[];
const envBefore = { ...process.env };
beforeEach(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-job-"));
  process.env.PMI_CACHE_DIR = path.join(tmp, "cache");
  logs = [];
  jest.spyOn(console, "error").mockImplementation((...a: unknown[]) => {
    logs.push(a.join(" "));
  });
  const e = openLocalEngine(path.join(tmp, "engine"));
  await e.collectionApi.createCollection({
    dbName: "default",
    collectionName: "docs",
    schema,
    indexes: [{ fieldName: "vec", indexType: "AUTOINDEX", metricType: "L2" }],
  });
  await e.collectionApi.loadCollection("default", "docs");
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env = { ...envBefore };
  fs.rmSync(tmp, { recursive: true, force: true });
});

const engine = () => openLocalEngine(path.join(tmp, "engine"));

const args = (extra: Record<string, unknown> = {}) => ({
  resourceName: "load-docs",
  collection: { name: "docs", connection: { localDir: path.join(tmp, "engine") }, schema },
  source: { rows: rows(4) },
  wait: { pollIntervalSeconds: 0.02 },
  __provider: "PROVIDER-TEXT",
  ...extra,
});

async function checked(extra: Record<string, unknown> = {}) {
  const r = await job.check({}, args(extra));
  expect(r.failures).toEqual([]);
  return r.inputs as unknown as job.ImportJobInputs & { __provider: string };
}

test("check fills defaults and computes identity and dataHash; a changed row changes both", async () => {
  const a = await checked();
  expect(a.api).toBe("local");
  expect(a.format).toBe("parquet");
  expect(a.onDelete).toBe("delete");
  expect(a.storage).toEqual({ provider: "local", root: `${path.join(tmp, "engine")}/_staging` });
  expect(a.identity).toMatch(/^[0-9a-f]{64}$/);
  expect(a.sourceRows).toBe(4);
  const changed = rows(4);
  changed[3].title = "changed";
  const b = await checked({ source: { rows: changed } });
  expect(b.dataHash).not.toBe(a.dataHash);
  expect(b.identity).not.toBe(a.identity);
  const c = await checked({ wait: { timeoutSeconds: 5 } });
  expect(c.identity).toBe(a.identity);
});

test("check fails on a bad source row with row:field, and on bad args", async () => {
  const bad: Record<string, unknown>[] = rows(3);
  bad[2] = { ...bad[2], title: 42 };
  const r = await job.check({}, args({ source: { rows: bad } }));
  expect(r.failures).toHaveLength(1);
  expect(r.failures[0].property).toBe("source");
  expect(r.failures[0].reason).toMatch(/rows:3:title/);
  expect(fs.existsSync(path.join(tmp, "engine", "_staging"))).toBe(false);

  const r2 = await job.check({}, args({ format: "xml", onDelete: "keep" }));
  expect(r2.failures.map((f) => f.property).sort()).toEqual(["format", "onDelete"]);
});

test("check tolerates unknown values during preview and leaves the identity unknown", async () => {
  const r = await job.check(
    {},
    args({ collection: { name: UNKNOWN, connection: { localDir: path.join(tmp, "engine") }, schema } }),
  );
  expect(r.failures).toEqual([]);
  expect(r.inputs.identity).toBe(UNKNOWN);
  expect(r.inputs.dataHash).toBe(UNKNOWN);
});

test("create imports and returns complete JSON outputs; diff and update follow the rules", async () => {
  const inputs = await checked();
  const { id, outs } = await job.create(inputs);
  expect(fs.existsSync(path.join(tmp, "engine", "_staging", outs.prefix, "_manifest.json"))).toBe(true);
  expect(id).toBe(inputs.identity);
  expect(outs.status).toBe("Completed");
  expect(outs.state).toBe("Completed");
  expect(outs.importedRows).toBe(4);
  expect(outs.totalRows).toBe(4);
  expect(outs.targetPartition).toBe(`imp_${inputs.identity.slice(0, 16)}`);
  expect(outs.jobId).not.toBe("");
  expect(JSON.parse(JSON.stringify(outs))).toEqual(outs);
  expect(Object.values(outs).includes(undefined as never)).toBe(false);
  expect(logs.some((l) => l.startsWith("[ImportJob load-docs]"))).toBe(true);
  expect(await engine().collectionApi.count("default", "docs")).toBe(4n);

  expect((await job.diff(id, outs, inputs)).changes).toBe(false);
  const changed = rows(4);
  changed[0].title = "x";
  const dataChange = await checked({ source: { rows: changed } });
  expect(await job.diff(id, outs, dataChange)).toEqual({
    changes: true,
    replaces: ["dataHash", "identity"],
    deleteBeforeReplace: true,
  });
  const triggered = await checked({ trigger: 2 });
  expect((await job.diff(id, outs, triggered)).replaces).toEqual(["identity"]);

  // Settings only: update touches no data and keeps every output.
  const settings = await checked({
    wait: { timeoutSeconds: 99, pollIntervalSeconds: 0.02 },
    onDelete: "retain",
  });
  expect(await job.diff(id, outs, settings)).toEqual({
    changes: true,
    replaces: [],
    deleteBeforeReplace: true,
  });
  const jobsBefore = (await engine().importApi.listJobs()).length;
  const up = await job.update(id, outs, settings);
  expect(up.outs).toEqual({
    ...outs,
    wait: settings.wait,
    onDelete: "retain",
    argsDigest: (settings as { argsDigest?: string }).argsDigest,
  });
  expect((await engine().importApi.listJobs()).length).toBe(jobsBefore);

  // Refresh keeps it while its partition exists.
  expect((await job.read(id, outs)).id).toBe(id);

  // Delete removes exactly the owned rows and the staged files.
  await job.remove(id, outs);
  expect(await engine().collectionApi.count("default", "docs")).toBe(0n);
  expect(fs.existsSync(path.join(tmp, "engine", "_staging", outs.prefix))).toBe(false);
  // ...then refresh reports it gone.
  expect((await job.read(id, outs)).id).toBe("");
});

test("onDelete retain keeps rows and files", async () => {
  const inputs = await checked({ onDelete: "retain" });
  const { id, outs } = await job.create(inputs);
  await job.remove(id, outs);
  expect(await engine().collectionApi.count("default", "docs")).toBe(4n);
});

test("a timeout after the job started is a partial failure that the next update resumes without a second import", async () => {
  process.env.PMI_LOCAL_ENGINE_STEP_DELAY_MS = "400";
  const inputs = await checked({ wait: { timeoutSeconds: 0.3, pollIntervalSeconds: 0.05 } });
  const err = await job.create(inputs).then(
    () => undefined,
    (e) => e,
  );
  expect(err).toBeDefined();
  expect(err.id).toBe(inputs.identity);
  expect(err.reasons[0]).toMatch(/wait failed/);
  expect(err.properties.__provider).toBe("PROVIDER-TEXT");
  expect(err.properties.status).toBe("Incomplete");
  expect(err.properties.jobId).not.toBe("");
  expect(JSON.parse(JSON.stringify(err.properties))).toEqual(err.properties);

  // The next up: diff sees the incomplete status, update resumes the same job.
  delete process.env.PMI_LOCAL_ENGINE_STEP_DELAY_MS;
  const news = await checked({ wait: { timeoutSeconds: 30, pollIntervalSeconds: 0.05 } });
  expect((await job.diff(err.id, err.properties, news)).changes).toBe(true);
  expect((await job.diff(err.id, err.properties, news)).replaces).toEqual([]);
  const resumed = await job.update(err.id, err.properties, news);
  expect(resumed.outs.status).toBe("Completed");
  expect(resumed.outs.jobId).toBe(err.properties.jobId);
  expect(resumed.outs.resumed).toBe(true);
  expect(await engine().collectionApi.count("default", "docs")).toBe(4n);
  expect((await engine().importApi.listJobs()).length).toBe(1);
});

describe("a failed ImportJob never leaves a collection the user did not declare", () => {
  // The collection given as { name, connection, schema } (no Collection resource) does not exist.
  const undeclared = () => ({
    name: "undeclared",
    connection: { localDir: path.join(tmp, "engine") },
    schema,
  });
  const collections = () => engine().collectionApi.listCollections("default");

  test("bad data: check fails at preview, create fails, and no collection appears", async () => {
    const bad: Record<string, unknown>[] = rows(3);
    bad[1] = { ...bad[1], vec: [1] };
    const r = await job.check({}, args({ collection: undeclared(), source: { rows: bad } }));
    expect(r.failures.map((f) => f.reason).join("\n")).toMatch(/rows:2:vec/);
    await expect(
      job.create({ ...(r.inputs as unknown as job.ImportJobInputs), identity: "x", dataHash: "x" }),
    ).rejects.toThrow(/rows:2:vec/);
    expect(await collections()).toEqual(["docs"]);
  });

  test("good data into a missing collection: create fails naming it, creates nothing, stages nothing", async () => {
    const inputs = await checked({ collection: undeclared() });
    await expect(job.create(inputs)).rejects.toThrow(/collection default\.undeclared does not exist/);
    expect(await collections()).toEqual(["docs"]);
    expect(fs.existsSync(path.join(tmp, "engine", "_staging"))).toBe(false);
  });
});
