/** Stage 4, start: the import job, recorded in a marker object right away so later runs find it. */
import { primaryField } from "../../schema/fields";
import { storeDescriptor } from "../../storage/stores";
import { dataInputOf } from "../plan";
import { writeJobMarker, writeKeysMarker } from "../staging";
import type { RunContext } from "./context";
import { timed } from "./context";
import type { StagedFiles } from "./stageFiles";

export async function start(ctx: RunContext, staged: StagedFiles): Promise<string> {
  const { spec, plan, store, target } = ctx;
  ctx.progress.stage = "start";
  if (plan.ownership === "primaryKeys") {
    // Written before the job starts: a replace or destroy must find the keys even if this run dies.
    const pk = primaryField(ctx.schema)!;
    const keys = await ctx.deps.data.primaryKeys(ctx.schema, dataInputOf(spec, plan));
    await writeKeysMarker(store, plan, pk.name, keys);
  }
  return timed(ctx.timings, "startMs", async () => {
    const { jobId } = await target.imports.startImport({
      dbName: spec.dbName,
      collectionName: spec.collectionName,
      partitionName: plan.partition,
      files: staged.groups,
      idempotencyKey: plan.identity,
      storageCredentials: target.sendsStorageCredentials
        ? storeDescriptor(spec.storage.provider).requestCredentials(spec.storage)
        : undefined,
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
