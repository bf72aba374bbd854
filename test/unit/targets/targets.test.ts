/** Import API flavours: one descriptor per kind, and the schemas and CLI that list the kinds. */
import fs from "node:fs";
import path from "node:path";
import { parseCommandLine } from "../../../provider/cli/args";
import { resolveStorage } from "../../../provider/cli/settings";
import * as importJob from "../../../provider/resources/importJobProvider";
import { argsJsonSchema } from "../../../provider/resources/shapes/argsSchema";
import { IMPORT_JOB } from "../../../provider/resources/shapes/table";
import { API_KINDS, defaultApiKind, openTarget, TARGETS, targetDescriptor } from "../../../provider/targets";

const schema = (name: string) =>
  JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../schemas", name), "utf8"));

const LOCAL = { localDir: "/tmp/pmi-engine-not-created" };
const MILVUS = { uri: "http://127.0.0.1:1" };
const ZILLIZ = {
  endpoint: "https://in03-0123456789abcde.api.gcp-us-west1.zillizcloud.com",
  clusterId: "in03-0123456789abcde",
};
const ZILLIZ_NO_ID = { endpoint: ZILLIZ.endpoint };

test("each descriptor is registered under its own kind", () => {
  for (const k of API_KINDS) expect(TARGETS[k].kind).toBe(k);
  expect(API_KINDS).toEqual(expect.arrayContaining(["zilliz-v1", "zilliz-v2", "milvus-v2", "local"]));
});

test("the JSON Schemas list exactly the registered kinds", () => {
  expect((argsJsonSchema(IMPORT_JOB).properties as any).api.enum).toEqual(API_KINDS);
  expect(schema("cli-config.json").properties.target.properties.kind.enum).toEqual(API_KINDS);
});

test("exactly one descriptor is the default for each kind of connection", () => {
  const claims = (c: object, kind: "local" | "milvus" | "zilliz") =>
    API_KINDS.filter((k) => TARGETS[k].isDefaultFor(c, kind));
  expect(claims(LOCAL, "local")).toEqual(["local"]);
  expect(claims(MILVUS, "milvus")).toEqual(["milvus-v2"]);
  expect(claims(ZILLIZ, "zilliz")).toEqual(["zilliz-v2"]);
  expect(claims(ZILLIZ_NO_ID, "zilliz")).toEqual(["milvus-v2"]);
  expect(defaultApiKind(LOCAL)).toBe("local");
  expect(defaultApiKind(MILVUS)).toBe("milvus-v2");
  expect(defaultApiKind(ZILLIZ)).toBe("zilliz-v2");
  expect(defaultApiKind(ZILLIZ_NO_ID)).toBe("milvus-v2");
  expect(() => defaultApiKind({ ...MILVUS, ...LOCAL })).toThrow(/give exactly one of localDir/);
});

test("how each flavour takes files and whether it sends storage credentials", () => {
  const shape = (k: (typeof API_KINDS)[number]) => {
    const d = targetDescriptor(k);
    return [d.fileRefs, d.fileGrouping, d.sendsStorageCredentials];
  };
  expect(shape("zilliz-v1")).toEqual(["url", "dataFolder", true]);
  expect(shape("zilliz-v2")).toEqual(["url", "perFile", true]);
  expect(shape("milvus-v2")).toEqual(["key", "perFile", false]);
  expect(shape("local")).toEqual(["url", "perFile", false]);
});

test("an API that cannot reach the connection is refused before any client is built", () => {
  expect(() => openTarget(LOCAL, "zilliz-v2")).toThrow(
    'api "zilliz-v2" cannot reach a local engine directory; use api "local"',
  );
  expect(() => openTarget(MILVUS, "local")).toThrow('api "local" needs connection.localDir');
  expect(() => openTarget(MILVUS, "zilliz-v1")).toThrow(
    'api "zilliz-v1" needs a Zilliz Cloud connection (endpoint + clusterId)',
  );
  expect(() => openTarget(ZILLIZ, "zilliz-v1")).toThrow(/needs connection.controlPlaneUrl/);
  expect(() => targetDescriptor("zilliz-v3" as never)).toThrow(/unknown import API "zilliz-v3"/);
});

test("an opened target carries its descriptor's file handling and closes its clients", async () => {
  const t = openTarget({ ...ZILLIZ, apiKey: "k", controlPlaneUrl: "http://127.0.0.1:1" }, "zilliz-v1");
  expect(t.kind).toBe("zilliz");
  expect(t.imports.kind).toBe("zilliz-v1");
  expect(t.collections).not.toBe(t.imports);
  expect([t.fileRefs, t.fileGrouping, t.sendsStorageCredentials]).toEqual(["url", "dataFolder", true]);
  await t.close();
  const m = openTarget(MILVUS, "milvus-v2");
  expect(m.imports).toBe(m.collections);
  expect(m.fileRefs).toBe("key");
  await m.close();
});

test("Zilliz control-plane defaults: v1 needs the region, v2 has a global default", () => {
  expect(targetDescriptor("zilliz-v1").defaultControlPlaneUrl?.(undefined)).toBeUndefined();
  expect(targetDescriptor("zilliz-v1").defaultControlPlaneUrl?.("aws-us-west-2")).toBe(
    "https://controller.api.aws-us-west-2.zillizcloud.com",
  );
  expect(targetDescriptor("zilliz-v2").defaultControlPlaneUrl?.(undefined)).toBe(
    "https://api.cloud.zilliz.com",
  );
  expect(targetDescriptor("milvus-v2").defaultControlPlaneUrl).toBeUndefined();
});

test("the CLI and the ImportJob resource stage a local engine's files in the same default place", async () => {
  const localDir = "/tmp/pmi-engine-not-created";
  const cli = resolveStorage(parseCommandLine(["import"]).values, {}, {}, "/", {
    target: { kind: "local", connection: { localDir }, db: "default" },
    required: true,
  });
  const resource = await importJob.check(
    {},
    { collection: { name: "c", connection: { localDir } }, source: { rows: [] } },
  );
  expect(cli?.provider).toBe("local");
  expect((cli as { root?: string }).root).toBe(
    (resource.inputs.storage as { root?: string } | undefined)?.root,
  );
});
