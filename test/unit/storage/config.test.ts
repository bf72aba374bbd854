import { inspect } from "node:util";
import { AzureStore } from "../../../provider/storage/azure";
import { storageConfigProblems, validateStorageConfig } from "../../../provider/storage/configSchema";
import {
  ossRegion,
  resolveAzureAuth,
  resolveOssCredentials,
  resolveS3Credentials,
  resolveS3Region,
} from "../../../provider/storage/credentials";
import { StorageError } from "../../../provider/storage/errors";
import { createObjectStore } from "../../../provider/storage/factory";
import { LocalStore } from "../../../provider/storage/local";
import { OssStore } from "../../../provider/storage/oss";
import { S3Store } from "../../../provider/storage/s3";

describe("credential resolution: explicit options win, then each cloud's standard env vars", () => {
  test("S3: explicit, then AWS_* (with session token), else the SDK default chain", () => {
    const env = {
      AWS_ACCESS_KEY_ID: "AKIAENV",
      AWS_SECRET_ACCESS_KEY: "envsecret",
      AWS_SESSION_TOKEN: "envtoken",
    };
    expect(
      resolveS3Credentials(
        { provider: "s3", bucket: "b", accessKeyId: "id", secretAccessKey: "s", sessionToken: "t" },
        env,
      ),
    ).toEqual({
      accessKeyId: "id",
      secretAccessKey: "s",
      sessionToken: "t",
    });
    expect(resolveS3Credentials({ provider: "s3", bucket: "b" }, env)).toEqual({
      accessKeyId: "AKIAENV",
      secretAccessKey: "envsecret",
      sessionToken: "envtoken",
    });
    expect(resolveS3Credentials({ provider: "s3", bucket: "b" }, {})).toBeUndefined();
    expect(() => resolveS3Credentials({ provider: "s3", bucket: "b", accessKeyId: "only-id" }, {})).toThrow(
      StorageError,
    );
  });

  test("S3 region: option, AWS_REGION, AWS_DEFAULT_REGION, us-east-1; GCS: auto", () => {
    expect(resolveS3Region({ provider: "s3", bucket: "b", region: "eu-west-3" }, { AWS_REGION: "x" })).toBe(
      "eu-west-3",
    );
    expect(resolveS3Region({ provider: "s3", bucket: "b" }, { AWS_REGION: "ap-east-1" })).toBe("ap-east-1");
    expect(resolveS3Region({ provider: "s3", bucket: "b" }, { AWS_DEFAULT_REGION: "sa-east-1" })).toBe(
      "sa-east-1",
    );
    expect(resolveS3Region({ provider: "s3", bucket: "b" }, {})).toBe("us-east-1");
    expect(resolveS3Region({ provider: "gcs", bucket: "b" }, { AWS_REGION: "us-east-2" })).toBe("auto");
    expect(
      resolveS3Region({ provider: "s3", bucket: "b", endpoint: "https://storage.googleapis.com" }, {}),
    ).toBe("auto");
  });

  test("GCS HMAC: GOOGLE_HMAC_* first, AWS_* accepted; S3 provider with the GCS endpoint counts as GCS", () => {
    const env = {
      GOOGLE_HMAC_ACCESS_KEY_ID: "GOOG1",
      GOOGLE_HMAC_SECRET: "gsecret",
      AWS_ACCESS_KEY_ID: "AKIA",
      AWS_SECRET_ACCESS_KEY: "asecret",
    };
    expect(resolveS3Credentials({ provider: "gcs", bucket: "b" }, env)).toEqual({
      accessKeyId: "GOOG1",
      secretAccessKey: "gsecret",
    });
    expect(
      resolveS3Credentials(
        { provider: "gcs", bucket: "b" },
        { AWS_ACCESS_KEY_ID: "AKIA", AWS_SECRET_ACCESS_KEY: "asecret" },
      ),
    ).toEqual({
      accessKeyId: "AKIA",
      secretAccessKey: "asecret",
    });
    const err = (() => {
      try {
        resolveS3Credentials({ provider: "s3", bucket: "b", endpoint: "https://storage.googleapis.com" }, {});
      } catch (e) {
        return e as StorageError;
      }
    })();
    expect(err?.code).toBe("InvalidConfig");
    expect(err?.message).toContain("GOOGLE_HMAC_ACCESS_KEY_ID");
  });

  test("Azure: explicit connection string / key / SAS, then AZURE_STORAGE_* in that order", () => {
    expect(resolveAzureAuth({ provider: "azure", bucket: "c", connectionString: "cs" }, {})).toEqual({
      kind: "connectionString",
      connectionString: "cs",
    });
    expect(
      resolveAzureAuth({ provider: "azure", bucket: "c", accountName: "acct", accountKey: "k" }, {}),
    ).toEqual({
      kind: "sharedKey",
      accountName: "acct",
      accountKey: "k",
      endpoint: "https://acct.blob.core.windows.net",
    });
    expect(
      resolveAzureAuth({ provider: "azure", bucket: "c", sasToken: "?sv=1&sig=x", accountName: "acct" }, {}),
    ).toEqual({
      kind: "sas",
      sasToken: "sv=1&sig=x",
      endpoint: "https://acct.blob.core.windows.net",
    });
    const env = {
      AZURE_STORAGE_CONNECTION_STRING: "envcs",
      AZURE_STORAGE_ACCOUNT: "acct2",
      AZURE_STORAGE_KEY: "envkey",
      AZURE_STORAGE_SAS_TOKEN: "sv=2",
    };
    expect(resolveAzureAuth({ provider: "azure", bucket: "c" }, env).kind).toBe("connectionString");
    const { AZURE_STORAGE_CONNECTION_STRING: _cs, ...noCs } = env;
    expect(resolveAzureAuth({ provider: "azure", bucket: "c" }, noCs)).toMatchObject({
      kind: "sharedKey",
      accountName: "acct2",
      accountKey: "envkey",
    });
    expect(
      resolveAzureAuth(
        { provider: "azure", bucket: "c" },
        { AZURE_STORAGE_ACCOUNT: "a3", AZURE_STORAGE_SAS_TOKEN: "sv=2" },
      ),
    ).toMatchObject({
      kind: "sas",
      endpoint: "https://a3.blob.core.windows.net",
    });
    expect(() => resolveAzureAuth({ provider: "azure", bucket: "c" }, {})).toThrow(/AZURE_STORAGE_SAS_TOKEN/);
  });

  test("OSS: explicit, then ALIBABA_CLOUD_*, then OSS_*; region normalized to oss-<region>", () => {
    expect(
      resolveOssCredentials(
        { provider: "oss", bucket: "o", accessKeyId: "i", accessKeySecret: "s", securityToken: "t" },
        {},
      ),
    ).toEqual({
      accessKeyId: "i",
      accessKeySecret: "s",
      securityToken: "t",
    });
    expect(
      resolveOssCredentials(
        { provider: "oss", bucket: "o" },
        {
          ALIBABA_CLOUD_ACCESS_KEY_ID: "ai",
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: "as",
          ALIBABA_CLOUD_SECURITY_TOKEN: "at",
          OSS_ACCESS_KEY_ID: "oi",
        },
      ),
    ).toEqual({ accessKeyId: "ai", accessKeySecret: "as", securityToken: "at" });
    expect(
      resolveOssCredentials(
        { provider: "oss", bucket: "o" },
        { OSS_ACCESS_KEY_ID: "oi", OSS_ACCESS_KEY_SECRET: "os" },
      ),
    ).toMatchObject({
      accessKeyId: "oi",
      accessKeySecret: "os",
    });
    expect(() => resolveOssCredentials({ provider: "oss", bucket: "o" }, {})).toThrow(
      /ALIBABA_CLOUD_ACCESS_KEY_ID/,
    );
    expect(ossRegion("cn-hangzhou")).toBe("oss-cn-hangzhou");
    expect(ossRegion("oss-us-west-1")).toBe("oss-us-west-1");
    expect(ossRegion(undefined)).toBe("oss-cn-hangzhou");
  });
});

describe("storage config JSON Schema (schemas/storage-config.json)", () => {
  test.each([
    { provider: "s3", bucket: "my-bucket", region: "us-east-1", integrity: "md5" },
    {
      provider: "s3",
      bucket: "my-bucket",
      endpoint: "http://127.0.0.1:9000",
      accessKeyId: "a",
      secretAccessKey: "b",
      partSizeBytes: 8388608,
      concurrency: 4,
    },
    { provider: "gcs", bucket: "g-bucket" },
    { provider: "azure", bucket: "container-1", accountName: "acct", accountKey: "k" },
    { provider: "azure", bucket: "container-1", connectionString: "x" },
    { provider: "oss", bucket: "oss-bucket", region: "cn-hangzhou", authorizationV4: true },
    { provider: "local", root: "/tmp/x", createRoot: true },
  ])("valid: %j", (c) => {
    expect(storageConfigProblems(c)).toEqual([]);
    expect(validateStorageConfig(c)).toBe(c);
  });

  test("reports every problem at once, with paths, and never echoes a value", () => {
    const secret = "super-secret-value-123";
    const problems = storageConfigProblems({
      provider: "s3",
      bucket: "UPPER_case!",
      secretAccessKey: secret,
      partSizeBytes: 5,
      concurrency: 0,
      bogus: 1,
    });
    expect(problems.join("\n")).toMatch(/bucket/);
    expect(problems.join("\n")).toMatch(/partSizeBytes/);
    expect(problems.join("\n")).toMatch(/concurrency/);
    expect(problems.join("\n")).toMatch(/unknown property "bogus"/);
    expect(problems.join("\n")).toMatch(/accessKeyId/);
    expect(problems.join("\n")).not.toContain(secret);
    expect(problems.length).toBeGreaterThanOrEqual(5);
    let err: StorageError | undefined;
    try {
      validateStorageConfig({ provider: "s3", bucket: "UPPER", secretAccessKey: secret });
    } catch (e) {
      err = e as StorageError;
    }
    expect(err).toBeInstanceOf(StorageError);
    expect(err?.code).toBe("InvalidConfig");
    expect(`${err?.message}${inspect(err)}${JSON.stringify(err)}`).not.toContain(secret);
  });

  test.each([
    { provider: "ftp", bucket: "b" },
    { bucket: "b" },
    { provider: "local" },
    { provider: "oss", bucket: "o", partSizeBytes: 1000 },
  ])("invalid: %j", (c) => {
    expect(storageConfigProblems(c).length).toBeGreaterThan(0);
    expect(() => validateStorageConfig(c)).toThrow(StorageError);
  });
});

describe("createObjectStore", () => {
  test("one implementation per provider, URLs in each cloud's form, no network at construction", () => {
    const s3 = createObjectStore({ provider: "s3", bucket: "b", accessKeyId: "a", secretAccessKey: "s" });
    expect(s3).toBeInstanceOf(S3Store);
    expect(s3.objectUrl("k/f.parquet")).toBe("s3://b/k/f.parquet");
    const gcs = createObjectStore({ provider: "gcs", bucket: "g", accessKeyId: "a", secretAccessKey: "s" });
    expect([gcs.provider, gcs.objectUrl("k")]).toEqual(["gcs", "gs://g/k"]);
    const az = createObjectStore({
      provider: "azure",
      bucket: "c",
      accountName: "acct",
      accountKey: Buffer.from("k").toString("base64"),
    });
    expect(az).toBeInstanceOf(AzureStore);
    expect(az.objectUrl("d/f.json")).toBe("https://acct.blob.core.windows.net/c/d/f.json");
    const oss = createObjectStore({ provider: "oss", bucket: "o", accessKeyId: "a", accessKeySecret: "s" });
    expect(oss).toBeInstanceOf(OssStore);
    expect(oss.objectUrl("k")).toBe("oss://o/k");
    const local = createObjectStore({ provider: "local", root: "/tmp/pmi-root" });
    expect(local).toBeInstanceOf(LocalStore);
    expect(local.objectUrl("k")).toBe("file:///tmp/pmi-root/k");
  });

  test("an unknown provider is an InvalidConfig StorageError", () => {
    expect(() => createObjectStore({ provider: "ftp", bucket: "b" } as never)).toThrow(
      /unknown storage provider "ftp"/,
    );
  });

  test("the stores hold no SDK at module level (dynamic providers serialize closures)", () => {
    const fs = require("node:fs") as typeof import("node:fs");
    const path = require("node:path") as typeof import("node:path");
    const dir = path.join(__dirname, "../../../provider/storage");
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".ts"))) {
      const src = fs.readFileSync(path.join(dir, f), "utf8");
      const topImports = src
        .split("\n")
        .filter((l) => /^import /.test(l) && /@aws-sdk|@azure|ali-oss|ajv/.test(l));
      for (const l of topImports) expect(`${f}: ${l}`).toMatch(/^[^:]+: import type /);
    }
  });
});
