/**
 * ImportJob diff on its storage: a change of where the staged files live is a replace (the files are
 * elsewhere, the identity's prefix with them), a change of credentials alone is an update.
 */
import { diff, type ImportJobOutputs } from "../../../provider/resources/importJobProvider";

const job = (storage: Record<string, unknown>) =>
  ({
    dataHash: "d",
    identity: "i",
    status: "Completed",
    wait: {},
    onDelete: "delete",
    collection: { name: "docs", connection: { uri: "http://127.0.0.1:19530" } },
    storage,
  }) as unknown as ImportJobOutputs;

const replaces = async (olds: Record<string, unknown>, news: Record<string, unknown>) =>
  (await diff("i", job(olds), job(news))).replaces;

test.each([
  ["s3 bucket", { provider: "s3", bucket: "a" }, { provider: "s3", bucket: "b" }],
  [
    "s3 endpoint",
    { provider: "s3", bucket: "a" },
    { provider: "s3", bucket: "a", endpoint: "http://m:9000" },
  ],
  ["gcs bucket", { provider: "gcs", bucket: "a" }, { provider: "gcs", bucket: "b" }],
  ["oss bucket", { provider: "oss", bucket: "a" }, { provider: "oss", bucket: "b" }],
  [
    "azure container",
    { provider: "azure", bucket: "c", accountName: "x" },
    { provider: "azure", bucket: "d", accountName: "x" },
  ],
  [
    "azure account",
    { provider: "azure", bucket: "c", accountName: "x" },
    { provider: "azure", bucket: "c", accountName: "y" },
  ],
  [
    "azure account of a connection string",
    { provider: "azure", bucket: "c", connectionString: "AccountName=x;AccountKey=k" },
    { provider: "azure", bucket: "c", connectionString: "AccountName=y;AccountKey=k" },
  ],
  ["local root", { provider: "local", root: "/a" }, { provider: "local", root: "/b" }],
  ["provider", { provider: "s3", bucket: "a" }, { provider: "gcs", bucket: "a" }],
  ["remotePath", { provider: "s3", bucket: "a" }, { provider: "s3", bucket: "a", remotePath: "other" }],
])("%s: replace", async (_what, olds, news) => {
  expect(await replaces(olds, news)).toEqual(["storage"]);
});

test.each([
  [
    "s3 keys",
    { provider: "s3", bucket: "a", accessKeyId: "A1", secretAccessKey: "S1" },
    { provider: "s3", bucket: "a", accessKeyId: "A2", secretAccessKey: "S2" },
  ],
  [
    "azure key for the same account",
    { provider: "azure", bucket: "c", accountName: "x", accountKey: "k1" },
    { provider: "azure", bucket: "c", connectionString: "AccountName=x;AccountKey=k2" },
  ],
  [
    "azure SAS token",
    { provider: "azure", bucket: "c", accountName: "x" },
    { provider: "azure", bucket: "c", accountName: "x", sasToken: "sv=1" },
  ],
  ["tuning", { provider: "s3", bucket: "a" }, { provider: "s3", bucket: "a", partSizeBytes: 8388608 }],
])("%s: update in place", async (_what, olds, news) => {
  const d = await diff("i", job(olds), job(news));
  expect(d.replaces).toEqual([]);
  expect(d.changes).toBe(true);
});
