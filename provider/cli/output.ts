/**
 * Where the CLI writes: results on stdout (human text, or exactly one JSON document with --json),
 * logs and progress on stderr. Everything passes through the run's redactor first, so a secret that
 * reached an error message (e.g. echoed by a server) is still never printed.
 */
import type { Redactor } from "../api/redact";

export interface TextSink {
  write(text: string): unknown;
}

/** The process surroundings of one CLI run (injectable for in-process tests). */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  env: Record<string, string | undefined>;
  cwd: string;
  /** stderr is a terminal: draw progress bars. */
  isTTY: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
  };
}

/** JSON text with bigint as decimal strings (int64 stays exact). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

export class Output {
  private resultWritten = false;
  constructor(
    readonly io: CliIo,
    readonly json: boolean,
    readonly redactor: Redactor,
  ) {}

  scrub(text: string): string {
    return this.redactor.scrub(text);
  }

  /** A log line on stderr. */
  log(line: string): void {
    this.io.stderr.write(`${this.scrub(line)}\n`);
  }

  /** The command's result: one JSON document with --json, else the human rendering. */
  result(doc: Record<string, unknown>, human: () => string): void {
    if (this.resultWritten) throw new Error("internal: a command wrote two results");
    this.resultWritten = true;
    // Values are redacted before serialising, so the document stays valid JSON (see scrubValue).
    if (this.json) this.io.stdout.write(`${toJson(this.redactor.scrubValue(doc))}\n`);
    else {
      const text = human();
      if (text) this.io.stdout.write(`${this.scrub(text)}${text.endsWith("\n") ? "" : "\n"}`);
    }
  }

  get wroteResult(): boolean {
    return this.resultWritten;
  }
}
