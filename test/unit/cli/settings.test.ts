import path from "node:path";
import { parseCommandLine } from "../../../provider/cli/args";
import { UsageError } from "../../../provider/cli/errors";
import {
  redactorFor,
  resolveCollection,
  resolveStorage,
  resolveTarget,
  resolveWait,
  resolveWriter,
} from "../../../provider/cli/settings";
import { API_KINDS } from "../../../provider/targets";
import { articlesSchema, tempDir, writeJson } from "./helpers";

const values = (argv: string[]) => parseCommandLine(["import", ...argv]).values;
const CWD = "/work/here";
const ZILLIZ_URI = "https://in03-5f2a9c1e7b3d4a0.api.gcp-us-west1.zillizcloud.com";

describe("resolveTarget", () => {
  test("flags win over env, env over the config file", () => {
    const config = { target: { kind: "milvus-v2" as const, uri: "http://config:19530", db: "fromconfig" } };
    expect(resolveTarget(values([]), {}, config, CWD).connection.uri).toBe("http://config:19530");
    expect(
      resolveTarget(values([]), { MILVUS_IMPORT_URI: "http://env:19530" }, config, CWD).connection.uri,
    ).toBe("http://env:19530");
    const t = resolveTarget(
      values(["--uri", "http://flag:19530", "--db", "d2"]),
      { MILVUS_IMPORT_URI: "http://env:19530" },
      config,
      CWD,
    );
    expect(t).toEqual({
      kind: "milvus-v2",
      connection: { uri: "http://flag:19530", token: undefined },
      db: "d2",
    });
  });

  test("milvus-v2 takes its token from MILVUS_TOKEN only", () => {
    const t = resolveTarget(
      values(["--target", "milvus-v2", "--uri", "http://h:19530"]),
      { MILVUS_TOKEN: "root:Milvus" },
      {},
      CWD,
    );
    expect(t.connection.token).toBe("root:Milvus");
  });

  test("local: --data-dir relative to cwd, kind inferred from it", () => {
    const t = resolveTarget(values(["--data-dir", "engine"]), {}, {}, CWD);
    expect(t).toEqual({ kind: "local", connection: { localDir: path.join(CWD, "engine") }, db: "default" });
  });

  test("zilliz: cluster id and region derived from the endpoint, control plane from the region", () => {
    const env = { MILVUS_IMPORT_API_KEY: "zk-key-0123456789" };
    const v2 = resolveTarget(values(["--target", "zilliz-v2", "--uri", ZILLIZ_URI]), env, {}, CWD);
    expect(v2.connection).toEqual({
      endpoint: ZILLIZ_URI,
      apiKey: "zk-key-0123456789",
      clusterId: "in03-5f2a9c1e7b3d4a0",
      controlPlaneUrl: "https://api.cloud.zilliz.com",
    });
    const v1 = resolveTarget(values(["--target", "zilliz-v1", "--uri", ZILLIZ_URI]), env, {}, CWD);
    expect(v1.connection.controlPlaneUrl).toBe("https://controller.api.gcp-us-west1.zillizcloud.com");
  });

  test("zilliz China region (the seeds' Aliyun variant) uses the zilliz.com.cn control planes", () => {
    const env = { MILVUS_IMPORT_API_KEY: "zk-key-0123456789" };
    const argv = [
      "--uri",
      "https://in01-0123456789abcdef.ali-cn-hangzhou.vectordb.zilliz.com.cn:19530",
      "--region",
      "ali-cn-hangzhou",
    ];
    expect(
      resolveTarget(values(["--target", "zilliz-v1", ...argv]), env, {}, CWD).connection.controlPlaneUrl,
    ).toBe("https://controller.api.ali-cn-hangzhou.cloud.zilliz.com.cn");
    expect(
      resolveTarget(values(["--target", "zilliz-v2", ...argv]), env, {}, CWD).connection.controlPlaneUrl,
    ).toBe("https://api.cloud.zilliz.com.cn");
  });

  test.each([
    [[], {}, /no target/],
    [["--target", "local"], {}, /--target local needs --data-dir/],
    [["--target", "milvus-v2"], {}, /needs --uri/],
    [["--target", "zilliz-v2", "--uri", ZILLIZ_URI], {}, /MILVUS_IMPORT_API_KEY/],
    [
      ["--target", "zilliz-v2", "--uri", "https://proxy.example/x"],
      { MILVUS_IMPORT_API_KEY: "k-123456" },
      /needs --cluster-id/,
    ],
    [
      ["--target", "zilliz-v1", "--uri", "https://proxy.example/x", "--cluster-id", "in03-abc"],
      { MILVUS_IMPORT_API_KEY: "k-123456" },
      /needs --region/,
    ],
    [["--target", "nope"], {}, `--target must be one of ${API_KINDS.join(", ")}, got "nope"`],
    [["--uri", "http://a", "--endpoint", "http://b"], {}, /name the same setting/],
  ])("usage error for %j", (argv, env, message) => {
    expect(() => resolveTarget(values(argv as string[]), env as Record<string, string>, {}, CWD)).toThrow(
      UsageError,
    );
    expect(() => resolveTarget(values(argv as string[]), env as Record<string, string>, {}, CWD)).toThrow(
      message,
    );
  });
});

describe("resolveStorage", () => {
  const local = { kind: "local" as const, connection: { localDir: "/eng" }, db: "default" };
  const zilliz = { kind: "zilliz-v2" as const, connection: { endpoint: ZILLIZ_URI }, db: "default" };

  test("a local target stages into its data dir by default", () => {
    expect(resolveStorage(values([]), {}, {}, CWD, { target: local, required: true })).toEqual({
      provider: "local",
      root: "/eng/_staging",
      createRoot: true,
    });
  });

  test("S3 for self-hosted targets leaves credentials to the storage module (env chain)", () => {
    const s = resolveStorage(
      values([
        "--storage-provider",
        "s3",
        "--bucket",
        "b",
        "--storage-endpoint",
        "http://127.0.0.1:9000",
        "--force-path-style",
        "--remote-path",
        "runs",
      ]),
      { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE0000", AWS_SECRET_ACCESS_KEY: "shh" },
      {},
      CWD,
      { target: { kind: "milvus-v2", connection: { uri: "http://h" }, db: "default" }, required: true },
    );
    expect(s).toEqual({
      provider: "s3",
      bucket: "b",
      region: undefined,
      endpoint: "http://127.0.0.1:9000",
      forcePathStyle: true,
      remotePath: "runs",
    });
  });

  test("Zilliz targets get the storage key pair from the cloud's env variables (it goes in the import request)", () => {
    const env = { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE0000", AWS_SECRET_ACCESS_KEY: "aws-secret" };
    const s3 = resolveStorage(values(["--storage-provider", "s3", "--bucket", "b"]), env, {}, CWD, {
      target: zilliz,
      required: true,
    });
    expect(s3).toMatchObject({ accessKeyId: "AKIAEXAMPLE0000", secretAccessKey: "aws-secret" });
    const oss = resolveStorage(
      values(["--storage-provider", "oss", "--bucket", "b", "--storage-region", "oss-cn-hangzhou"]),
      { OSS_ACCESS_KEY_ID: "LTAIexample", OSS_ACCESS_KEY_SECRET: "oss-secret" },
      {},
      CWD,
      { target: zilliz, required: true },
    );
    expect(oss).toMatchObject({
      provider: "oss",
      region: "oss-cn-hangzhou",
      accessKeyId: "LTAIexample",
      accessKeySecret: "oss-secret",
    });
    const azure = resolveStorage(
      values(["--storage-provider", "azure", "--bucket", "c"]),
      {
        AZURE_STORAGE_CONNECTION_STRING:
          "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=az-secret==;EndpointSuffix=core.windows.net",
      },
      {},
      CWD,
      { target: zilliz, required: true },
    );
    expect(azure).toMatchObject({ accountName: "acct", accountKey: "az-secret==" });
    expect(() =>
      resolveStorage(values(["--storage-provider", "gcs", "--bucket", "b"]), {}, {}, CWD, {
        target: zilliz,
        required: true,
      }),
    ).toThrow(/GOOGLE_HMAC_ACCESS_KEY_ID and GOOGLE_HMAC_SECRET/);
  });

  test("missing storage and missing bucket are usage errors", () => {
    expect(() => resolveStorage(values([]), {}, {}, CWD, { required: true })).toThrow(/no storage/);
    expect(resolveStorage(values([]), {}, {}, CWD, { required: false })).toBeUndefined();
    expect(() =>
      resolveStorage(values(["--storage-provider", "azure"]), {}, {}, CWD, { required: true }),
    ).toThrow(/needs --bucket \(the container\)/);
  });
});

describe("collection, writer, wait", () => {
  test("schema from --schema, normalized (REST names accepted), indexes from a {schema, indexes} file", () => {
    const dir = tempDir();
    writeJson(dir, "s.json", {
      schema: {
        enableDynamicField: true,
        fields: [
          { name: "id", dataType: "Int64", isPrimary: true },
          { name: "v", dataType: "FloatVector", dim: 4 },
        ],
      },
      indexes: [{ fieldName: "v", indexType: "AUTOINDEX", metricType: "IP" }],
    });
    const c = resolveCollection(values(["--schema", "s.json", "--collection", "docs"]), {}, dir, true);
    expect(c.name).toBe("docs");
    expect(c.schema?.fields.map((f) => f.dataType)).toEqual(["INT64", "FLOAT_VECTOR"]);
    expect(c.indexes).toEqual([{ fieldName: "v", indexType: "AUTOINDEX", metricType: "IP" }]);
  });

  test("an invalid schema lists every problem; a missing one is a usage error", () => {
    expect(() =>
      resolveCollection(
        values([]),
        { collection: { schema: { fields: [{ name: "v", dataType: "FLOAT_VECTOR" }] } } },
        CWD,
        true,
      ),
    ).toThrow(/invalid collection schema/);
    expect(() => resolveCollection(values([]), {}, CWD, true)).toThrow(/no collection schema/);
    expect(
      resolveCollection(values([]), { collection: { schema: articlesSchema() } }, CWD, false).schema?.fields,
    ).toHaveLength(4);
  });

  test("writer and wait defaults, config, flags", () => {
    expect(resolveWriter(values([]), {})).toEqual({
      format: "parquet",
      segmentSizeMb: 512,
      onDuplicatePk: "warn",
    });
    expect(
      resolveWriter(values(["--format", "numpy"]), {
        writer: { format: "json", segmentSizeMb: 64, onDuplicatePk: "error" },
      }),
    ).toEqual({ format: "numpy", segmentSizeMb: 64, onDuplicatePk: "error" });
    expect(resolveWriter(values(["--on-duplicate-pk", "error"]), {}).onDuplicatePk).toBe("error");
    expect(() => resolveWriter(values(["--on-duplicate-pk", "drop"]), {})).toThrow(
      /--on-duplicate-pk must be one of error, warn/,
    );
    expect(() => resolveWriter(values(["--format", "xml"]), {})).toThrow(
      /--format must be one of parquet, json, numpy, csv/,
    );
    expect(resolveWait(values([]), {})).toEqual({ timeoutMs: 3_600_000, pollIntervalMs: 1000 });
    expect(resolveWait(values(["--timeout", "2.5"]), { wait: { pollIntervalSeconds: 0.2 } })).toEqual({
      timeoutMs: 2500,
      pollIntervalMs: 200,
    });
    expect(() => resolveWait(values(["--timeout=-1"]), {})).toThrow(/--timeout must be a positive number/);
  });
});

test("the redactor knows every secret in the environment, including an Azure connection string's key", () => {
  const r = redactorFor({
    MILVUS_IMPORT_API_KEY: "zk-api-key-123",
    MILVUS_TOKEN: "root:milvus-pass",
    AZURE_STORAGE_CONNECTION_STRING: "AccountName=a;AccountKey=azkey0123==;EndpointSuffix=x",
  });
  const text = r.scrub("key zk-api-key-123 pass milvus-pass azure azkey0123== done");
  expect(text).not.toMatch(/zk-api-key-123|milvus-pass|azkey0123/);
  expect(text).toContain("done");
});
