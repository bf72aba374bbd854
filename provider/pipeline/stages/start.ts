/** Stage 4, start: the import job, recorded in a marker object right away so later runs find it. */
import { primaryField } from "../../schema/fields";
import { dataInputOf } from "../plan";
import { writeJobMarker, writeKeysMarker } from "../staging";
import type { ImportSpec } from "../types";
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
      storageCredentials: storageCredentials(spec),
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

/** Zilliz reads the staged files with these; self-hosted Milvus and the local engine use their own access. */
function storageCredentials(spec: ImportSpec) {
  if (spec.apiKind !== "zilliz-v1" && spec.apiKind !== "zilliz-v2") return undefined;
  const s = spec.storage as unknown as Record<string, string | undefined>;
  const accessKey = s.accessKeyId ?? s.accountName;
  const secretKey = s.secretAccessKey ?? s.accessKeySecret ?? s.accountKey;
  const token = s.sessionToken ?? s.sasToken ?? s.securityToken;
  return accessKey || secretKey || token ? { accessKey, secretKey, token } : undefined;
}
