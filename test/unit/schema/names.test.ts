/**
 * Milvus naming rules (provider/schema/names.ts) and everyone who applies them: the schema check,
 * the CLI (usage error, exit 2, also in `validate`), the resources' check, the local engine, and the
 * JSON schemas' patterns (which must never accept a name the rules refuse).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Ajv from "ajv";
import { openLocalEngine } from "../../../provider/engine";
import * as collection from "../../../provider/resources/collectionProvider";
import * as job from "../../../provider/resources/importJobProvider";
import { argsJsonSchema } from "../../../provider/resources/shapes/argsSchema";
import { COLLECTION, IMPORT_JOB } from "../../../provider/resources/shapes/table";
import { checkSchema, type NameKind, nameProblem, normalizeSchema } from "../../../provider/schema";
import { cli, tempDir, writeJson } from "../cli/helpers";

const long = (n: number) => `a${"b".repeat(n - 1)}`;

/** [name, valid as a collection / database / partition / field / index name]. */
const CATALOG: Array<[string, boolean, string]> = [
  ["medium_articles", true, ""],
  ["_private", true, ""],
  ["A1_b2", true, ""],
  [long(255), true, ""],
  [long(256), false, "length"],
  ["1coll", false, "first"],
  ["my-coll", false, "chars"],
  ["my coll", false, "chars"],
  ["my$coll", false, "chars"], // Milvus 2.3 accepts `$` here, 2.4+ refuses it
  ["$meta", false, "first"],
  ["colección", false, "chars"],
  ["名字", false, "first"],
  [" padded", false, "spaces"],
  ["padded ", false, "spaces"],
  ["", false, "empty"],
];

test.each(CATALOG)("%j: the same verdict for every kind of name", (name, valid, rule) => {
  for (const kind of ["database", "collection", "alias", "partition", "field"] as NameKind[]) {
    const p = nameProblem(kind, name);
    expect({ kind, rule: p?.rule ?? "" }).toEqual({ kind, rule: valid ? "" : rule });
  }
  // An empty index name is allowed: Milvus names the index after its field.
  expect(nameProblem("index", name)?.rule ?? "").toBe(valid || name === "" ? "" : rule);
});

test("messages say what the rule is, as Milvus phrases it", () => {
  expect(nameProblem("collection", "1coll")?.message).toBe(
    "the first character of a collection name must be an underscore or letter",
  );
  expect(nameProblem("partition", "p-1")?.message).toBe(
    'a partition name can only contain numbers, letters and underscores, found "-"',
  );
  expect(nameProblem("collection", long(256))?.message).toBe(
    "the length of a collection name must be at most 255 characters, got 256",
  );
});

test("field names may not be filter keywords (reserved casings and every casing of the core operators)", () => {
  for (const k of ["like", "LIKE", "And", "null", "NULL", "in", "exists", "EXISTS", "true", "TEXT_MATCH"])
    expect(nameProblem("field", k)?.rule).toBe("keyword");
  // Contextual words outside the list stay usable; a collection may be called "like".
  for (const ok of ["Exists", "liked", "iso", "interval", "truth"])
    expect(nameProblem("field", ok)).toBeUndefined();
  expect(nameProblem("collection", "like")).toBeUndefined();
  expect(checkSchema(normalizeSchemaLoose("and"))).toContain(
    "field 'and': and is a keyword in Milvus and cannot be a field name",
  );
});

function normalizeSchemaLoose(fieldName: string) {
  return {
    fields: [
      { name: "id", dataType: "INT64" as const, isPrimary: true },
      { name: fieldName, dataType: "FLOAT_VECTOR" as const, dim: 2 },
    ],
  };
}

test("the schema check refuses bad field names with the rule's reason", () => {
  expect(() => normalizeSchema(normalizeSchemaLoose("my-field"))).toThrow(
    /fields\/1\/name: a field name can only contain numbers, letters and underscores, found "-"/,
  );
});

test("the args schemas' name patterns accept nothing the naming rules refuse", () => {
  const props = (r: typeof COLLECTION) => (argsJsonSchema(r) as any).properties;
  const cases: Array<[string, unknown, NameKind]> = [
    ["Collection.name", props(COLLECTION).name, "collection"],
    ["Collection.dbName", props(COLLECTION).dbName, "database"],
    ["ImportJob.collection.name", props(IMPORT_JOB).collection.properties.name, "collection"],
    ["ImportJob.partition", props(IMPORT_JOB).partition, "partition"],
  ];
  const ajv = new Ajv();
  for (const [file, schema, kind] of cases) {
    const accepts = ajv.compile(schema as object);
    for (const [name] of CATALOG) {
      if (accepts(name))
        expect({ file, kind, name, problem: nameProblem(kind, name) }).toMatchObject({ problem: undefined });
    }
  }
});

describe("the CLI refuses bad names as usage errors (exit 2) before reading or sending anything", () => {
  const schema = {
    fields: [
      { name: "id", dataType: "INT64", isPrimary: true },
      { name: "v", dataType: "FLOAT_VECTOR", dim: 2 },
    ],
  };
  test.each([
    ["validate", ["--collection", "1coll"], /invalid collection name "1coll": the first character/],
    ["validate", ["--collection", "my-coll"], /invalid collection name "my-coll"/],
    ["validate", ["--collection", long(256)], /must be at most 255 characters, got 256/],
    ["validate", ["--collection", "colección"], /invalid collection name "colección"/],
    ["import", ["--collection", "ok", "--partition", "p-1", "--db", "9db"], /invalid database name "9db"/],
    ["import", ["--collection", "ok", "--partition", "p-1"], /invalid partition name "p-1"/],
  ])("%s %j", async (command, flags, message) => {
    const dir = tempDir();
    writeJson(dir, "s.json", schema);
    fs.writeFileSync(path.join(dir, "a.csv"), 'id,v\n1,"[1,2]"\n');
    const engineDir = path.join(dir, "engine");
    const target =
      command === "import" ? ["--target", "local", "--data-dir", engineDir, "--create-collection"] : [];
    const r = await cli([command, "a.csv", "--schema", "s.json", ...target, ...flags, "--json"], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.error.kind).toBe("usage");
    expect(doc.error.message).toMatch(message);
    // Nothing was created.
    expect(fs.existsSync(engineDir)).toBe(false);
  });
});

describe("resources and the engine apply the same rules", () => {
  const schema = normalizeSchemaLoose("v");
  test("Collection check: the naming rule's reason, not the JSON pattern's", async () => {
    const r = await collection.check(undefined, {
      name: "my-coll",
      dbName: "1db",
      connection: { localDir: "/tmp/x" },
      schema,
      indexes: [{ fieldName: "v", indexType: "AUTOINDEX", indexName: "idx-1", metricType: "L2" }],
    });
    expect(r.failures).toEqual(
      expect.arrayContaining([
        {
          property: "name",
          reason: expect.stringMatching(/^invalid collection name "my-coll": a collection name can only/),
        },
        {
          property: "dbName",
          reason: expect.stringMatching(/^invalid database name "1db": the first character/),
        },
        { property: "indexes.0.indexName", reason: expect.stringMatching(/^invalid index name "idx-1"/) },
      ]),
    );
    expect(r.failures.some((f) => /must match pattern/.test(f.reason))).toBe(false);
  });

  test("ImportJob check", async () => {
    const r = await job.check(undefined, {
      collection: { name: "1coll", connection: { localDir: "/tmp/x" }, schema },
      source: { rows: [{ id: 1, v: [1, 2] }] },
      partition: "p-1",
    });
    expect(r.failures.map((f) => f.property).sort()).toEqual(["collection.name", "partition"]);
  });

  test("the local engine (and so the emulator) refuses them with Milvus's messages", async () => {
    const e = openLocalEngine(fs.mkdtempSync(path.join(os.tmpdir(), "pmi-names-")));
    const create = (collectionName: string, extra: object = {}) =>
      e.collectionApi.createCollection({ dbName: "default", collectionName, schema, ...extra });
    await expect(create("1coll")).rejects.toThrow(
      "Invalid collection name: 1coll. the first character of a collection name must be an underscore or letter",
    );
    await expect(create("my$coll")).rejects.toThrow(/Invalid collection name: my\$coll/);
    await expect(create("ok", { schema: normalizeSchemaLoose("like") })).rejects.toThrow(
      /Invalid field name: like/,
    );
    await expect(
      create("ok", {
        indexes: [{ fieldName: "v", indexType: "AUTOINDEX", metricType: "L2", indexName: "a b" }],
      }),
    ).rejects.toThrow(/Invalid index name: a b/);
    await create("ok");
    await expect(e.collectionApi.createPartition("default", "ok", "p-1")).rejects.toThrow(
      /Invalid partition name: p-1/,
    );
    await e.collectionApi.createPartition("default", "ok", "p_1");
    expect(await e.collectionApi.listPartitions("default", "ok")).toContain("p_1");
  });
});
