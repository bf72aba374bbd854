/**
 * Exponential backoff with "full jitter" (delay = random(0, min(cap, base * factor^attempt))), the
 * scheme AWS SDKs use: it spreads retries of many clients hitting one overloaded endpoint.
 */
export interface BackoffOptions {
  /** Delay scale of the first retry, ms. */
  baseMs: number;
  /** Upper bound of any delay, ms. */
  maxMs: number;
  /** Growth per attempt (default 2). */
  factor?: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 200, maxMs: 20_000, factor: 2 };

/** Upper bound of the delay before retry number `attempt` (0 = first retry). */
export function backoffCeiling(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  const factor = opts.factor ?? 2;
  const raw = opts.baseMs * factor ** Math.max(0, attempt);
  return Math.min(opts.maxMs, Number.isFinite(raw) ? raw : opts.maxMs);
}

/** The delay before retry number `attempt`, in [0, backoffCeiling(attempt)). */
export function backoffDelay(
  attempt: number,
  opts: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * backoffCeiling(attempt, opts));
}

/**
 * Parses a Retry-After header (delta seconds or an HTTP date) into ms from `now`; undefined when
 * absent or unparseable. Negative values become 0.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  const trimmed = v.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
