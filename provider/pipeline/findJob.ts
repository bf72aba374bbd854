/**
 * Finding the import job an earlier run started for this identity, so no run starts a second one.
 * The job marker, written right after the start, names the job. Right before the start a run writes
 * the marker without a job id — an intent. When the answer to the start request is lost (a timeout,
 * a dropped connection, a killed process), the job may exist although no marker names it: the next
 * run sees the intent and must find the job among the server's jobs by its file names, which carry
 * the identity. List records carry no file names on any of the three APIs, so each candidate is
 * described. Without an intent no start was attempted and nothing is looked up; with one, a failing
 * list or describe fails the run (retried by the next `up`) rather than risk importing rows twice.
 */
import { ApiError } from "../api/errors";
import type { ImportApi, ImportJobInfo } from "../contracts";
import type { ObjectStore } from "../storage/types";
import { readJobMarker, writeJobMarker } from "./staging";
import type { ImportPlan, ImportSpec } from "./types";

/** At most this many earlier jobs of the collection are described while looking. */
const MAX_CANDIDATES = 500;

const namesIdentity = (j: ImportJobInfo, identity: string) =>
  j.details.some((d) => d.fileName.includes(identity)) ||
  ((j as { fileName?: string }).fileName ?? "").includes(identity);

export async function findStartedJob(
  imports: Pick<ImportApi, "listJobs" | "getJob">,
  store: ObjectStore,
  plan: ImportPlan,
  spec: Pick<ImportSpec, "apiKind" | "collectionName" | "dbName">,
): Promise<string | undefined> {
  const marker = await readJobMarker(store, plan);
  if (marker?.identity !== plan.identity || marker.apiKind !== spec.apiKind) return undefined;
  if (marker.jobId) return marker.jobId;
  // An intent without a job id: the start may have happened. Errors propagate from here on.
  const jobs = await imports.listJobs({ collectionName: spec.collectionName, dbName: spec.dbName });
  const candidates = jobs
    .filter((j) => j.state !== "Failed" && (!j.collectionName || j.collectionName === spec.collectionName))
    .slice(-MAX_CANDIDATES);
  for (const j of candidates) {
    const job = j.details.length > 0 ? j : await imports.getJob(j.jobId);
    if (job.state !== "Failed" && namesIdentity(job, plan.identity)) return j.jobId;
  }
  return undefined;
}

/** Records, before the start request, that a job may exist for this identity from now on. */
export function markStartIntent(store: ObjectStore, plan: ImportPlan, apiKind: string): Promise<void> {
  return writeJobMarker(store, plan, {
    jobId: "",
    identity: plan.identity,
    apiKind,
    startedAt: new Date().toISOString(),
  });
}

/**
 * The record of a job an earlier run started, or undefined when the server answers that it does not
 * know it (then a new job is started). Failing to ask — network, timeout, 5xx or 429 after the
 * client's retries, an abort — is thrown: the job may still be running, and starting another one
 * would import its rows twice.
 */
export async function describeStartedJob(
  imports: Pick<ImportApi, "getJob">,
  jobId: string,
): Promise<ImportJobInfo | undefined> {
  try {
    return await imports.getJob(jobId);
  } catch (e) {
    if (e instanceof ApiError && (e.transient || e.kind === "aborted")) throw e;
    return undefined;
  }
}
