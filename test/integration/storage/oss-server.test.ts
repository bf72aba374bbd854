/**
 * The OSS test server on its own: it must reject what real OSS rejects (bad Content-MD5, clock
 * skew, anonymous requests, bad multipart completions) in OSS's XML error format, and serve the
 * listing / multi-delete shapes ali-oss parses. Driven by ali-oss and by raw HTTP.
 */
import { createHash, createHmac } from "node:crypto";
import http from "node:http";
import OSS from "ali-oss";
import { type OssServer, startOssServer } from "../../helpers/oss-server";

// Real servers shared with other suites: keep slow machines from failing on time, not behaviour.
jest.setTimeout(30_000);

const AK = "LTAI-server-test";
const SECRET = "server-test-secret";
let server: OssServer;
beforeAll(async () => {
  server = await startOssServer({ accessKeyId: AK, accessKeySecret: SECRET, buckets: ["srv"] });
});
afterAll(() => server.stop());

const client = (extra: Partial<OSS.Options> = {}) =>
  new OSS({
    accessKeyId: AK,
    accessKeySecret: SECRET,
    bucket: "srv",
    region: "oss-cn-hangzhou",
    endpoint: server.endpoint,
    secure: false,
    ...extra,
  });

/** A raw V1-signed request (independent of ali-oss), so tests can send what ali-oss never would. */
function raw(
  method: string,
  key: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  const date = headers["x-oss-date"] ?? new Date().toUTCString();
  const sts = [
    method,
    headers["content-md5"] ?? "",
    headers["content-type"] ?? "",
    date,
    `x-oss-date:${date}`,
    `/srv/${key}`,
  ].join("\n");
  const sig = createHmac("sha1", SECRET).update(sts).digest("base64");
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.endpoint}/${key}`,
      {
        method,
        headers: {
          ...headers,
          host: "srv.oss-cn-hangzhou.aliyuncs.com",
          "x-oss-date": date,
          authorization: `OSS ${AK}:${sig}`,
          "content-length": String(body.length),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (d) => {
          text += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

test("a correctly signed raw request is accepted (the raw signer is right)", async () => {
  const body = Buffer.from("hello");
  const md5 = createHash("md5").update(body).digest("base64");
  const r = await raw("PUT", "raw/ok", body, { "content-md5": md5 });
  expect(r.status).toBe(200);
  expect(r.headers.etag).toBe(`"${createHash("md5").update(body).digest("hex").toUpperCase()}"`);
});

test("a Content-MD5 that does not match the body is rejected with InvalidDigest", async () => {
  const r = await raw("PUT", "raw/bad-md5", Buffer.from("hello"), {
    "content-md5": createHash("md5").update("other").digest("base64"),
  });
  expect(r.status).toBe(400);
  expect(r.text).toContain("<Code>InvalidDigest</Code>");
  expect(server.object("srv", "raw/bad-md5")).toBeUndefined();
});

test("a request dated outside the 15-minute window is RequestTimeTooSkewed", async () => {
  const r = await raw("PUT", "raw/skew", Buffer.from("x"), {
    "x-oss-date": new Date(Date.now() - 20 * 60_000).toUTCString(),
  });
  expect(r.status).toBe(403);
  expect(r.text).toContain("<Code>RequestTimeTooSkewed</Code>");
});

test("an anonymous request is AccessDenied; a tampered one is SignatureDoesNotMatch with the StringToSign", async () => {
  const anon = await new Promise<number>((resolve) => {
    http.get(
      `${server.endpoint}/raw/ok`,
      { headers: { host: "srv.oss-cn-hangzhou.aliyuncs.com" } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
  });
  expect(anon).toBe(403);
  // Signed for "raw/ok", sent to "raw/other": the resource differs, so must the signature.
  const date = new Date().toUTCString();
  const sig = createHmac("sha1", SECRET)
    .update(["GET", "", "", date, `x-oss-date:${date}`, "/srv/raw/ok"].join("\n"))
    .digest("base64");
  const text = await new Promise<string>((resolve) => {
    http.get(
      `${server.endpoint}/raw/other`,
      {
        headers: {
          host: "srv.oss-cn-hangzhou.aliyuncs.com",
          "x-oss-date": date,
          authorization: `OSS ${AK}:${sig}`,
        },
      },
      (res) => {
        let t = "";
        res.on("data", (d) => {
          t += d;
        });
        res.on("end", () => resolve(t));
      },
    );
  });
  expect(text).toContain("<Code>SignatureDoesNotMatch</Code>");
  expect(text).toContain("<StringToSign>GET");
});

test("HEAD errors carry the XML in the base64 x-oss-err header (ali-oss reads it)", async () => {
  const err = await client({ accessKeySecret: "wrong" })
    .head("raw/ok")
    .catch((e) => e);
  expect(err.status).toBe(403);
  expect(err.code).toBe("SignatureDoesNotMatch");
});

test("multipart completion checks part order, ETags and the 100 KiB minimum", async () => {
  const c = client();
  const small = Buffer.alloc(1000, 1);
  const { uploadId } = await c.initMultipartUpload("mp/x");
  const p1 = await c.uploadPart("mp/x", uploadId, 1, small as unknown as string, 0, small.length);
  const p2 = await c.uploadPart("mp/x", uploadId, 2, small as unknown as string, 0, small.length);
  const tooSmall = await c
    .completeMultipartUpload("mp/x", uploadId, [
      { number: 1, etag: p1.etag },
      { number: 2, etag: p2.etag },
    ])
    .catch((e) => e);
  expect(tooSmall.code).toBe("EntityTooSmall");
  const wrongEtag = await c
    .completeMultipartUpload("mp/x", uploadId, [{ number: 1, etag: '"00"' }])
    .catch((e) => e);
  expect(wrongEtag.code).toBe("InvalidPart");
  const ok = await c.completeMultipartUpload("mp/x", uploadId, [{ number: 2, etag: p2.etag }]);
  expect(ok.res.status).toBe(200);
  expect(server.object("srv", "mp/x")?.etag).toMatch(/-1$/);
  const gone = await c.abortMultipartUpload("mp/x", uploadId).catch((e) => e);
  expect(gone.code).toBe("NoSuchUpload");
});

test("listing v1 and v2 paginate; deleteMulti removes and reports", async () => {
  const c = client();
  for (let i = 0; i < 5; i++) await c.put(`ls/k${i}`, Buffer.from(String(i)));
  const v2a = await c.listV2({ prefix: "ls/", "max-keys": "2" }, {});
  expect(v2a.objects.map((o) => o.name)).toEqual(["ls/k0", "ls/k1"]);
  expect(v2a.isTruncated).toBe(true);
  const v2b = await c.listV2(
    { prefix: "ls/", "max-keys": "10", "continuation-token": v2a.nextContinuationToken! },
    {},
  );
  expect(v2b.objects.map((o) => o.name)).toEqual(["ls/k2", "ls/k3", "ls/k4"]);
  const v1 = await c.list({ prefix: "ls/", "max-keys": 3, marker: "ls/k1" }, {});
  expect(v1.objects.map((o) => o.name)).toEqual(["ls/k2", "ls/k3", "ls/k4"]);
  const delimited = await c.listV2({ prefix: "", delimiter: "/", "max-keys": "100" }, {});
  expect(delimited.prefixes).toContain("ls/");
  const del = await c.deleteMulti(["ls/k0", "ls/k1", "ls/missing"], { quiet: false });
  expect((del.deleted as unknown as Array<{ Key: string }>).map((d) => d.Key)).toEqual([
    "ls/k0",
    "ls/k1",
    "ls/missing",
  ]);
  expect((await c.listV2({ prefix: "ls/", "max-keys": "10" }, {})).objects.length).toBe(3);
});

test("GET returns the bytes, metadata and CRC-64 headers", async () => {
  const c = client({ authorizationV4: true } as Partial<OSS.Options>);
  await c.put("meta/m", Buffer.from("payload"), { meta: { sha256: "abc" } as unknown as OSS.UserMeta });
  const r = await c.get("meta/m");
  expect(Buffer.from(r.content).toString()).toBe("payload");
  const h = r.res.headers as Record<string, string>;
  expect(h["x-oss-meta-sha256"]).toBe("abc");
  expect(h["x-oss-hash-crc64ecma"]).toMatch(/^\d+$/);
});
