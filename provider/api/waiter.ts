/**
 * Waits for an import job to finish: adaptive polling (fast at first, slower while nothing changes),
 * an overall timeout, cancellation, progress callbacks and stall detection. A stall is reported, never
 * fatal: a job can sit at "Importing" 80 % with every file Completed while indexes build for minutes
 * (milvus#39348); only the timeout ends the wait.
 */
import { sleep } from "./backoff";
import { ApiError, type ApiFlavor, ImportJobFailedError, WaitTimeoutError } from "./errors";
import type { ImportApi, ImportJobInfo } from "./types";

export type StallKind =
  /** Every file is Completed but the job is not (index building, milvus#39348). */
  | "files-complete-job-pending"
  /** Neither state, progress nor imported rows changed for `stallAfterMs`. */
  | "no-progress";

export interface StallReport {
  kind: StallKind;
  jobId: string;
  /** ms since the condition started. */
  sinceMs: number;
  job: ImportJobInfo;
  message: string;
}

export interface WaitOptions {
  /** Overall timeout (default 1 h). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** First poll interval (default 500 ms). */
  initialIntervalMs?: number;
  /** Longest poll interval (default 15 s). */
  maxIntervalMs?: number;
  /** Interval growth while nothing changes (default 1.5). */
  backoffFactor?: number;
  /** Report "no-progress" after this long without change (default 5 min). */
  stallAfterMs?: number;
  /** Consecutive failed polls (after the HTTP layer's own retries) before giving up (default 5). */
  maxPollFailures?: number;
  /** Called after every poll with the job as seen. */
  onProgress?: (job: ImportJobInfo) => void;
  /** Called once per stall episode. */
  onStall?: (report: StallReport) => void;
  /** Clock and sleep (tests). */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Anything with getJob (every ImportApi); the signal is passed through when the client takes one. */
type Pollable = Pick<ImportApi, "getJob"> & { readonly kind?: string };

const fingerprint = (j: ImportJobInfo) =>
  `${j.state}|${j.progress}|${j.importedRows ?? ""}|${j.details.map((d) => `${d.state}:${d.progress}:${d.importedRows ?? ""}`).join(",")}`;

function allFilesCompleteJobPending(job: ImportJobInfo): boolean {
  return (
    job.state === "Importing" &&
    job.progress < 1 &&
    job.details.length > 0 &&
    job.details.every((d) => d.state === "Completed")
  );
}

/** Resolves with the Completed job; rejects with ImportJobFailedError, WaitTimeoutError or ApiError. */
export async function waitForImport(
  api: Pollable,
  jobId: string,
  opts: WaitOptions = {},
): Promise<ImportJobInfo> {
  const now = opts.now ?? (() => Date.now());
  const sleepFn = opts.sleep ?? sleep;
  const kind = (api as { kind?: string }).kind;
  const flavor: ApiFlavor = kind === "zilliz-v1" || kind === "zilliz-v2" ? kind : "milvus-v2";
  const timeoutMs = opts.timeoutMs ?? 3_600_000;
  const initial = opts.initialIntervalMs ?? 500;
  const maxInterval = Math.max(initial, opts.maxIntervalMs ?? 15_000);
  const factor = opts.backoffFactor ?? 1.5;
  const stallAfterMs = opts.stallAfterMs ?? 300_000;
  const maxFailures = opts.maxPollFailures ?? 5;
  const start = now();
  const deadline = start + timeoutMs;

  let interval = initial;
  let last: ImportJobInfo | undefined;
  let lastChange = start;
  let lastPrint = "";
  let failures = 0;
  let filesDoneSince: number | undefined;
  const reported = new Set<StallKind>();
  let stallNote: string | undefined;

  const aborted = () =>
    new ApiError({
      kind: "aborted",
      api: flavor,
      code: "ABORTED",
      meaning: `Waiting for import job ${jobId} was cancelled`,
    });

  for (;;) {
    if (opts.signal?.aborted) throw aborted();
    let job: ImportJobInfo | undefined;
    try {
      job = await (api.getJob as (id: string, signal?: AbortSignal) => Promise<ImportJobInfo>).call(
        api,
        jobId,
        opts.signal,
      );
      failures = 0;
    } catch (err) {
      if (opts.signal?.aborted) throw aborted();
      // The HTTP layer already retried transient failures; tolerate a few more polls (e.g. a proxy
      // restarting) but never a permanent error such as an unknown job id.
      if (!(err instanceof ApiError && err.transient) || ++failures >= maxFailures) throw err;
    }
    const t = now();
    if (job) {
      last = job;
      opts.onProgress?.(job);
      if (job.state === "Completed") return job;
      if (job.state === "Failed") throw new ImportJobFailedError(job);

      const print = fingerprint(job);
      if (print !== lastPrint) {
        lastPrint = print;
        lastChange = t;
        reported.delete("no-progress");
        // Something moved: poll a little faster again.
        interval = Math.max(initial, interval / factor);
      } else {
        interval = Math.min(maxInterval, interval * factor);
      }

      if (allFilesCompleteJobPending(job)) {
        filesDoneSince ??= t;
        if (!reported.has("files-complete-job-pending")) {
          reported.add("files-complete-job-pending");
          stallNote =
            `All ${job.details.length} file(s) are Completed but the job is still ${job.rawState ?? job.state} at ` +
            `${Math.round(job.progress * 100)}% (index building; milvus#39348).`;
          opts.onStall?.({
            kind: "files-complete-job-pending",
            jobId,
            sinceMs: t - filesDoneSince,
            job,
            message: `${stallNote} Still waiting.`,
          });
        }
      } else {
        filesDoneSince = undefined;
        reported.delete("files-complete-job-pending");
      }
      if (t - lastChange >= stallAfterMs && !reported.has("no-progress")) {
        reported.add("no-progress");
        stallNote = `No change for ${Math.round((t - lastChange) / 1000)}s at state ${job.state}, ${Math.round(job.progress * 100)}%.`;
        opts.onStall?.({
          kind: "no-progress",
          jobId,
          sinceMs: t - lastChange,
          job,
          message: `${stallNote} Still waiting.`,
        });
      }
    } else {
      interval = Math.min(maxInterval, interval * factor);
    }

    const remaining = deadline - t;
    if (remaining <= 0) throw new WaitTimeoutError(jobId, timeoutMs, last, stallNote);
    try {
      await sleepFn(Math.min(interval, remaining), opts.signal);
    } catch {
      throw aborted();
    }
  }
}
