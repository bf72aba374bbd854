/**
 * An Aliyun OSS-compatible test server (no OSS server exists on any package registry). It speaks
 * the OSS REST API over real HTTP on 127.0.0.1 so ali-oss is exercised end to end, and it is strict
 * where it matters for us:
 *  - verifies signature V1 (HMAC-SHA1 over VERB, Content-MD5, Content-Type, date, x-oss-* headers,
 *    /bucket/key + sub-resources) and V4 (OSS4-HMAC-SHA256, canonical request, scoped signing key),
 *    both recomputed from the request as received, plus the ±15 min clock-skew window;
 *  - verifies Content-MD5 and Content-Length of every body;
 *  - multipart: initiate / upload part / complete (order, ETags, 100 KiB minimum) / abort;
 *  - PutObject, HeadObject, GetObject, DeleteObject, DeleteMultipleObjects, ListObjects v1 and v2;
 *  - answers errors in OSS's XML format (HEAD errors in the base64 x-oss-err header), e.g.
 *    SignatureDoesNotMatch, InvalidAccessKeyId, NoSuchBucket, NoSuchKey, InvalidDigest;
 *  - reports x-oss-hash-crc64ecma (CRC-64/XZ) and OSS-style ETags (upper-case MD5, multipart "-N").
 * Objects live in memory. The bucket comes from the Host header (ali-oss sends
 * "<bucket>.oss-<region>.aliyuncs.com" to an IP endpoint) or, for IP hosts, from the first path
 * segment (sldEnable). Written from the OSS API documentation and a reading of ali-oss's signer.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Crc64 } from "../../provider/storage/crc64";

export interface OssServerOptions {
  accessKeyId: string;
  accessKeySecret: string;
  buckets: string[];
  /** When set, requests must carry this x-oss-security-token (STS). */
  securityToken?: string;
  /** Region the buckets live in (V4 scope check), e.g. "cn-hangzhou". */
  region?: string;
}

export interface OssRequestRecord {
  method: string;
  bucket: string;
  key: string;
  query: Record<string, string>;
  bodyBytes: number;
  status: number;
  /** "V1", "V4" or "none". */
  auth: string;
  /** Whether the request carried a Content-MD5 header (verified when present). */
  contentMd5: boolean;
}

export interface OssFault {
  status: number;
  code: string;
  message?: string;
}

export interface OssServer {
  endpoint: string;
  port: number;
  region: string;
  requests: OssRequestRecord[];
  /** Multipart uploads started and neither completed nor aborted. */
  pendingUploads(bucket: string): Array<{ key: string; uploadId: string }>;
  object(bucket: string, key: string): { body: Buffer; lastModified: Date; etag: string } | undefined;
  /** Return an error instead of serving matching requests (after auth), until cleared with undefined. */
  setFault(fn: ((r: OssRequestRecord) => OssFault | undefined) | undefined): void;
  /** Report this CRC-64 instead of the real one (to test client-side verification). */
  setCrc64Override(value: string | undefined): void;
  stop(): Promise<void>;
}

interface StoredObject {
  body: Buffer;
  contentType: string;
  meta: Record<string, string>;
  etag: string;
  crc64: string;
  lastModified: Date;
}

interface Upload {
  key: string;
  contentType: string;
  meta: Record<string, string>;
  parts: Map<number, { body: Buffer; etag: string }>;
}

/** Sub-resources that take part in the V1 CanonicalizedResource (plain query params do not). */
const V1_SUBRESOURCES = new Set([
  "acl",
  "uploads",
  "location",
  "cors",
  "logging",
  "website",
  "referer",
  "lifecycle",
  "delete",
  "append",
  "tagging",
  "objectMeta",
  "uploadId",
  "partNumber",
  "security-token",
  "position",
  "img",
  "style",
  "styleName",
  "replication",
  "replicationProgress",
  "replicationLocation",
  "cname",
  "bucketInfo",
  "comp",
  "qos",
  "live",
  "status",
  "vod",
  "startTime",
  "endTime",
  "symlink",
  "x-oss-process",
  "response-content-type",
  "response-content-language",
  "response-expires",
  "response-cache-control",
  "response-content-disposition",
  "response-content-encoding",
  "udf",
  "udfName",
  "udfImage",
  "udfId",
  "udfImageDesc",
  "udfApplication",
  "udfApplicationLog",
  "restore",
  "callback",
  "callback-var",
  "policy",
  "stat",
  "encryption",
  "versions",
  "versioning",
  "versionId",
  "continuation-token",
  "worm",
  "wormId",
  "wormExtend",
  "requestPayment",
  "inventory",
  "inventoryId",
  "x-oss-traffic-limit",
]);

const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const xmlEscape = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
const xmlUnescape = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d) => String.fromCharCode(Number(d)))
    .replace(/&amp;/g, "&");
const md5 = (b: Buffer) => createHash("md5").update(b).digest();
const crc64Of = (b: Buffer) => new Crc64().update(b).digestDecimal();
const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

class OssError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Parsed request: headers lower-cased with values as UTF-8 (Node decodes header bytes as latin1). */
export interface Req {
  method: string;
  bucket: string;
  key: string;
  /** Query params in URL order, decoded; value "" when absent. */
  query: Array<[string, string]>;
  q: Record<string, string>;
  headers: Record<string, string>;
  body: Buffer;
}

function parseRequest(req: http.IncomingMessage, body: Buffer): Req {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    const raw = Array.isArray(v) ? v.join(",") : v;
    headers[k.toLowerCase()] = Buffer.from(raw, "latin1").toString("utf8");
  }
  const rawUrl = req.url ?? "/";
  const qi = rawUrl.indexOf("?");
  const rawPath = qi < 0 ? rawUrl : rawUrl.slice(0, qi);
  const query: Array<[string, string]> = [];
  if (qi >= 0) {
    for (const pair of rawUrl.slice(qi + 1).split("&")) {
      if (!pair) continue;
      const eq = pair.indexOf("=");
      const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, "%20"));
      query.push(eq < 0 ? [dec(pair), ""] : [dec(pair.slice(0, eq)), dec(pair.slice(eq + 1))]);
    }
  }
  const host = (headers.host ?? "").replace(/:\d+$/, "");
  const isIpHost = /^\d+\.\d+\.\d+\.\d+$/.test(host) || host === "localhost" || host.startsWith("[");
  const path = decodeURIComponent(rawPath);
  let bucket: string;
  let key: string;
  if (isIpHost) {
    const p = path.replace(/^\//, "");
    const slash = p.indexOf("/");
    bucket = slash < 0 ? p : p.slice(0, slash);
    key = slash < 0 ? "" : p.slice(slash + 1);
  } else {
    bucket = host.split(".")[0];
    key = path.replace(/^\//, "");
  }
  return {
    method: (req.method ?? "GET").toUpperCase(),
    bucket,
    key,
    query,
    q: Object.fromEntries(query),
    headers,
    body,
  };
}

export function v1StringToSign(r: Pick<Req, "method" | "bucket" | "key" | "query" | "headers">): string {
  const h = r.headers;
  const ossHeaders = Object.keys(h)
    .filter((k) => k.startsWith("x-oss-"))
    .sort()
    .map((k) => `${k}:${h[k].trim()}`);
  const sub = r.query
    .filter(([k]) => V1_SUBRESOURCES.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => (v === "" ? k : `${k}=${v}`));
  let resource = r.bucket ? `/${r.bucket}/${r.key}` : "/";
  if (sub.length) resource += `?${sub.join("&")}`;
  return [
    r.method,
    h["content-md5"] ?? "",
    h["content-type"] ?? "",
    h["x-oss-date"] ?? h.date ?? "",
    ...ossHeaders,
    resource,
  ].join("\n");
}

function v4Parse(auth: string): {
  accessKeyId: string;
  date: string;
  region: string;
  product: string;
  additional: string[];
  signature: string;
} {
  const fields: Record<string, string> = {};
  for (const part of auth.slice("OSS4-HMAC-SHA256".length).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const cred = (fields.Credential ?? "").split("/");
  if (cred.length !== 5 || cred[4] !== "aliyun_v4_request" || !fields.Signature) {
    throw new OssError(400, "InvalidArgument", "Authorization header is malformed");
  }
  const additional = fields.AdditionalHeaders
    ? fields.AdditionalHeaders.split(";").map((s) => s.toLowerCase())
    : [];
  return {
    accessKeyId: cred[0],
    date: cred[1],
    region: cred[2],
    product: cred[3],
    additional,
    signature: fields.Signature,
  };
}

export function v4CanonicalRequest(
  r: Pick<Req, "method" | "bucket" | "key" | "query" | "headers">,
  additional: string[],
): string {
  const h = r.headers;
  const uri = rfc3986(`/${r.bucket ? `${r.bucket}/` : ""}${r.key}`).replace(/%2F/g, "/");
  const query = r.query
    .map(([k, v]) => [rfc3986(k), v === "" ? "" : rfc3986(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => (v === "" ? k : `${k}=${v}`))
    .join("&");
  const names = new Set(additional);
  for (const k of Object.keys(h))
    if (k === "content-type" || k === "content-md5" || k.startsWith("x-oss-")) names.add(k);
  for (const a of additional)
    if (!(a in h)) throw new OssError(400, "InvalidArgument", `additional header ${a} is missing`);
  const canonicalHeaders = [...names]
    .sort()
    .map((k) => `${k}:${h[k].trim()}\n`)
    .join("");
  return [
    r.method,
    uri,
    query,
    canonicalHeaders,
    additional.join(";"),
    h["x-oss-content-sha256"] ?? "UNSIGNED-PAYLOAD",
  ].join("\n");
}

function v4Signature(
  secret: string,
  date: string,
  region: string,
  product: string,
  stringToSign: string,
): string {
  const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
  const k = hmac(hmac(hmac(hmac(`aliyun_v4${secret}`, date), region), product), "aliyun_v4_request");
  return createHmac("sha256", k).update(stringToSign).digest("hex");
}

function parseV1Date(s: string): number {
  return Date.parse(s);
}
function parseV4Date(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : Number.NaN;
}

export async function startOssServer(opts: OssServerOptions): Promise<OssServer> {
  const region = (opts.region ?? "cn-hangzhou").replace(/^oss-/, "");
  const buckets = new Map<string, Map<string, StoredObject>>(opts.buckets.map((b) => [b, new Map()]));
  const uploads = new Map<string, Map<string, Upload>>(opts.buckets.map((b) => [b, new Map()]));
  const requests: OssRequestRecord[] = [];
  let fault: ((r: OssRequestRecord) => OssFault | undefined) | undefined;
  let crcOverride: string | undefined;

  function authenticate(r: Req): string {
    const auth = r.headers.authorization;
    if (!auth)
      throw new OssError(
        403,
        "AccessDenied",
        "You have no right to access this object because of bucket acl.",
      );
    if (opts.securityToken !== undefined && r.headers["x-oss-security-token"] !== opts.securityToken) {
      throw new OssError(403, "InvalidSecurityToken", "The security token you provided is invalid.");
    }
    if (auth.startsWith("OSS4-HMAC-SHA256")) {
      const p = v4Parse(auth);
      if (p.accessKeyId !== opts.accessKeyId)
        throw new OssError(
          403,
          "InvalidAccessKeyId",
          "The OSS Access Key Id you provided does not exist in our records.",
        );
      const date = r.headers["x-oss-date"] ?? "";
      checkSkew(parseV4Date(date));
      const canonical = v4CanonicalRequest(r, p.additional);
      const scope = `${p.date}/${p.region}/${p.product}/aliyun_v4_request`;
      const stringToSign = [
        "OSS4-HMAC-SHA256",
        date,
        scope,
        createHash("sha256").update(canonical).digest("hex"),
      ].join("\n");
      const expected = v4Signature(opts.accessKeySecret, p.date, p.region, p.product, stringToSign);
      if (
        p.region !== region ||
        p.product !== "oss" ||
        !date.startsWith(p.date) ||
        !safeEqual(expected, p.signature)
      ) {
        throw new OssError(
          403,
          "SignatureDoesNotMatch",
          "The request signature we calculated does not match the signature you provided.",
          {
            StringToSign: stringToSign,
            CanonicalRequest: canonical,
          },
        );
      }
      return "V4";
    }
    const m = /^OSS ([^:]+):(.+)$/.exec(auth);
    if (!m) throw new OssError(400, "InvalidArgument", "Authorization header is malformed");
    if (m[1] !== opts.accessKeyId)
      throw new OssError(
        403,
        "InvalidAccessKeyId",
        "The OSS Access Key Id you provided does not exist in our records.",
      );
    checkSkew(parseV1Date(r.headers["x-oss-date"] ?? r.headers.date ?? ""));
    const stringToSign = v1StringToSign(r);
    const expected = createHmac("sha1", opts.accessKeySecret)
      .update(Buffer.from(stringToSign, "utf8"))
      .digest("base64");
    if (!safeEqual(expected, m[2])) {
      throw new OssError(
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided.",
        {
          StringToSign: stringToSign,
        },
      );
    }
    return "V1";
  }

  function checkSkew(t: number): void {
    if (!Number.isFinite(t))
      throw new OssError(403, "AccessDenied", "OSS authentication requires a valid Date.");
    if (Math.abs(Date.now() - t) > 15 * 60_000)
      throw new OssError(
        403,
        "RequestTimeTooSkewed",
        "The difference between the request time and the current time is too large.",
      );
  }

  function checkBody(r: Req): void {
    const len = r.headers["content-length"];
    if (len !== undefined && Number(len) !== r.body.length)
      throw new OssError(400, "IncompleteBody", "The request body is shorter than Content-Length.");
    const cmd5 = r.headers["content-md5"];
    if (cmd5 !== undefined) {
      if (!/^[A-Za-z0-9+/]{22}==$/.test(cmd5))
        throw new OssError(400, "InvalidDigest", "The Content-MD5 you specified is not valid.");
      if (md5(r.body).toString("base64") !== cmd5)
        throw new OssError(
          400,
          "InvalidDigest",
          "The Content-MD5 you specified did not match what we received.",
        );
    }
  }

  const metaOf = (r: Req) =>
    Object.fromEntries(
      Object.entries(r.headers)
        .filter(([k]) => k.startsWith("x-oss-meta-"))
        .map(([k, v]) => [k.slice(11), v]),
    );

  function objectHeaders(o: StoredObject): Record<string, string> {
    const h: Record<string, string> = {
      "content-type": o.contentType,
      etag: `"${o.etag}"`,
      "last-modified": o.lastModified.toUTCString(),
      "x-oss-hash-crc64ecma": crcOverride ?? o.crc64,
      "x-oss-object-type": o.etag.includes("-") ? "Multipart" : "Normal",
      "x-oss-storage-class": "Standard",
    };
    for (const [k, v] of Object.entries(o.meta)) h[`x-oss-meta-${k}`] = v;
    return h;
  }

  type Reply = { status: number; headers?: Record<string, string>; body?: Buffer | string };
  const XML = { "content-type": "application/xml" };

  function handle(r: Req): Reply {
    const objects = buckets.get(r.bucket);
    if (!r.bucket) throw new OssError(400, "InvalidBucketName", "The specified bucket is not valid.");
    if (!objects)
      throw new OssError(404, "NoSuchBucket", "The specified bucket does not exist.", {
        BucketName: r.bucket,
      });
    const ups = uploads.get(r.bucket)!;
    const q = r.q;
    if (!r.key) return handleBucket(r, objects);
    switch (r.method) {
      case "PUT": {
        checkBody(r);
        if ("uploadId" in q) {
          const up = ups.get(q.uploadId);
          if (!up || up.key !== r.key)
            throw new OssError(404, "NoSuchUpload", "The specified upload does not exist.", {
              UploadId: q.uploadId,
            });
          const n = Number(q.partNumber);
          if (!Number.isInteger(n) || n < 1 || n > 10000)
            throw new OssError(400, "InvalidArgument", "Part number must be an integer between 1 and 10000.");
          const etag = md5(r.body).toString("hex").toUpperCase();
          up.parts.set(n, { body: r.body, etag });
          return { status: 200, headers: { etag: `"${etag}"`, "x-oss-hash-crc64ecma": crc64Of(r.body) } };
        }
        const o: StoredObject = {
          body: r.body,
          contentType: r.headers["content-type"] ?? "application/octet-stream",
          meta: metaOf(r),
          etag: md5(r.body).toString("hex").toUpperCase(),
          crc64: crc64Of(r.body),
          lastModified: new Date(),
        };
        objects.set(r.key, o);
        return {
          status: 200,
          headers: { etag: `"${o.etag}"`, "x-oss-hash-crc64ecma": crcOverride ?? o.crc64 },
        };
      }
      case "POST": {
        if ("uploads" in q) {
          const uploadId = randomBytes(16).toString("hex").toUpperCase();
          ups.set(uploadId, {
            key: r.key,
            contentType: r.headers["content-type"] ?? "application/octet-stream",
            meta: metaOf(r),
            parts: new Map(),
          });
          return {
            status: 200,
            headers: XML,
            body: `<?xml version="1.0" encoding="UTF-8"?>\n<InitiateMultipartUploadResult><Bucket>${xmlEscape(r.bucket)}</Bucket><Key>${xmlEscape(r.key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
          };
        }
        if ("uploadId" in q) return complete(r, objects, ups);
        throw new OssError(400, "InvalidArgument", "Unsupported POST");
      }
      case "DELETE": {
        if ("uploadId" in q) {
          if (!ups.delete(q.uploadId))
            throw new OssError(404, "NoSuchUpload", "The specified upload does not exist.", {
              UploadId: q.uploadId,
            });
          return { status: 204 };
        }
        objects.delete(r.key);
        return { status: 204 };
      }
      case "HEAD":
      case "GET": {
        const o = objects.get(r.key);
        if (!o) throw new OssError(404, "NoSuchKey", "The specified key does not exist.", { Key: r.key });
        const headers = { ...objectHeaders(o), "content-length": String(o.body.length) };
        return { status: 200, headers, body: r.method === "GET" ? o.body : undefined };
      }
      default:
        throw new OssError(
          405,
          "MethodNotAllowed",
          "The specified method is not allowed against this resource.",
        );
    }
  }

  function complete(r: Req, objects: Map<string, StoredObject>, ups: Map<string, Upload>): Reply {
    checkBody(r);
    const uploadId = r.q.uploadId;
    const up = ups.get(uploadId);
    if (!up || up.key !== r.key)
      throw new OssError(404, "NoSuchUpload", "The specified upload does not exist.", { UploadId: uploadId });
    const listed = [
      ...r.body
        .toString("utf8")
        .matchAll(/<Part>\s*<PartNumber>(\d+)<\/PartNumber>\s*<ETag>([^<]*)<\/ETag>\s*<\/Part>/g),
    ].map((m) => ({ n: Number(m[1]), etag: xmlUnescape(m[2]).replace(/"/g, "").toUpperCase() }));
    if (listed.length === 0)
      throw new OssError(400, "MalformedXML", "The XML you provided was not well-formed.");
    for (let i = 1; i < listed.length; i++) {
      if (listed[i].n <= listed[i - 1].n)
        throw new OssError(400, "InvalidPartOrder", "The list of parts was not in ascending order.");
    }
    const bodies: Buffer[] = [];
    listed.forEach((p, i) => {
      const part = up.parts.get(p.n);
      if (!part || part.etag !== p.etag)
        throw new OssError(400, "InvalidPart", `Part ${p.n} was not uploaded or its ETag does not match.`);
      if (i < listed.length - 1 && part.body.length < 100 * 1024) {
        throw new OssError(
          400,
          "EntityTooSmall",
          "Your proposed upload is smaller than the minimum allowed size.",
        );
      }
      bodies.push(part.body);
    });
    const body = Buffer.concat(bodies);
    const partMd5s = Buffer.concat(listed.map((p) => Buffer.from(p.etag, "hex")));
    const o: StoredObject = {
      body,
      contentType: up.contentType,
      meta: up.meta,
      etag: `${md5(partMd5s).toString("hex").toUpperCase()}-${listed.length}`,
      crc64: crc64Of(body),
      lastModified: new Date(),
    };
    objects.set(r.key, o);
    ups.delete(uploadId);
    return {
      status: 200,
      headers: { ...XML, etag: `"${o.etag}"`, "x-oss-hash-crc64ecma": crcOverride ?? o.crc64 },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUploadResult><Location>http://${r.bucket}.oss-${region}.aliyuncs.com/${xmlEscape(r.key)}</Location><Bucket>${xmlEscape(r.bucket)}</Bucket><Key>${xmlEscape(r.key)}</Key><ETag>"${o.etag}"</ETag></CompleteMultipartUploadResult>`,
    };
  }

  function handleBucket(r: Req, objects: Map<string, StoredObject>): Reply {
    const q = r.q;
    if (r.method === "POST" && "delete" in q) {
      if (!r.headers["content-md5"])
        throw new OssError(400, "MissingArgument", "Content-MD5 is required for DeleteMultipleObjects.");
      checkBody(r);
      const text = r.body.toString("utf8");
      const quiet = /<Quiet>\s*true\s*<\/Quiet>/.test(text);
      const keys = [...text.matchAll(/<Object>\s*<Key>([^<]*)<\/Key>/g)].map((m) => xmlUnescape(m[1]));
      for (const k of keys) objects.delete(k);
      const deleted = quiet ? "" : keys.map((k) => `<Deleted><Key>${xmlEscape(k)}</Key></Deleted>`).join("");
      return {
        status: 200,
        headers: XML,
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult>${deleted}</DeleteResult>`,
      };
    }
    if (r.method !== "GET")
      throw new OssError(
        405,
        "MethodNotAllowed",
        "The specified method is not allowed against this resource.",
      );
    const prefix = q.prefix ?? "";
    const delimiter = q.delimiter ?? "";
    const maxKeys = Math.min(1000, Number(q["max-keys"] ?? 100));
    const v2 = q["list-type"] === "2";
    const after = v2
      ? q["continuation-token"]
        ? Buffer.from(q["continuation-token"], "base64").toString("utf8")
        : (q["start-after"] ?? "")
      : (q.marker ?? "");
    const keys = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
    const contents: string[] = [];
    const prefixes = new Set<string>();
    let last = "";
    let truncated = false;
    for (const k of keys) {
      if (contents.length + prefixes.size >= maxKeys) {
        truncated = true;
        break;
      }
      const rest = k.slice(prefix.length);
      const d = delimiter ? rest.indexOf(delimiter) : -1;
      if (d >= 0) prefixes.add(prefix + rest.slice(0, d + delimiter.length));
      else {
        const o = objects.get(k)!;
        contents.push(
          `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>"${o.etag}"</ETag><Type>${o.etag.includes("-") ? "Multipart" : "Normal"}</Type><Size>${o.body.length}</Size><StorageClass>Standard</StorageClass><Owner><ID>pmi</ID><DisplayName>pmi</DisplayName></Owner></Contents>`,
        );
      }
      last = k;
    }
    const common = [...prefixes]
      .map((p) => `<CommonPrefixes><Prefix>${xmlEscape(p)}</Prefix></CommonPrefixes>`)
      .join("");
    const next = truncated
      ? v2
        ? `<NextContinuationToken>${Buffer.from(last).toString("base64")}</NextContinuationToken>`
        : `<NextMarker>${xmlEscape(last)}</NextMarker>`
      : "";
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult><Name>${xmlEscape(r.bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><MaxKeys>${maxKeys}</MaxKeys><Delimiter>${xmlEscape(delimiter)}</Delimiter><IsTruncated>${truncated}</IsTruncated>${v2 ? `<KeyCount>${contents.length + prefixes.size}</KeyCount>` : ""}${next}${contents.join("")}${common}</ListBucketResult>`;
    return { status: 200, headers: XML, body };
  }

  function errorReply(r: Req | undefined, e: OssError): Reply {
    const requestId = randomBytes(12).toString("hex").toUpperCase();
    const extra = Object.entries(e.extra)
      .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
      .join("");
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${e.code}</Code><Message>${xmlEscape(e.message)}</Message><RequestId>${requestId}</RequestId><HostId>${xmlEscape(r?.headers.host ?? "")}</HostId>${extra}</Error>`;
    const headers: Record<string, string> = {
      "content-type": "application/xml",
      "x-oss-request-id": requestId,
    };
    if (r?.method === "HEAD") {
      headers["x-oss-err"] = Buffer.from(body).toString("base64");
      return { status: e.status, headers };
    }
    return { status: e.status, headers, body };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let r: Req | undefined;
      let reply: Reply;
      let auth = "none";
      try {
        r = parseRequest(req, Buffer.concat(chunks));
        auth = authenticate(r);
        const record: OssRequestRecord = {
          method: r.method,
          bucket: r.bucket,
          key: r.key,
          query: r.q,
          bodyBytes: r.body.length,
          status: 0,
          auth,
          contentMd5: r.headers["content-md5"] !== undefined,
        };
        const f = fault?.(record);
        if (f) throw new OssError(f.status, f.code, f.message ?? "injected fault");
        reply = handle(r);
      } catch (e) {
        reply = errorReply(
          r,
          e instanceof OssError ? e : new OssError(500, "InternalError", String((e as Error).message)),
        );
      }
      requests.push({
        method: r?.method ?? String(req.method),
        bucket: r?.bucket ?? "",
        key: r?.key ?? "",
        query: r?.q ?? {},
        bodyBytes: r?.body.length ?? 0,
        status: reply.status,
        auth,
        contentMd5: r?.headers["content-md5"] !== undefined,
      });
      const body =
        reply.body === undefined
          ? undefined
          : Buffer.isBuffer(reply.body)
            ? reply.body
            : Buffer.from(reply.body);
      const headers: Record<string, string> = {
        "x-oss-request-id": randomBytes(12).toString("hex").toUpperCase(),
        server: "AliyunOSS",
        ...reply.headers,
      };
      if (body) headers["content-length"] = String(body.length);
      else if (reply.status !== 204 && !("content-length" in headers)) headers["content-length"] = "0";
      res.writeHead(reply.status, headers);
      res.end(r?.method === "HEAD" ? undefined : body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    region,
    requests,
    pendingUploads: (bucket) =>
      [...(uploads.get(bucket) ?? new Map<string, Upload>()).entries()].map(([uploadId, u]) => ({
        key: u.key,
        uploadId,
      })),
    object: (bucket, key) => {
      const o = buckets.get(bucket)?.get(key);
      return o && { body: o.body, lastModified: o.lastModified, etag: o.etag };
    },
    setFault: (fn) => {
      fault = fn;
    },
    setCrc64Override: (v) => {
      crcOverride = v;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
