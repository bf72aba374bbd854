/**
 * The one error type every ObjectStore throws. It names the provider, bucket and key (so a failed
 * upload of one file among thousands is findable), carries a stable `code` callers can branch on,
 * and never contains a credential: messages are scrubbed of every secret the store was configured
 * with and of secret-looking patterns, and the raw SDK error (whose request headers may hold
 * signatures or tokens) is not attached — only its name, code and status.
 */
import type { StorageProvider } from "./types";

export type StorageErrorCode =
  | "InvalidConfig"
  | "NoSuchBucket"
  | "NoSuchKey"
  | "AccessDenied"
  | "InvalidCredentials"
  | "Unreachable"
  | "Timeout"
  | "IntegrityMismatch"
  | "Aborted"
  | "Unknown";

export interface StorageErrorInit {
  provider: StorageProvider;
  bucket: string;
  key?: string;
  operation: string;
  code: StorageErrorCode;
  detail: string;
  status?: number;
  sdkCode?: string;
}

export class StorageError extends Error {
  readonly provider: StorageProvider;
  readonly bucket: string;
  readonly key?: string;
  readonly operation: string;
  readonly code: StorageErrorCode;
  readonly status?: number;
  /** The backend's own error code (e.g. SignatureDoesNotMatch, AuthenticationFailed). */
  readonly sdkCode?: string;

  constructor(init: StorageErrorInit) {
    const where =
      init.key === undefined ? `bucket "${init.bucket}"` : `bucket "${init.bucket}", key "${init.key}"`;
    const sdk = init.sdkCode ? ` [${init.sdkCode}${init.status ? ` ${init.status}` : ""}]` : "";
    super(`${init.provider}: ${init.operation} failed for ${where}: ${init.code}${sdk}: ${init.detail}`);
    this.name = "StorageError";
    this.provider = init.provider;
    this.bucket = init.bucket;
    this.key = init.key;
    this.operation = init.operation;
    this.code = init.code;
    this.status = init.status;
    this.sdkCode = init.sdkCode;
  }
}

export const REDACTED = "[REDACTED]";

/** Patterns that carry secrets even when the value was never registered (echoed by a server). */
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/(authorization["']?\s*[:=]\s*["']?)[^"'\n]+/gi, `$1${REDACTED}`],
  [/\b(OSS4?-HMAC-SHA256|AWS4-HMAC-SHA256|OSS|SharedKey)\s+[^\s"',]+/g, `$1 ${REDACTED}`],
  [
    /([?&](?:sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|security-token)=)[^&\s"']+/gi,
    `$1${REDACTED}`,
  ],
  [/(AccountKey=)[^;\s"']+/gi, `$1${REDACTED}`],
  [/(SharedAccessSignature=)[^;\s"']+/gi, `$1${REDACTED}`],
  [/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, REDACTED],
];

/** Scrubs registered secret values (raw and URL-encoded) and secret-looking patterns from text. */
export class SecretScrubber {
  private readonly values: string[];

  constructor(secrets: Array<string | undefined>) {
    const all = new Set<string>();
    for (const s of secrets) {
      if (!s || s.length < 4) continue;
      all.add(s);
      all.add(encodeURIComponent(s));
    }
    // Longest first so a secret that contains another is removed whole.
    this.values = [...all].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let out = text;
    for (const v of this.values) out = out.split(v).join(REDACTED);
    for (const [re, rep] of SECRET_PATTERNS) out = out.replace(re, rep);
    return out;
  }
}

/** Fields of an SDK error we read to classify it (AWS, Azure, ali-oss and Node system errors). */
interface SdkErrorLike {
  name?: string;
  code?: string | number;
  Code?: string;
  message?: string;
  status?: number;
  statusCode?: number;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
  errors?: unknown[];
  /** Azure RestError: the x-ms-error-code header. */
  details?: { errorCode?: string };
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "RequestError",
  "ConnectionTimeoutError",
  "ResponseError",
]);
const TIMEOUT_CODES = new Set(["ETIMEDOUT", "TimeoutError", "ResponseTimeoutError", "RequestTimeout"]);
/** The server recomputed a checksum of what it received and it differs from the one we sent. */
const INTEGRITY_CODES = new Set([
  "BadDigest",
  "InvalidDigest",
  "XAmzContentChecksumMismatch",
  "Md5Mismatch",
  "Crc64Mismatch",
  "InvalidChecksum",
  "IncompleteBody",
]);
const CREDENTIAL_CODES = new Set([
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "AuthenticationFailed",
  "AuthorizationFailure",
  "InvalidAuthenticationInfo",
  "CredentialsProviderError",
  "InvalidClientTokenId",
  "ExpiredToken",
  "InvalidToken",
  "SecurityTokenExpired",
]);

function nestedNetworkCode(e: SdkErrorLike, depth = 0): string | undefined {
  if (!e || depth > 4) return undefined;
  const code = typeof e.code === "string" ? e.code : undefined;
  if (code && (NETWORK_CODES.has(code) || TIMEOUT_CODES.has(code))) return code;
  // Some SDK layers re-wrap system errors as text only ("... connect ECONNREFUSED 127.0.0.1:9").
  const inText = /\b(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|ETIMEDOUT)\b/.exec(
    String(e.message ?? ""),
  );
  if (inText) return inText[1];
  for (const inner of [e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const found = nestedNetworkCode(inner as SdkErrorLike, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Turns any error thrown by an SDK into a StorageError (passes StorageErrors through). */
export function toStorageError(
  err: unknown,
  ctx: {
    provider: StorageProvider;
    bucket: string;
    key?: string;
    operation: string;
    scrubber: SecretScrubber;
  },
): StorageError {
  if (err instanceof StorageError) return err;
  const e = (err ?? {}) as SdkErrorLike;
  const status =
    e.$metadata?.httpStatusCode ?? e.statusCode ?? (typeof e.status === "number" ? e.status : undefined);
  const sdkCode =
    (typeof e.code === "string" && e.code) ||
    e.Code ||
    e.details?.errorCode ||
    (e.name && e.name !== "Error" ? e.name : undefined) ||
    undefined;
  const net = nestedNetworkCode(e);
  let code: StorageErrorCode = "Unknown";
  if (e.name === "AbortError" || sdkCode === "AbortError" || sdkCode === "RequestAbortedError")
    code = "Aborted";
  else if (sdkCode && /^NoSuchBucket|^ContainerNotFound|^NoSuchBucketError/.test(sdkCode))
    code = "NoSuchBucket";
  else if (sdkCode && /^NoSuchKey|^BlobNotFound|^NotFound$|^ENOENT$/.test(sdkCode)) code = "NoSuchKey";
  else if (sdkCode === "EACCES" || sdkCode === "EPERM") code = "AccessDenied";
  else if (sdkCode && CREDENTIAL_CODES.has(sdkCode.replace(/Error$/, ""))) code = "InvalidCredentials";
  else if (sdkCode && INTEGRITY_CODES.has(sdkCode.replace(/Error$/, ""))) code = "IntegrityMismatch";
  else if (net && TIMEOUT_CODES.has(net)) code = "Timeout";
  else if (sdkCode && TIMEOUT_CODES.has(sdkCode)) code = "Timeout";
  else if (net || (sdkCode && NETWORK_CODES.has(sdkCode)) || status === -1) code = "Unreachable";
  else if (status === -2) code = "Timeout";
  else if (status === 403 || sdkCode === "AccessDenied") code = "AccessDenied";
  else if (status === 401) code = "InvalidCredentials";
  const raw = (e.message || String(err) || "no message").split("\n")[0].slice(0, 500);
  const hint =
    code === "Unreachable"
      ? " (is the endpoint correct and reachable?)"
      : code === "InvalidCredentials" || code === "AccessDenied"
        ? " (check the access key / secret / token)"
        : code === "NoSuchBucket"
          ? " (does the bucket/container exist?)"
          : "";
  return new StorageError({
    provider: ctx.provider,
    bucket: ctx.bucket,
    key: ctx.key,
    operation: ctx.operation,
    code,
    status: status !== undefined && status > 0 ? status : undefined,
    sdkCode: sdkCode ? ctx.scrubber.scrub(String(sdkCode)) : undefined,
    detail: ctx.scrubber.scrub(raw) + hint,
  });
}
