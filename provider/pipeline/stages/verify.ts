/** Stage 6, verify: the rows the import owns are counted in the collection and must match the source. */
import type { ImportJobInfo } from "../../contracts";
import type { RunContext } from "./context";

type CountContext = Pick<RunContext, "target" | "plan" | "spec">;

/** count(*) of the owned partition; undefined when rows are not owned by partition or the count fails. */
export async function countOwned({ target, plan, spec }: CountContext): Promise<bigint | undefined> {
  if (plan.ownership !== "partition" || !plan.partition) return undefined;
  try {
    return await target.collections.count(spec.dbName, spec.collectionName, {
      partitionNames: [plan.partition],
    });
  } catch {
    return undefined;
  }
}

export interface Verified {
  count: number;
  /** count(*) in the owned partition, or the job's own report when rows cannot be counted. */
  by: "count" | "job";
}

export async function verify(
  ctx: CountContext,
  job: ImportJobInfo,
  expected: number | undefined,
): Promise<Verified> {
  const n = await countOwned(ctx);
  const count = n !== undefined ? Number(n) : job.importedRows;
  if (count === undefined) return { count: expected ?? 0, by: "job" };
  if (expected !== undefined && count !== expected) {
    throw new Error(
      `row count mismatch after import: ${n !== undefined ? `count(*) in partition ${ctx.plan.partition}` : "job report"} says ${count}, the source has ${expected}`,
    );
  }
  return { count, by: n !== undefined ? "count" : "job" };
}
