/**
 * Command-line parsing with node:util parseArgs: one option table, per-command allow-lists, strict
 * mode (unknown flags are usage errors). Secrets are never accepted as flags: they would end up in
 * shell history, `ps` output and CI logs. Error messages never echo a flag's value.
 */
import { parseArgs } from "node:util";
import { STORAGE_PROVIDERS } from "../storage/stores";
import { API_KINDS } from "../targets";
import { UsageError } from "./errors";

export const COMMANDS = ["validate", "write", "upload", "import", "status", "list"] as const;
export type Command = (typeof COMMANDS)[number];

type Opt = { type: "string" | "boolean"; short?: string; multiple?: boolean };

/** Every flag the CLI knows, with the line `--help` prints for it. */
export const OPTIONS: Record<string, Opt & { help: string; arg?: string }> = {
  help: { type: "boolean", short: "h", help: "show help" },
  json: { type: "boolean", help: "print one JSON document on stdout (logs go to stderr)" },
  config: { type: "string", short: "c", arg: "FILE", help: "JSON config file (schemas/cli-config.json)" },
  "no-progress": { type: "boolean", help: "plain progress lines even on a terminal" },
  // target
  target: {
    type: "string",
    arg: "KIND",
    help: `${API_KINDS.join(" | ")}  (env MILVUS_IMPORT_TARGET)`,
  },
  uri: {
    type: "string",
    arg: "URL",
    help: "Milvus REST endpoint or Zilliz cluster endpoint (env MILVUS_IMPORT_URI)",
  },
  endpoint: { type: "string", arg: "URL", help: "same as --uri" },
  "cluster-id": {
    type: "string",
    arg: "ID",
    help: "Zilliz Cloud cluster id, e.g. in03-... (env MILVUS_IMPORT_CLUSTER_ID)",
  },
  region: {
    type: "string",
    arg: "REGION",
    help: "Zilliz Cloud region, e.g. aws-us-west-2, ali-cn-hangzhou (env MILVUS_IMPORT_REGION)",
  },
  "control-plane-url": {
    type: "string",
    arg: "URL",
    help: "Zilliz control-plane URL (default: derived from --region)",
  },
  "data-dir": {
    type: "string",
    arg: "DIR",
    help: "local engine directory for --target local (env MILVUS_IMPORT_DATA_DIR)",
  },
  db: { type: "string", arg: "NAME", help: 'database (default "default")' },
  // collection and data
  collection: { type: "string", arg: "NAME", help: "collection name" },
  schema: { type: "string", arg: "FILE", help: "collection schema JSON (fields, enableDynamicField)" },
  "input-format": {
    type: "string",
    arg: "FMT",
    help: "source format csv | json | jsonl | parquet (default: from extension)",
  },
  partition: { type: "string", arg: "NAME", help: "import into this existing partition" },
  // writer
  format: {
    type: "string",
    arg: "FMT",
    help: "file format to write: parquet | json | numpy | csv (default parquet)",
  },
  "segment-size-mb": { type: "string", arg: "MB", help: "segment size in MiB (default 512)" },
  "on-duplicate-pk": {
    type: "string",
    arg: "error|warn",
    help: "rows sharing a primary key: warn (default) or error",
  },
  out: { type: "string", short: "o", arg: "DIR", help: "output directory" },
  // storage
  "storage-provider": { type: "string", arg: "P", help: STORAGE_PROVIDERS.join(" | ") },
  bucket: { type: "string", arg: "NAME", help: "bucket (Azure: container)" },
  "storage-endpoint": {
    type: "string",
    arg: "URL",
    help: "storage endpoint (MinIO, Azurite, custom OSS endpoint)",
  },
  "storage-region": {
    type: "string",
    arg: "REGION",
    help: "storage region (S3: us-west-2; OSS: oss-cn-hangzhou)",
  },
  "storage-root": { type: "string", arg: "DIR", help: "directory for --storage-provider local" },
  "azure-account": { type: "string", arg: "NAME", help: "Azure storage account name" },
  "force-path-style": { type: "boolean", help: "S3 path-style addressing (MinIO)" },
  "remote-path": { type: "string", arg: "PATH", help: 'key prefix in the bucket (default "milvus-import")' },
  // import and wait
  "object-url": {
    type: "string",
    multiple: true,
    arg: "URL",
    help: "import prepared files already in storage (repeatable)",
  },
  "allow-empty": {
    type: "boolean",
    help: "accept source files without rows (refused by default); an all-empty import does nothing",
  },
  "create-collection": {
    type: "boolean",
    help: "create the collection from --schema (and config indexes) when missing",
  },
  wait: { type: "boolean", short: "w", help: "wait until the job completes" },
  timeout: { type: "string", arg: "SECONDS", help: "give up waiting after this long (default 3600)" },
  "poll-interval": { type: "string", arg: "SECONDS", help: "first poll interval (default 1)" },
  trigger: {
    type: "string",
    arg: "TEXT",
    help: "mix into the import identity to force a re-import of identical data",
  },
  "work-dir": {
    type: "string",
    arg: "DIR",
    help: "where import files are written before upload (default: temp dir)",
  },
};

const COMMON = ["help", "json", "config", "no-progress"];
const TARGET = ["target", "uri", "endpoint", "cluster-id", "region", "control-plane-url", "data-dir", "db"];
const DATA = ["collection", "schema", "input-format"];
const WRITER = ["format", "segment-size-mb", "on-duplicate-pk"];
const STORAGE = [
  "storage-provider",
  "bucket",
  "storage-endpoint",
  "storage-region",
  "storage-root",
  "azure-account",
  "force-path-style",
  "remote-path",
];

export const COMMAND_SPECS: Record<Command, { options: string[]; positionals: string; summary: string }> = {
  validate: {
    options: [...COMMON, ...DATA, "allow-empty"],
    positionals: "FILE...",
    summary: "check source files against the schema; every bad value as file:row:field",
  },
  write: {
    options: [...COMMON, ...DATA, ...WRITER, "out", "allow-empty"],
    positionals: "FILE...",
    summary: "write import files (parquet, json, numpy, csv) into --out DIR/<identity>/",
  },
  upload: {
    options: [...COMMON, ...STORAGE],
    positionals: "DIR",
    summary: "upload a directory made by `write` to object storage; prints the object URLs",
  },
  import: {
    options: [
      ...COMMON,
      ...TARGET,
      ...DATA,
      ...WRITER,
      ...STORAGE,
      "partition",
      "object-url",
      "allow-empty",
      "create-collection",
      "wait",
      "timeout",
      "poll-interval",
      "trigger",
      "work-dir",
    ],
    positionals: "[FILE...]",
    summary: "write, upload and start an import (source files or --object-url); --wait to wait and verify",
  },
  status: {
    options: [...COMMON, ...TARGET, "wait", "timeout", "poll-interval"],
    positionals: "JOB_ID",
    summary: "show an import job's state and progress (--wait: until it finishes)",
  },
  list: {
    options: [...COMMON, ...TARGET, "collection"],
    positionals: "",
    summary: "list import jobs (optionally of one --collection)",
  },
};

/** Flags that look like credentials: refused with a pointer to the environment variable. */
const SECRET_FLAG =
  /^--?(api[-_]?key|token|password|secret[-_a-z]*|access[-_]?key[-_a-z]*|account[-_]?key|sas[-_]?token|connection[-_]?string)(=|$)/i;

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

export interface ParsedArgs {
  command?: Command;
  values: ParsedValues;
  positionals: string[];
}

export function parseCommandLine(argv: string[]): ParsedArgs {
  for (const a of argv) {
    const m = SECRET_FLAG.exec(a);
    if (m) {
      throw new UsageError(
        `--${m[1]} is not accepted: secrets are never passed as flags (they leak into shell history and process lists).`,
        "Set MILVUS_IMPORT_API_KEY (Zilliz Cloud API key) or MILVUS_TOKEN (Milvus user:password) in the environment;\n" +
          "storage credentials come from each cloud's standard variables (AWS_ACCESS_KEY_ID, AZURE_STORAGE_CONNECTION_STRING, OSS_ACCESS_KEY_ID, ...).",
      );
    }
  }
  const first = argv[0];
  if (first === undefined || first === "help" || first === "--help" || first === "-h") {
    const topic = first === "help" ? argv[1] : undefined;
    if (topic !== undefined && !isCommand(topic)) throw new UsageError(`unknown command "${topic}"`);
    return { command: topic as Command | undefined, values: { help: true }, positionals: [] };
  }
  if (first === "--version" || first === "-V") return { values: { version: true }, positionals: [] };
  if (!isCommand(first)) {
    throw new UsageError(
      `unknown command "${first.startsWith("-") ? first.split("=")[0] : first}"`,
      `Commands: ${COMMANDS.join(", ")}`,
    );
  }
  const spec = COMMAND_SPECS[first];
  const options: Record<string, Opt> = {};
  for (const name of spec.options) {
    const { type, short, multiple } = OPTIONS[name];
    options[name] = { type, ...(short ? { short } : {}), ...(multiple ? { multiple } : {}) };
  }
  try {
    const { values, positionals } = parseArgs({
      args: argv.slice(1),
      options,
      strict: true,
      allowPositionals: true,
    });
    return { command: first, values: values as ParsedValues, positionals };
  } catch (err) {
    throw new UsageError(
      describeParseError(err, first),
      `Run \`milvus-import ${first} --help\` for its flags.`,
    );
  }
}

function isCommand(s: string): s is Command {
  return (COMMANDS as readonly string[]).includes(s);
}

/** parseArgs' messages, minus anything after "=" (a value could be a secret typed in the wrong place). */
function describeParseError(err: unknown, command: Command): string {
  const code = (err as { code?: string }).code;
  const msg = err instanceof Error ? err.message : String(err);
  const flag = /--[A-Za-z][A-Za-z0-9-]*/.exec(msg)?.[0] ?? /'(-[A-Za-z])/.exec(msg)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION")
    return `unknown flag ${flag ?? ""} for \`${command}\``.replace("  ", " ");
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    if (/argument missing/.test(msg)) return `flag ${flag ?? ""} needs a value`;
    if (/ambiguous/.test(msg))
      return `flag ${flag ?? ""} needs a value (write ${flag ?? "--flag"}=VALUE for a value starting with "-")`;
    return `flag ${flag ?? ""} takes no value`;
  }
  return msg.split("=")[0];
}

/** Typed getters over parsed values: strings, numbers with ranges, choices. */
export function str(values: ParsedValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

export function list(values: ParsedValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
}

export function flag(values: ParsedValues, name: string): boolean {
  return values[name] === true;
}

export function positiveNumber(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--${name} must be a positive number, got "${text}"`);
  return n;
}

export function choice<T extends string>(
  text: string | undefined,
  name: string,
  allowed: readonly T[],
): T | undefined {
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(", ")}, got "${text}"`);
  }
  return text as T;
}
