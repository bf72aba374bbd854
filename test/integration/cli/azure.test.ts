/**
 * `milvus-import upload` to Azure Blob (Azurite): credentials only from AZURE_STORAGE_CONNECTION_STRING,
 * https-style object URLs for the container, and the account key never printed.
 */
import { BlobServiceClient } from "@azure/storage-blob";
import { azuriteEnv } from "../../helpers/env";
import { assertBuilt, fixtureDir, json, milvusImport } from "./helpers";

jest.setTimeout(120_000);

const a = azuriteEnv();
const CONTAINER = "pmi-cli-upload";

beforeAll(async () => {
  assertBuilt();
  await BlobServiceClient.fromConnectionString(a.connectionString)
    .getContainerClient(CONTAINER)
    .createIfNotExists();
});

test("uploads a written folder with the connection string from the environment", async () => {
  const dir = fixtureDir();
  const env = { AZURE_STORAGE_CONNECTION_STRING: a.connectionString };
  const w = json(
    await milvusImport(
      ["write", "good.csv", "-c", "milvus-import.json", "--format", "json", "--out", "out", "--json"],
      { cwd: dir },
    ),
  );
  const r = await milvusImport(
    [
      "upload",
      w.dir,
      "--storage-provider",
      "azure",
      "--bucket",
      CONTAINER,
      "--storage-endpoint",
      a.blobEndpoint,
      "--json",
    ],
    { cwd: dir, env },
  );
  expect(r.code).toBe(0);
  const doc = json(r);
  expect(doc).toMatchObject({ ok: true, provider: "azure", bucket: CONTAINER, uploaded: 1, skipped: 0 });
  expect(doc.objectUrls).toHaveLength(1);
  expect(doc.objectUrls[0]).toMatch(new RegExp(`/${CONTAINER}/milvus-import/${w.identity}/data/1\\.json$`));
  const blobs: string[] = [];
  for await (const b of BlobServiceClient.fromConnectionString(a.connectionString)
    .getContainerClient(CONTAINER)
    .listBlobsFlat({ prefix: `milvus-import/${w.identity}/` })) {
    blobs.push(b.name);
  }
  expect(blobs.sort()).toEqual([
    `milvus-import/${w.identity}/_manifest.json`,
    `milvus-import/${w.identity}/data/1.json`,
  ]);
  expect(r.stdout + r.stderr).not.toContain(a.accountKey);

  const missing = await milvusImport(
    [
      "upload",
      w.dir,
      "--storage-provider",
      "azure",
      "--bucket",
      CONTAINER,
      "--storage-endpoint",
      a.blobEndpoint,
      "--json",
    ],
    { cwd: dir },
  );
  expect(missing.code).toBe(2);
  expect(json(missing).error.message).toMatch(/AZURE_STORAGE_CONNECTION_STRING/);
});
