/**
 * The CLI's documented exit codes, and the one place errors are mapped to them. Scripts and CI
 * branch on these, so they never change meaning.
 */
import { ApiError, ImportJobFailedError, WaitTimeoutError } from "../api/errors";
import { SchemaValidationError } from "../schema/errors";
import { StorageError } from "../storage/errors";
import { DataValidationError } from "../validate/issues";
import { UsageError } from "./errors";

export const EXIT = {
  /** Success. */
  ok: 0,
  /** The data does not satisfy the schema (validate / write / import found bad rows). */
  invalidData: 1,
  /** Bad command line, config file or schema file. */
  usage: 2,
  /** The remote side failed: API error, storage error, the import job failed. */
  remote: 3,
  /** `--wait` ran out of time; the job may still finish (check with `status`). */
  timeout: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODE_HELP = `Exit codes:
  0  success
  1  invalid data (rows that do not satisfy the schema; each error is printed as file:row:field)
  2  usage error (unknown flag, missing argument or credentials, invalid config or schema file,
     a name Milvus refuses, a source format that cannot be told)
  3  remote error (import API, object storage, or the import job failed)
  4  timeout (--wait gave up; the job keeps running, check it with \`milvus-import status\`)`;

/** Names an error's class the same way in human and --json output. */
export function errorKind(err: unknown): string {
  if (err instanceof DataValidationError) return "invalid-data";
  if (err instanceof UsageError || err instanceof SchemaValidationError) return "usage";
  if (err instanceof WaitTimeoutError) return "timeout";
  if (err instanceof ImportJobFailedError) return "import-failed";
  if (err instanceof ApiError) return "api";
  // Missing or contradictory storage settings are the caller's to fix, like a bad flag.
  if (err instanceof StorageError) return err.code === "InvalidConfig" ? "usage" : "storage";
  const name = (err as { name?: string })?.name;
  if (name === "PlanError" || name === "SourceFormatError") return "usage";
  if (name === "EngineError" || name === "PipelineError") return "remote";
  return "internal";
}

export function exitCodeFor(err: unknown): ExitCode {
  switch (errorKind(err)) {
    case "invalid-data":
      return EXIT.invalidData;
    case "usage":
      return EXIT.usage;
    case "timeout":
      return EXIT.timeout;
    default:
      // Anything else went wrong talking to (or inside) the target or the store.
      return EXIT.remote;
  }
}
