/** `milvus-import status JOB_ID [--wait]` and `milvus-import list`: read-only views of import jobs. */
import type { ImportApiKind } from "../../api/types";
import { waitForImport } from "../../api/waiter";
import { flag, str } from "../args";
import { type CommandContext, exactlyOnePositional, noPositionals } from "../context";
import type { ProgressTask } from "../progress";
import { assertValidNames, resolveTarget, resolveWait } from "../settings";
import { describeJob, jobDoc } from "./jobView";

export async function statusCommand(ctx: CommandContext): Promise<void> {
  const jobId = exactlyOnePositional(ctx, "JOB_ID");
  const target = resolveTarget(ctx.values, ctx.io.env, ctx.config, ctx.io.cwd);
  const t = ctx.deps.openTarget(target.connection, target.kind as ImportApiKind);
  let task: ProgressTask | undefined;
  try {
    let job = await t.imports.getJob(jobId);
    if (flag(ctx.values, "wait") && job.state !== "Completed") {
      const { timeoutMs, pollIntervalMs } = resolveWait(ctx.values, ctx.config);
      task = ctx.progress.task(`import ${jobId}`, "%", 100);
      job = await waitForImport(t.imports, jobId, {
        timeoutMs,
        initialIntervalMs: pollIntervalMs,
        maxIntervalMs: Math.max(pollIntervalMs, 15_000),
        onProgress: (j) => task!.update(Math.round(j.progress * 100)),
        onStall: (s) => ctx.progress.line(`note: ${s.message}`),
      });
    }
    ctx.out.result({ ok: true, command: "status", job: jobDoc(job) }, () =>
      [
        `job ${job.jobId} (${job.collectionName}): ${describeJob(job)}`,
        ...job.details.map(
          (d) =>
            `  ${d.fileName}: ${d.state} ${Math.round(d.progress * 100)}%${d.reason ? ` (${d.reason})` : ""}`,
        ),
      ].join("\n"),
    );
  } finally {
    task?.done();
    await t.close();
  }
}

export async function listCommand(ctx: CommandContext): Promise<void> {
  noPositionals(ctx);
  const target = resolveTarget(ctx.values, ctx.io.env, ctx.config, ctx.io.cwd);
  const collectionName = str(ctx.values, "collection") ?? ctx.config.collection?.name;
  if (collectionName !== undefined) assertValidNames([["collection", collectionName]]);
  const t = ctx.deps.openTarget(target.connection, target.kind as ImportApiKind);
  try {
    const jobs = await t.imports.listJobs({ collectionName, dbName: target.db });
    ctx.out.result({ ok: true, command: "list", count: jobs.length, jobs: jobs.map(jobDoc) }, () =>
      jobs.length === 0
        ? "no import jobs"
        : jobs.map((j) => `${j.jobId}  ${j.collectionName}  ${describeJob(j)}`).join("\n"),
    );
  } finally {
    await t.close();
  }
}
