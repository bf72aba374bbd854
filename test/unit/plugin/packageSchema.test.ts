/**
 * The plugin's Pulumi package schema is derived from the shape table and schemas/: every property
 * with its doc, secrecy and replace mark; value shapes as named object types; nothing dangling.
 */
import { packageSchema, packageVersion } from "../../../provider/plugin/packageSchema";
import { COLLECTION, IMPORT_JOB, PROVIDER_CONFIG } from "../../../provider/resources/shapes/table";

const schema = packageSchema() as any;

test("resources: inputs and outputs from the table, with docs, secrets and replace marks", () => {
  for (const r of [COLLECTION, IMPORT_JOB]) {
    const spec = schema.resources[`milvusimport:index:${r.name}`];
    expect(spec.description).toBe(r.doc);
    expect(Object.keys(spec.inputProperties)).toEqual(Object.keys(r.inputs));
    expect(Object.keys(spec.properties)).toEqual([...Object.keys(r.inputs), ...Object.keys(r.outputs)]);
    expect(spec.requiredInputs).toEqual(Object.keys(r.inputs).filter((k) => r.inputs[k].required));
    for (const [k, p] of Object.entries({ ...r.inputs, ...r.outputs })) {
      expect(spec.properties[k].description.startsWith(p.doc)).toBe(true);
      expect(spec.properties[k].secret ?? false).toBe(Boolean(p.secret));
      expect(spec.properties[k].replaceOnChanges ?? false).toBe(Boolean(p.replaceOnChange));
    }
  }
  expect(schema.resources["milvusimport:index:ImportJob"].properties.api.description).toMatch(
    /One of: zilliz-v1, zilliz-v2, milvus-v2, local\./,
  );
});

test("value shapes are named object types; every $ref points at a declared type", () => {
  const types = schema.types;
  expect(Object.keys(types)).toEqual(
    expect.arrayContaining([
      "milvusimport:index:Connection",
      "milvusimport:index:CollectionSchema",
      "milvusimport:index:Field",
      "milvusimport:index:IndexSpec",
      "milvusimport:index:Source",
      "milvusimport:index:Storage",
      "milvusimport:index:CollectionRef",
      "milvusimport:index:ImportWait",
    ]),
  );
  expect(types["milvusimport:index:Field"].required).toEqual(["name", "dataType"]);
  expect(types["milvusimport:index:CollectionSchema"].properties.fields).toEqual({
    type: "array",
    items: { $ref: "#/types/milvusimport:index:Field" },
  });
  // Storage: every provider's properties in one object (all optional but provider), plus the staging extras.
  const storage = types["milvusimport:index:Storage"];
  for (const k of [
    "provider",
    "bucket",
    "root",
    "accountKey",
    "accessKeySecret",
    "integrity",
    "createRoot",
    "remotePath",
    "keepFiles",
  ])
    expect(Object.keys(storage.properties)).toContain(k);
  expect(storage.required).toEqual(["provider"]);
  expect(types["milvusimport:index:Field"].properties.defaultValue).toEqual({ $ref: "pulumi.json#/Any" });
  const refs = JSON.stringify(schema).match(/"#\/types\/[^"]+"/g) ?? [];
  for (const ref of refs) expect(types[ref.slice(9, -1)]).toBeDefined();
});

test("provider config: every setting secret, as config variables and provider inputs; version from package.json", () => {
  expect(Object.keys(schema.config.variables)).toEqual(Object.keys(PROVIDER_CONFIG));
  expect(
    Object.values(schema.config.variables).every((v: any) => v.secret === true && v.type === "string"),
  ).toBe(true);
  expect(schema.provider.inputProperties).toEqual(schema.config.variables);
  expect(schema.version).toBe(packageVersion());
  expect(packageVersion()).toBe(require("../../../package.json").version);
});
