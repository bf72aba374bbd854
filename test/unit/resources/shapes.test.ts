/**
 * The shape table is the one declaration of the resources' shapes: generated.ts is what the table
 * renders today, every property has a doc line, the derived ajv schemas accept and reject what the
 * providers expect, and the replace lists follow the replaceOnChange marks.
 */
import fs from "node:fs";
import path from "node:path";
import { argProblems, staticDefaults } from "../../../provider/resources/common";
import { argsJsonSchema, referencedSchemaFiles } from "../../../provider/resources/shapes/argsSchema";
import { replacedProperties } from "../../../provider/resources/shapes/replaces";
import { COLLECTION, IMPORT_JOB, PROVIDER_CONFIG, RESOURCES } from "../../../provider/resources/shapes/table";
import { GENERATED_FILE, renderShapesTs } from "../../../provider/resources/shapes/tsCodegen";
import { secretProperties, unsetOutputs } from "../../../provider/resources/shapes/values";

const root = path.resolve(__dirname, "../../..");

test("generated.ts is up to date with the table (npm run gen:shapes rewrites it)", () => {
  expect(fs.readFileSync(path.join(root, GENERATED_FILE), "utf8")).toBe(renderShapesTs());
});

test("every input, output and provider setting has a one-line doc, and every generated member a JSDoc line", () => {
  for (const r of RESOURCES)
    for (const [k, p] of [...Object.entries(r.inputs), ...Object.entries(r.outputs)])
      expect({ k, doc: p.doc.length > 10 && !p.doc.includes("\n") }).toEqual({ k, doc: true });
  for (const [k, p] of Object.entries(PROVIDER_CONFIG))
    expect({ k, doc: p.doc.length > 10 }).toEqual({ k, doc: true });
  const lines = renderShapesTs().split("\n");
  const members = lines
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => /^ {2}(readonly )?[A-Za-z]+\??: /.test(l));
  expect(members.length).toBeGreaterThan(60);
  for (const { l, i } of members)
    expect({ l, doc: lines[i - 1] }).toEqual({ l, doc: expect.stringMatching(/^ {2}\/\*\* .+ \*\/$/) });
});

test("args schemas: required after defaults, value shapes by $ref into schemas/", () => {
  expect(argsJsonSchema(COLLECTION).required).toEqual([
    "connection",
    "dbName",
    "name",
    "schema",
    "load",
    "description",
    "properties",
  ]);
  expect(argsJsonSchema(IMPORT_JOB).required).toEqual([
    "collection",
    "api",
    "source",
    "format",
    "segmentSizeMb",
    "storage",
    "wait",
    "onDelete",
  ]);
  for (const f of referencedSchemaFiles()) expect(fs.existsSync(path.join(root, "schemas", f))).toBe(true);
  expect(staticDefaults(IMPORT_JOB)).toEqual({
    format: "parquet",
    segmentSizeMb: 512,
    wait: {},
    onDelete: "delete",
  });
});

test("ajv reports every problem of bad args with its property path", () => {
  const problems = argProblems(IMPORT_JOB, {
    ...staticDefaults(IMPORT_JOB),
    api: "local",
    collection: { name: "1bad", connection: { localDir: "/x", uri: "http://h" } },
    source: { files: [], rows: [{}] },
    wait: { timeoutSeconds: 0, extra: 1 },
  });
  const where = problems.map((p) => p.property);
  expect(where).toEqual(
    expect.arrayContaining([
      "args",
      "collection.name",
      "collection.connection",
      "source.files",
      "wait.timeoutSeconds",
      "wait",
    ]),
  );
  expect(problems.find((p) => p.property === "args")?.reason).toMatch(/storage/);
  expect(problems.find((p) => p.property === "wait" && /extra/.test(p.reason))).toBeDefined();
  const ok = argProblems(COLLECTION, {
    ...staticDefaults(COLLECTION),
    connection: { localDir: "/x" },
    name: "docs",
    schema: { fields: [] },
    indexes: [{ fieldName: "vec", indexType: "HNSW", params: { M: 16 } }],
  });
  expect(ok).toEqual([]);
});

test("replace lists follow the replaceOnChange marks, in table order, with per-property comparison", () => {
  const olds = {
    name: "a",
    dbName: "default",
    connection: { localDir: "/x", token: "t1" },
    schemaFingerprint: "f1",
  };
  const byAddress = {
    connection: (p: typeof olds) => p.connection.localDir,
    schema: (p: typeof olds) => p.schemaFingerprint,
  };
  expect(
    replacedProperties(
      COLLECTION,
      olds,
      { ...olds, connection: { localDir: "/x", token: "t2" } },
      byAddress as never,
    ),
  ).toEqual([]);
  expect(
    replacedProperties(
      COLLECTION,
      { ...olds, dbName: undefined },
      { ...olds, name: "b", schemaFingerprint: "f2" },
      byAddress as never,
    ),
  ).toEqual(["name", "schema"]);
  expect(
    replacedProperties(IMPORT_JOB, { dataHash: "1", identity: "1" }, { dataHash: "2", identity: "2" }),
  ).toEqual(["dataHash", "identity"]);
});

test("secret properties and unset outputs come from the table", () => {
  expect(secretProperties(COLLECTION)).toEqual(["connection"]);
  expect(secretProperties(IMPORT_JOB)).toEqual(["collection", "storage"]);
  expect(Object.keys(unsetOutputs(IMPORT_JOB))).toContain("importedRows");
  expect(Object.values(unsetOutputs(COLLECTION)).every((v) => v === undefined)).toBe(true);
});
