/**
 * `milvus-import import`: the pipeline's runImport, exactly as the ImportJob resource runs it
 * (plan -> write -> upload -> start -> wait -> verify), from local files or prepared object URLs.
 * Without --wait the run is stopped once the job has started; the job's marker in storage lets a
 * later `import --wait` with the same inputs resume waiting instead of importing twice.
 */
import type { ImportApiKind, ImportJobInfo } from "../../api/types";
import type { Collaborators } from "../../pipeline/deps";
import { plan as makePlan } from "../../pipeline/plan";
import { ImportRunError, runImport, type StageAmount } from "../../pipeline/run";
import type { DataTools, ImportResult, ImportSpec, ProgressEvent } from "../../pipeline/types";
import type { CollectionSchema, IndexSpec } from "../../schema/types";
import { flag, list, str } from "../args";
import { type CommandContext, sourceFiles } from "../context";
import { UsageError } from "../errors";
import type { ProgressTask } from "../progress";
import {
  resolveCollection,
  resolveInputFormat,
  resolveStorage,
  resolveTarget,
  resolveWait,
  resolveWriter,
  type TargetSettings,
} from "../settings";
import { describeJob, jobDoc } from "./jobView";

export async function importCommand(ctx: CommandContext): Promise<void> {
  const { values, io } = ctx;
  const target = resolveTarget(values, io.env, ctx.config, io.cwd);
  const storage = resolveStorage(values, io.env, ctx.config, io.cwd, { target, required: true })!;
  const objectUrls = list(values, "object-url");
  const files = sourceFiles(ctx, { required: objectUrls.length === 0 });
  if (files.length && objectUrls.length) throw new UsageError("give source files or --object-url, not both");
  const coll = resolveCollection(
    values,
    ctx.config,
    io.cwd,
    files.length > 0 || flag(values, "create-collection"),
  );
  if (!coll.name)
    throw new UsageError("import needs --collection NAME (or collection.name in the config file)");
  const wait = flag(values, "wait");
  const { timeoutMs, pollIntervalMs } = resolveWait(values, ctx.config);

  const existing = await describeCollection(ctx, target, coll.name);
  const create = !existing;
  if (create && !flag(values, "create-collection")) {
    throw new UsageError(
      `collection ${target.db}.${coll.name} does not exist; create it first or pass --create-collection with --schema`,
    );
  }
  const schema = coll.schema ?? existing!.schema;
  const spec: ImportSpec = {
    connection: target.connection,
    apiKind: target.kind,
    dbName: target.db,
    collectionName: coll.name,
    schema,
    source: objectUrls.length ? { objectUrls } : { files, format: resolveInputFormat(values) },
    writer: resolveWriter(values, ctx.config),
    storage,
    partition: coll.partition,
    // The CLI never deletes what it imported; ownership still isolates the rows (owned partition).
    onDelete: "retain",
    trigger: str(values, "trigger"),
    workDir: str(values, "work-dir"),
    baseDir: io.cwd,
  };
  const deps = flag(values, "allow-empty") ? allowingEmptySources(ctx.deps) : ctx.deps;

  // Plan first: every row is read and validated (prepared objects are checked to exist) before
  // anything is created, so a rejected run leaves no collection, partition or staged file behind.
  const planned = await makePlan(spec, deps).catch((err) => {
    throw new ImportRunError(err, { stage: "plan" });
  });
  if (planned.sourceRows === 0) {
    if (create) await createCollection(ctx, target, coll.name, schema, coll.indexes);
    ctx.out.result(
      {
        ok: true,
        command: "import",
        waited: false,
        jobId: null,
        identity: planned.identity,
        importedRows: 0,
        totalRows: 0,
        createdCollection: create,
      },
      () =>
        `nothing to import: the source has no rows (--allow-empty)${create ? `; created collection ${target.db}.${coll.name}` : ""}`,
    );
    return;
  }
  if (create) await createCollection(ctx, target, coll.name, schema, coll.indexes);

  const stopAfterStart = new AbortController();
  let started: { jobId: string; resumed: boolean } | undefined;
  let waitTask: ProgressTask | undefined;
  // write and upload: a bar per batch / part while they run, ended by the stage's own event.
  const stageTasks = new Map<StageAmount["stage"], ProgressTask>();
  const onAmount = (a: StageAmount) => {
    let task = stageTasks.get(a.stage);
    if (!task) {
      task = ctx.progress.task(a.stage, a.unit, a.total);
      stageTasks.set(a.stage, task);
    }
    task.update(a.done, a.total);
  };
  const onProgress = (e: ProgressEvent) => {
    if (e.stage === "wait") {
      waitTask ??= ctx.progress.task(`import ${started?.jobId ?? ""}`.trim(), "%", 100);
      waitTask.update(Math.round(e.job.progress * 100));
      return;
    }
    const task = e.stage === "write" || e.stage === "upload" ? stageTasks.get(e.stage) : undefined;
    if (task) {
      task.done(e.message);
      stageTasks.delete(e.stage as StageAmount["stage"]);
    } else ctx.progress.line(`${e.stage}: ${e.message}`);
    const m = /^(started|resuming) job (\S+)/.exec(e.message);
    if (e.stage === "start" && m) {
      started = { jobId: m[2], resumed: m[1] === "resuming" };
      if (!wait) stopAfterStart.abort();
    }
  };

  let result: ImportResult;
  try {
    result = await runImport(spec, deps, {
      onProgress,
      timeoutMs,
      pollIntervalMs,
      signal: stopAfterStart.signal,
      plan: planned,
      onAmount,
    });
  } catch (err) {
    if (
      !wait &&
      started &&
      err instanceof ImportRunError &&
      err.progress.stage === "wait" &&
      stopAfterStart.signal.aborted
    ) {
      const job = await currentJob(ctx, target, started.jobId);
      ctx.out.result(
        {
          ok: true,
          command: "import",
          waited: false,
          jobId: started.jobId,
          resumed: started.resumed,
          identity: err.progress.identity,
          partition: err.progress.partition,
          objectUrls: err.progress.objectUrls ?? [],
          job: job ? jobDoc(job) : undefined,
        },
        () =>
          `${started!.resumed ? "resumed" : "started"} import job ${started!.jobId}${job ? ` (${describeJob(job)})` : ""}\n` +
          `check it with: milvus-import status ${started!.jobId}`,
      );
      return;
    }
    if (create) await dropIfNothingImported(ctx, target, coll.name, err);
    throw err;
  } finally {
    for (const t of stageTasks.values()) t.done();
    waitTask?.done();
  }
  ctx.out.result(
    {
      ok: true,
      command: "import",
      waited: true,
      jobId: result.jobId,
      state: result.state,
      resumed: result.resumed,
      identity: result.plan.identity,
      partition: result.plan.partition,
      importedRows: result.importedRows,
      totalRows: result.totalRows,
      verifiedBy: result.verifiedBy,
      files: result.files,
      objectUrls: result.objectUrls,
      timings: result.timings,
    },
    () =>
      `import job ${result.jobId} ${result.state}: ${result.importedRows} row(s) into ${target.db}.${coll.name}` +
      `${result.plan.partition ? ` partition ${result.plan.partition}` : ""} (verified by ${result.verifiedBy}${result.resumed ? ", resumed" : ""})`,
  );
}

async function describeCollection(
  ctx: CommandContext,
  target: TargetSettings,
  name: string,
): Promise<{ schema: CollectionSchema } | undefined> {
  const t = ctx.deps.openTarget(target.connection, target.kind as ImportApiKind);
  try {
    return await t.collections.describeCollection(target.db, name);
  } finally {
    await t.close();
  }
}

/** Creates the collection from the schema file (and config indexes), once the data is known to be good. */
async function createCollection(
  ctx: CommandContext,
  target: TargetSettings,
  name: string,
  schema: CollectionSchema,
  indexes: IndexSpec[],
): Promise<void> {
  const t = ctx.deps.openTarget(target.connection, target.kind as ImportApiKind);
  try {
    await t.collections.createCollection({ dbName: target.db, collectionName: name, schema, indexes });
    // Loaded so the pipeline can verify the import with count(*).
    if (indexes.length) await t.collections.loadCollection(target.db, name);
  } finally {
    await t.close();
  }
  ctx.progress.line(
    `created collection ${target.db}.${name} (${schema.fields.length} fields, ${indexes.length} index(es))`,
  );
}

/**
 * A collection this run created is dropped again when the import failed before any row could have
 * landed (the run stopped before its job started, or the job failed): a failed run leaves nothing
 * behind. A job that may still be running (a wait timeout) keeps its collection.
 */
async function dropIfNothingImported(
  ctx: CommandContext,
  target: TargetSettings,
  name: string,
  err: unknown,
): Promise<void> {
  const p = err instanceof ImportRunError ? err.progress : undefined;
  if (p?.jobId && p.job?.state !== "Failed") return;
  const t = ctx.deps.openTarget(target.connection, target.kind as ImportApiKind);
  try {
    await t.collections.dropCollection(target.db, name);
    ctx.progress.line(
      `dropped collection ${target.db}.${name} again: this run created it and the import failed`,
    );
  } catch (dropErr) {
    ctx.progress.line(
      `note: could not drop collection ${target.db}.${name} created by this run: ${(dropErr as Error).message}`,
    );
  } finally {
    await t.close();
  }
}

/** The pipeline's data tools, accepting sources without rows (--allow-empty). */
function allowingEmptySources(deps: Collaborators): Collaborators {
  const data: DataTools = {
    validate: (s, i) => deps.data.validate(s, { ...i, allowEmpty: true }),
    write: (s, i, o) => deps.data.write(s, { ...i, allowEmpty: true }, o),
    primaryKeys: (s, i) => deps.data.primaryKeys(s, { ...i, allowEmpty: true }),
  };
  return { ...deps, data };
}

async function currentJob(
  ctx: CommandContext,
  target: TargetSettings,
  jobId: string,
): Promise<ImportJobInfo | undefined> {
  const t = ctx.deps.openTarget(target.connection, target.kind as ImportApiKind);
  try {
    return await t.imports.getJob(jobId);
  } catch {
    return undefined;
  } finally {
    await t.close();
  }
}
