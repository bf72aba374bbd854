/**
 * `milvus-import import`: the pipeline's runImport, exactly as the ImportJob resource runs it
 * (plan -> write -> upload -> start -> wait -> verify), from local files or prepared object URLs.
 * Without --wait the run is stopped once the job has started; the job's marker in storage lets a
 * later `import --wait` with the same inputs resume waiting instead of importing twice.
 */
import type { ImportApiKind, ImportJobInfo } from "../../api/types";
import type { Target } from "../../pipeline/deps";
import { ImportRunError, runImport } from "../../pipeline/run";
import type { ImportResult, ImportSpec, ProgressEvent } from "../../pipeline/types";
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

  const schema = await prepareCollection(ctx, target, coll.name, coll.schema, coll.indexes);
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

  const stopAfterStart = new AbortController();
  let started: { jobId: string; resumed: boolean } | undefined;
  let waitTask: ProgressTask | undefined;
  const onProgress = (e: ProgressEvent) => {
    if (e.stage === "wait") {
      waitTask ??= ctx.progress.task(`import ${started?.jobId ?? ""}`.trim(), "%", 100);
      waitTask.update(Math.round(e.job.progress * 100));
      return;
    }
    ctx.progress.line(`${e.stage}: ${e.message}`);
    const m = /^(started|resuming) job (\S+)/.exec(e.message);
    if (e.stage === "start" && m) {
      started = { jobId: m[2], resumed: m[1] === "resuming" };
      if (!wait) stopAfterStart.abort();
    }
  };

  let result: ImportResult;
  try {
    result = await runImport(spec, ctx.deps, {
      onProgress,
      timeoutMs,
      pollIntervalMs,
      signal: stopAfterStart.signal,
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
    throw err;
  } finally {
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

/**
 * The schema the import is planned with: the given one, creating the collection from it when
 * --create-collection asks; otherwise the collection's own (prepared-file imports need no schema file).
 */
async function prepareCollection(
  ctx: CommandContext,
  target: TargetSettings,
  name: string,
  schema: CollectionSchema | undefined,
  indexes: IndexSpec[],
): Promise<CollectionSchema> {
  const t = ctx.deps.openTarget(target.connection, target.kind as ImportApiKind);
  try {
    const existing = await t.collections.describeCollection(target.db, name);
    if (!existing) {
      if (!flag(ctx.values, "create-collection")) {
        throw new UsageError(
          `collection ${target.db}.${name} does not exist; create it first or pass --create-collection with --schema`,
        );
      }
      await createCollection(t, target.db, name, schema!, indexes);
      ctx.progress.line(
        `created collection ${target.db}.${name} (${schema!.fields.length} fields, ${indexes.length} index(es))`,
      );
      return schema!;
    }
    return schema ?? existing.schema;
  } finally {
    await t.close();
  }
}

async function createCollection(
  t: Target,
  db: string,
  name: string,
  schema: CollectionSchema,
  indexes: IndexSpec[],
): Promise<void> {
  await t.collections.createCollection({ dbName: db, collectionName: name, schema, indexes });
  // Loaded so the pipeline can verify the import with count(*).
  if (indexes.length) await t.collections.loadCollection(db, name);
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
