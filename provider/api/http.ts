/**
 * The one layer that owns the wire protocol for all three APIs: undici transport with connect and
 * request timeouts, bearer auth, a per-endpoint token bucket, the JSON envelope ({code, data,
 * message}), retries with jittered exponential backoff, and redaction of every secret in errors and
 * logs. API clients above it only build paths and bodies and map `data`.
 *
 * Retries are decided here rather than by undici's RetryHandler because the decision depends on the
 * JSON envelope (HTTP 200 with a "busy" business code) and on whether resending can duplicate an
 * import (imports append rows, so a POST whose outcome is unknown is only resent when idempotent).
 */
import { Agent, type Dispatcher, request } from "undici";
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF, parseRetryAfter, sleep } from "./backoff";
import { type ApiFlavor, lookupCode } from "./errorCodes";
import { ApiError, type RequestInfo } from "./errors";
import { parseJsonLossless, stringifyJson } from "./json";
import { DEFAULT_RATE_LIMIT, type RateLimit, sharedBucket, TokenBucket } from "./rateLimiter";
import { Redactor, redactUrl } from "./redact";

export interface AuthOptions {
  /** Sent as-is after "Bearer ": an API key, or "user:password" for Milvus. */
  token?: string;
  /** Same as token (Zilliz naming). */
  apiKey?: string;
  username?: string;
  password?: string;
}

export interface HttpLogEntry {
  level: "debug" | "warn";
  event: "request" | "response" | "retry" | "error";
  /** Already redacted. */
  message: string;
}

export type HttpLogger = (entry: HttpLogEntry) => void;

export interface HttpClientOptions {
  /** e.g. https://api.cloud.zilliz.com or http://127.0.0.1:19530 (a path prefix is kept). */
  baseUrl: string;
  api: ApiFlavor;
  auth?: AuthOptions;
  /** TCP+TLS connect timeout per attempt (default 10 s). */
  connectTimeoutMs?: number;
  /** Whole-attempt timeout: send, headers and body (default 30 s). */
  requestTimeoutMs?: number;
  /** Retries after the first attempt (default 4). */
  maxRetries?: number;
  backoff?: BackoffOptions;
  /** Per-endpoint client-side rate limit (default 20/s, burst 20); false disables it. */
  rateLimit?: RateLimit | false;
  /** Share token buckets with other clients of the same endpoint (default true). */
  shareRateLimit?: boolean;
  logger?: HttpLogger;
  headers?: Record<string, string>;
  /** Custom undici dispatcher (the client then does not own or close it). */
  dispatcher?: Dispatcher;
  /** Extra values to scrub from errors and logs. */
  secrets?: string[];
  /** Random source for jitter (tests). */
  random?: () => number;
}

export interface CallSpec {
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * Resending cannot change the outcome (reads, drops, creates that are idempotent on the server,
   * imports carrying an Idempotency-Key). Non-idempotent calls are only resent when the server
   * provably did not act: connection refused, 429/503, documented "busy" codes.
   */
  idempotent: boolean;
  /** Secrets inside this request (storage keys) to scrub from errors and logs. */
  secrets?: Array<string | undefined>;
}

export interface Envelope<T> {
  code: number;
  data: T;
  message?: string;
}

const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

function resolveBearerToken(auth?: AuthOptions): string | undefined {
  if (!auth) return undefined;
  if (auth.apiKey) return auth.apiKey;
  if (auth.token) return auth.token;
  if (auth.username) return `${auth.username}:${auth.password ?? ""}`;
  return undefined;
}

/** Success code of the JSON envelope: Zilliz v1 uses 200 (0 accepted too), the v2 APIs use 0. */
function isSuccessCode(api: ApiFlavor, code: number): boolean {
  return api === "zilliz-v1" ? code === 200 || code === 0 : code === 0;
}

interface AttemptFailure {
  error: ApiError;
  /** Safe to resend for this call. */
  retry: boolean;
  /** Server-requested delay (Retry-After). */
  retryAfterMs?: number;
}

export class HttpClient {
  readonly api: ApiFlavor;
  readonly redactor: Redactor;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly token?: string;
  private readonly connectTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly rateLimit: RateLimit | false;
  private readonly shareRateLimit: boolean;
  private readonly ownBuckets = new Map<string, TokenBucket>();

  constructor(private readonly opts: HttpClientOptions) {
    let url: URL;
    try {
      url = new URL(opts.baseUrl);
    } catch {
      throw new ApiError({
        kind: "client",
        api: opts.api,
        code: "BAD_ENDPOINT",
        meaning: "Invalid endpoint URL",
        hint: `Pass a full URL such as https://host or http://127.0.0.1:19530; got "${redactUrl(opts.baseUrl)}".`,
      });
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new ApiError({
        kind: "client",
        api: opts.api,
        code: "BAD_ENDPOINT",
        meaning: "Unsupported URL scheme",
        hint: `Use http:// or https://; got ${url.protocol}`,
      });
    }
    this.api = opts.api;
    // http://user:password@host:19530 works like pymilvus' uri: the user info becomes the token.
    const userInfo = url.username ? decodeURIComponent(`${url.username}:${url.password}`) : undefined;
    this.token = resolveBearerToken(opts.auth) ?? userInfo;
    this.redactor = new Redactor([this.token, opts.auth?.password, userInfo, ...(opts.secrets ?? [])]);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, "");
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.maxRetries = opts.maxRetries ?? 4;
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.random = opts.random ?? Math.random;
    this.rateLimit = opts.rateLimit === undefined ? DEFAULT_RATE_LIMIT : opts.rateLimit;
    this.shareRateLimit = opts.shareRateLimit ?? true;
    this.ownsDispatcher = !opts.dispatcher;
    this.dispatcher =
      opts.dispatcher ??
      new Agent({
        connect: { timeout: this.connectTimeoutMs },
        headersTimeout: this.requestTimeoutMs,
        bodyTimeout: this.requestTimeoutMs,
      });
  }

  get endpoint(): string {
    return this.origin + this.basePath;
  }

  /** Closes the connection pool this client created. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  /** Sends the call, retrying as allowed, and returns the envelope of a successful response. */
  async call<T = unknown>(spec: CallSpec): Promise<Envelope<T>> {
    for (const s of spec.secrets ?? []) this.redactor.add(s);
    const pathWithQuery = this.basePath + spec.path + buildQuery(spec.query);
    const info: RequestInfo = { method: spec.method, path: redactUrl(pathWithQuery), origin: this.origin };
    const bucket = this.bucketFor(spec.method, this.basePath + spec.path);
    for (let attempt = 0; ; attempt++) {
      if (bucket) await this.waitForToken(bucket, spec.signal, info, attempt);
      const outcome = await this.attempt<T>(spec, pathWithQuery, info, attempt + 1);
      if (!("error" in outcome)) return outcome.envelope;
      const { error, retry, retryAfterMs } = outcome;
      if (!retry || attempt >= this.maxRetries || spec.signal?.aborted) {
        this.log("warn", "error", error.message);
        throw error;
      }
      const jitter = backoffDelay(attempt, this.backoff, this.random);
      const delay =
        retryAfterMs !== undefined ? Math.min(Math.max(retryAfterMs, jitter), this.backoff.maxMs) : jitter;
      this.log(
        "debug",
        "retry",
        `${info.method} ${info.path} attempt ${attempt + 1} failed (${error.code}: ${error.meaning}); retrying in ${delay} ms`,
      );
      try {
        await sleep(delay, spec.signal);
      } catch {
        throw this.abortedError(info, attempt + 1);
      }
    }
  }

  private bucketFor(method: string, path: string): TokenBucket | undefined {
    if (!this.rateLimit) return undefined;
    const key = `${this.origin} ${method} ${path}`;
    if (this.shareRateLimit) return sharedBucket(key, this.rateLimit);
    let b = this.ownBuckets.get(key);
    if (!b) {
      b = new TokenBucket(this.rateLimit);
      this.ownBuckets.set(key, b);
    }
    return b;
  }

  private async waitForToken(
    bucket: TokenBucket,
    signal: AbortSignal | undefined,
    info: RequestInfo,
    attempt: number,
  ) {
    try {
      await bucket.take(signal);
    } catch {
      throw this.abortedError(info, attempt);
    }
  }

  private async attempt<T>(
    spec: CallSpec,
    pathWithQuery: string,
    info: RequestInfo,
    attemptNo: number,
  ): Promise<{ envelope: Envelope<T> } | AttemptFailure> {
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": "pulumi-milvus-import",
      ...this.opts.headers,
      ...spec.headers,
    };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const body = spec.body === undefined ? undefined : stringifyJson(spec.body);
    if (body !== undefined) headers["content-type"] = "application/json";
    this.log(
      "debug",
      "request",
      `${info.method} ${info.origin}${info.path} attempt ${attemptNo}${body !== undefined ? ` body=${this.redactor.describeBody(spec.body)}` : ""}`,
    );
    const timeout = AbortSignal.timeout(this.requestTimeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
    const started = performance.now();
    let status: number;
    let text: string;
    let retryAfterHeader: string | string[] | undefined;
    try {
      const res = await request(this.origin + pathWithQuery, {
        method: spec.method,
        headers,
        body,
        signal,
        dispatcher: this.dispatcher,
      });
      status = res.statusCode;
      retryAfterHeader = res.headers["retry-after"];
      text = await res.body.text();
    } catch (err) {
      return this.transportFailure(err, spec, info, attemptNo);
    }
    const ms = Math.round(performance.now() - started);
    const parsed = parseEnvelope(text);
    this.log(
      "debug",
      "response",
      `${info.method} ${info.path} -> HTTP ${status}${parsed ? ` code=${parsed.code}` : ""} in ${ms} ms`,
    );
    const serverMessage = (msg: unknown) =>
      typeof msg === "string" && msg ? this.redactor.scrub(msg) : undefined;
    if (parsed && isSuccessCode(this.api, parsed.code) && status >= 200 && status < 300) {
      return { envelope: { code: parsed.code, data: parsed.data as T, message: parsed.message } };
    }
    const transientStatus = status === 429 || status === 408 || status >= 500;
    // An error envelope under a 2xx/4xx status is a business error (e.g. Milvus 1800 with HTTP 401);
    // under 429/5xx the status decides retrying, whatever code a proxy or gateway put in the body.
    if (parsed && !isSuccessCode(this.api, parsed.code) && !transientStatus) {
      const codeInfo = lookupCode(this.api, parsed.code, parsed.message ?? "");
      const error = new ApiError({
        kind: "business",
        api: this.api,
        code: parsed.code,
        httpStatus: status,
        serverMessage: serverMessage(parsed.message),
        request: info,
        attempts: attemptNo,
      });
      const retry = codeInfo.transient && (spec.idempotent || codeInfo.rejectedBeforeAction === true);
      return { error, retry, retryAfterMs: parseRetryAfter(retryAfterHeader) };
    }
    if (status >= 200 && status < 300) {
      return {
        error: new ApiError({
          kind: "protocol",
          api: this.api,
          code: "BAD_ENVELOPE",
          httpStatus: status,
          serverMessage: this.redactor.scrub(text.slice(0, 300)),
          request: info,
          attempts: attemptNo,
          meaning: "Response is not a JSON envelope with a numeric code",
        }),
        retry: false,
      };
    }
    const rejected = status === 429 || status === 503;
    const detail = parsed
      ? `code ${parsed.code}${parsed.message ? `: ${parsed.message}` : ""}`
      : text.slice(0, 300);
    return {
      error: new ApiError({
        kind: "http",
        api: this.api,
        code: status,
        httpStatus: status,
        serverMessage: this.redactor.scrub(detail) || undefined,
        request: info,
        attempts: attemptNo,
        transient: transientStatus,
      }),
      retry: transientStatus && (spec.idempotent || rejected),
      retryAfterMs: parseRetryAfter(retryAfterHeader),
    };
  }

  private transportFailure(
    err: unknown,
    spec: CallSpec,
    info: RequestInfo,
    attemptNo: number,
  ): AttemptFailure {
    if (spec.signal?.aborted) return { error: this.abortedError(info, attemptNo), retry: false };
    const e = err as { code?: string; name?: string; message?: string };
    const isTimeout =
      e?.name === "TimeoutError" ||
      e?.code === "UND_ERR_CONNECT_TIMEOUT" ||
      e?.code === "UND_ERR_HEADERS_TIMEOUT" ||
      e?.code === "UND_ERR_BODY_TIMEOUT";
    const code = e?.code ?? (e?.name === "TimeoutError" ? "REQUEST_TIMEOUT" : "NETWORK_ERROR");
    // Connection never established: the server cannot have acted, so even an import may be resent.
    const notSent = NOT_SENT_CODES.has(code);
    const ambiguousHint = spec.idempotent
      ? undefined
      : "The request may have reached the server (an import job may exist): list import jobs before starting another, or pass an idempotency key.";
    const error = new ApiError({
      kind: isTimeout ? "timeout" : "network",
      api: this.api,
      code,
      serverMessage: e?.message ? this.redactor.scrub(e.message) : undefined,
      request: info,
      attempts: attemptNo,
      transient: true,
      hint: notSent ? undefined : ambiguousHint,
    });
    return { error, retry: notSent || spec.idempotent };
  }

  private abortedError(info: RequestInfo, attempts: number): ApiError {
    return new ApiError({
      kind: "aborted",
      api: this.api,
      code: "ABORTED",
      request: info,
      attempts,
      transient: false,
    });
  }

  private log(level: HttpLogEntry["level"], event: HttpLogEntry["event"], message: string): void {
    const logger = this.opts.logger ?? envLogger();
    if (!logger) return;
    try {
      logger({ level, event, message: this.redactor.scrub(message) });
    } catch {
      // A failing logger must not fail the request.
    }
  }
}

/** `PMI_DEBUG=api` (or `*`) prints redacted request/response lines to stderr when no logger is given. */
function envLogger(): HttpLogger | undefined {
  const flags = (process.env.PMI_DEBUG ?? "").split(",").map((f) => f.trim());
  if (!flags.includes("api") && !flags.includes("*")) return undefined;
  return (e) => process.stderr.write(`[pmi:api] ${e.level} ${e.event} ${e.message}\n`);
}

function buildQuery(query?: Record<string, string | number | undefined>): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

function parseEnvelope(text: string): { code: number; data?: unknown; message?: string } | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = parseJsonLossless(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  const code = typeof obj.code === "bigint" ? Number(obj.code) : obj.code;
  // The Zilliz v1 docs type `code` as "integer" but a string would not surprise; accept "200".
  const numeric = typeof code === "string" && /^-?\d+$/.test(code) ? Number(code) : code;
  if (typeof numeric !== "number") return undefined;
  return {
    code: numeric,
    data: obj.data,
    message: typeof obj.message === "string" ? obj.message : undefined,
  };
}
