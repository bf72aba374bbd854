/**
 * The OSS test server's signature verifiers, checked two ways so they do not merely mirror a
 * client: against hand-written strings-to-sign built from the OSS documentation's rules, and
 * against ali-oss's own signer (lib/common/signUtils.js) for the requests it actually makes.
 */
import { v1StringToSign, v4CanonicalRequest } from "../../helpers/oss-server";

const signUtils = require("ali-oss/lib/common/signUtils");

describe("V1 string to sign", () => {
  test("hand-written vector: PUT with Content-MD5, Content-Type, x-oss-* headers sorted and trimmed, raw key", () => {
    const sts = v1StringToSign({
      method: "PUT",
      bucket: "oss-example",
      key: "dir/a b+ü.json",
      query: [],
      headers: {
        "content-md5": "eB5eJF1ptWaXm4bijSPyxw==",
        "content-type": "application/json",
        "x-oss-date": "Wed, 21 Nov 2026 05:00:00 GMT",
        "x-oss-meta-sha256": " abc ",
        "x-oss-magic": "abracadabra",
        host: "ignored",
      },
    });
    expect(sts).toBe(
      [
        "PUT",
        "eB5eJF1ptWaXm4bijSPyxw==",
        "application/json",
        "Wed, 21 Nov 2026 05:00:00 GMT",
        "x-oss-date:Wed, 21 Nov 2026 05:00:00 GMT",
        "x-oss-magic:abracadabra",
        "x-oss-meta-sha256:abc",
        "/oss-example/dir/a b+ü.json",
      ].join("\n"),
    );
  });

  test("sub-resources are part of the resource (sorted, valueless as bare keys); plain query params are not", () => {
    const sts = v1StringToSign({
      method: "PUT",
      bucket: "b",
      key: "k",
      query: [
        ["uploadId", "ABC"],
        ["partNumber", "3"],
        ["prefix", "not-signed"],
      ],
      headers: { "x-oss-date": "D" },
    });
    expect(sts.split("\n").at(-1)).toBe("/b/k?partNumber=3&uploadId=ABC");
    expect(
      v1StringToSign({ method: "POST", bucket: "b", key: "k", query: [["uploads", ""]], headers: {} })
        .split("\n")
        .at(-1),
    ).toBe("/b/k?uploads");
    expect(
      v1StringToSign({ method: "GET", bucket: "b", key: "", query: [["list-type", "2"]], headers: {} })
        .split("\n")
        .at(-1),
    ).toBe("/b/");
  });

  test.each([
    ["PUT", "k/obj.bin", { partNumber: 2, uploadId: "U1" }],
    ["POST", "k/obj.bin", "uploads"],
    ["POST", "", { delete: "" }],
    ["GET", "", { "continuation-token": "tok" }],
  ] as const)("matches ali-oss buildCanonicalString for %s %s %j", (method, key, subres) => {
    const headers = {
      "x-oss-date": "Wed, 21 Nov 2026 05:00:00 GMT",
      "Content-Type": "application/xml",
      "x-oss-meta-sha256": "f00",
    };
    const theirs = signUtils.buildCanonicalString(method, `/bkt/${key}`, { headers, parameters: subres });
    const query: Array<[string, string]> =
      typeof subres === "string"
        ? [[subres, ""]]
        : Object.entries(subres).map(([k, v]) => [k, String(v)] as [string, string]);
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(v1StringToSign({ method, bucket: "bkt", key, query, headers: lower })).toBe(theirs);
  });
});

describe("V4 canonical request", () => {
  test("hand-written vector", () => {
    const canonical = v4CanonicalRequest(
      {
        method: "PUT",
        bucket: "bkt",
        key: "a b/c*.json",
        query: [
          ["uploadId", "U/1"],
          ["partNumber", "1"],
        ],
        headers: {
          "content-md5": "md5==",
          "x-oss-date": "20261121T050000Z",
          "x-oss-content-sha256": "UNSIGNED-PAYLOAD",
          "content-type": "application/octet-stream",
          "user-agent": "not-signed",
        },
      },
      [],
    );
    expect(canonical).toBe(
      [
        "PUT",
        "/bkt/a%20b/c%2A.json",
        "partNumber=1&uploadId=U%2F1",
        "content-md5:md5==\ncontent-type:application/octet-stream\nx-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20261121T050000Z\n",
        "",
        "UNSIGNED-PAYLOAD",
      ].join("\n"),
    );
  });

  test.each([
    ["PUT", "dir/obj name.bin", { partNumber: 1, uploadId: "UP" }],
    ["POST", "dir/obj.bin", { uploads: null }],
    ["GET", "", { "list-type": 2, prefix: "p/", "max-keys": 1000 }],
    ["POST", "", { delete: null }],
  ] as const)("matches ali-oss getCanonicalRequest for %s %s %j", (method, key, queries) => {
    const headers = {
      "x-oss-date": "20261121T050000Z",
      "x-oss-content-sha256": "UNSIGNED-PAYLOAD",
      "content-type": "application/xml",
      "x-oss-meta-sha256": "abc",
    };
    const theirs = signUtils.getCanonicalRequest(method, { headers, queries }, "bkt", key || undefined, []);
    const query: Array<[string, string]> = Object.entries(queries).map(([k, v]) => [
      k,
      v === null ? "" : String(v),
    ]);
    expect(v4CanonicalRequest({ method, bucket: "bkt", key, query, headers }, [])).toBe(theirs);
  });
});
