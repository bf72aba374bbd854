/** Stage 5, wait: polls the job until it completes, reporting each change. */

import { waitForImport } from "../../api/waiter";
import type { ImportJobInfo } from "../../contracts";
import type { RunContext } from "./context";
import { timed } from "./context";

export interface WaitSettings {
  /** Overall wait timeout (default 1 h). */
  timeoutMs?: number;
  /** First poll interval (default 1 s). */
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

export function wait(ctx: RunContext, jobId: string, opts: WaitSettings): Promise<ImportJobInfo> {
  ctx.progress.stage = "wait";
  const poll = opts.pollIntervalMs ?? 1000;
  return timed(ctx.timings, "waitMs", () =>
    waitForImport(ctx.target.imports, jobId, {
      timeoutMs: opts.timeoutMs ?? 3_600_000,
      initialIntervalMs: poll,
      maxIntervalMs: Math.max(poll, 15_000),
      signal: opts.signal,
      onProgress: (j) => {
        ctx.progress.job = j;
        ctx.say({
          stage: "wait",
          message: `job ${jobId}: ${j.state} ${Math.round(j.progress * 100)}%`,
          job: j,
        });
      },
    }),
  );
}
