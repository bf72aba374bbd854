/**
 * Collection provider methods called directly (as the dynamic-provider host calls them) against the
 * embedded local engine in a temp directory.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openLocalEngine } from "../../../provider/engine";
import * as col from "../../../provider/resources/collectionProvider";
import { UNKNOWN } from "../../../provider/resources/common";

const schema = {
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "vec", dataType: "FLOAT_VECTOR", dim: 4 },
    { name: "title", dataType: "VARCHAR", maxLength: 64 },
  ],
};

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-col-"));
});
let logs: string[];
beforeEach(() => {
  logs = [];
  jest.spyOn(console, "error").mockImplementation((...a: unknown[]) => {
    logs.push(a.join(" "));
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const args = (extra: Record<string, unknown> = {}) => ({
  resourceName: "docs",
  connection: { localDir: path.join(tmp, "engine") },
  name: "docs",
  schema,
  __provider: "PROVIDER-TEXT",
  ...extra,
});

async function checked(extra: Record<string, unknown> = {}) {
  const r = await col.check({}, args(extra));
  expect(r.failures).toEqual([]);
  return r.inputs as unknown as col.CollectionInputs;
}

test("check fills defaults, normalizes the schema and computes its fingerprint", async () => {
  const inputs = await checked({
    schema: {
      ...schema,
      fields: [...schema.fields.slice(0, 2), { name: "title", type: "VarChar", max_length: 64 }],
    },
  });
  expect(inputs.dbName).toBe("default");
  expect(inputs.load).toBe(true);
  expect(inputs.schemaFingerprint).toMatch(/^[0-9a-f]{64}$/);
  expect(inputs.indexes).toEqual([{ fieldName: "vec", indexType: "AUTOINDEX", metricType: "COSINE" }]);
  expect(inputs.schema.fields[2]).toEqual({ name: "title", dataType: "VARCHAR", maxLength: 64 });
  expect(inputs.schemaFingerprint).toBe((await checked()).schemaFingerprint);
});

test("check reports bad args and schema problems by property", async () => {
  const r = await col.check(
    {},
    args({
      connection: { uri: "http://x", localDir: "/tmp/x" },
      schema: { fields: [{ name: "v", dataType: "FLOAT_VECTOR", dim: 4 }] },
    }),
  );
  const props = r.failures.map((f) => f.property);
  expect(props).toContain("connection");
  expect(r.failures.find((f) => f.property === "schema")?.reason).toMatch(/primary/i);
});

test("check tolerates unknown values during preview", async () => {
  const r = await col.check({}, args({ name: UNKNOWN, schema: UNKNOWN }));
  expect(r.failures).toEqual([]);
  expect(r.inputs.schemaFingerprint).toBe(UNKNOWN);
});

test("create, read, update in place, diff, drift, gone, delete", async () => {
  const inputs = await checked();
  const created = await col.create(inputs);
  expect(created.id).toBe("default/docs");
  expect(created.outs.loadState).toBe("Loaded");
  expect(created.outs.adopted).toBe(false);
  expect(JSON.parse(JSON.stringify(created.outs))).toEqual(created.outs);
  const e = openLocalEngine(path.join(tmp, "engine"));
  expect(await e.collectionApi.hasCollection("default", "docs")).toBe(true);

  // No change: no diff. In-place fields: update, no replace. Schema/name: replace, delete first.
  expect((await col.diff(created.id, created.outs, inputs)).changes).toBe(false);
  const unloaded = await checked({ load: false });
  const d1 = await col.diff(created.id, created.outs, unloaded);
  expect(d1).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true });
  const wider = await checked({
    schema: {
      fields: [...schema.fields.slice(0, 2), { name: "title", dataType: "VARCHAR", maxLength: 128 }],
    },
  });
  expect((await col.diff(created.id, created.outs, wider)).replaces).toEqual(["schema"]);
  expect((await col.diff(created.id, created.outs, await checked({ name: "other" }))).replaces).toEqual([
    "name",
  ]);

  const updated = await col.update(created.id, created.outs, unloaded);
  expect(updated.outs.loadState).toBe("NotLoad");
  expect(updated.outs.schemaFingerprint).toBe(inputs.schemaFingerprint);
  expect(await e.collectionApi.getLoadState("default", "docs")).toBe("NotLoad");

  // Properties are an in-place update applied on the server; other keys stay.
  await e.collectionApi.alterCollectionProperties("default", "docs", { "mmap.enabled": "false" });
  const withTtl = await checked({ load: false, properties: { "collection.ttl.seconds": "3600" } });
  expect((await col.diff(created.id, updated.outs, withTtl)).replaces).toEqual([]);
  await col.update(created.id, updated.outs, withTtl);
  expect((await e.collectionApi.describeCollection("default", "docs"))!.properties).toEqual({
    "mmap.enabled": "false",
    "collection.ttl.seconds": "3600",
  });

  // Refresh: unchanged collection reads back as is.
  const same = await col.read(created.id, updated.outs);
  expect(same.id).toBe(created.id);
  expect((same.props as col.CollectionOutputs).schemaFingerprint).toBe(inputs.schemaFingerprint);

  // Out-of-band schema change: read reports the live schema so the next diff is a replace.
  await e.collectionApi.dropCollection("default", "docs");
  const other = { fields: [...schema.fields, { name: "extra", dataType: "INT32" }] };
  await e.collectionApi.createCollection({
    dbName: "default",
    collectionName: "docs",
    schema: other as never,
  });
  const drift = await col.read(created.id, updated.outs);
  expect((drift.props as col.CollectionOutputs).schema.fields.map((f) => f.name)).toContain("extra");
  expect((drift.inputs as col.CollectionInputs).schemaFingerprint).not.toBe(inputs.schemaFingerprint);
  expect((await col.diff(created.id, drift.props as col.CollectionOutputs, inputs)).replaces).toEqual([
    "schema",
  ]);

  // Dropped out of band: read says gone.
  await e.collectionApi.dropCollection("default", "docs");
  expect((await col.read(created.id, updated.outs)).id).toBe("");

  // Delete is idempotent and drops what exists.
  await col.create(inputs);
  await col.remove(created.id, created.outs);
  expect(await e.collectionApi.hasCollection("default", "docs")).toBe(false);
  await col.remove(created.id, created.outs);
});

test("create adopts an existing collection with the identical schema and refuses a different one", async () => {
  const e = openLocalEngine(path.join(tmp, "engine"));
  await e.collectionApi.createCollection({
    dbName: "default",
    collectionName: "docs",
    schema: schema as never,
  });
  const created = await col.create(await checked());
  expect(created.outs.adopted).toBe(true);
  expect(logs.join("\n")).toContain("[Collection docs] adopting existing collection default.docs");
  expect(created.outs.loadState).toBe("Loaded");

  await e.collectionApi.createCollection({
    dbName: "default",
    collectionName: "other",
    schema: { fields: [...schema.fields, { name: "x", dataType: "INT8" }] } as never,
  });
  await expect(col.create(await checked({ name: "other" }))).rejects.toThrow(
    /already exists with a different schema/,
  );
  expect(await e.collectionApi.hasCollection("default", "other")).toBe(true);
});

test("check skips re-validating args it already validated (same digest in olds) but still catches new problems", async () => {
  const first = await col.check({}, args());
  expect(first.inputs.argsDigest).toMatch(/^[0-9a-f]{64}$/);
  const again = await col.check(first.inputs, args());
  expect(again.inputs.argsDigest).toBe(first.inputs.argsDigest);
  const bad = await col.check(first.inputs, args({ load: "yes" }));
  expect(bad.failures.map((f) => f.property)).toEqual(["load"]);
});
