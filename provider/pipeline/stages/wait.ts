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

/**
 * Waits for every job of a split import (they run side by side on the service), one after another;
 * returns one report for all: Completed when all are, rows summed, details concatenated.
 */
export async function waitAll(ctx: RunContext, jobIds: string[], opts: WaitSettings): Promise<ImportJobInfo> {
  if (jobIds.length === 1) return wait(ctx, jobIds[0], opts);
  const done: ImportJobInfo[] = [];
  const deadline = Date.now() + (opts.timeoutMs ?? 3_600_000);
  for (const [i, id] of jobIds.entries()) {
    ctx.say({ stage: "start", message: `waiting for part ${i + 1} of ${jobIds.length}: job ${id}` });
    done.push(await wait(ctx, id, { ...opts, timeoutMs: Math.max(1, deadline - Date.now()) }));
  }
  const sum = (k: "importedRows" | "totalRows") =>
    done.every((j) => j[k] !== undefined) ? done.reduce((a, j) => a + (j[k] ?? 0), 0) : undefined;
  const failed = done.find((j) => j.state !== "Completed");
  return {
    ...done[0],
    state: failed ? failed.state : "Completed",
    reason: failed?.reason,
    progress: done.reduce((a, j) => a + j.progress, 0) / done.length,
    importedRows: sum("importedRows"),
    totalRows: sum("totalRows"),
    details: done.flatMap((j) => j.details),
  };
}
