/** What every command gets: parsed flags, the config file, output, progress and the pipeline's collaborators. */
import path from "node:path";
import { type Collaborators, defaultCollaborators } from "../pipeline/deps";
import { expandFiles } from "../pipeline/plan";
import { checkSourceFormats } from "../sources/formats";
import type { ParsedValues } from "./args";
import type { CliConfig } from "./config";
import { UsageError } from "./errors";
import type { CliIo, Output } from "./output";
import type { Progress } from "./progress";
import { resolveInputFormat } from "./settings";

export interface CommandContext {
  values: ParsedValues;
  positionals: string[];
  config: CliConfig;
  io: CliIo;
  out: Output;
  progress: Progress;
  deps: Collaborators;
}

export type CommandFn = (ctx: CommandContext) => Promise<void>;

export { defaultCollaborators };

/** Source files from positionals (globs allowed), resolved against the working directory. */
export function sourceFiles(ctx: CommandContext, opts: { required: boolean }): string[] {
  if (ctx.positionals.length === 0) {
    if (opts.required)
      throw new UsageError("give at least one source file (CSV, JSON, JSONL or Parquet; globs allowed)");
    return [];
  }
  let files: string[];
  try {
    files = expandFiles(ctx.positionals, ctx.io.cwd);
  } catch (err) {
    // A missing file is a usage problem (exit 2), not bad data.
    throw new UsageError((err as Error).message);
  }
  // Every command that reads sources refuses an unknown format the same way, before reading anything.
  checkSourceFormats(
    files.map((f) => path.relative(ctx.io.cwd, f) || f),
    resolveInputFormat(ctx.values),
  );
  return files;
}

export function exactlyOnePositional(ctx: CommandContext, what: string): string {
  if (ctx.positionals.length !== 1) {
    throw new UsageError(
      `give exactly one ${what}${ctx.positionals.length ? `, got ${ctx.positionals.length} arguments` : ""}`,
    );
  }
  return ctx.positionals[0];
}

export function noPositionals(ctx: CommandContext): void {
  if (ctx.positionals.length) throw new UsageError(`unexpected argument "${ctx.positionals[0]}"`);
}
