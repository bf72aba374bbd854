/**
 * `milvus-import write FILE... --out DIR`: validated, content-addressed import files written by the
 * pipeline's data tools (the BulkWriter), plus their manifest:
 *   DIR/<identity>/...               the files (parquet | json | numpy | csv)
 *   DIR/<identity>/_manifest.json    every file with size, rows and SHA-256 (not itself an import file)
 * The identity hashes schema, writer options and data: writing the same input again is a no-op.
 */
import fs from "node:fs";
import path from "node:path";
import { flag, str } from "../args";
import { type CommandContext, sourceFiles } from "../context";
import { UsageError } from "../errors";
import { resolveCollection, resolveInputFormat, resolveWriter } from "../settings";

const MANIFEST_FILE = "_manifest.json";

export async function writeCommand(ctx: CommandContext): Promise<void> {
  const { schema } = resolveCollection(ctx.values, ctx.config, ctx.io.cwd, true);
  const outFlag = str(ctx.values, "out");
  if (!outFlag) throw new UsageError("write needs --out DIR");
  const out = path.resolve(ctx.io.cwd, outFlag);
  const files = sourceFiles(ctx, { required: true });
  const writer = resolveWriter(ctx.values, ctx.config);
  const input = {
    files,
    format: resolveInputFormat(ctx.values),
    allowEmpty: flag(ctx.values, "allow-empty"),
  };

  const t0 = Date.now();
  // Validate first: bad rows fail with every location before any file is written.
  const { rows } = await ctx.deps.data.validate(schema!, input);
  if (rows === 0) {
    // Only reachable with --allow-empty: there is nothing to write, and no identity to name a folder.
    ctx.out.result(
      { ok: true, command: "write", identity: null, dir: null, rows: 0, bytes: 0, files: [] },
      () => "nothing to write: the source has no rows (--allow-empty)",
    );
    return;
  }
  const task = ctx.progress.task(`write ${writer.format}`, "rows", rows);
  fs.mkdirSync(out, { recursive: true });
  const { manifest, dir } = await ctx.deps.data.write(schema!, input, {
    ...writer,
    dir: out,
    identity: "",
    onRows: (n) => task.update(n),
  });
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
  task.update(manifest.totalRows, rows);
  task.done(`${manifest.totalRows} row(s) in ${manifest.files.length} file(s)`);
  const bytes = manifest.files.reduce((n, f) => n + f.size, 0);
  ctx.out.result(
    {
      ok: true,
      command: "write",
      identity: manifest.identity,
      dir,
      format: manifest.format,
      rows: manifest.totalRows,
      bytes,
      files: manifest.files.map((f) => ({ ...f, path: path.join(dir, ...f.path.split("/")) })),
      ...(manifest.duplicatePrimaryKeys ? { duplicatePrimaryKeys: manifest.duplicatePrimaryKeys } : {}),
      durationMs: Date.now() - t0,
    },
    () =>
      [
        `wrote ${manifest.totalRows} row(s) as ${manifest.files.length} ${manifest.format} file(s) (${bytes} bytes) to ${dir}`,
        ...manifest.files.map((f) => `  ${f.path}  ${f.rows} rows  sha256 ${f.sha256.slice(0, 16)}…`),
        ...(manifest.duplicatePrimaryKeys
          ? [
              `warning: ${manifest.duplicatePrimaryKeys.count} row(s) repeat a primary key (first: ${manifest.duplicatePrimaryKeys.first.join(", ")}); Milvus imports every copy (--on-duplicate-pk error refuses them)`,
            ]
          : []),
        `next: milvus-import upload ${path.relative(ctx.io.cwd, dir) || dir} --storage-provider ... --bucket ...`,
      ].join("\n"),
  );
}
