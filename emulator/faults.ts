/**
 * Fault injection, set through POST /_emulator/faults, the EMULATOR_FAULTS env var (same JSON) or
 * startEmulator({ faults }). Request rules fail the next N matching requests with an HTTP status,
 * a business code, or a connection reset, optionally after latency, or handle the request and then
 * hold or drop the answer; job faults stall a job at a progress value, fail the next job with a
 * reason, or cap concurrent imports.
 */
import type { JobFaults } from "../provider/engine";
import type { JobRecord } from "../provider/engine/catalog";

export interface RequestFault {
  /** Substring of the request path to match; all requests when absent. */
  path?: string;
  /** HTTP method to match (e.g. "POST": v1's create path is a prefix of its get and list paths). */
  method?: string;
  /** How many matching requests to fail (default 1). */
  count?: number;
  /** HTTP status to answer with (body is the envelope below). */
  status?: number;
  /** Business code in the envelope (HTTP 200 unless status is set). */
  code?: number;
  message?: string;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Delay before handling (or failing) the request. */
  latencyMs?: number;
  /**
   * Handle the request, then hold the answer this long before sending it: a success the client may
   * time out on (the job exists, the client does not know).
   */
  holdReplyMs?: number;
  /** Handle the request, then destroy the socket instead of answering: a success that is lost. */
  dropReply?: boolean;
}

export interface FaultConfig {
  requests?: RequestFault[];
  /** Added to every request. */
  latencyMs?: number;
  /** Jobs pause at this progress (0..100) until cleared. */
  stallAtProgress?: number | null;
  /** The next job fails with this reason. */
  failNextJob?: string | null;
  /** Unfinished jobs allowed before imports are refused with the "cluster is importing" codes. */
  maxConcurrentImports?: number | null;
}

export class FaultState implements JobFaults {
  requests: (RequestFault & { remaining: number })[] = [];
  latencyMs = 0;
  stallAtProgress?: number;
  failNextJob?: string;
  maxConcurrentImports?: number;

  apply(cfg: FaultConfig): void {
    for (const r of cfg.requests ?? []) this.requests.push({ ...r, remaining: r.count ?? 1 });
    if (cfg.latencyMs !== undefined) this.latencyMs = cfg.latencyMs;
    if (cfg.stallAtProgress !== undefined) this.stallAtProgress = cfg.stallAtProgress ?? undefined;
    if (cfg.failNextJob !== undefined) this.failNextJob = cfg.failNextJob ?? undefined;
    if (cfg.maxConcurrentImports !== undefined)
      this.maxConcurrentImports = cfg.maxConcurrentImports ?? undefined;
  }

  reset(): void {
    this.requests = [];
    this.latencyMs = 0;
    this.stallAtProgress = undefined;
    this.failNextJob = undefined;
    this.maxConcurrentImports = undefined;
  }

  /** The rule that fires for this path (consuming one use), if any. */
  take(path: string, method = "GET"): RequestFault | undefined {
    const rule = this.requests.find(
      (r) =>
        r.remaining > 0 &&
        (!r.path || path.includes(r.path)) &&
        (!r.method || r.method.toUpperCase() === method.toUpperCase()),
    );
    if (!rule) return undefined;
    rule.remaining--;
    this.requests = this.requests.filter((r) => r.remaining > 0);
    return rule;
  }

  snapshot(): FaultConfig {
    return {
      requests: this.requests.map(({ remaining, ...r }) => ({ ...r, count: remaining })),
      latencyMs: this.latencyMs,
      stallAtProgress: this.stallAtProgress ?? null,
      failNextJob: this.failNextJob ?? null,
      maxConcurrentImports: this.maxConcurrentImports ?? null,
    };
  }

  // JobFaults
  failReason(_job: JobRecord): string | undefined {
    const r = this.failNextJob;
    this.failNextJob = undefined;
    return r;
  }

  stallAt(_job: JobRecord): number | undefined {
    return this.stallAtProgress;
  }
}

export function faultsFromEnv(env: NodeJS.ProcessEnv = process.env): FaultConfig | undefined {
  const text = env.EMULATOR_FAULTS;
  if (!text) return undefined;
  try {
    return JSON.parse(text) as FaultConfig;
  } catch (e) {
    throw new Error(`EMULATOR_FAULTS is not valid JSON: ${(e as Error).message}`);
  }
}
