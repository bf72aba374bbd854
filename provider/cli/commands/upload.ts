/**
 * `milvus-import upload DIR`: puts a directory made by `write` into object storage with the pipeline's
 * own staging code (same keys, same skip-if-identical, manifest last), and prints the object URLs an
 * import takes (`milvus-import import --object-url ...`, or ImportJob's prepared source).
 */
import fs from "node:fs";
import path from "node:path";
import type { Manifest } from "../../bulkwriter/manifest";
import { DEFAULT_REMOTE_PATH } from "../../pipeline/plan";
import { dataPrefix, importGroups, uploadFiles } from "../../pipeline/staging";
import type { ImportPlan } from "../../pipeline/types";
import { type CommandContext, exactlyOnePositional } from "../context";
import { UsageError } from "../errors";
import { resolveStorage } from "../settings";

/** DIR is an identity folder (has _manifest.json) or a --out folder holding exactly one. */
function findWrittenDir(dir: string): string {
  if (fs.existsSync(path.join(dir, "_manifest.json"))) return dir;
  const subs = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, "_manifest.json")))
    : [];
  if (subs.length === 1) return path.join(dir, subs[0]);
  throw new UsageError(
    subs.length
      ? `${dir} holds ${subs.length} written imports; name one of: ${subs.join(", ")}`
      : `${dir} is not a directory written by \`milvus-import write\` (no _manifest.json)`,
  );
}

export async function uploadCommand(ctx: CommandContext): Promise<void> {
  const dir = findWrittenDir(
    path.resolve(ctx.io.cwd, exactlyOnePositional(ctx, "directory written by `write`")),
  );
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "_manifest.json"), "utf8")) as Manifest;
  const storage = resolveStorage(ctx.values, ctx.io.env, ctx.config, ctx.io.cwd, { required: true })!;
  const remotePath = (storage.remotePath ?? DEFAULT_REMOTE_PATH).replace(/^\/+|\/+$/g, "");
  const prefix = remotePath ? `${remotePath}/${manifest.identity}` : manifest.identity;
  // The staging functions take a plan; only its identity and prefix matter for an upload.
  const plan: ImportPlan = {
    identity: manifest.identity,
    dataHash: "",
    schemaFingerprint: manifest.schemaFingerprint,
    sourceKind: "files",
    files: [],
    prepared: [],
    sourceRows: manifest.totalRows,
    prefix,
    ownership: "none",
  };
  const store = ctx.deps.openStore(storage);
  const total = manifest.files.reduce((n, f) => n + f.size, 0);
  const task = ctx.progress.task(`upload to ${storage.provider}://${store.bucket}`, "bytes", total);
  const t0 = Date.now();
  const r = await uploadFiles(store, { dir, manifest }, plan, undefined, (done, all) =>
    task.update(done, all),
  );
  task.done(`${r.uploaded} uploaded, ${r.skipped} already present`);
  const refs = importGroups(store, { fileRefs: "url" }, plan, manifest);
  const folderUrl = store.objectUrl(dataPrefix(plan));
  ctx.out.result(
    {
      ok: true,
      command: "upload",
      identity: manifest.identity,
      provider: storage.provider,
      bucket: store.bucket,
      prefix,
      format: manifest.format,
      rows: manifest.totalRows,
      uploaded: r.uploaded,
      skipped: r.skipped,
      bytes: r.bytes,
      folderUrl,
      objectUrls: refs.objectUrls,
      groups: refs.groups,
      durationMs: Date.now() - t0,
    },
    () =>
      [
        `uploaded ${r.uploaded} file(s) (${r.bytes} bytes), ${r.skipped} already present, under ${folderUrl}`,
        ...refs.groups.map((g) => `  ${g.join(" ")}`),
        `next: milvus-import import ${refs.groups.map((g) => `--object-url ${g[0]}`).join(" ")} --collection ...`,
      ].join("\n"),
  );
}
