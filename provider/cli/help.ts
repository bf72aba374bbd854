/** `--help` text, generated from the option table so it cannot drift from what is parsed. */

import { storageCredentialsEnv } from "../storage/stores";
import { COMMAND_SPECS, COMMANDS, type Command, OPTIONS } from "./args";
import { EXIT_CODE_HELP } from "./exitCodes";

const envHelp = () => `Environment:
  MILVUS_IMPORT_API_KEY   Zilliz Cloud API key (zilliz-v1 / zilliz-v2 targets; ZILLIZ_API_KEY also works)
  MILVUS_TOKEN            Milvus token, "user:password" (milvus-v2 target)
  MILVUS_IMPORT_TARGET, MILVUS_IMPORT_URI, MILVUS_IMPORT_CLUSTER_ID, MILVUS_IMPORT_REGION, MILVUS_IMPORT_DATA_DIR
                          defaults for --target, --uri, --cluster-id, --region, --data-dir
  Storage credentials are read from each cloud's standard variables:
${storageCredentialsEnv()
  .map((line) => `    ${line}`)
  .join("\n")}
  Secrets are never accepted as flags or in the config file, and never printed.`;

export function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.length));
  return [
    "milvus-import: validate, write, upload and import data into Milvus / Zilliz Cloud collections",
    "",
    "Usage: milvus-import <command> [flags]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.padEnd(width)}  ${COMMAND_SPECS[c].summary}`),
    "",
    "Run `milvus-import <command> --help` for a command's flags.",
    "",
    envHelp(),
    "",
    EXIT_CODE_HELP,
  ].join("\n");
}

export function commandHelp(command: Command): string {
  const spec = COMMAND_SPECS[command];
  const rows = spec.options.map((name) => {
    const o = OPTIONS[name];
    const left = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.arg ? ` ${o.arg}` : ""}`;
    return [left, o.help] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length));
  return [
    `Usage: milvus-import ${command} [flags] ${spec.positionals}`.trimEnd(),
    "",
    spec.summary,
    "",
    "Flags:",
    ...rows.map(([l, h]) => `  ${l.padEnd(width)}  ${h}`),
    "",
    EXIT_CODE_HELP,
  ].join("\n");
}
