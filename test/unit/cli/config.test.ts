import fs from "node:fs";
import path from "node:path";
import { configProblems, loadConfig } from "../../../provider/cli/config";
import { UsageError } from "../../../provider/cli/errors";
import { STORAGE_PROVIDERS, storeDescriptor } from "../../../provider/storage/stores";
import { API_KINDS } from "../../../provider/targets";
import { articlesSchema, tempDir, writeJson } from "./helpers";

const valid = {
  target: {
    kind: "zilliz-v2",
    uri: "https://in03-abc123def456.api.gcp-us-west1.zillizcloud.com",
    region: "gcp-us-west1",
  },
  collection: {
    name: "medium_articles",
    schema: articlesSchema(768),
    indexes: [{ fieldName: "title_vector", indexType: "AUTOINDEX", metricType: "IP" }],
  },
  storage: { provider: "gcs", bucket: "my-bucket", remotePath: "imports" },
  writer: { format: "parquet", segmentSizeMb: 256 },
  wait: { timeoutSeconds: 600 },
};

test("a full config is valid", () => {
  expect(configProblems(valid)).toEqual([]);
});

test("every structural problem is reported at once, with its path", () => {
  const problems = configProblems({
    target: { kind: "milvus", uri: "ftp://x" },
    storage: { bucket: "b", colour: "red" },
    writer: { format: "xml", segmentSizeMb: 0 },
    extra: 1,
  });
  expect(problems).toEqual(
    expect.arrayContaining([
      '(root): unknown property "extra"',
      `target/kind: must be one of ${API_KINDS.join(", ")}`,
      'target/uri: must match pattern "^https?://"',
      "storage: must have required property 'provider'",
      'storage: unknown property "colour"',
      "writer/format: must be one of parquet, json, numpy, csv",
      "writer/segmentSizeMb: must be > 0",
    ]),
  );
});

test("schema and schemaFile together are rejected", () => {
  expect(configProblems({ collection: { schema: articlesSchema(), schemaFile: "s.json" } })).toEqual([
    "collection: give schema or schemaFile, not both",
  ]);
});

test("secrets in the config file are refused by key, naming the env variables, never echoing values", () => {
  const problems = configProblems({
    target: { kind: "zilliz-v2", apiKey: "zk-very-secret" },
    storage: { provider: "s3", bucket: "b", secretAccessKey: "aws-very-secret" },
  });
  expect(problems).toHaveLength(2);
  expect(problems[0]).toMatch(
    /^target\/apiKey: secrets are not allowed in the config file; .*MILVUS_IMPORT_API_KEY/,
  );
  expect(problems[1]).toMatch(/^storage\/secretAccessKey: .*AWS_SECRET_ACCESS_KEY/);
  expect(problems.join("\n")).not.toMatch(/very-secret/);
  // Every storage backend with credentials is named with its own variables (from its descriptor).
  for (const p of STORAGE_PROVIDERS) {
    const env = storeDescriptor(p).credentialsEnv;
    if (env) expect(problems[1]).toContain(`${p}: ${env}`);
  }
});

test("a schema field named like a secret is data, not a secret", () => {
  const schema = {
    fields: [
      { name: "id", dataType: "INT64", isPrimary: true },
      { name: "token", dataType: "VARCHAR", maxLength: 8 },
      { name: "v", dataType: "FLOAT_VECTOR", dim: 2 },
    ],
  };
  expect(configProblems({ collection: { schema } })).toEqual([]);
});

test("loadConfig resolves relative paths against the file's directory", () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, "conf"));
  const file = writeJson(path.join(dir, "conf"), "c.json", {
    target: { kind: "local", dataDir: "../engine" },
    collection: { schemaFile: "schema.json" },
    storage: { provider: "local", root: "files" },
  });
  const c = loadConfig(path.relative(dir, file), dir);
  expect(c.target?.dataDir).toBe(path.join(dir, "engine"));
  expect(c.collection?.schemaFile).toBe(path.join(dir, "conf", "schema.json"));
  expect(c.storage?.root).toBe(path.join(dir, "conf", "files"));
});

test("loadConfig: unreadable, malformed and invalid files are usage errors naming the file", () => {
  const dir = tempDir();
  expect(() => loadConfig("missing.json", dir)).toThrow(
    new UsageError("config file missing.json: cannot read (ENOENT)"),
  );
  fs.writeFileSync(path.join(dir, "bad.json"), "{ not json");
  expect(() => loadConfig("bad.json", dir)).toThrow(/config file bad\.json: not valid JSON/);
  writeJson(dir, "invalid.json", { wait: { timeoutSeconds: "soon" } });
  expect(() => loadConfig("invalid.json", dir)).toThrow(
    /config file invalid\.json is invalid:\n {2}wait\/timeoutSeconds: must be number/,
  );
});
