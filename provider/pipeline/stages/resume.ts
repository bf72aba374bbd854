/**
 * Before anything is staged: a job an earlier run started for the same identity is reused, so a
 * crashed or interrupted run waits for it instead of importing the rows twice.
 */
import type { ImportJobInfo } from "../../contracts";
import { describeStartedJob, findStartedJob } from "../findJob";
import { removeOwnedRows } from "../ownership";
import type { RunContext } from "./context";
import { countOwned } from "./verify";

/** The id of a reusable job: found, not failed, and (if completed) its rows still in the collection. */
export async function resume(ctx: RunContext): Promise<string | undefined> {
  ctx.progress.stage = "start";
  const jobId = await findStartedJob(ctx.target.imports, ctx.store, ctx.plan, ctx.spec);
  if (!jobId) return undefined;
  const job = await describeStartedJob(ctx.target.imports, jobId);
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

async function rowsPresent(ctx: RunContext, job: ImportJobInfo): Promise<boolean> {
  const { target, plan, spec } = ctx;
  if (plan.ownership !== "partition" || !plan.partition) return true;
  const parts = await target.collections.listPartitions(spec.dbName, spec.collectionName);
  if (!parts.includes(plan.partition)) return false;
  const n = await countOwned(ctx);
  const expected = plan.sourceRows ?? job.importedRows;
  return n === undefined || expected === undefined || Number(n) === expected;
}
