/**
 * Typed errors of the API layer. Each one says what failed (the request, secrets removed), what the
 * code means, whether retrying can help, and what to do. Messages are already redacted when built.
 */

import { type ApiFlavor, lookupCode } from "./errorCodes";
import type { ImportJobInfo } from "./types";

export type { ApiFlavor } from "./errorCodes";

export interface RequestInfo {
  method: string;
  /** Path with query string; secret parameters replaced. */
  path: string;
  /** Origin (scheme://host:port), user info removed. */
  origin: string;
}

export type ApiErrorKind =
  /** The server answered with a non-success code in the JSON envelope. */
  | "business"
  /** Non-2xx HTTP status without a parseable envelope. */
  | "http"
  /** Connection refused/reset, DNS, TLS... */
  | "network"
  /** Connect or request timeout. */
  | "timeout"
  /** The body was not the documented JSON envelope. */
  | "protocol"
  /** Cancelled by the caller's AbortSignal. */
  | "aborted"
  /** Rejected locally before sending (bad arguments). */
  | "client";

export interface ApiErrorInit {
  kind: ApiErrorKind;
  api: ApiFlavor;
  /** Envelope code (business), HTTP status (http) or transport error code (e.g. ECONNRESET). */
  code: number | string;
  serverMessage?: string;
  httpStatus?: number;
  request?: RequestInfo;
  attempts?: number;
  transient?: boolean;
  meaning?: string;
  hint?: string;
  cause?: unknown;
}

export class ApiError extends Error {
  override readonly name = "MilvusImportApiError";
  readonly kind: ApiErrorKind;
  readonly api: ApiFlavor;
  readonly code: number | string;
  readonly serverMessage?: string;
  readonly httpStatus?: number;
  readonly request?: RequestInfo;
  readonly attempts: number;
  /** Retrying later can succeed (already retried `attempts` times by the client). */
  readonly transient: boolean;
  /** Documented meaning of the code. */
  readonly meaning: string;
  /** What to do about it. */
  readonly hint: string;

  constructor(init: ApiErrorInit) {
    const info =
      init.kind === "business" && typeof init.code === "number"
        ? lookupCode(init.api, init.code, init.serverMessage)
        : undefined;
    const meaning = init.meaning ?? info?.meaning ?? defaultMeaning(init);
    const transient = init.transient ?? info?.transient ?? false;
    const hint = init.hint ?? info?.hint ?? defaultHint(init);
    const where = init.request
      ? `${init.request.method} ${init.request.origin}${init.request.path}`
      : "(no request)";
    const server = init.serverMessage ? `: ${init.serverMessage}` : "";
    const tries = init.attempts && init.attempts > 1 ? ` after ${init.attempts} attempts` : "";
    super(`${init.api} ${where} failed${tries} with code ${init.code} (${meaning})${server}. ${hint}`, {
      cause: init.cause,
    });
    this.kind = init.kind;
    this.api = init.api;
    this.code = init.code;
    this.serverMessage = init.serverMessage;
    this.httpStatus = init.httpStatus;
    this.request = init.request;
    this.attempts = init.attempts ?? 1;
    this.transient = transient;
    this.meaning = meaning;
    this.hint = hint;
  }
}

function defaultMeaning(init: ApiErrorInit): string {
  switch (init.kind) {
    case "http":
      return httpMeaning(Number(init.code));
    case "network":
      return "Network error";
    case "timeout":
      return "Timed out";
    case "protocol":
      return "Unexpected response shape";
    case "aborted":
      return "Cancelled";
    case "client":
      return "Invalid request";
    default:
      return "Error";
  }
}

function httpMeaning(status: number): string {
  if (status === 401) return "Unauthenticated";
  if (status === 403) return "Forbidden";
  if (status === 404) return "Endpoint not found";
  if (status === 408) return "Request timeout";
  if (status === 429) return "Too many requests";
  if (status >= 500) return "Server error";
  return `HTTP ${status}`;
}

function defaultHint(init: ApiErrorInit): string {
  switch (init.kind) {
    case "http": {
      const s = Number(init.code);
      if (s === 401 || s === 403) return "Check the token (API key or user:password) and its permissions.";
      if (s === 404) return "Check the endpoint URL and that this server speaks this API version.";
      if (s === 429 || s >= 500) return "The server is overloaded or failing; retry later.";
      return "See the server message.";
    }
    case "network":
      return "Check the endpoint URL, network access and TLS; the client already retried.";
    case "timeout":
      return "The server did not answer in time; raise the timeout or retry later.";
    case "protocol":
      return "The endpoint may not be a Milvus / Zilliz Cloud API endpoint of this version.";
    case "aborted":
      return "The operation was cancelled by the caller.";
    default:
      return "";
  }
}

/** The import job ended in state Failed. */
export class ImportJobFailedError extends Error {
  override readonly name = "ImportJobFailedError";
  constructor(readonly job: ImportJobInfo) {
    const fileReasons = job.details
      .filter((d) => d.state === "Failed" && d.reason)
      .map((d) => `${d.fileName}: ${d.reason}`);
    const reason = job.reason || fileReasons[0] || "the server gave no reason (see milvus#38336)";
    const files = fileReasons.length ? ` Failed files: ${fileReasons.join("; ")}.` : "";
    super(
      `Import job ${job.jobId} into collection "${job.collectionName}" failed: ${reason}.${files} ` +
        "Fix the data or schema mismatch named above and start a new import; failed jobs import no rows.",
    );
  }
}

/** The waiter's overall timeout elapsed; the job may still finish on the server. */
export class WaitTimeoutError extends Error {
  override readonly name = "WaitTimeoutError";
  constructor(
    readonly jobId: string,
    readonly timeoutMs: number,
    readonly lastJob?: ImportJobInfo,
    readonly stallNote?: string,
  ) {
    const state = lastJob
      ? ` Last seen: state ${lastJob.state}, progress ${Math.round(lastJob.progress * 100)}%.`
      : "";
    super(
      `Import job ${jobId} did not finish within ${Math.round(timeoutMs / 1000)}s.${state}${stallNote ? ` ${stallNote}` : ""} ` +
        "The job keeps running on the server: wait again with the same jobId (do not start a new import, " +
        "imports append rows), or raise the timeout.",
    );
  }
}
