/** What every stage of one run shares: the spec, its plan, the opened target and store, and the run's record. */
import type { CollectionSchema } from "../../schema/types";
import type { ObjectStore } from "../../storage/types";
import type { Target } from "../../targets/types";
import type { Collaborators } from "../deps";
import type { RunProgress } from "../runError";
import type { ImportPlan, ImportSpec, ProgressFn, StageTimings } from "../types";

export interface RunContext {
  readonly spec: ImportSpec;
  readonly deps: Collaborators;
  readonly schema: CollectionSchema;
  readonly plan: ImportPlan;
  readonly target: Target;
  readonly store: ObjectStore;
  /** Updated as the run goes, so a failure can say how far it got. */
  readonly progress: RunProgress;
  readonly timings: StageTimings;
  readonly say: ProgressFn;
  /** Rows written and bytes uploaded so far, per batch / part (progress bars; not for logs). */
  readonly onAmount?: (a: StageAmount) => void;
}

export interface StageAmount {
  stage: "write" | "upload";
  done: number;
  total: number;
  unit: "rows" | "bytes";
}

/** Runs `fn` and records its duration under `key` when it succeeds. */
export async function timed<T>(
  timings: StageTimings,
  key: keyof StageTimings,
  fn: () => Promise<T>,
): Promise<T> {
  const t = Date.now();
  const out = await fn();
  timings[key] = Date.now() - t;
  return out;
}
