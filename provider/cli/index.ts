/** The `milvus-import` CLI as a library: run it in-process (tests, wrappers). */
export { COMMANDS, type Command, parseCommandLine } from "./args";
export { CLI_CONFIG_SCHEMA_FILE, type CliConfig, configProblems, loadConfig } from "./config";
export { UsageError } from "./errors";
export { EXIT, EXIT_CODE_HELP, type ExitCode, errorKind, exitCodeFor } from "./exitCodes";
export { type CliIo, processIo } from "./output";
export { type RunCliOptions, runCli } from "./run";
