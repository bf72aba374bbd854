/**
 * One CLI invocation: parse, load the config file, run the command, and turn any error into a
 * redacted message (plus a JSON error document with --json) and a documented exit code.
 */

import type { Collaborators } from "../pipeline/deps";
import { ImportRunError } from "../pipeline/run";
import { DataValidationError, describeIssueCount, formatIssue } from "../validate/issues";
import { COMMANDS, type Command, type ParsedArgs, parseCommandLine } from "./args";
import { importCommand } from "./commands/import";
import { listCommand, statusCommand } from "./commands/status";
import { uploadCommand } from "./commands/upload";
import { validateCommand } from "./commands/validate";
import { writeCommand } from "./commands/write";
import { type CliConfig, loadConfig } from "./config";
import { type CommandContext, type CommandFn, defaultCollaborators } from "./context";
import { UsageError } from "./errors";
import { EXIT, errorKind, exitCodeFor } from "./exitCodes";
import { commandHelp, generalHelp } from "./help";
import { type CliIo, Output } from "./output";
import { Progress } from "./progress";
import { redactorFor } from "./settings";

const COMMAND_FNS: Record<Command, CommandFn> = {
  validate: validateCommand,
  write: writeCommand,
  upload: uploadCommand,
  import: importCommand,
  status: statusCommand,
  list: listCommand,
};

export interface RunCliOptions {
  /** Replaces the pipeline's collaborators (tests). */
  deps?: Collaborators;
}

export async function runCli(argv: string[], io: CliIo, opts: RunCliOptions = {}): Promise<number> {
  const redactor = redactorFor(io.env);
  // --json is honoured even when the rest of the command line is wrong.
  const json = argv.includes("--json");
  const out = new Output(io, json, redactor);
  let parsed: ParsedArgs | undefined;
  try {
    parsed = parseCommandLine(argv);
    if (parsed.values.version) {
      io.stdout.write(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    if (parsed.values.help) {
      io.stdout.write(`${parsed.command ? commandHelp(parsed.command) : generalHelp()}\n`);
      return EXIT.ok;
    }
    const command = parsed.command!;
    const configFile = typeof parsed.values.config === "string" ? parsed.values.config : undefined;
    const config: CliConfig = configFile ? loadConfig(configFile, io.cwd) : {};
    const progress = new Progress(out, io.isTTY && !parsed.values["no-progress"] && !json);
    const ctx: CommandContext = {
      values: parsed.values,
      positionals: parsed.positionals,
      config,
      io,
      out,
      progress,
      deps: opts.deps ?? defaultCollaborators(),
    };
    await COMMAND_FNS[command](ctx);
    return EXIT.ok;
  } catch (err) {
    const named = (COMMANDS as readonly string[]).includes(argv[0]) ? (argv[0] as Command) : undefined;
    return reportError(err, out, parsed?.command ?? named);
  }
}

/** The error behind a pipeline stage failure (the stage and job id are kept for the message). */
function rootCause(err: unknown): unknown {
  return err instanceof ImportRunError ? err.cause : err;
}

function reportError(err: unknown, out: Output, command: Command | undefined): number {
  const cause = rootCause(err);
  const code = exitCodeFor(cause);
  const kind = errorKind(cause);
  const run = err instanceof ImportRunError ? err.progress : undefined;
  const message = cause instanceof Error ? cause.message : String(cause);
  if (cause instanceof DataValidationError) {
    out.log(`invalid data: ${describeIssueCount(cause.totalIssues, cause.issues.length, cause.complete)}`);
    for (const i of cause.issues) out.log(formatIssue(i));
    if (cause.totalIssues > cause.issues.length)
      out.log(
        `... and ${cause.totalIssues - cause.issues.length} more (only the first ${cause.issues.length} are listed)`,
      );
  } else {
    const where = run ? ` during ${run.stage}${run.jobId ? ` of job ${run.jobId}` : ""}` : "";
    out.log(`error${where}: ${message}`);
    if (cause instanceof UsageError && cause.hint) out.log(cause.hint);
    if (kind === "internal" && cause instanceof Error && cause.stack && process.env.MILVUS_IMPORT_DEBUG)
      out.log(cause.stack);
  }
  if (out.json && !out.wroteResult) {
    out.result(
      {
        ok: false,
        command: command ?? null,
        exitCode: code,
        error: {
          kind,
          message,
          ...(run ? { stage: run.stage, jobId: run.jobId ?? null, identity: run.identity ?? null } : {}),
          ...(cause instanceof DataValidationError
            ? {
                totalIssues: cause.totalIssues,
                // The list holds the first issues found; totalIssues counts them all (a lower
                // bound when totalIsExact is false: reading stopped at the limit).
                listedIssues: cause.issues.length,
                totalIsExact: cause.complete,
                issues: cause.issues,
              }
            : {}),
        },
      },
      () => "",
    );
  }
  return code;
}

function packageVersion(): string {
  const { findSchemaFile } = require("../schema/jsonSchema") as typeof import("../schema/jsonSchema");
  const path = require("node:path") as typeof import("node:path");
  // package.json sits next to schemas/ in the repo and in the installed package.
  const pkg = path.join(
    path.dirname(path.dirname(findSchemaFile("cli-config.json", __dirname))),
    "package.json",
  );
  return (require(pkg) as { version: string }).version;
}
