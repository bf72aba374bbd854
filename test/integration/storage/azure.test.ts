/**
 * AzureStore against a real Azurite (started by globalSetup): the shared contract with each way
 * of authenticating (connection string, account name + key, SAS token, environment variables),
 * and the failure modes (wrong key, missing container, unreachable endpoint).
 */
import { createHash, randomBytes } from "node:crypto";
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  BlobServiceClient,
  generateAccountSASQueryParameters,
  StorageSharedKeyCredential,
} from "@azure/storage-blob";
import { AzureStore } from "../../../provider/storage/azure";
import type { AzureStorageConfig } from "../../../provider/storage/config";
import { azuriteEnv } from "../../helpers/env";
import { freePort } from "../../helpers/ports";
import { describeStoreContract, expectCleanError, tempFile } from "./contract";

// Real servers shared with other suites: keep slow machines from failing on time, not behaviour.
jest.setTimeout(30_000);

const a = azuriteEnv();
const PART = 256 * 1024;
const svc = BlobServiceClient.fromConnectionString(a.connectionString);
const CONTAINERS = ["pmi-az-cs", "pmi-az-key", "pmi-az-sas", "pmi-az-env", "pmi-az-err"];

beforeAll(async () => {
  for (const c of CONTAINERS) await svc.getContainerClient(c).createIfNotExists();
});

const sas = () =>
  generateAccountSASQueryParameters(
    {
      expiresOn: new Date(Date.now() + 3600_000),
      permissions: AccountSASPermissions.parse("rwdlac"),
      resourceTypes: AccountSASResourceTypes.parse("sco").toString(),
      services: AccountSASServices.parse("b").toString(),
    },
    new StorageSharedKeyCredential(a.account, a.accountKey),
  ).toString();

const etagState = (container: string) => async (key: string) =>
  String((await svc.getContainerClient(container).getBlockBlobClient(key).getProperties()).etag);

const tuning = { partSizeBytes: PART, concurrency: 4, timeoutMs: 10_000 };
const cfg = (bucket: string, auth: Partial<AzureStorageConfig>): AzureStorageConfig => ({
  provider: "azure",
  bucket,
  ...tuning,
  ...auth,
});

describeStoreContract("azure (connection string)", () => ({
  store: () => new AzureStore(cfg("pmi-az-cs", { connectionString: a.connectionString })),
  partSize: PART,
  serverState: etagState("pmi-az-cs"),
}));
describeStoreContract("azure (account name + key)", () => ({
  store: () =>
    new AzureStore(
      cfg("pmi-az-key", { accountName: a.account, accountKey: a.accountKey, endpoint: a.blobEndpoint }),
    ),
  partSize: PART,
  serverState: etagState("pmi-az-key"),
}));
describeStoreContract("azure (SAS token)", () => ({
  store: () => new AzureStore(cfg("pmi-az-sas", { sasToken: sas(), endpoint: a.blobEndpoint })),
  partSize: PART,
  serverState: etagState("pmi-az-sas"),
}));

describe("azure: details", () => {
  test("large blobs are staged as blocks with service-checked MD5s; small ones carry Content-MD5", async () => {
    const store = new AzureStore(
      cfg("pmi-az-key", { accountName: a.account, accountKey: a.accountKey, endpoint: a.blobEndpoint }),
    );
    await store.putFile("blocks/b.bin", tempFile(randomBytes(PART * 3 + 5)));
    const blob = svc.getContainerClient("pmi-az-key").getBlockBlobClient("blocks/b.bin");
    const list = await blob.getBlockList("committed");
    expect(list.committedBlocks?.length).toBe(4);
    await store.putStream("blocks/s.bin", Buffer.from("small"), 5);
    const props = await svc
      .getContainerClient("pmi-az-key")
      .getBlockBlobClient("blocks/s.bin")
      .getProperties();
    expect(Buffer.from(props.contentMD5!).toString("hex")).toBe(
      createHash("md5").update("small").digest("hex"),
    );
  });

  test("object URLs name the account endpoint and container, never the SAS", () => {
    const token = sas();
    const store = new AzureStore(cfg("pmi-az-sas", { sasToken: token, endpoint: a.blobEndpoint }));
    expect(store.objectUrl("dir/f.parquet")).toBe(`${a.blobEndpoint}/pmi-az-sas/dir/f.parquet`);
    expect(store.objectUrl("dir/f.parquet")).not.toContain("sig=");
  });

  test("AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_ACCOUNT + AZURE_STORAGE_KEY are read from the environment", async () => {
    const saved = { ...process.env };
    try {
      process.env.AZURE_STORAGE_CONNECTION_STRING = a.connectionString;
      const viaCs = new AzureStore({ provider: "azure", bucket: "pmi-az-env" });
      expect((await viaCs.putStream("env/1", Buffer.from("one"), 3)).skipped).toBe(false);
      delete process.env.AZURE_STORAGE_CONNECTION_STRING;
      process.env.AZURE_STORAGE_ACCOUNT = a.account;
      process.env.AZURE_STORAGE_KEY = a.accountKey;
      const viaKey = new AzureStore({ provider: "azure", bucket: "pmi-az-env", endpoint: a.blobEndpoint });
      expect((await viaKey.getBuffer("env/1")).toString()).toBe("one");
      delete process.env.AZURE_STORAGE_KEY;
      expect(() => new AzureStore({ provider: "azure", bucket: "pmi-az-env" })).toThrow(
        /AZURE_STORAGE_CONNECTION_STRING/,
      );
    } finally {
      process.env = saved;
    }
  });

  test("wrong account key: InvalidCredentials, key never printed", async () => {
    const wrongKey = Buffer.from(`wrong-key-${randomBytes(16).toString("hex")}`).toString("base64");
    const t0 = Date.now();
    const err = await new AzureStore(
      cfg("pmi-az-err", { accountName: a.account, accountKey: wrongKey, endpoint: a.blobEndpoint }),
    )
      .putStream("auth/x.bin", Buffer.from("x"), 1)
      .catch((e) => e);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expectCleanError(err, {
      provider: "azure",
      bucket: "pmi-az-err",
      key: "auth/x.bin",
      code: ["InvalidCredentials"],
      secrets: [wrongKey, a.accountKey],
    });
  });

  test("a SAS with a forged signature: InvalidCredentials, signature never printed", async () => {
    const forged = sas().replace(
      /sig=[^&]+/,
      `sig=${encodeURIComponent(randomBytes(32).toString("base64"))}`,
    );
    const sig = new URLSearchParams(forged).get("sig")!;
    const err = await new AzureStore(cfg("pmi-az-err", { sasToken: forged, endpoint: a.blobEndpoint }))
      .putStream("auth/y.bin", Buffer.from("y"), 1)
      .catch((e) => e);
    expectCleanError(err, {
      provider: "azure",
      bucket: "pmi-az-err",
      key: "auth/y.bin",
      code: ["InvalidCredentials", "AccessDenied"],
      secrets: [sig, encodeURIComponent(sig), a.accountKey],
    });
  });

  test("missing container: NoSuchBucket", async () => {
    const err = await new AzureStore(cfg("pmi-az-missing", { connectionString: a.connectionString }))
      .putStream("k/z.bin", Buffer.from("z"), 1)
      .catch((e) => e);
    expectCleanError(err, {
      provider: "azure",
      bucket: "pmi-az-missing",
      key: "k/z.bin",
      code: ["NoSuchBucket"],
      secrets: [a.accountKey],
    });
  });

  test("unreachable endpoint (closed loopback port): Unreachable within a bounded time", async () => {
    const port = await freePort();
    const t0 = Date.now();
    const err = await new AzureStore(
      cfg("pmi-az-err", {
        accountName: a.account,
        accountKey: a.accountKey,
        endpoint: `http://127.0.0.1:${port}/${a.account}`,
        maxAttempts: 2,
      }),
    )
      .putStream("k/u.bin", Buffer.from("u"), 1)
      .catch((e) => e);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expectCleanError(err, {
      provider: "azure",
      bucket: "pmi-az-err",
      key: "k/u.bin",
      code: ["Unreachable"],
      secrets: [a.accountKey],
    });
  });
});
