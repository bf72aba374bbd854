/**
 * The plugin's Provider (what @pulumi/pulumi/provider serves) called directly on the embedded engine:
 * the same Collection/ImportJob functions as the dynamic resources, the resource name from the URN,
 * secrets unwrapped in and wrapped out (table-marked properties always), partial failures kept.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openLocalEngine } from "../../../provider/engine";
import { milvusImportProvider } from "../../../provider/plugin/provider";
import { reveal, secret } from "../../../provider/plugin/secrets";

const SIG = "4dabf18193072939515e22adb298388d";
const urn = (type: string, name: string) => `urn:pulumi:dev::proj::milvusimport:index:${type}::${name}`;
const isSecret = (v: unknown) => typeof v === "object" && v !== null && SIG in v;

let tmp: string;
const envBefore = { ...process.env };
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-plugin-unit-"));
  process.env.PMI_CACHE_DIR = path.join(tmp, "cache");
  jest.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env = { ...envBefore };
  fs.rmSync(tmp, { recursive: true, force: true });
});

const schema = {
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "vec", dataType: "FLOAT_VECTOR", dim: 2 },
  ],
};

test("Collection and ImportJob: check, create, diff, read, delete with secret connections", async () => {
  const p = milvusImportProvider();
  const localDir = path.join(tmp, "engine");
  const colUrn = urn("Collection", "docs");
  const checked = await p.check!(
    colUrn,
    {},
    { connection: { localDir, token: secret("tok") }, name: "docs", schema },
  );
  expect(checked.failures).toEqual([]);
  expect(isSecret(checked.inputs.connection)).toBe(true);
  expect(checked.inputs.resourceName).toBe("docs");
  expect(checked.inputs.schemaFingerprint).toMatch(/^[0-9a-f]{64}$/);

  const created = await p.create!(colUrn, checked.inputs);
  expect(created.id).toBe("default/docs");
  expect(isSecret(created.outs.connection)).toBe(true);
  expect(created.outs.loadState).toBe("Loaded");
  expect(await p.diff!(created.id, colUrn, created.outs, checked.inputs)).toMatchObject({
    changes: false,
    replaces: [],
  });

  const jobUrn = urn("ImportJob", "load");
  const jobChecked = await p.check!(
    jobUrn,
    {},
    {
      collection: { name: "docs", connection: reveal(created.outs.connection).value, schema },
      source: {
        rows: [
          { id: 1, vec: [0.1, 0.2] },
          { id: 2, vec: [0.3, 0.4] },
        ],
      },
      wait: { pollIntervalSeconds: 0.02 },
    },
  );
  expect(jobChecked.failures).toEqual([]);
  // Marked secret in the table, so wrapped even though nothing secret arrived.
  expect(isSecret(jobChecked.inputs.collection)).toBe(true);
  expect(isSecret(jobChecked.inputs.storage)).toBe(true);
  const job = await p.create!(jobUrn, jobChecked.inputs);
  expect(job.outs.importedRows).toBe(2);
  expect(job.outs.status).toBe("Completed");
  expect(await openLocalEngine(localDir).collectionApi.count("default", "docs")).toBe(2n);

  const changed = await p.check!(jobUrn, jobChecked.inputs, {
    ...(reveal(jobChecked.inputs).value as object),
    source: {
      rows: [
        { id: 1, vec: [0.1, 0.2] },
        { id: 2, vec: [0.3, 0.5] },
      ],
    },
  });
  expect((await p.diff!(job.id, jobUrn, job.outs, changed.inputs)).replaces).toEqual([
    "dataHash",
    "identity",
  ]);

  const read = await p.read!(job.id, jobUrn, job.outs);
  expect(read.id).toBe(job.id);
  expect(isSecret(read.props.collection)).toBe(true);

  await p.delete!(job.id, jobUrn, job.outs);
  expect(await openLocalEngine(localDir).collectionApi.count("default", "docs")).toBe(0n);
  await p.delete!(created.id, colUrn, created.outs);
  expect(await openLocalEngine(localDir).collectionApi.hasCollection("default", "docs")).toBe(false);
});

test("a wait timeout after the job started is a partial failure whose state keeps secrets wrapped", async () => {
  const p = milvusImportProvider();
  const localDir = path.join(tmp, "engine");
  const colUrn = urn("Collection", "docs");
  const col = await p.check!(colUrn, {}, { connection: { localDir }, name: "docs", schema });
  await p.create!(colUrn, col.inputs);
  const jobUrn = urn("ImportJob", "slow");
  const checked = await p.check!(
    jobUrn,
    {},
    {
      collection: { name: "docs", connection: { localDir }, schema },
      source: { rows: [{ id: 1, vec: [0.1, 0.2] }] },
      wait: { timeoutSeconds: 0.2, pollIntervalSeconds: 0.05 },
    },
  );
  process.env.PMI_LOCAL_ENGINE_STEP_DELAY_MS = "600";
  const err = (await p.create!(jobUrn, checked.inputs).catch((e: unknown) => e)) as {
    id: string;
    message: string;
    properties: Record<string, unknown>;
  };
  expect(err.id).toMatch(/^[0-9a-f]{64}$/);
  expect(err.message).toMatch(/timed out|timeout/i);
  expect(err.properties.status).toBe("Incomplete");
  expect(err.properties.jobId).not.toBe("");
  expect(isSecret(err.properties.collection)).toBe(true);
  expect(isSecret(err.properties.storage)).toBe(true);
  // The in-process job goes on; let it finish before the directory goes.
  const jobs = openLocalEngine(localDir).importApi;
  for (
    let i = 0;
    i < 200 && (await jobs.listJobs()).some((j) => j.state !== "Completed" && j.state !== "Failed");
    i++
  )
    await new Promise((r) => setTimeout(r, 100));
});

test("a bad row is a check failure with file:row:field; an unknown type names the served ones", async () => {
  const p = milvusImportProvider();
  const r = await p.check!(
    urn("ImportJob", "bad"),
    {},
    {
      collection: { name: "docs", connection: { localDir: path.join(tmp, "e") }, schema },
      source: { rows: [{ id: 1, vec: [0.1] }] },
    },
  );
  expect((r.failures ?? []).map((f) => f.property)).toContain("source");
  expect((r.failures ?? []).map((f) => f.reason).join("\n")).toMatch(/vec/);
  await expect(p.check!(urn("Nope", "x"), {}, {})).rejects.toThrow(
    /unknown resource type milvusimport:index:Nope.*Collection/,
  );
});

test("the package schema is served; the version is the npm package's", async () => {
  const p = milvusImportProvider();
  const s = JSON.parse(await p.getSchema!());
  expect(s.name).toBe("milvusimport");
  expect(p.version).toBe(s.version);
});
