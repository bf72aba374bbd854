/**
 * Maps the three progress/list response shapes onto the one job model (ImportJobInfo): states
 * Pending/Importing/Completed/Failed and progress 0..1.
 */
import type { ImportFileDetail, ImportJobInfo, JobState } from "./types";

/** Job and task state names of every API onto our four states (unknown names count as Importing). */
const STATE_NAMES: Record<string, JobState> = {
  // Zilliz v2 / Milvus job states
  pending: "Pending",
  importing: "Importing",
  completed: "Completed",
  failed: "Failed",
  // dev-only Milvus states while auto_commit=false: the data is not visible yet
  uncommitted: "Importing",
  committing: "Importing",
  // Milvus task states in details[]
  inprogress: "Importing",
  retry: "Importing",
  none: "Pending",
  preimporting: "Importing",
  // Zilliz v1 list states (ImportPending is plausible, undocumented)
  importpending: "Pending",
  importrunning: "Importing",
  importcompleted: "Completed",
  importfailed: "Failed",
};

export function normalizeState(raw: unknown): JobState {
  if (typeof raw !== "string") return "Importing";
  return STATE_NAMES[raw.toLowerCase()] ?? "Importing";
}

const num = (v: unknown): number | undefined => {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** v2 APIs report progress as an integer 0..100. */
function normalizeV2Progress(progress: unknown): number {
  return clamp01((num(progress) ?? 0) / 100);
}

/**
 * The scale of Zilliz v1 `readyPercentage` is undocumented: Zilliz's own example shows 1 for a
 * finished job (0..1), but a 0..100 scale cannot be ruled out. Values above 1 prove the 0..100 scale;
 * the tracker remembers that per client so a later "1" reads as 1 %, not 100 %.
 */
export class V1ScaleTracker {
  percentScale = false;
  observe(value: number | undefined): void {
    if (value !== undefined && value > 1) this.percentScale = true;
  }
}

/**
 * readyPercentage -> progress 0..1. `finished` (a non-null completeTime) resolves the one ambiguous
 * value, exactly 1: with completeTime it means done (a finished job reports 1 plus a
 * completeTime); without one it is either 100 % not yet stamped or 1 %, and we report 0.01 so a job
 * is never called done before the server stamps completeTime.
 */
export function normalizeV1Percentage(value: unknown, finished: boolean, tracker?: V1ScaleTracker): number {
  const v = num(value);
  if (v === undefined) return finished ? 1 : 0;
  tracker?.observe(v);
  if (v > 1 || tracker?.percentScale) return clamp01(v / 100);
  if (v === 1) return finished ? 1 : 0.01;
  return clamp01(v);
}

function v1State(pct: number, completeTime: string | undefined, errorMessage: string | undefined): JobState {
  if (errorMessage) return "Failed";
  if (completeTime && pct >= 1) return "Completed";
  return pct > 0 ? "Importing" : "Pending";
}

export function jobFromV1Progress(
  data: Record<string, unknown>,
  jobId: string,
  tracker?: V1ScaleTracker,
): ImportJobInfo {
  const rawDetails = Array.isArray(data.details) ? (data.details as Record<string, unknown>[]) : [];
  // Observe every value first so the scale decision is consistent within one response.
  tracker?.observe(num(data.readyPercentage));
  for (const d of rawDetails) tracker?.observe(num(d.readyPercentage));
  const details: ImportFileDetail[] = rawDetails.map((d) => {
    const ct = str(d.completeTime);
    const err = str(d.errorMessage);
    const p = normalizeV1Percentage(d.readyPercentage, ct !== undefined, tracker);
    return {
      fileName: String(d.fileName ?? ""),
      fileSize: num(d.fileSize),
      state: v1State(p, ct, err),
      progress: p,
      reason: err,
    };
  });
  const completeTime = str(data.completeTime);
  const errorMessage = str(data.errorMessage) ?? details.find((d) => d.state === "Failed")?.reason;
  const progress = normalizeV1Percentage(data.readyPercentage, completeTime !== undefined, tracker);
  const state = v1State(progress, completeTime, errorMessage);
  return {
    jobId: str(data.jobId) ?? jobId,
    collectionName: String(data.collectionName ?? ""),
    state,
    progress: state === "Completed" ? 1 : progress,
    reason: errorMessage,
    completeTime,
    details,
  };
}

/** Zilliz v2 getProgress/describe and Milvus describe/get_progress `data`. */
export function jobFromV2Progress(data: Record<string, unknown>, jobId: string): ImportJobInfo {
  const rawDetails = Array.isArray(data.details) ? (data.details as Record<string, unknown>[]) : [];
  const state = normalizeState(data.state);
  return {
    jobId: str(data.jobId) ?? str(data.jobID) ?? jobId,
    collectionName: String(data.collectionName ?? ""),
    state,
    progress: state === "Completed" ? 1 : normalizeV2Progress(data.progress),
    importedRows: num(data.importedRows),
    totalRows: num(data.totalRows),
    reason: str(data.reason),
    createTime: str(data.createTime),
    completeTime: str(data.completeTime),
    rawState: typeof data.state === "string" ? data.state : undefined,
    details: rawDetails.map((d) => ({
      fileName: String(d.fileName ?? ""),
      fileSize: num(d.fileSize),
      state: normalizeState(d.state),
      progress: normalizeV2Progress(d.progress),
      importedRows: num(d.importedRows),
      totalRows: num(d.totalRows),
      reason: str(d.reason),
    })),
  };
}

/** A list record (all APIs): jobId, collectionName, state and, where given, progress/reason. */
export function jobFromListRecord(r: Record<string, unknown>, v1 = false): ImportJobInfo {
  const state = normalizeState(r.state);
  const p = num(r.progress);
  return {
    jobId: String(r.jobId ?? r.jobID ?? ""),
    collectionName: String(r.collectionName ?? ""),
    state,
    progress: state === "Completed" ? 1 : p === undefined ? 0 : v1 ? clamp01(p) : normalizeV2Progress(p),
    reason: str(r.reason),
    rawState: typeof r.state === "string" ? r.state : undefined,
    details: [],
  };
}
