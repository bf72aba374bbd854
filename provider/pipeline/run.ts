/**
 * The whole import, resumable: plan -> resume -> stage files -> start -> wait -> verify. Every side
 * effect is keyed by the identity, so running it again after a crash or a failure continues where the
 * last run stopped: uploaded files are skipped, a started job is found (marker object, then the job
 * list) and waited for instead of being started twice.
 */
import { normalizeSchema } from "../schema/normalize";
import type { RequestLimits, Target } from "../targets/types";
import type { Collaborators } from "./deps";
import type { HashOptions } from "./hashSource";
import { ensurePartition } from "./ownership";
import { plan as makePlan } from "./plan";
import { ImportRunError, type RunProgress } from "./runError";
import { type RunContext, type StageAmount, timed } from "./stages/context";
import { listedJobsReusable, resume } from "./stages/resume";
import { stageFiles } from "./stages/stageFiles";
import { jobParts, knownJobs, start } from "./stages/start";
import { verify } from "./stages/verify";
import { type WaitSettings, waitAll } from "./stages/wait";
import type { ImportPlan, ImportResult, ImportSpec, ProgressFn, StageTimings } from "./types";

export interface RunOptions extends WaitSettings {
  onProgress?: ProgressFn;
  hash?: HashOptions;
  /** A plan computed earlier (e.g. by `pulumi preview`'s check) to skip planning again. */
  plan?: ImportPlan;
  /** Narrower request limits than the target's (tests; a cluster configured below Milvus's defaults). */
  requestLimits?: Partial<RequestLimits>;
  /** Rows written and bytes uploaded so far, per batch / part (progress bars; not for logs). */
  onAmount?: (a: StageAmount) => void;
}

export type { StageAmount };

export async function runImport(
  spec: ImportSpec,
  deps: Collaborators,
  opts: RunOptions = {},
): Promise<ImportResult> {
  const say = opts.onProgress ?? (() => {});
  const timings: StageTimings = { planMs: 0, writeMs: 0, uploadMs: 0, startMs: 0, waitMs: 0, verifyMs: 0 };
  const progress: RunProgress = { stage: "plan" };
  let target: Target | undefined;
  try {
    const schema = normalizeSchema(spec.schema);
    const plan = await timed(
      timings,
      "planMs",
      async () => opts.plan ?? (await makePlan(spec, deps, opts.hash)),
    );
    const { identity, dataHash, partition, ownership, prefix } = plan;
    Object.assign(progress, { identity, dataHash, partition, ownership, prefix });
    say({
      stage: "plan",
      message: `identity ${identity.slice(0, 16)}, ${plan.sourceRows ?? "?"} source row(s), ownership ${ownership}`,
    });

    target = deps.openTarget(spec.connection, spec.apiKind);
    const store = deps.openStore(spec.storage);
    const ctx: RunContext = {
      spec,
      deps,
      schema,
      plan,
      target,
      store,
      progress,
      timings,
      say,
      onAmount: opts.onAmount,
    };
    const { dbName: db, collectionName: name } = spec;
    if (!(await target.collections.hasCollection(db, name))) {
      throw new Error(
        `collection ${db}.${name} does not exist (create it first, e.g. with the Collection resource)`,
      );
    }

    const resumed = await resume(ctx);
    if (partition) await ensurePartition(target.collections, db, name, partition);
    const staged = await stageFiles(
      ctx,
      resumed?.jobIds.find((j) => j !== undefined),
    );
    const parts = jobParts(ctx, staged, opts.requestLimits);
    let known = knownJobs(ctx, parts, resumed);
    if (
      resumed?.listed &&
      known.every((j) => j !== undefined) &&
      !(await listedJobsReusable(ctx, known as string[]))
    )
      known = parts.map(() => undefined);
    const jobIds = await start(ctx, parts, known);
    const jobId = jobIds[0];
    const allResumed = known.every((j) => j !== undefined);
    progress.jobId = jobId;
    progress.jobIds = jobIds;
    progress.objectUrls = staged.objectUrls;
    const more = jobIds.length > 1 ? ` (and ${jobIds.length - 1} more: ${jobIds.slice(1).join(", ")})` : "";
    say({ stage: "start", message: `${allResumed ? "resuming" : "started"} job ${jobId}${more}` });

    const job = await waitAll(ctx, jobIds, opts);

    progress.stage = "verify";
    const expected = plan.sourceRows ?? job.totalRows ?? job.importedRows;
    const verified = await timed(timings, "verifyMs", () => verify(ctx, job, expected));
    say({ stage: "verify", message: `${verified.count} row(s) (${verified.by})` });
    return {
      plan,
      jobId,
      jobIds,
      state: job.state,
      importedRows: verified.count,
      totalRows: expected ?? verified.count,
      files: staged.files,
      objectUrls: staged.objectUrls,
      resumed: allResumed,
      verifiedBy: verified.by,
      timings,
    };
  } catch (err) {
    throw err instanceof ImportRunError ? err : new ImportRunError(err, progress);
  } finally {
    await target?.close().catch(() => {});
  }
}

// Callers catch the error where they call the run.
export { ImportRunError, type RunProgress };
