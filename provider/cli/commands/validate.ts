/** `milvus-import validate FILE...`: read every row against the schema; bad values as file:row:field. */
import path from "node:path";
import { flag } from "../args";
import { type CommandContext, sourceFiles } from "../context";
import { resolveCollection, resolveInputFormat } from "../settings";

export async function validateCommand(ctx: CommandContext): Promise<void> {
  const { schema } = resolveCollection(ctx.values, ctx.config, ctx.io.cwd, true);
  const files = sourceFiles(ctx, { required: true });
  const format = resolveInputFormat(ctx.values);
  ctx.progress.line(`validating ${files.length} file(s) against ${schema!.fields.length} field(s)`);
  const t = Date.now();
  const allowEmpty = flag(ctx.values, "allow-empty");
  const { rows } = await ctx.deps.data.validate(schema!, { files, format, allowEmpty });
  const shown = files.map((f) => path.relative(ctx.io.cwd, f) || f);
  ctx.out.result(
    { ok: true, command: "validate", files: shown, rows, durationMs: Date.now() - t },
    () => `OK: ${rows} row(s) in ${files.length} file(s) match the schema`,
  );
}
