/**
 * S3Store against a real MinIO (started by globalSetup): the shared contract, SigV4 failures,
 * missing bucket, unreachable endpoint, abort cleanup of multipart uploads, env credentials, and
 * GCS mode as far as it can be exercised without GCS (path-style, gs:// URLs, no CRC32 trailers or
 * aws-chunked bodies on the wire, observed through a recording proxy in front of MinIO).
 */
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  CreateBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { forEachLimit } from "../../../provider/storage/base";
import type { S3StorageConfig } from "../../../provider/storage/config";
import { StorageError } from "../../../provider/storage/errors";
import { S3Store } from "../../../provider/storage/s3";
import { minioEnv } from "../../helpers/env";
import { freePort } from "../../helpers/ports";
import { describeStoreContract, expectCleanError, tempFile } from "./contract";

// Real servers shared with other suites: keep slow machines from failing on time, not behaviour.
jest.setTimeout(30_000);

const MiB = 1024 * 1024;
const PART = 5 * MiB; // MinIO enforces S3's 5 MiB minimum for all but the last part
const m = minioEnv();
const admin = new S3Client({
  endpoint: m.endpoint,
  region: m.region,
  forcePathStyle: true,
  credentials: { accessKeyId: m.accessKey, secretAccessKey: m.secretKey },
});
const BUCKETS = ["pmi-s3-contract", "pmi-s3-md5", "pmi-s3-err", "pmi-gcs-mode", "pmi-s3-env"];

beforeAll(async () => {
  for (const Bucket of BUCKETS) await admin.send(new CreateBucketCommand({ Bucket })).catch(() => undefined);
});
afterAll(() => admin.destroy());

const cfg = (bucket: string, extra: Partial<S3StorageConfig> = {}): S3StorageConfig => ({
  provider: "s3",
  bucket,
  endpoint: m.endpoint,
  region: m.region,
  accessKeyId: m.accessKey,
  secretAccessKey: m.secretKey,
  partSizeBytes: PART,
  concurrency: 4,
  timeoutMs: 10_000,
  ...extra,
});

const s3State = (bucket: string) => async (key: string) => {
  const h = await admin.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return `${h.LastModified?.toISOString()}:${h.ETag}`;
};

describeStoreContract("s3 (MinIO, CRC32 checksums)", () => ({
  store: () => new S3Store(cfg("pmi-s3-contract")),
  partSize: PART,
  serverState: s3State("pmi-s3-contract"),
}));
describeStoreContract("s3 (MinIO, Content-MD5 + ETag)", () => ({
  store: () => new S3Store(cfg("pmi-s3-md5", { integrity: "md5" })),
  partSize: PART,
  serverState: s3State("pmi-s3-md5"),
}));

describe("s3: listing beyond one page (1000 keys)", () => {
  test("ListObjectsV2 continuation (s3) and ListObjects markers (gcs mode) both see every key", async () => {
    const s3 = new S3Store(cfg("pmi-s3-err"));
    const keys = Array.from({ length: 1005 }, (_, i) => `page/${String(i).padStart(4, "0")}`);
    await forEachLimit(keys, 32, async (k) => {
      await s3.putStream(k, Buffer.from(k), k.length);
    });
    const gcs = new S3Store({
      provider: "gcs",
      bucket: "pmi-s3-err",
      endpoint: m.endpoint,
      region: m.region,
      accessKeyId: m.accessKey,
      secretAccessKey: m.secretKey,
    });
    expect((await s3.list("page/")).map((o) => o.key)).toEqual(keys);
    expect((await gcs.list("page/")).map((o) => o.key)).toEqual(keys);
    expect(await s3.deletePrefix("page/")).toBe(1005);
    expect(await gcs.list("page/")).toEqual([]);
  });
});

describe("s3: failures are clear, bounded and secret-free", () => {
  test("wrong secret key: InvalidCredentials naming provider, bucket and key", async () => {
    const t0 = Date.now();
    const err = await new S3Store(cfg("pmi-s3-err", { secretAccessKey: "wrong-secret-value-123" }))
      .putStream("auth/a.bin", Buffer.from("x"), 1)
      .catch((e) => e);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expectCleanError(err, {
      provider: "s3",
      bucket: "pmi-s3-err",
      key: "auth/a.bin",
      code: ["InvalidCredentials"],
      secrets: ["wrong-secret-value-123", m.secretKey],
    });
    expect(err.sdkCode).toBe("SignatureDoesNotMatch");
  });

  test("unknown access key: InvalidCredentials", async () => {
    const err = await new S3Store(cfg("pmi-s3-err", { accessKeyId: "AKIAUNKNOWNKEY12345" }))
      .putStream("auth/b.bin", Buffer.from("x"), 1)
      .catch((e) => e);
    expectCleanError(err, {
      provider: "s3",
      bucket: "pmi-s3-err",
      key: "auth/b.bin",
      code: ["InvalidCredentials"],
      secrets: ["AKIAUNKNOWNKEY12345", m.secretKey],
    });
  });

  test("missing bucket: NoSuchBucket", async () => {
    const err = await new S3Store(cfg("pmi-no-such-bucket"))
      .putStream("k/c.bin", Buffer.from("x"), 1)
      .catch((e) => e);
    expectCleanError(err, {
      provider: "s3",
      bucket: "pmi-no-such-bucket",
      key: "k/c.bin",
      code: ["NoSuchBucket"],
      secrets: [m.secretKey],
    });
    const listErr = await new S3Store(cfg("pmi-no-such-bucket")).list("k/").catch((e) => e);
    expect(listErr.code).toBe("NoSuchBucket");
  });

  test("unreachable endpoint (closed loopback port): Unreachable within a bounded time", async () => {
    const port = await freePort();
    const t0 = Date.now();
    const err = await new S3Store(cfg("pmi-s3-err", { endpoint: `http://127.0.0.1:${port}`, maxAttempts: 2 }))
      .putStream("k/d.bin", Buffer.from("x"), 1)
      .catch((e) => e);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expectCleanError(err, {
      provider: "s3",
      bucket: "pmi-s3-err",
      key: "k/d.bin",
      code: ["Unreachable"],
      secrets: [m.secretKey],
    });
  });

  test("an aborted multipart upload leaves no incomplete upload behind", async () => {
    const file = tempFile(randomBytes(PART * 4));
    const ac = new AbortController();
    const store = new S3Store(cfg("pmi-s3-err", { concurrency: 1 }));
    const err = await store
      .putFile("abort/big.bin", file, { signal: ac.signal, onProgress: (p) => p.bytesDone > 0 && ac.abort() })
      .catch((e) => e);
    expect(err.name).toBe("StorageError");
    expect(err.code).toBe("Aborted");
    expect(err.message).toContain("abort/big.bin");
    // The abort of the multipart upload may land after the rejection; give it a moment, bounded.
    let uploads: unknown[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await admin.send(new ListMultipartUploadsCommand({ Bucket: "pmi-s3-err", Prefix: "abort/" }));
      uploads = r.Uploads ?? [];
      if (uploads.length === 0) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(uploads).toEqual([]);
    expect(await store.head("abort/big.bin")).toBeUndefined();
  });
});

describe("s3: credentials from the standard AWS environment variables", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test("AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION are used when no explicit keys are given", async () => {
    process.env.AWS_ACCESS_KEY_ID = m.accessKey;
    process.env.AWS_SECRET_ACCESS_KEY = m.secretKey;
    process.env.AWS_REGION = m.region;
    const store = new S3Store({ provider: "s3", bucket: "pmi-s3-env", endpoint: m.endpoint });
    expect((await store.putStream("env/e.bin", Buffer.from("env"), 3)).skipped).toBe(false);
    expect((await store.getBuffer("env/e.bin")).toString()).toBe("env");
  });

  test("temporary credentials: a MinIO STS session token is sent and required", async () => {
    // The STS client ships inside the AWS SDK (credential providers use it); MinIO implements AssumeRole.
    const { STSClient, AssumeRoleCommand } = require("@aws-sdk/nested-clients/sts");
    const sts = new STSClient({
      endpoint: m.endpoint,
      region: m.region,
      credentials: { accessKeyId: m.accessKey, secretAccessKey: m.secretKey },
    });
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: "arn:xxx:xxx:xxx:xxxx",
        RoleSessionName: "pmi",
        DurationSeconds: 900,
      }),
    );
    sts.destroy();
    const temp = { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey };
    const withToken = new S3Store(cfg("pmi-s3-env", { ...temp, sessionToken: Credentials.SessionToken }));
    expect((await withToken.putStream("sts/t.bin", Buffer.from("temp"), 4)).skipped).toBe(false);
    const err = await new S3Store(cfg("pmi-s3-env", temp))
      .putStream("sts/u.bin", Buffer.from("x"), 1)
      .catch((e) => e);
    expectCleanError(err, {
      provider: "s3",
      bucket: "pmi-s3-env",
      key: "sts/u.bin",
      code: ["InvalidCredentials", "AccessDenied"],
      secrets: [Credentials.SecretAccessKey, Credentials.SessionToken],
    });
    process.env.AWS_ACCESS_KEY_ID = temp.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = temp.secretAccessKey;
    process.env.AWS_SESSION_TOKEN = Credentials.SessionToken;
    const fromEnv = new S3Store({
      provider: "s3",
      bucket: "pmi-s3-env",
      endpoint: m.endpoint,
      region: m.region,
    });
    expect((await fromEnv.getBuffer("sts/t.bin")).toString()).toBe("temp");
  });

  test("explicit options win over the environment", async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIAENVWRONG1234567";
    process.env.AWS_SECRET_ACCESS_KEY = "env-secret-wrong";
    const store = new S3Store(cfg("pmi-s3-env"));
    expect((await store.putStream("env/f.bin", Buffer.from("explicit"), 8)).skipped).toBe(false);
  });
});

/**
 * A pass-through HTTP proxy to MinIO that records request headers (Host is preserved, so SigV4
 * still verifies) and can alter a request body in flight, like a faulty network or middlebox.
 */
async function recordingProxy(
  target: string,
  mutate?: (url: string, body: Buffer) => Buffer,
  responseHeaders?: (h: http.IncomingHttpHeaders) => http.IncomingHttpHeaders,
) {
  const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }> = [];
  const t = new URL(target);
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = mutate ? mutate(req.url ?? "", Buffer.concat(chunks)) : Buffer.concat(chunks);
      const up = http.request(
        { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, responseHeaders ? responseHeaders(r.headers) : r.headers);
          r.pipe(res);
        },
      );
      up.on("error", () => res.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe("s3: the server's checksum check catches bytes corrupted in transit", () => {
  test.each(["crc32", "md5"] as const)(
    "integrity %s: a flipped byte in part 2 fails the upload and aborts it",
    async (integrity) => {
      const proxy = await recordingProxy(m.endpoint, (url, body) => {
        if (url.includes("partNumber=2") && body.length > 0) body[body.length >> 1] ^= 0xff;
        return body;
      });
      try {
        const store = new S3Store(cfg("pmi-s3-err", { endpoint: proxy.endpoint, integrity }));
        const err = await store
          .putFile(`corrupt/${integrity}.bin`, tempFile(randomBytes(PART * 3)))
          .catch((e) => e);
        expect(err).toBeInstanceOf(StorageError);
        expect(err.message).toContain(`corrupt/${integrity}.bin`);
        expect(err.code).toBe("IntegrityMismatch");
        expect(err.sdkCode).toBe(integrity === "crc32" ? "XAmzContentChecksumMismatch" : "BadDigest");
        const part2 = proxy.seen.find((s) => s.url.includes("partNumber=2"))!;
        expect(Object.keys(part2.headers)).toContain(
          integrity === "crc32" ? "x-amz-checksum-crc32" : "content-md5",
        );
        const r = await admin.send(
          new ListMultipartUploadsCommand({ Bucket: "pmi-s3-err", Prefix: "corrupt/" }),
        );
        expect(r.Uploads ?? []).toEqual([]);
        expect(await store.head(`corrupt/${integrity}.bin`)).toBeUndefined();
      } finally {
        await proxy.stop();
      }
    },
  );
});

describe("gcs mode (S3 interoperability API), exercised against MinIO", () => {
  test("multipart + single uploads send no CRC32 trailers, no aws-chunked bodies, path-style URLs; gs:// URLs", async () => {
    const proxy = await recordingProxy(m.endpoint);
    try {
      // region: MinIO only accepts its own region in the SigV4 scope; real GCS is used with "auto".
      const store = new S3Store({
        provider: "gcs",
        bucket: "pmi-gcs-mode",
        endpoint: proxy.endpoint,
        region: m.region,
        accessKeyId: m.accessKey,
        secretAccessKey: m.secretKey,
        partSizeBytes: PART,
      });
      expect(store.provider).toBe("gcs");
      expect(store.objectUrl("a/b.parquet")).toBe("gs://pmi-gcs-mode/a/b.parquet");
      const body = randomBytes(PART * 3 + 10);
      expect((await store.putFile("g/big.bin", tempFile(body))).skipped).toBe(false);
      expect((await store.getBuffer("g/big.bin")).equals(body)).toBe(true);
      await store.putStream("g/small.bin", Buffer.from("small"), 5);
      expect(await store.deletePrefix("g/")).toBe(2);
      const writes = proxy.seen.filter((s) => s.method === "PUT" || s.method === "POST");
      expect(writes.length).toBeGreaterThanOrEqual(6); // initiate + 4 parts + complete (+ single put)
      for (const w of writes) {
        expect(w.url.startsWith("/pmi-gcs-mode/")).toBe(true);
        const names = Object.keys(w.headers);
        expect(
          names.filter(
            (n) =>
              n.startsWith("x-amz-checksum") || n === "x-amz-trailer" || n === "x-amz-sdk-checksum-algorithm",
          ),
        ).toEqual([]);
        expect(w.headers["content-encoding"] ?? "").not.toContain("aws-chunked");
        expect(w.headers["x-amz-content-sha256"] ?? "").not.toContain("STREAMING");
      }
      // Listing uses the original ListObjects (no list-type=2); deletes go one key at a time.
      const lists = proxy.seen.filter((s) => s.method === "GET" && /^\/pmi-gcs-mode\/?\?/.test(s.url));
      expect(lists.length).toBeGreaterThan(0);
      expect(lists.every((s) => !s.url.includes("list-type=2"))).toBe(true);
      expect(proxy.seen.some((s) => s.method === "POST" && s.url.includes("?delete"))).toBe(false);
    } finally {
      await proxy.stop();
    }
  });

  test("metadata returned GCS-style (x-goog-meta-*) still drives the SHA-256 skip", async () => {
    // GCS itself is unreachable here: the proxy renames MinIO's x-amz-meta-* response headers.
    const proxy = await recordingProxy(m.endpoint, undefined, (h) =>
      Object.fromEntries(Object.entries(h).map(([k, v]) => [k.replace(/^x-amz-meta-/, "x-goog-meta-"), v])),
    );
    try {
      const store = new S3Store({
        provider: "gcs",
        bucket: "pmi-gcs-mode",
        endpoint: proxy.endpoint,
        region: m.region,
        accessKeyId: m.accessKey,
        secretAccessKey: m.secretKey,
      });
      const body = randomBytes(2048);
      expect((await store.putStream("goog/meta.bin", body, body.length)).skipped).toBe(false);
      expect(proxy.seen.some((s) => Object.keys(s.headers).includes("x-amz-meta-sha256"))).toBe(true);
      expect((await store.head("goog/meta.bin"))?.sha256).toBe(
        createHash("sha256").update(body).digest("hex"),
      );
      expect((await store.putStream("goog/meta.bin", body, body.length)).skipped).toBe(true);
    } finally {
      await proxy.stop();
    }
  });

  test("GCS HMAC credentials come from GOOGLE_HMAC_* env vars; the default endpoint and region are GCS's", () => {
    const saved = { ...process.env };
    try {
      process.env.GOOGLE_HMAC_ACCESS_KEY_ID = "GOOGHMACID";
      process.env.GOOGLE_HMAC_SECRET = "gcs-hmac-secret";
      const store = new S3Store({ provider: "gcs", bucket: "b" }) as unknown as {
        endpoint: string;
        region: string;
        credentials: unknown;
      };
      expect(store.endpoint).toBe("https://storage.googleapis.com");
      expect(store.region).toBe("auto");
      expect(store.credentials).toEqual({ accessKeyId: "GOOGHMACID", secretAccessKey: "gcs-hmac-secret" });
    } finally {
      process.env = saved;
    }
  });
});
