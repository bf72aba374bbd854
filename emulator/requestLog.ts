/** Request log with secrets redacted (Authorization, access/secret keys, tokens, passwords). */
import { parseJsonLossless, stringifyJson } from "../provider/api/json";
import { REDACTED, redactUrl, redactValue } from "../provider/api/redact";

export interface LoggedRequest {
  time: string;
  method: string;
  url: string;
  status: number;
  code?: number;
  ms: number;
  auth?: string;
  body?: unknown;
}

export class RequestLog {
  readonly entries: LoggedRequest[] = [];
  constructor(
    private readonly sink?: (line: string) => void,
    private readonly max = 1000,
  ) {}

  record(e: Omit<LoggedRequest, "body" | "auth"> & { rawBody: string; authorization?: string }): void {
    let body: unknown;
    if (e.rawBody) {
      try {
        body = redactValue(parseJsonLossless(e.rawBody));
      } catch {
        body = `<${e.rawBody.length} bytes, not JSON>`;
      }
    }
    const entry: LoggedRequest = {
      time: e.time,
      method: e.method,
      url: redactUrl(e.url),
      status: e.status,
      code: e.code,
      ms: e.ms,
      ...(e.authorization ? { auth: REDACTED } : {}),
      ...(body !== undefined ? { body } : {}),
    };
    this.entries.push(entry);
    if (this.entries.length > this.max) this.entries.shift();
    this.sink?.(
      `${entry.time} ${entry.method} ${entry.url} -> ${entry.status}${entry.code !== undefined ? ` code=${entry.code}` : ""} ${entry.ms}ms${body !== undefined ? ` ${stringifyJson(body)}` : ""}`,
    );
  }
}
