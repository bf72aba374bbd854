/** How far a failed run got: what the next run (or Pulumi state) needs to resume it. */
import type { ImportJobInfo } from "../contracts";

export type RunStage = "plan" | "write" | "upload" | "start" | "wait" | "verify";

/** What a failed run had already done: enough for the next run (or Pulumi state) to resume. */
export interface RunProgress {
  identity?: string;
  dataHash?: string;
  partition?: string;
  ownership?: string;
  prefix?: string;
  jobId?: string;
  /** Every job of a split import (jobId is the first). */
  jobIds?: string[];
  stage: RunStage;
  job?: ImportJobInfo;
  objectUrls?: string[];
}

export class ImportRunError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly progress: RunProgress,
  ) {
    super(
      `${progress.stage} failed${progress.jobId ? ` (job ${progress.jobId})` : ""}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = "ImportRunError";
  }
  /** true once anything exists outside this process (files staged, partition created, job started). */
  get hadSideEffects(): boolean {
    return this.progress.stage !== "plan";
  }
}
