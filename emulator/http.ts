/** node:http plumbing for the emulator: body reading, JSON replies (BigInt as raw digits), route types. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { stringifyJson } from "../provider/api/json";

export interface Reply {
  status: number;
  body: unknown;
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });

export async function readBody(req: IncomingMessage, limit = 64 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw new Error("request body too large");
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function send(res: ServerResponse, reply: Reply): void {
  const text = stringifyJson(reply.body);
  res.writeHead(reply.status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** The bearer token or Basic credentials of a request ("user:password" for Basic). */
export function credentialOf(headers: IncomingMessage["headers"]): string | undefined {
  const h = headers.authorization;
  if (!h) return undefined;
  const m = /^(Bearer|Basic)\s+(.*)$/i.exec(h.trim());
  if (!m) return undefined;
  if (m[1].toLowerCase() === "basic") return Buffer.from(m[2], "base64").toString("utf8");
  return m[2].trim();
}
