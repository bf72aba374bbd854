/**
 * Before anything is staged: jobs an earlier run started for the same identity are reused, so a
 * crashed or interrupted run waits for them instead of importing the rows twice. A split import has
 * one job per part (see start.ts); each part's job is judged on its own.
 */
import type { ImportJobInfo } from "../../contracts";
import { removeOwnedRows } from "../ownership";
import { readJobMarker } from "../staging";
import type { RunContext } from "./context";
import { countOwned } from "./verify";

export interface ResumedJobs {
  /** The job of each part an earlier run started (undefined: none, or it failed: start it again). */
  jobIds: (string | undefined)[];
  /** How many parts that run split the import into (1 for a single job; 0: unknown, no marker). */
  parts: number;
  /** No marker (a run died between start and marker): the jobs listed for this identity, with their files. */
  listed?: ListedJob[];
}

/** Jobs described for their file names when the job list has none (Milvus keeps ~3 h of jobs). */
const DESCRIBE_LIMIT = 64;

export interface ListedJob {
  jobId: string;
  files: string[];
}

/**
 * The reusable jobs of this identity: found and not failed (a failed job imported nothing). When every
 * part completed but the rows are no longer all there, the rows left are removed and nothing is reused.
 */
export async function resume(ctx: RunContext): Promise<ResumedJobs | undefined> {
  ctx.progress.stage = "start";
  const found = await findExistingJobs(ctx);
  if (!found) return undefined;
  if (found.listed) return found;
  const jobs = await Promise.all(
    found.jobIds.map((id) => (id ? ctx.target.imports.getJob(id).catch(() => undefined) : undefined)),
  );
  const jobIds = jobs.map((j) => (j && j.state !== "Failed" ? j.jobId : undefined));
  const live = jobs.filter((j): j is ImportJobInfo => j !== undefined && j.state !== "Failed");
  if (live.length === 0) return undefined;
  // Rows can be judged only when the marker says how many parts there are and all of them are done.
  const allDone = live.length === found.parts && live.every((j) => j.state === "Completed");
  if (allDone && !(await rowsPresent(ctx, live))) {
    ctx.say({
      stage: "start",
      message: `job ${live.map((j) => j.jobId).join(", ")} completed earlier but its rows are gone; importing again`,
    });
    await removeOwnedRows(ctx.target.collections, ctx.store, { ...ctx.spec, ...ctx.plan });
    return undefined;
  }
  return { jobIds, parts: found.parts };
}

/** The job marker first; after a crash between start and marker, the jobs whose file names carry the identity. */
async function findExistingJobs({ target, store, plan, spec }: RunContext): Promise<ResumedJobs | undefined> {
  const marker = await readJobMarker(store, plan);
  if (marker?.identity === plan.identity && marker.apiKind === spec.apiKind)
    return marker.jobIds
      ? { jobIds: marker.jobIds, parts: marker.parts ?? marker.jobIds.length }
      : { jobIds: [marker.jobId], parts: 1 };
  const jobs = await target.imports
    .listJobs({ collectionName: spec.collectionName, dbName: spec.dbName })
    .catch(() => []);
  const filesOf = (j: ImportJobInfo) =>
    [...j.details.map((d) => d.fileName), (j as { fileName?: string }).fileName ?? ""].filter(Boolean);
  const listed: ListedJob[] = [];
  // Milvus's job list carries no file names: the newest jobs are described one by one for theirs.
  let described = 0;
  for (const j of [...jobs].reverse()) {
    if (j.state === "Failed") continue;
    let files = filesOf(j);
    if (files.length === 0 && described++ < DESCRIBE_LIMIT) {
      const full = await target.imports.getJob(j.jobId).catch(() => undefined);
      files = full && full.state !== "Failed" ? filesOf(full) : [];
    }
    if (files.some((f) => f.includes(plan.identity))) listed.push({ jobId: j.jobId, files });
  }
  // How many parts there were is not known here: start.ts matches these to parts by their files.
  return listed.length > 0 ? { jobIds: [], parts: 0, listed } : undefined;
}

/**
 * Jobs found by listing (no marker) once matched to parts: reusable unless all are completed and
 * their rows are no longer all there — then the rows left are removed and every part starts again.
 */
export async function listedJobsReusable(ctx: RunContext, jobIds: string[]): Promise<boolean> {
  const jobs = await Promise.all(jobIds.map((id) => ctx.target.imports.getJob(id).catch(() => undefined)));
  if (jobs.some((j) => j?.state !== "Completed")) return true;
  if (await rowsPresent(ctx, jobs as ImportJobInfo[])) return true;
  ctx.say({
    stage: "start",
    message: `job ${jobIds.join(", ")} completed earlier but its rows are gone; importing again`,
  });
  await removeOwnedRows(ctx.target.collections, ctx.store, { ...ctx.spec, ...ctx.plan });
  return false;
}

async function rowsPresent(ctx: RunContext, jobs: ImportJobInfo[]): Promise<boolean> {
  const { target, plan, spec } = ctx;
  if (plan.ownership !== "partition" || !plan.partition) return true;
  const parts = await target.collections.listPartitions(spec.dbName, spec.collectionName);
  if (!parts.includes(plan.partition)) return false;
  const n = await countOwned(ctx);
  const reported = jobs.every((j) => j.importedRows !== undefined)
    ? jobs.reduce((a, j) => a + (j.importedRows ?? 0), 0)
    : undefined;
  const expected = plan.sourceRows ?? reported;
  return n === undefined || expected === undefined || Number(n) === expected;
}
