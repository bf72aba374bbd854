/**
 * Finding the import jobs an earlier run started for this identity, so no run starts a second one.
 * The job marker names the job of each part started so far; it is rewritten right after every start.
 * Right before each start a run rewrites it with `intent` set: a start request is under way. When its
 * answer is lost (a timeout, a dropped connection, a killed process) the job may exist although no
 * marker names it, so the next run that sees the intent looks for it among the server's jobs by file
 * names, which carry the identity. List records carry no file names on any of the three APIs, so
 * candidates are described. With an intent, a failing list or describe fails the run (the next `up`
 * retries) rather than risk importing rows twice. Without any marker (a run of a version that wrote
 * no intent died between start and marker) the jobs are looked for the same way, best effort.
 */
import { ApiError } from "../api/errors";
import type { ImportApi, ImportJobInfo } from "../contracts";
import type { ObjectStore } from "../storage/types";
import { readJobMarker, writeJobMarker } from "./staging";
import type { ImportPlan, ImportSpec } from "./types";

export interface ResumedJobs {
  /** The job of each part an earlier run started (undefined: none, or it failed: start it again). */
  jobIds: (string | undefined)[];
  /** How many parts that run split the import into (1 for a single job; 0: unknown, no marker). */
  parts: number;
  /** Jobs listed for this identity, with their files: when there was no marker, or it had an intent. */
  listed?: ListedJob[];
}

export interface ListedJob {
  jobId: string;
  files: string[];
}

/** Jobs described for their file names when the job list has none (Milvus keeps ~3 h of jobs). */
const DESCRIBE_LIMIT = 64;

type Imports = Pick<ImportApi, "listJobs" | "getJob">;
type Spec = Pick<ImportSpec, "apiKind" | "collectionName" | "dbName">;

/** The jobs the marker names and, after an intent or without a marker, those found by listing. */
export async function findStartedJobs(
  imports: Imports,
  store: ObjectStore,
  plan: Pick<ImportPlan, "identity" | "prefix">,
  spec: Spec,
): Promise<ResumedJobs | undefined> {
  const marker = await readJobMarker(store, plan as ImportPlan);
  if (marker?.identity === plan.identity && marker.apiKind === spec.apiKind) {
    const jobIds: (string | undefined)[] = marker.jobIds ?? (marker.jobId ? [marker.jobId] : []);
    const parts = marker.parts ?? 1;
    if (!marker.intent) return { jobIds, parts };
    // A start was under way: its job may exist. Errors propagate from here on.
    return { jobIds, parts, listed: await listJobsOfIdentity(imports, plan.identity, spec, true) };
  }
  const listed = await listJobsOfIdentity(imports, plan.identity, spec, false);
  // How many parts there were is not known here: start.ts matches these to parts by their files.
  return listed.length > 0 ? { jobIds: [], parts: 0, listed } : undefined;
}

/**
 * The collection's jobs (not failed) whose files carry the identity, newest first. `strict`: a failing
 * list or describe is thrown; otherwise it counts as "no such job".
 */
async function listJobsOfIdentity(
  imports: Imports,
  identity: string,
  spec: Spec,
  strict: boolean,
): Promise<ListedJob[]> {
  const lenient = <T>(p: Promise<T>, fallback: T) => (strict ? p : p.catch(() => fallback));
  const jobs = await lenient(
    imports.listJobs({ collectionName: spec.collectionName, dbName: spec.dbName }),
    [] as ImportJobInfo[],
  );
  const filesOf = (j: ImportJobInfo) =>
    [...j.details.map((d) => d.fileName), (j as { fileName?: string }).fileName ?? ""].filter(Boolean);
  const listed: ListedJob[] = [];
  let described = 0;
  for (const j of [...jobs].reverse()) {
    if (j.state === "Failed") continue;
    if (j.collectionName && j.collectionName !== spec.collectionName) continue;
    let files = filesOf(j);
    if (files.length === 0 && described++ < DESCRIBE_LIMIT) {
      const full = await lenient(imports.getJob(j.jobId), undefined);
      files = full && full.state !== "Failed" ? filesOf(full) : [];
    }
    if (files.some((f) => f.includes(identity))) listed.push({ jobId: j.jobId, files });
  }
  return listed;
}

/**
 * Records, right before a start request, that a job may exist for this identity from now on:
 * `started` are the jobs of the parts before it (the marker keeps naming them).
 */
export function markStartIntent(
  store: ObjectStore,
  plan: Pick<ImportPlan, "identity" | "prefix">,
  apiKind: string,
  started: string[] = [],
  parts = 1,
): Promise<void> {
  return writeJobMarker(store, plan as ImportPlan, {
    jobId: started[0] ?? "",
    identity: plan.identity,
    apiKind,
    startedAt: new Date().toISOString(),
    intent: true,
    ...(parts > 1 ? { parts, jobIds: [...started] } : {}),
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
