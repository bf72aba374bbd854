/**
 * Before anything is staged: jobs an earlier run started for the same identity are reused, so a
 * crashed or interrupted run waits for them instead of importing the rows twice. A split import has
 * one job per part (see start.ts); each part's job is judged on its own.
 */
import type { ImportJobInfo } from "../../contracts";
import { describeStartedJob, findStartedJobs, type ListedJob, type ResumedJobs } from "../findJob";
import { removeOwnedRows } from "../ownership";
import type { RunContext } from "./context";
import { countOwned } from "./verify";

export type { ListedJob, ResumedJobs };

/**
 * The reusable jobs of this identity: found and not failed (a failed job imported nothing). When every
 * part completed but the rows are no longer all there, the rows left are removed and nothing is reused.
 */
export async function resume(ctx: RunContext): Promise<ResumedJobs | undefined> {
  ctx.progress.stage = "start";
  const { imports } = ctx.target;
  const found = await findStartedJobs(imports, ctx.store, ctx.plan, ctx.spec);
  if (!found) return undefined;
  if (found.parts === 0) return found;
  // A marker's job is given up only when the server does not know it or it failed (findJob.ts).
  const jobs = await Promise.all(
    found.jobIds.map((id) => (id ? describeStartedJob(imports, id) : undefined)),
  );
  const jobIds = jobs.map((j) => (j && j.state !== "Failed" ? j.jobId : undefined));
  // After an intent the jobs the marker names are kept and the listed ones fill the other parts.
  if (found.listed) return { jobIds, parts: found.parts, listed: found.listed };
  const live = jobs.filter((j): j is ImportJobInfo => j !== undefined && j.state !== "Failed");
  if (live.length === 0) return undefined;
  // Rows can be judged only when the marker says how many parts there are and all of them are done.
  const allDone = live.length === found.parts && live.every((j) => j.state === "Completed");
  if (allDone && !(await rowsPresent(ctx, live))) {
    await discardVanishedImport(
      ctx,
      live.map((j) => j.jobId),
    );
    return undefined;
  }
  return { jobIds, parts: found.parts };
}

/**
 * Jobs found by listing (no marker, or an intent) once matched to parts: reusable unless all are completed and
 * their rows are no longer all there — then the rows left are removed and every part starts again.
 */
export async function listedJobsReusable(ctx: RunContext, jobIds: string[]): Promise<boolean> {
  const jobs = await Promise.all(jobIds.map((id) => ctx.target.imports.getJob(id).catch(() => undefined)));
  if (jobs.some((j) => j?.state !== "Completed")) return true;
  if (await rowsPresent(ctx, jobs as ImportJobInfo[])) return true;
  await discardVanishedImport(ctx, jobIds);
  return false;
}

/** Completed jobs whose rows are no longer all there: the rows left are removed before importing again. */
async function discardVanishedImport(ctx: RunContext, jobIds: string[]): Promise<void> {
  ctx.say({
    stage: "start",
    message: `job ${jobIds.join(", ")} completed earlier but its rows are gone; importing again`,
  });
  await removeOwnedRows(ctx.target.collections, ctx.store, { ...ctx.spec, ...ctx.plan });
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
