/**
 * Stage 4, start: the import job. An intent marker goes first and the job's own marker right after,
 * so later runs find the job even when this run never hears the answer; a busy cluster's refusal is
 * waited out (one import at a time on Zilliz) until the wait timeout.
 */
import { startImportWhenAdmitted } from "../../api/admission";
import { primaryField } from "../../schema/fields";
import { storeDescriptor } from "../../storage/stores";
import { markStartIntent } from "../findJob";
import { dataInputOf } from "../plan";
import { writeJobMarker, writeKeysMarker } from "../staging";
import type { RunContext } from "./context";
import { timed } from "./context";
import type { StagedFiles } from "./stageFiles";
import type { WaitSettings } from "./wait";

export async function start(ctx: RunContext, staged: StagedFiles, opts: WaitSettings = {}): Promise<string> {
  const { spec, plan, store, target } = ctx;
  ctx.progress.stage = "start";
  if (plan.ownership === "primaryKeys") {
    // Written before the job starts: a replace or destroy must find the keys even if this run dies.
    const pk = primaryField(ctx.schema)!;
    const keys = await ctx.deps.data.primaryKeys(ctx.schema, dataInputOf(spec, plan));
    await writeKeysMarker(store, plan, pk.name, keys);
  }
  return timed(ctx.timings, "startMs", async () => {
    await markStartIntent(store, plan, spec.apiKind);
    const request = {
      dbName: spec.dbName,
      collectionName: spec.collectionName,
      partitionName: plan.partition,
      files: staged.groups,
      idempotencyKey: plan.identity,
      storageCredentials: target.sendsStorageCredentials
        ? storeDescriptor(spec.storage.provider).requestCredentials(spec.storage)
        : undefined,
    };
    const { jobId } = await startImportWhenAdmitted(target.imports, request, {
      timeoutMs: opts.timeoutMs ?? 3_600_000,
      signal: opts.signal,
      onRefused: ({ attempt, delayMs, error }) =>
        ctx.say({
          stage: "start",
          message: `cluster busy (code ${error.code}); starting again in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1})`,
        }),
    });
    await writeJobMarker(store, plan, {
      jobId,
      identity: plan.identity,
      apiKind: spec.apiKind,
      startedAt: new Date().toISOString(),
    });
    return jobId;
  });
}
