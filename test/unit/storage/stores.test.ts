/** Storage backends: one descriptor per provider, and what each owns (URLs, credentials, CLI settings). */

import fs from "node:fs";
import path from "node:path";
import { argsJsonSchema } from "../../../provider/resources/shapes/argsSchema";
import { IMPORT_JOB } from "../../../provider/resources/shapes/table";
import type { StorageConfig, StorageProvider } from "../../../provider/storage/config";
import {
  MissingStorageCredentials,
  readerConfigFor,
  STORAGE_PROVIDERS,
  STORES,
  storeDescriptor,
} from "../../../provider/storage/stores";
import { objectUrlFor, parseObjectUrl } from "../../../provider/storage/urls";

const schema = (name: string) =>
  JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../schemas", name), "utf8"));

const CONFIGS: { [P in StorageProvider]: Extract<StorageConfig, { provider: P }> } = {
  s3: { provider: "s3", bucket: "b", accessKeyId: "AK", secretAccessKey: "SK", sessionToken: "ST" },
  gcs: { provider: "gcs", bucket: "g", accessKeyId: "GK", secretAccessKey: "GS" },
  azure: { provider: "azure", bucket: "c", accountName: "acct", accountKey: "AZK", sasToken: "sv=1" },
  oss: { provider: "oss", bucket: "o", accessKeyId: "OK", accessKeySecret: "OS", securityToken: "OT" },
  local: { provider: "local", root: "/tmp/pmi-stores-test" },
};

test("each descriptor is registered under its own provider and builds that store", () => {
  expect(STORAGE_PROVIDERS).toEqual(expect.arrayContaining(["s3", "gcs", "azure", "oss", "local"]));
  for (const p of STORAGE_PROVIDERS) {
    expect(STORES[p].provider).toBe(p);
    expect(storeDescriptor(p).create(CONFIGS[p]).provider).toBe(p);
  }
});

test("storage-config.json lists exactly the registered providers, and the other schemas refer to it", () => {
  expect(schema("storage-config.json").properties.provider.enum).toEqual(STORAGE_PROVIDERS);
  const ref = { $ref: "storage-config.json#/properties/provider" };
  expect((argsJsonSchema(IMPORT_JOB).properties as any).storage.properties.provider).toEqual(ref);
  expect(schema("cli-config.json").properties.storage.properties.provider).toEqual(ref);
});

test("every provider's object URL parses back to its provider, bucket and key", () => {
  for (const p of STORAGE_PROVIDERS) {
    const bucket = p === "local" ? "/tmp/root" : "bkt";
    const url = objectUrlFor({ provider: p, bucket, key: "dir/file 1.parquet", account: "acct" });
    const loc = parseObjectUrl(url, { provider: p });
    expect(loc.provider).toBe(p);
    if (p === "local") expect(`/${loc.key}`).toBe("/tmp/root/dir/file 1.parquet");
    else expect([loc.bucket, loc.key]).toEqual([bucket, "dir/file 1.parquet"]);
  }
});

test("what identifies a store's place names no secret", () => {
  const secrets = ["AK", "SK", "ST", "GK", "GS", "AZK", "sv=1", "OK", "OS", "OT"];
  for (const p of STORAGE_PROVIDERS) {
    const key = storeDescriptor(p).locationKey(CONFIGS[p]);
    expect(key.length).toBeGreaterThan(0);
    for (const s of secrets) expect(key).not.toContain(s);
  }
  expect(storeDescriptor("azure").locationKey(CONFIGS.azure)).toEqual(["acct", "c", ""]);
});

test("the credentials an import request carries, per provider", () => {
  const sent = Object.fromEntries(
    (["s3", "gcs", "azure", "oss", "local"] as const).map((p) => [
      p,
      storeDescriptor(p).requestCredentials(CONFIGS[p]),
    ]),
  );
  expect(sent).toEqual({
    s3: { accessKey: "AK", secretKey: "SK", token: "ST" },
    gcs: { accessKey: "GK", secretKey: "GS", token: undefined },
    azure: { accessKey: "acct", secretKey: "AZK", token: "sv=1" },
    oss: { accessKey: "OK", secretKey: "OS", token: "OT" },
    local: undefined,
  });
  expect(storeDescriptor("s3").requestCredentials({ provider: "s3", bucket: "b" })).toBeUndefined();
});

test("a server reading with a request's credentials (S3 and GCS take the pair; the token only on S3)", () => {
  const creds = { accessKey: "rk", secretKey: "rs", token: "rt" };
  expect(storeDescriptor("s3").withRequestCredentials({ provider: "s3", bucket: "b" }, creds)).toEqual({
    provider: "s3",
    bucket: "b",
    accessKeyId: "rk",
    secretAccessKey: "rs",
    sessionToken: "rt",
  });
  expect(storeDescriptor("gcs").withRequestCredentials({ provider: "gcs", bucket: "g" }, creds)).toEqual({
    provider: "gcs",
    bucket: "g",
    accessKeyId: "rk",
    secretAccessKey: "rs",
  });
  expect(storeDescriptor("oss").withRequestCredentials(CONFIGS.oss, creds)).toBe(CONFIGS.oss);
});

test("stack config fills credentials only where the config names none", () => {
  const stack = { accessKey: "sa", secretKey: "ss", sessionToken: "st", connectionString: undefined };
  const fill = (c: StorageConfig) => storeDescriptor(c.provider).withStackCredentials(c, stack);
  expect(fill({ provider: "s3", bucket: "b" })).toEqual({
    provider: "s3",
    bucket: "b",
    accessKeyId: "sa",
    secretAccessKey: "ss",
    sessionToken: "st",
  });
  expect(fill({ provider: "gcs", bucket: "g" })).toEqual({
    provider: "gcs",
    bucket: "g",
    accessKeyId: "sa",
    secretAccessKey: "ss",
  });
  expect(fill({ provider: "oss", bucket: "o" })).toMatchObject({
    accessKeyId: "sa",
    accessKeySecret: "ss",
    securityToken: "st",
  });
  expect(fill({ provider: "azure", bucket: "c" })).toEqual({
    provider: "azure",
    bucket: "c",
    accountName: "sa",
    accountKey: "ss",
  });
  expect(fill(CONFIGS.s3)).toBe(CONFIGS.s3);
  expect(fill(CONFIGS.azure)).toBe(CONFIGS.azure);
  expect(fill(CONFIGS.local)).toBe(CONFIGS.local);
  const azureCs = storeDescriptor("azure").withStackCredentials(
    { provider: "azure", bucket: "c" },
    { connectionString: "AccountName=a;AccountKey=k" },
  );
  expect(azureCs).toEqual({ provider: "azure", bucket: "c", connectionString: "AccountName=a;AccountKey=k" });
});

test("credentials for a service reading the staged files come from each cloud's variables, or name them", () => {
  const fromEnv = (p: StorageProvider, env: Record<string, string>) =>
    storeDescriptor(p).serviceCredentialsFromEnv(env, CONFIGS[p]);
  expect(fromEnv("s3", { AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "s" })).toEqual({
    accessKeyId: "a",
    secretAccessKey: "s",
    sessionToken: undefined,
  });
  expect(fromEnv("gcs", { GOOGLE_HMAC_ACCESS_KEY_ID: "g", GOOGLE_HMAC_SECRET: "h" })).toEqual({
    accessKeyId: "g",
    secretAccessKey: "h",
  });
  expect(
    fromEnv("azure", { AZURE_STORAGE_CONNECTION_STRING: "AccountName=x;AccountKey=y;EndpointSuffix=z" }),
  ).toEqual({ accountName: "acct", accountKey: "y", sasToken: undefined });
  expect(fromEnv("local", {})).toEqual({});
  for (const p of ["s3", "gcs", "azure", "oss"] as const) {
    const err = (() => {
      try {
        storeDescriptor(p).serviceCredentialsFromEnv({}, { provider: p, bucket: "b" } as never);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(MissingStorageCredentials);
    expect((err as MissingStorageCredentials).variables).toMatch(/[A-Z_]{6,}/);
  }
});

test("prepared objects are read with the staging config pointed at their bucket; file:// from the root", () => {
  const staging = { ...CONFIGS.s3, remotePath: "x" };
  expect(readerConfigFor(parseObjectUrl("s3://other/k"), staging)).toEqual({ ...staging, bucket: "other" });
  expect(readerConfigFor(parseObjectUrl("file:///data/a.parquet"), staging)).toEqual({
    provider: "local",
    root: "/",
  });
});

test("secret environment variables are declared by the stores that read them", () => {
  const all = STORAGE_PROVIDERS.flatMap((p) => STORES[p].secretEnv);
  expect(all).toEqual(
    expect.arrayContaining(["AWS_SECRET_ACCESS_KEY", "GOOGLE_HMAC_SECRET", "AZURE_STORAGE_KEY"]),
  );
  expect(all).toEqual(expect.arrayContaining(["OSS_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"]));
  expect(
    STORES.azure.embeddedSecrets?.({ AZURE_STORAGE_CONNECTION_STRING: "AccountName=a;AccountKey=k1==;X=y" }),
  ).toEqual(["k1=="]);
});
