/**
 * Before anything is staged: a job an earlier run started for the same identity is reused, so a
 * crashed or interrupted run waits for it instead of importing the rows twice.
 */
import type { ImportJobInfo } from "../../contracts";
import { removeOwnedRows } from "../ownership";
import { readJobMarker } from "../staging";
import type { RunContext } from "./context";
import { countOwned } from "./verify";

/** The id of a reusable job: found, not failed, and (if completed) its rows still in the collection. */
export async function resume(ctx: RunContext): Promise<string | undefined> {
  ctx.progress.stage = "start";
  const jobId = await findExistingJob(ctx);
  if (!jobId) return undefined;
  const job = await ctx.target.imports.getJob(jobId).catch(() => undefined);
  if (!job || job.state === "Failed") return undefined;
  if (job.state === "Completed" && !(await rowsPresent(ctx, job))) {
    ctx.say({
      stage: "start",
      message: `job ${jobId} completed earlier but its rows are gone; importing again`,
    });
    await removeOwnedRows(ctx.target.collections, ctx.store, { ...ctx.spec, ...ctx.plan });
    return undefined;
  }
  return jobId;
}

/** The job marker first; after a crash between start and marker, the job whose file names carry the identity. */
async function findExistingJob({ target, store, plan, spec }: RunContext): Promise<string | undefined> {
  const marker = await readJobMarker(store, plan);
  if (marker?.identity === plan.identity && marker.apiKind === spec.apiKind) return marker.jobId;
  const jobs = await target.imports
    .listJobs({ collectionName: spec.collectionName, dbName: spec.dbName })
    .catch(() => []);
  const ours = jobs.filter(
    (j) =>
      j.state !== "Failed" &&
      (j.details.some((d) => d.fileName.includes(plan.identity)) ||
        (j as { fileName?: string }).fileName?.includes(plan.identity)),
  );
  return ours[0]?.jobId;
}

async function rowsPresent(ctx: RunContext, job: ImportJobInfo): Promise<boolean> {
  const { target, plan, spec } = ctx;
  if (plan.ownership !== "partition" || !plan.partition) return true;
  const parts = await target.collections.listPartitions(spec.dbName, spec.collectionName);
  if (!parts.includes(plan.partition)) return false;
  const n = await countOwned(ctx);
  const expected = plan.sourceRows ?? job.importedRows;
  return n === undefined || expected === undefined || Number(n) === expected;
}
