/**
 * Stage 4, start: the import job — or, when the files exceed what one request may carry, one job per
 * part (jobParts.ts) — each recorded in the marker object right after it starts, so a later run finds
 * them. A part whose job an earlier run started is not started again: the marker names it, or (after a
 * crash between start and marker) the job list shows a job importing its files, or the part's
 * idempotency key makes the service return the job it already has.
 */
import { primaryField } from "../../schema/fields";
import { storeDescriptor } from "../../storage/stores";
import type { RequestLimits } from "../../targets/types";
import { type JobPart, jobImportsPart, splitIntoParts } from "../jobParts";
import { dataInputOf } from "../plan";
import { writeJobMarker, writeKeysMarker } from "../staging";
import type { RunContext } from "./context";
import { timed } from "./context";
import type { ResumedJobs } from "./resume";
import type { StagedFiles } from "./stageFiles";

/** The parts of this run's import: one unless the files exceed the target's request limits. */
export function jobParts(ctx: RunContext, staged: StagedFiles, limits?: Partial<RequestLimits>): JobPart[] {
  const { target, plan } = ctx;
  const lim: RequestLimits = { ...target.requestLimits, ...limits };
  const total = staged.sizes.reduce((a, b) => a + b, 0);
  if (target.fileGrouping === "dataFolder") {
    // One folder URL per job: its files cannot be split over several jobs.
    if (staged.files > lim.maxFiles || (lim.maxTotalBytes !== undefined && total > lim.maxTotalBytes))
      throw new Error(
        `${staged.files} file(s), ${total} bytes exceed one ${ctx.spec.apiKind} import request ` +
          `(${lim.maxFiles} files${lim.maxTotalBytes !== undefined ? `, ${lim.maxTotalBytes} bytes` : ""}), ` +
          "and this API takes one folder per job: use larger segments (writer segmentSize) or api zilliz-v2",
      );
    return splitIntoParts(staged.groups, staged.sizes, { maxFiles: 1 }, plan.identity);
  }
  return splitIntoParts(staged.groups, staged.sizes, lim, plan.identity);
}

/**
 * Starts every part that has no job yet (`known[i]`: the job an earlier run started for part i);
 * returns the job of every part, in order.
 */
export async function start(
  ctx: RunContext,
  parts: JobPart[],
  known: (string | undefined)[],
): Promise<string[]> {
  const { spec, plan, store, target } = ctx;
  ctx.progress.stage = "start";
  if (plan.ownership === "primaryKeys" && known.every((j) => j === undefined)) {
    // Written before any job starts: a replace or destroy must find the keys even if this run dies.
    const pk = primaryField(ctx.schema)!;
    const keys = await ctx.deps.data.primaryKeys(ctx.schema, dataInputOf(spec, plan));
    await writeKeysMarker(store, plan, pk.name, keys);
  }
  return timed(ctx.timings, "startMs", async () => {
    const jobIds: string[] = [];
    for (const part of parts) {
      let jobId = known[part.index];
      if (!jobId) {
        ({ jobId } = await target.imports.startImport({
          dbName: spec.dbName,
          collectionName: spec.collectionName,
          partitionName: plan.partition,
          files: part.groups,
          idempotencyKey: part.key,
          storageCredentials: target.sendsStorageCredentials
            ? storeDescriptor(spec.storage.provider).requestCredentials(spec.storage)
            : undefined,
        }));
        if (parts.length > 1)
          ctx.say({ stage: "start", message: `part ${part.index + 1} of ${parts.length}: job ${jobId}` });
      }
      jobIds.push(jobId);
      await writeJobMarker(store, plan, {
        jobId: jobIds[0],
        identity: plan.identity,
        apiKind: spec.apiKind,
        startedAt: new Date().toISOString(),
        ...(parts.length > 1 ? { parts: parts.length, jobIds: [...jobIds] } : {}),
      });
    }
    return jobIds;
  });
}

/**
 * The job an earlier run started for each part, as far as it is known: from the marker when that run
 * split the files the same way, else (no marker) the listed job importing the part's files.
 */
export function knownJobs(
  ctx: RunContext,
  parts: JobPart[],
  resumed: ResumedJobs | undefined,
): (string | undefined)[] {
  if (!resumed) return parts.map(() => undefined);
  if (resumed.listed) {
    const listed = resumed.listed;
    return parts.map((p) => listed.find((j) => jobImportsPart(j.files, p, ctx.plan.identity))?.jobId);
  }
  return parts.map((p) => (resumed.parts === parts.length ? resumed.jobIds[p.index] : undefined));
}
