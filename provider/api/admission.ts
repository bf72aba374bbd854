/**
 * Starting an import on a busy cluster. Zilliz Cloud refuses an import while others run (47039 / 47055
 * "cluster is importing"), Milvus past its cap on unfinished jobs (2100 "The number of jobs has
 * reached the limit"), and either may answer HTTP 429 / 503. Each of these means "not started", so
 * the start is sent again after a capped, jittered exponential backoff until it is admitted or the
 * deadline passes; then the last refusal is thrown. Every other error is thrown at once.
 */
import { type BackoffOptions, backoffDelay, sleep as defaultSleep } from "./backoff";
import { lookupCode } from "./errorCodes";
import { ApiError } from "./errors";
import type { ImportApi, StartImportRequest } from "./types";

/** First wait about 1 s, doubling, never more than 30 s between attempts. */
const ADMISSION_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 30_000, factor: 2 };

interface AdmissionOptions {
  /** Give up (rethrow the refusal) once this much time has passed. */
  timeoutMs: number;
  backoff?: BackoffOptions;
  signal?: AbortSignal;
  /** Called before each wait with the refusal and the delay chosen. */
  onRefused?: (info: { attempt: number; delayMs: number; error: ApiError }) => void;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The server refused to start the import because it is busy; nothing was started. */
export function isBusyRefusal(err: unknown): err is ApiError {
  if (!(err instanceof ApiError)) return false;
  if (err.kind === "http") return err.httpStatus === 429 || err.httpStatus === 503;
  if (err.kind !== "business" || typeof err.code !== "number") return false;
  const info = lookupCode(err.api, err.code, err.serverMessage ?? "");
  return info.transient && info.rejectedBeforeAction === true;
}

export async function startImportWhenAdmitted(
  api: Pick<ImportApi, "startImport">,
  req: StartImportRequest,
  opts: AdmissionOptions,
): Promise<{ jobId: string }> {
  const now = opts.now ?? Date.now;
  const wait = opts.sleep ?? defaultSleep;
  const backoff = opts.backoff ?? ADMISSION_BACKOFF;
  const deadline = now() + opts.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await api.startImport(req);
    } catch (err) {
      if (!isBusyRefusal(err)) throw err;
      const remaining = deadline - now();
      if (remaining <= 0 || opts.signal?.aborted) throw err;
      const delayMs = Math.min(remaining, Math.max(50, backoffDelay(attempt, backoff, opts.random)));
      opts.onRefused?.({ attempt: attempt + 1, delayMs, error: err });
      await wait(delayMs, opts.signal);
    }
  }
}
