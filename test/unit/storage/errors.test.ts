import { inspect } from "node:util";
import { SecretScrubber, StorageError, toStorageError } from "../../../provider/storage/errors";

const ctx = (secrets: string[] = []) => ({
  provider: "s3" as const,
  bucket: "bkt",
  key: "a/b.parquet",
  operation: "put",
  scrubber: new SecretScrubber(secrets),
});

describe("toStorageError classifies SDK errors", () => {
  test.each([
    [
      {
        name: "NoSuchBucket",
        $metadata: { httpStatusCode: 404 },
        message: "The specified bucket does not exist",
      },
      "NoSuchBucket",
    ],
    [{ name: "NoSuchKey", $metadata: { httpStatusCode: 404 }, message: "nope" }, "NoSuchKey"],
    [
      { name: "SignatureDoesNotMatch", $metadata: { httpStatusCode: 403 }, message: "sig" },
      "InvalidCredentials",
    ],
    [{ name: "InvalidAccessKeyId", $metadata: { httpStatusCode: 403 }, message: "id" }, "InvalidCredentials"],
    [{ name: "AccessDenied", $metadata: { httpStatusCode: 403 }, message: "denied" }, "AccessDenied"],
    [
      {
        name: "RestError",
        statusCode: 403,
        code: "AuthenticationFailed",
        message: "Server failed to authenticate",
      },
      "InvalidCredentials",
    ],
    [
      {
        name: "RestError",
        statusCode: 404,
        code: "ContainerNotFound",
        message: "The specified container does not exist.",
      },
      "NoSuchBucket",
    ],
    [
      { name: "RestError", statusCode: 404, details: { errorCode: "BlobNotFound" }, message: "" },
      "NoSuchKey",
    ],
    [
      {
        name: "NoSuchBucketError",
        code: "NoSuchBucket",
        status: 404,
        message: "The specified bucket does not exist.",
      },
      "NoSuchBucket",
    ],
    [
      { name: "RequestError", code: "ECONNREFUSED", status: -1, message: "connect ECONNREFUSED 127.0.0.1:9" },
      "Unreachable",
    ],
    [
      { name: "Error", message: "AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1" },
      "Unreachable",
    ],
    [{ name: "TimeoutError", message: "socket hang up" }, "Timeout"],
    [{ name: "AbortError", message: "The operation was aborted" }, "Aborted"],
    [
      {
        name: "BadDigest",
        $metadata: { httpStatusCode: 400 },
        message: "The Content-Md5 you specified did not match",
      },
      "IntegrityMismatch",
    ],
    [
      { name: "XAmzContentChecksumMismatch", $metadata: { httpStatusCode: 400 }, message: "x" },
      "IntegrityMismatch",
    ],
    [{ name: "InvalidDigestError", code: "InvalidDigest", status: 400, message: "x" }, "IntegrityMismatch"],
    [{ message: "weird" }, "Unknown"],
  ])("%j -> %s", (sdkError, code) => {
    const e = toStorageError(sdkError, ctx());
    expect(e).toBeInstanceOf(StorageError);
    expect(e.code).toBe(code);
    expect(e.message).toContain('s3: put failed for bucket "bkt", key "a/b.parquet"');
  });

  test("StorageErrors pass through unchanged", () => {
    const original = new StorageError({
      provider: "oss",
      bucket: "o",
      operation: "x",
      code: "Timeout",
      detail: "d",
    });
    expect(toStorageError(original, ctx())).toBe(original);
  });
});

describe("secrets never reach an error", () => {
  test("registered secrets (raw and URL-encoded) and secret-looking patterns are scrubbed", () => {
    const secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const sdkError = {
      name: "SignatureDoesNotMatch",
      $metadata: { httpStatusCode: 403 },
      message: `computed with ${secret} / ${encodeURIComponent(secret)}; Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101 ...; url ?X-Amz-Signature=abcdef&sig=zzz; AccountKey=abc123==; OSS LTAIxyz:signature`,
      request: { headers: { authorization: "AWS4-HMAC-SHA256 secret-sig" } },
    };
    const e = toStorageError(sdkError, ctx([secret]));
    const all = `${e.message}\n${e.stack}\n${JSON.stringify(e)}\n${inspect(e, { depth: 10 })}`;
    for (const leaked of [
      secret,
      encodeURIComponent(secret),
      "AKIAIOSFODNN7EXAMPLE",
      "abcdef",
      "abc123==",
      "LTAIxyz:signature",
      "zzz",
      "secret-sig",
    ]) {
      expect(all).not.toContain(leaked);
    }
    expect(e.message).toContain("[REDACTED]");
    expect(e.code).toBe("InvalidCredentials");
  });

  test("the raw SDK error (which may hold signed request headers) is not attached", () => {
    const e = toStorageError(
      { name: "X", message: "m", params: { headers: { authorization: "OSS id:sig" } } },
      ctx(),
    );
    expect(Object.keys(e)).not.toContain("cause");
    expect(JSON.stringify(e)).not.toContain("OSS id:sig");
  });
});
