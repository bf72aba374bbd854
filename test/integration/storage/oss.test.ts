/**
 * OssStore against the in-repo OSS test server over real HTTP (ali-oss does the signing), with
 * both signature versions, plus the failure modes: wrong secret / key id, missing bucket,
 * unreachable endpoint, a failed part (multipart must be aborted), and a CRC-64 mismatch.
 */
import { randomBytes } from "node:crypto";
import { forEachLimit } from "../../../provider/storage/base";
import { OssStore } from "../../../provider/storage/oss";
import { type OssServer, startOssServer } from "../../helpers/oss-server";
import { freePort } from "../../helpers/ports";
import { describeStoreContract, expectCleanError, tempFile } from "./contract";

// Real servers shared with other suites: keep slow machines from failing on time, not behaviour.
jest.setTimeout(30_000);

const AK = "LTAI-pmi-test-id";
const SECRET = `oss-secret-${randomBytes(8).toString("hex")}`;
const PART = 100 * 1024;
let server: OssServer;

beforeAll(async () => {
  server = await startOssServer({
    accessKeyId: AK,
    accessKeySecret: SECRET,
    buckets: ["pmi-v1", "pmi-v4", "pmi-err"],
  });
});
afterAll(() => server.stop());

const store = (bucket: string, extra: Partial<ConstructorParameters<typeof OssStore>[0]> = {}) =>
  new OssStore({
    provider: "oss",
    bucket,
    endpoint: server.endpoint,
    region: "oss-cn-hangzhou",
    accessKeyId: AK,
    accessKeySecret: SECRET,
    partSizeBytes: PART,
    concurrency: 3,
    timeoutMs: 10_000,
    ...extra,
  });

const ossState = (bucket: string) => async (key: string) => {
  const o = server.object(bucket, key);
  const writes = server.requests.filter(
    (r) => r.bucket === bucket && r.key === key && (r.method === "PUT" || r.method === "POST"),
  ).length;
  return `${o?.lastModified.getTime()}:${o?.etag}:${writes}`;
};

describeStoreContract("oss (signature V1)", () => ({
  store: () => store("pmi-v1"),
  partSize: PART,
  serverState: ossState("pmi-v1"),
}));
describeStoreContract("oss (signature V4)", () => ({
  store: () => store("pmi-v4", { authorizationV4: true }),
  partSize: PART,
  serverState: ossState("pmi-v4"),
}));

describe("oss: server-verified signatures and failures", () => {
  test("both signature versions were really used and accepted", () => {
    const ok = server.requests.filter((r) => r.status < 300);
    expect(ok.some((r) => r.bucket === "pmi-v1" && r.auth === "V1")).toBe(true);
    expect(ok.some((r) => r.bucket === "pmi-v4" && r.auth === "V4")).toBe(true);
  });

  test("multipart uploads send one request per part, each with a verified Content-MD5", async () => {
    const before = server.requests.length;
    const file = tempFile(randomBytes(PART * 3 + 7));
    await store("pmi-err").putFile("parts/p.bin", file);
    const parts = server.requests.slice(before).filter((r) => r.method === "PUT" && r.query.partNumber);
    expect(parts.map((p) => Number(p.query.partNumber)).sort()).toEqual([1, 2, 3, 4]);
    expect(parts.every((p) => p.status === 200 && p.contentMd5)).toBe(true);
  });

  test.each([
    [
      "wrong secret",
      { accessKeySecret: "definitely-wrong-secret" },
      ["InvalidCredentials"],
      "definitely-wrong-secret",
    ],
    ["unknown key id", { accessKeyId: "LTAI-unknown-id" }, ["InvalidCredentials"], "LTAI-unknown-id"],
  ])("%s: clear InvalidCredentials error, no secret in it", async (_n, creds, code, secret) => {
    for (const v4 of [false, true]) {
      const t0 = Date.now();
      const err = await store("pmi-err", { ...creds, authorizationV4: v4 })
        .putStream("auth/k.bin", Buffer.from("hello"), 5)
        .catch((e) => e);
      expect(Date.now() - t0).toBeLessThan(10_000);
      expectCleanError(err, {
        provider: "oss",
        bucket: "pmi-err",
        key: "auth/k.bin",
        code,
        secrets: [secret, SECRET],
      });
    }
  });

  test("missing bucket: NoSuchBucket naming the bucket", async () => {
    const err = await store("no-such-bucket")
      .putStream("k/x.bin", Buffer.from("abc"), 3)
      .catch((e) => e);
    expectCleanError(err, {
      provider: "oss",
      bucket: "no-such-bucket",
      key: "k/x.bin",
      code: ["NoSuchBucket"],
      secrets: [SECRET],
    });
  });

  test("unreachable endpoint: Unreachable within a bounded time", async () => {
    const port = await freePort();
    const t0 = Date.now();
    const err = await store("pmi-err", { endpoint: `http://127.0.0.1:${port}`, maxAttempts: 2 })
      .putStream("k/y.bin", Buffer.from("abc"), 3)
      .catch((e) => e);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expectCleanError(err, {
      provider: "oss",
      bucket: "pmi-err",
      key: "k/y.bin",
      code: ["Unreachable"],
      secrets: [SECRET],
    });
  });

  test("a failing part aborts the multipart upload (no orphaned parts)", async () => {
    server.setFault((r) =>
      r.method === "PUT" && r.query.partNumber === "2" ? { status: 500, code: "InternalError" } : undefined,
    );
    try {
      const file = tempFile(randomBytes(PART * 3 + 1));
      const err = await store("pmi-err")
        .putFile("fail/f.bin", file)
        .catch((e) => e);
      expect(err.name).toBe("StorageError");
      expect(err.message).toContain("fail/f.bin");
      expect(server.pendingUploads("pmi-err")).toEqual([]);
      expect(server.object("pmi-err", "fail/f.bin")).toBeUndefined();
    } finally {
      server.setFault(undefined);
    }
  });

  test("a CRC-64 that differs from ours is an IntegrityMismatch", async () => {
    server.setCrc64Override("12345");
    try {
      const err = await store("pmi-err")
        .putStream("crc/c.bin", randomBytes(1000), 1000)
        .catch((e) => e);
      expect(err.code).toBe("IntegrityMismatch");
      expect(err.message).toContain("CRC-64");
    } finally {
      server.setCrc64Override(undefined);
    }
  });

  test("STS security token is sent and checked", async () => {
    const sts = await startOssServer({
      accessKeyId: AK,
      accessKeySecret: SECRET,
      buckets: ["pmi-sts"],
      securityToken: "sts-token-123456",
    });
    try {
      const mk = (securityToken?: string) =>
        new OssStore({
          provider: "oss",
          bucket: "pmi-sts",
          endpoint: sts.endpoint,
          accessKeyId: AK,
          accessKeySecret: SECRET,
          securityToken,
        });
      expect((await mk("sts-token-123456").putStream("a", Buffer.from("x"), 1)).skipped).toBe(false);
      const err = await mk("sts-token-wrong")
        .putStream("b", Buffer.from("y"), 1)
        .catch((e) => e);
      expectCleanError(err, {
        provider: "oss",
        bucket: "pmi-sts",
        key: "b",
        code: ["InvalidCredentials", "AccessDenied"],
        secrets: ["sts-token-wrong", SECRET],
      });
    } finally {
      await sts.stop();
    }
  });
});

describe("oss: listing and deleting beyond one page", () => {
  test("list follows continuation tokens and deletePrefix batches deleteMulti by 1000", async () => {
    const s = store("pmi-err");
    const keys = Array.from({ length: 1005 }, (_, i) => `many/${String(i).padStart(4, "0")}`);
    await forEachLimit(keys, 32, async (k) => {
      await s.putStream(k, Buffer.from(k), k.length);
    });
    const listed = await s.list("many/");
    expect(listed.map((o) => o.key)).toEqual(keys);
    const before = server.requests.length;
    expect(await s.deletePrefix("many/")).toBe(1005);
    const deletes = server.requests.slice(before).filter((r) => r.method === "POST" && "delete" in r.query);
    expect(deletes.length).toBe(2);
    expect(await s.list("many/")).toEqual([]);
  });
});
