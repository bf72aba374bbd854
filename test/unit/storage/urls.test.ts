import { StorageError } from "../../../provider/storage/errors";
import { objectUrlFor, parseObjectUrl } from "../../../provider/storage/urls";

describe("objectUrlFor", () => {
  test.each([
    [{ provider: "s3", bucket: "b", key: "d/f.parquet" }, "s3://b/d/f.parquet"],
    [
      { provider: "s3", bucket: "b", key: "d/", style: "https", region: "eu-west-1" },
      "https://b.s3.eu-west-1.amazonaws.com/d/",
    ],
    [
      { provider: "s3", bucket: "b", key: "a b/ü.json", style: "https", endpoint: "http://127.0.0.1:9000/" },
      "http://127.0.0.1:9000/b/a%20b/%C3%BC.json",
    ],
    [{ provider: "gcs", bucket: "g", key: "x/y.npy" }, "gs://g/x/y.npy"],
    [{ provider: "gcs", bucket: "g", key: "x/", style: "https" }, "https://storage.cloud.google.com/g/x/"],
    [
      { provider: "azure", bucket: "c", key: "f.json", account: "acct" },
      "https://acct.blob.core.windows.net/c/f.json",
    ],
    [
      { provider: "azure", bucket: "c", key: "dir/", endpoint: "http://127.0.0.1:10000/devstoreaccount1" },
      "http://127.0.0.1:10000/devstoreaccount1/c/dir/",
    ],
    [{ provider: "oss", bucket: "o", key: "k" }, "oss://o/k"],
    [
      { provider: "oss", bucket: "o", key: "k", style: "https", region: "cn-shanghai" },
      "https://o.oss-cn-shanghai.aliyuncs.com/k",
    ],
    [
      { provider: "oss", bucket: "o", key: "k", style: "https", region: "oss-cn-beijing" },
      "https://o.oss-cn-beijing.aliyuncs.com/k",
    ],
    [{ provider: "local", bucket: "/data/root", key: "a/b c.parquet" }, "file:///data/root/a/b%20c.parquet"],
    [{ provider: "local", bucket: "/data/root", key: "a/" }, "file:///data/root/a/"],
  ] as const)("%j -> %s", (input, url) => {
    expect(objectUrlFor(input)).toBe(url);
  });

  test("an Azure URL without endpoint or account is a clear error", () => {
    expect(() => objectUrlFor({ provider: "azure", bucket: "c", key: "k" })).toThrow(StorageError);
  });
});

describe("parseObjectUrl", () => {
  test.each([
    [
      "s3://bucket/dir/file.parquet",
      { provider: "s3", bucket: "bucket", key: "dir/file.parquet", isFolder: false },
    ],
    ["s3://bucket/dir/", { provider: "s3", bucket: "bucket", key: "dir/", isFolder: true }],
    ["s3://bucket", { provider: "s3", bucket: "bucket", key: "", isFolder: true }],
    ["gs://g/a/b.npy", { provider: "gcs", bucket: "g", key: "a/b.npy", isFolder: false }],
    ["oss://o/p/", { provider: "oss", bucket: "o", key: "p/", isFolder: true }],
    [
      "https://my.bucket.s3.us-west-2.amazonaws.com/a/b%20c.json",
      { provider: "s3", bucket: "my.bucket", key: "a/b c.json", region: "us-west-2" },
    ],
    [
      "https://s3.eu-central-1.amazonaws.com/bkt/x/",
      { provider: "s3", bucket: "bkt", key: "x/", isFolder: true, region: "eu-central-1" },
    ],
    ["https://bkt.s3.amazonaws.com/k", { provider: "s3", bucket: "bkt", key: "k", region: "us-east-1" }],
    [
      "https://bkt.s3-ap-south-1.amazonaws.com/k",
      { provider: "s3", bucket: "bkt", key: "k", region: "ap-south-1" },
    ],
    [
      "https://bkt.s3.cn-northwest-1.amazonaws.com.cn/k",
      { provider: "s3", bucket: "bkt", key: "k", region: "cn-northwest-1" },
    ],
    ["https://storage.cloud.google.com/g/a/b.parquet", { provider: "gcs", bucket: "g", key: "a/b.parquet" }],
    ["https://storage.googleapis.com/g/a/", { provider: "gcs", bucket: "g", key: "a/", isFolder: true }],
    ["https://g.storage.googleapis.com/a", { provider: "gcs", bucket: "g", key: "a" }],
    [
      "https://acct.blob.core.windows.net/cont/dir/f.json",
      {
        provider: "azure",
        bucket: "cont",
        key: "dir/f.json",
        account: "acct",
        endpoint: "https://acct.blob.core.windows.net",
      },
    ],
    [
      "https://o.oss-cn-hangzhou.aliyuncs.com/d/f",
      {
        provider: "oss",
        bucket: "o",
        key: "d/f",
        region: "oss-cn-hangzhou",
        endpoint: "https://oss-cn-hangzhou.aliyuncs.com",
      },
    ],
    [
      "https://o.oss-cn-hangzhou-internal.aliyuncs.com/d/f",
      { provider: "oss", bucket: "o", key: "d/f", endpoint: "https://oss-cn-hangzhou-internal.aliyuncs.com" },
    ],
    [
      "http://127.0.0.1:9000/minio-bucket/k/v.parquet",
      { provider: "s3", bucket: "minio-bucket", key: "k/v.parquet", endpoint: "http://127.0.0.1:9000" },
    ],
    [
      "file:///data/root/a%20b/c.json",
      { provider: "local", bucket: "/", key: "data/root/a b/c.json", isFolder: false },
    ],
    ["file:///data/root/dir/", { provider: "local", bucket: "/", key: "data/root/dir/", isFolder: true }],
  ])("%s", (url, want) => {
    expect(parseObjectUrl(url)).toMatchObject(want);
  });

  test("Azurite-style URLs (account in the path) with an azure hint", () => {
    expect(
      parseObjectUrl("http://127.0.0.1:10000/devstoreaccount1/cont/a/b.json", { provider: "azure" }),
    ).toEqual({
      provider: "azure",
      bucket: "cont",
      key: "a/b.json",
      isFolder: false,
      account: "devstoreaccount1",
      endpoint: "http://127.0.0.1:10000/devstoreaccount1",
    });
  });

  test("query strings (e.g. a SAS) are not kept in the parsed location", () => {
    const loc = parseObjectUrl("https://acct.blob.core.windows.net/c/k.json?sv=2024&sig=SECRETSIG");
    expect(JSON.stringify(loc)).not.toContain("SECRETSIG");
    expect(loc.key).toBe("k.json");
  });

  test.each(["not a url", "ftp://host/b/k", "s3:///key-without-bucket", "https://storage.googleapis.com/"])(
    "rejects %s with a StorageError",
    (url) => {
      expect(() => parseObjectUrl(url)).toThrow(StorageError);
    },
  );

  test("every URL we build parses back to the same bucket and key", () => {
    const cases = [
      { provider: "s3", bucket: "b", key: "x/y z.parquet" },
      { provider: "gcs", bucket: "g", key: "x/" },
      { provider: "oss", bucket: "o", key: "é/k.json" },
    ] as const;
    for (const c of cases) {
      for (const style of ["uri", "https"] as const) {
        const back = parseObjectUrl(
          objectUrlFor({ ...c, style, region: c.provider === "oss" ? "cn-hangzhou" : "us-east-1" }),
        );
        expect([back.provider, back.bucket, back.key]).toEqual([c.provider, c.bucket, c.key]);
      }
    }
    const az = parseObjectUrl(
      objectUrlFor({ provider: "azure", bucket: "c", key: "d/e f", account: "acct" }),
    );
    expect([az.provider, az.account, az.bucket, az.key]).toEqual(["azure", "acct", "c", "d/e f"]);
  });
});
