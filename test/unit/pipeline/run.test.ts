/**
 * The pipeline end to end on the embedded local engine and a local directory store (both real parts
 * of the package): import, resume without duplicates, rows-gone detection, removal, bad data.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openLocalEngine } from "../../../provider/engine";
import {
  defaultCollaborators,
  ImportRunError,
  type ImportSpec,
  ownedPartitionName,
  plan,
  removeImport,
  runImport,
} from "../../../provider/pipeline";

jest.setTimeout(60_000);

const schema = {
  fields: [
    { name: "id", dataType: "INT64" as const, isPrimary: true },
    { name: "vec", dataType: "FLOAT_VECTOR" as const, dim: 2 },
    { name: "title", dataType: "VARCHAR" as const, maxLength: 32 },
  ],
};

const indexes = [{ fieldName: "vec", indexType: "AUTOINDEX", metricType: "L2" }];

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-pipe-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const rows = (n: number, title = "t") =>
  Array.from({ length: n }, (_, i) => ({ id: i + 1, vec: [i, i + 0.5], title: `${title}${i}` }));

function specFor(data: Record<string, unknown>[], extra: Partial<ImportSpec> = {}): ImportSpec {
  return {
    connection: { localDir: path.join(tmp, "engine") },
    apiKind: "local",
    dbName: "default",
    collectionName: "docs",
    schema,
    source: { rows: data },
    writer: { format: "parquet", segmentSizeMb: 512 },
    storage: { provider: "local", root: path.join(tmp, "bucket") },
    onDelete: "delete",
    workDir: path.join(tmp, "work"),
    ...extra,
  };
}

async function createCollection() {
  const e = openLocalEngine(path.join(tmp, "engine"));
  await e.collectionApi.createCollection({ dbName: "default", collectionName: "docs", schema, indexes });
  await e.collectionApi.loadCollection("default", "docs");
  return e;
}

const hash = () => ({ cacheDir: path.join(tmp, "cache") });

test("imports into an owned partition, verifies the count and resumes without importing twice", async () => {
  const e = await createCollection();
  const spec = specFor(rows(5));
  const deps = defaultCollaborators();
  const stages: string[] = [];
  const r = await runImport(spec, deps, {
    hash: hash(),
    pollIntervalMs: 20,
    onProgress: (p) => stages.push(p.stage),
  });
  expect(r.state).toBe("Completed");
  expect(r.importedRows).toBe(5);
  expect(r.totalRows).toBe(5);
  expect(r.verifiedBy).toBe("count");
  expect(r.plan.partition).toBe(ownedPartitionName(r.plan.identity));
  expect(r.objectUrls[0]).toMatch(new RegExp(`^file://.*/milvus-import/${r.plan.identity}/data/`));
  expect(stages).toEqual(expect.arrayContaining(["plan", "write", "upload", "start", "wait", "verify"]));
  expect(await e.collectionApi.count("default", "docs")).toBe(5n);

  // Same inputs: the earlier job is found through the marker; nothing new is imported.
  const again = await runImport(spec, deps, { hash: hash(), pollIntervalMs: 20 });
  expect(again.resumed).toBe(true);
  expect(again.jobId).toBe(r.jobId);
  expect(await e.collectionApi.count("default", "docs")).toBe(5n);
  expect((await e.importApi.listJobs({ collectionName: "docs" })).length).toBe(1);

  // Removal drops exactly the owned partition and the staged files.
  const done = await removeImport(
    { ...spec, ownership: r.plan.ownership, partition: r.plan.partition, prefix: r.plan.prefix },
    deps,
  );
  expect(done.join("\n")).toContain(`dropped partition ${r.plan.partition}`);
  expect(await e.collectionApi.listPartitions("default", "docs")).not.toContain(r.plan.partition);
  expect(await e.collectionApi.count("default", "docs")).toBe(0n);
  expect(fs.existsSync(path.join(tmp, "bucket", r.plan.prefix))).toBe(false);
});

test("a completed job whose rows are gone (collection recreated) is imported again, once", async () => {
  const e = await createCollection();
  const spec = specFor(rows(3));
  const deps = defaultCollaborators();
  const first = await runImport(spec, deps, { hash: hash(), pollIntervalMs: 20 });
  await e.collectionApi.dropCollection("default", "docs");
  await e.collectionApi.createCollection({ dbName: "default", collectionName: "docs", schema, indexes });
  await e.collectionApi.loadCollection("default", "docs");
  const second = await runImport(spec, deps, { hash: hash(), pollIntervalMs: 20 });
  expect(second.resumed).toBe(false);
  expect(second.jobId).not.toBe(first.jobId);
  expect(await e.collectionApi.count("default", "docs")).toBe(3n);
});

test("identity is stable for the same inputs and changes with one changed value", async () => {
  const deps = defaultCollaborators();
  const a = await plan(specFor(rows(4)), deps, hash());
  const b = await plan(specFor(rows(4)), deps, hash());
  const changed = rows(4);
  changed[2].title = "other";
  const c = await plan(specFor(changed), deps, hash());
  expect(a.identity).toBe(b.identity);
  expect(a.dataHash).toBe(b.dataHash);
  expect(c.dataHash).not.toBe(a.dataHash);
  expect(c.identity).not.toBe(a.identity);
  const trig = await plan(specFor(rows(4), { trigger: "2" }), deps, hash());
  expect(trig.dataHash).toBe(a.dataHash);
  expect(trig.identity).not.toBe(a.identity);
});

test("bad rows fail planning with row and field, before anything is staged", async () => {
  await createCollection();
  const bad = rows(3) as Record<string, unknown>[];
  bad[1] = { ...bad[1], vec: [1, 2, 3] };
  const err = await runImport(specFor(bad), defaultCollaborators(), { hash: hash() }).catch((e) => e);
  expect(err).toBeInstanceOf(ImportRunError);
  expect(err.progress.stage).toBe("plan");
  expect(err.message).toMatch(/rows:2:vec/);
  expect(fs.existsSync(path.join(tmp, "bucket"))).toBe(false);
});

test("a missing collection is reported before anything is staged", async () => {
  const err = await runImport(specFor(rows(2)), defaultCollaborators(), { hash: hash() }).catch((e) => e);
  expect(err).toBeInstanceOf(ImportRunError);
  expect(err.message).toMatch(/collection default\.docs does not exist/);
});

test("partition-key collections are owned by primary key, autoId ones need onDelete retain", async () => {
  const pkSchema = {
    fields: [
      ...schema.fields,
      { name: "tenant", dataType: "VARCHAR" as const, maxLength: 8, isPartitionKey: true },
    ],
  };
  const data = rows(3).map((r) => ({ ...r, tenant: "a" }));
  const deps = defaultCollaborators();
  const p = await plan(specFor(data, { schema: pkSchema }), deps, hash());
  expect(p.ownership).toBe("primaryKeys");
  expect(p.partition).toBeUndefined();

  const autoSchema = {
    fields: [
      { name: "id", dataType: "INT64" as const, isPrimary: true, autoId: true },
      { name: "vec", dataType: "FLOAT_VECTOR" as const, dim: 2 },
      { name: "tenant", dataType: "VARCHAR" as const, maxLength: 8, isPartitionKey: true },
    ],
  };
  const autoRows = [{ vec: [1, 2], tenant: "a" }];
  await expect(plan(specFor(autoRows, { schema: autoSchema }), deps, hash())).rejects.toThrow(
    /onDelete: "retain"/,
  );
  const retained = await plan(specFor(autoRows, { schema: autoSchema, onDelete: "retain" }), deps, hash());
  expect(retained.ownership).toBe("none");
});

test("rows owned by primary key are deleted exactly on removal", async () => {
  const pkSchema = {
    fields: [
      ...schema.fields,
      { name: "tenant", dataType: "VARCHAR" as const, maxLength: 8, isPartitionKey: true },
    ],
  };
  const e = openLocalEngine(path.join(tmp, "engine"));
  await e.collectionApi.createCollection({
    dbName: "default",
    collectionName: "docs",
    schema: pkSchema,
    indexes,
  });
  await e.collectionApi.loadCollection("default", "docs");
  const deps = defaultCollaborators();
  const other = specFor(
    rows(2).map((r) => ({ ...r, id: r.id + 100, tenant: "b" })),
    { schema: pkSchema },
  );
  await runImport(other, deps, { hash: hash(), pollIntervalMs: 20 });
  const spec = specFor(
    rows(3).map((r) => ({ ...r, tenant: "a" })),
    { schema: pkSchema },
  );
  const r = await runImport(spec, deps, { hash: hash(), pollIntervalMs: 20 });
  expect(r.verifiedBy).toBe("job");
  expect(await e.collectionApi.count("default", "docs")).toBe(5n);
  await removeImport(
    { ...spec, ownership: r.plan.ownership, partition: r.plan.partition, prefix: r.plan.prefix },
    deps,
  );
  expect(await e.collectionApi.count("default", "docs")).toBe(2n);
});

test("file sources (CSV, JSONL) are validated with file:row:field and imported", async () => {
  const e = await createCollection();
  const src = path.join(tmp, "src");
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(src, "a.csv"), 'id,vec,title\n1,"[0,1]",a\n2,"[1,2]",b\n');
  fs.writeFileSync(
    path.join(src, "b.jsonl"),
    '{"id":3,"vec":[2,3],"title":"c"}\n{"id":4,"vec":[3,4],"title":"d"}\n',
  );
  const deps = defaultCollaborators();
  const spec = specFor([], { source: { files: ["src/*.csv", "src/b.jsonl"] }, baseDir: tmp });
  const r = await runImport(spec, deps, { hash: hash(), pollIntervalMs: 20 });
  expect(r.plan.files.map((f) => path.basename(f.path))).toEqual(["a.csv", "b.jsonl"]);
  expect(r.importedRows).toBe(4);
  expect(await e.collectionApi.count("default", "docs")).toBe(4n);

  fs.writeFileSync(
    path.join(src, "b.jsonl"),
    '{"id":3,"vec":[2,3],"title":"c"}\n{"id":4,"vec":[3],"title":"d"}\n',
  );
  const err = await plan(spec, deps, hash()).catch((x) => x);
  expect(err.message).toMatch(/b\.jsonl:2:vec/);
});

test("a no-change plan of an unchanged file reads it from the hash and validation caches", async () => {
  const file = path.join(tmp, "big.jsonl");
  fs.writeFileSync(
    file,
    rows(200)
      .map((r) => JSON.stringify(r))
      .join("\n"),
  );
  const deps = defaultCollaborators();
  const spec = specFor([], { source: { files: [file] } });
  const first = await plan(spec, deps, hash());
  const validate = jest.spyOn(deps.data, "validate");
  const second = await plan(spec, deps, hash());
  expect(second.identity).toBe(first.identity);
  expect(second.sourceRows).toBe(200);
  expect(validate).not.toHaveBeenCalled();
  // A changed file is hashed and validated again.
  fs.appendFileSync(file, `\n${JSON.stringify({ id: 999, vec: [1, 1], title: "new" })}`);
  const third = await plan(spec, deps, hash());
  expect(validate).toHaveBeenCalledTimes(1);
  expect(third.sourceRows).toBe(201);
  expect(third.dataHash).not.toBe(first.dataHash);
});

test("local written files are removed once staged", async () => {
  await createCollection();
  const r = await runImport(specFor(rows(3)), defaultCollaborators(), { hash: hash(), pollIntervalMs: 20 });
  expect(fs.existsSync(path.join(tmp, "work", r.plan.identity))).toBe(false);
  expect(fs.existsSync(path.join(tmp, "bucket", r.plan.prefix, "_manifest.json"))).toBe(true);
});

test("prepared object URLs are checked with head() at plan time and imported as given", async () => {
  const e = await createCollection();
  const deps = defaultCollaborators();
  // Prepare files with a first import's staging (real BulkWriter output), then import them by URL.
  const staged = await runImport(specFor(rows(6)), deps, { hash: hash(), pollIntervalMs: 20 });
  await removeImport(
    { ...specFor([]), ownership: "partition", partition: staged.plan.partition, prefix: "nothing" },
    deps,
  );
  expect(await e.collectionApi.count("default", "docs")).toBe(0n);

  const spec = specFor([], { source: { objectUrls: staged.objectUrls } });
  const p = await plan(spec, deps, hash());
  expect(p.sourceKind).toBe("objects");
  expect(p.prepared[0].size).toBeGreaterThan(0);
  const r = await runImport(spec, deps, { hash: hash(), pollIntervalMs: 20 });
  expect(r.importedRows).toBe(6);
  expect(await e.collectionApi.count("default", "docs", { partitionNames: [r.plan.partition!] })).toBe(6n);

  const missing = specFor([], { source: { objectUrls: [`${staged.objectUrls[0]}.missing`] } });
  await expect(plan(missing, deps, hash())).rejects.toThrow(/1 object\(s\) not found: file:\/\/.*\.missing/);
});

test("a column mapping renames, ignores and casts source columns, and is part of the data hash", async () => {
  const e = await createCollection();
  const csv = path.join(tmp, "in.csv");
  fs.writeFileSync(csv, 'key,embedding,name,junk\n1,"[1,2]",a,x\n2,"[3,4]",b,y\n');
  const mapping = { rename: { key: "id", embedding: "vec", name: "title" }, ignore: ["junk"] };
  const withMapping = specFor([], { source: { files: [csv], mapping } });
  const deps = defaultCollaborators();

  // Without the mapping the same file is invalid: its columns are not the schema's.
  await expect(plan(specFor([], { source: { files: [csv] } }), deps, hash())).rejects.toThrow(/id/);

  const p = await plan(withMapping, deps, hash());
  const renamedOnly = await plan(
    specFor([], { source: { files: [csv], mapping: { ...mapping, ignore: [], rename: mapping.rename } } }),
    deps,
    hash(),
  ).catch((err: Error) => err);
  // Dropping "ignore" leaves the extra column "junk" on a schema without a dynamic field.
  expect(renamedOnly).toBeInstanceOf(Error);

  const r = await runImport(withMapping, deps, { hash: hash() });
  expect(r.importedRows).toBe(2);
  const got = await e.collectionApi.query("default", "docs", {
    filter: "id in [1, 2]",
    outputFields: ["id", "title"],
  });
  expect(got.map((g) => g.title).sort()).toEqual(["a", "b"]);

  const other = await plan(
    specFor([], {
      source: {
        files: [csv],
        mapping: { ...mapping, rename: { ...mapping.rename, name: "title" }, cast: { id: "int" } },
      },
    }),
    deps,
    hash(),
  );
  expect(other.dataHash).not.toBe(p.dataHash);
});
