/**
 * Stages 2-3, write and upload: the files the job will import. Prepared objects are used as given;
 * a local source is written and uploaded unless an earlier run already finished uploading it (its
 * manifest marker exists) or a job for it is running already.
 */
import fs from "node:fs";
import type { Manifest } from "../../bulkwriter/manifest";
import { parseObjectUrl } from "../../storage/urls";
import { dataInputOf } from "../plan";
import {
  importGroups,
  readManifestMarker,
  singleFolderGroup,
  uploadFiles,
  workDirFor,
  writeFiles,
} from "../staging";
import type { RunContext } from "./context";
import { timed } from "./context";

export interface StagedFiles {
  /** File groups as startImport takes them (URLs or bucket keys, per target). */
  groups: string[][];
  /** Bytes of each group (same order). */
  sizes: number[];
  /** Object URLs of every file (outputs and messages). */
  objectUrls: string[];
  files: number;
}

export async function stageFiles(ctx: RunContext, jobId: string | undefined): Promise<StagedFiles> {
  const { plan, target, store } = ctx;
  if (plan.sourceKind === "objects") {
    const objectUrls = plan.prepared.map((o) => o.url);
    const groups = objectUrls.map((u) => [target.fileRefs === "key" ? parseObjectUrl(u).key : u]);
    return { groups, sizes: plan.prepared.map((o) => o.size), objectUrls, files: objectUrls.length };
  }
  ctx.progress.stage = "upload";
  let manifest = await readManifestMarker(store, plan);
  if (!manifest && !jobId) manifest = await writeAndUpload(ctx);
  if (!manifest)
    throw new Error(`job ${jobId} exists but ${plan.prefix}/_manifest.json is missing from the store`);
  const refs = importGroups(store, target, plan, manifest);
  const folder = target.fileGrouping === "dataFolder";
  return {
    groups: folder ? singleFolderGroup(store, plan) : refs.groups,
    sizes: folder ? [refs.sizes.reduce((a, b) => a + b, 0)] : refs.sizes,
    objectUrls: refs.objectUrls,
    files: manifest.files.length,
  };
}

async function writeAndUpload(ctx: RunContext): Promise<Manifest> {
  const { spec, plan, store, progress, timings, say } = ctx;
  progress.stage = "write";
  const written = await timed(timings, "writeMs", () =>
    writeFiles(ctx.schema, dataInputOf(spec, plan), plan, spec.writer, ctx.deps.data, spec.workDir, (rows) =>
      ctx.onAmount?.({ stage: "write", done: rows, total: plan.sourceRows ?? 0, unit: "rows" }),
    ),
  );
  say({
    stage: "write",
    message: `${written.manifest.files.length} file(s), ${written.manifest.totalRows} row(s)`,
  });
  const dup = written.manifest.duplicatePrimaryKeys;
  if (dup)
    say({
      stage: "write",
      message: `warning: ${dup.count} row(s) repeat a primary key (first: ${dup.first.join(", ")}); Milvus imports every copy (set onDuplicatePk: "error" to refuse them)`,
    });
  progress.stage = "upload";
  const up = await timed(timings, "uploadMs", async () => {
    const r = await uploadFiles(store, written, plan, undefined, (done, total) =>
      ctx.onAmount?.({ stage: "upload", done, total, unit: "bytes" }),
    );
    // The store holds them now; local copies of a large source would only fill the disk.
    fs.rmSync(workDirFor(plan, spec.workDir), { recursive: true, force: true });
    return r;
  });
  say({
    stage: "upload",
    message: `${up.uploaded} uploaded, ${up.skipped} already present (${up.bytes} bytes) under ${plan.prefix}/`,
  });
  return written.manifest;
}
