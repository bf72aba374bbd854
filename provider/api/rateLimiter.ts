/**
 * Client-side rate limit: a token bucket per endpoint. Zilliz documents "up to 20 requests per second
 * per user per endpoint" on the control plane; staying under it avoids 429s instead of
 * retrying them. Buckets are shared process-wide per key so several clients of one endpoint add up.
 */
import { sleep } from "./backoff";

export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests that may go at once after idling (default: perSecond). */
  burst?: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 20, burst: 20 };

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: Clock = { now: () => performance.now(), sleep };

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  /** Tokens per ms. */
  private readonly rate: number;
  /** Serialises waiters so they are served in arrival order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    limit: RateLimit,
    private readonly clock: Clock = realClock,
  ) {
    if (!(limit.perSecond > 0))
      throw new RangeError(`rate limit perSecond must be > 0, got ${limit.perSecond}`);
    this.capacity = Math.max(1, limit.burst ?? limit.perSecond);
    this.rate = limit.perSecond / 1000;
    this.tokens = this.capacity;
    this.last = clock.now();
  }

  /** Takes one token without waiting; false when the bucket is empty. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Waits until a token is available (in FIFO order) and takes it. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken(signal));
    // A cancelled waiter must not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForToken(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      if (this.tryTake()) return;
      const waitMs = Math.ceil((1 - this.tokens) / this.rate);
      await this.clock.sleep(Math.max(1, waitMs), signal);
    }
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.rate);
    this.last = now;
  }
}

const sharedBuckets = new Map<string, TokenBucket>();

/** The process-wide bucket for `key` (e.g. "https://api.cloud.zilliz.com POST /v2/.../create"). */
export function sharedBucket(key: string, limit: RateLimit): TokenBucket {
  const id = `${key}|${limit.perSecond}|${limit.burst ?? ""}`;
  let bucket = sharedBuckets.get(id);
  if (!bucket) {
    bucket = new TokenBucket(limit);
    sharedBuckets.set(id, bucket);
  }
  return bucket;
}
