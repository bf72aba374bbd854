#!/usr/bin/env node
/** Entry point of the `milvus-import` command (package.json "bin"). */
import { processIo } from "./output";
import { runCli } from "./run";

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    // exitCode, not exit(): pending stdout writes flush and an in-process local job can finish.
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(
      `milvus-import: unexpected failure: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exitCode = 3;
  },
);
