/**
 * A fault-injecting HTTP proxy on 127.0.0.1 in front of an S3 endpoint (MinIO). Requests go through
 * unchanged — the Host header is kept, so SigV4 signatures stay valid — unless a rule matches the S3
 * operation: then the proxy answers an S3 error status, resets the connection after part of the body,
 * stalls before forwarding, or runs a hook (e.g. kill a process) and drops the request. Each rule
 * fires `count` times. Every request's operation is recorded, so a caller can tell where a fault hit.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type S3Operation =
  | "UploadPart"
  | "CreateMultipartUpload"
  | "CompleteMultipartUpload"
  | "AbortMultipartUpload"
  | "PutObject"
  | "HeadObject"
  | "GetObject"
  | "ListObjects"
  | "DeleteObject"
  | "Other";

export function s3Operation(method: string, url: URL): S3Operation {
  const q = url.searchParams;
  const hasKey = url.pathname.split("/").filter(Boolean).length > 1;
  if (method === "PUT") return q.has("partNumber") && q.has("uploadId") ? "UploadPart" : "PutObject";
  if (method === "POST") {
    if (q.has("uploads")) return "CreateMultipartUpload";
    if (q.has("uploadId")) return "CompleteMultipartUpload";
    return "Other";
  }
  if (method === "DELETE") return q.has("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
  if (method === "HEAD") return hasKey ? "HeadObject" : "Other";
  if (method === "GET") return hasKey ? "GetObject" : "ListObjects";
  return "Other";
}

export type ProxyAction =
  /** Answer with this status and an S3 XML error (SlowDown, InternalError, ...). */
  | { status: number; s3Code: string }
  /** Read this many body bytes, then destroy the connection (a reset mid-upload). */
  | { resetAfterBytes: number }
  /** Hold the request this long before forwarding it (a server that does not answer in time). */
  | { stallMs: number }
  /** Run the hook, then drop the request without an answer. */
  | { hook: () => void | Promise<void> };

export interface ProxyRule {
  operation: S3Operation;
  /** For UploadPart: only this part number. */
  partNumber?: number;
  /** Only keys containing this text. */
  keyIncludes?: string;
  /** Let this many matching requests through before faulting (default 0). */
  after?: number;
  /** How many matching requests to fault (default 1). */
  count?: number;
  action: ProxyAction;
}

export interface ProxyRecord {
  operation: S3Operation;
  key: string;
  partNumber?: number;
  faulted?: string;
}

export interface FaultProxy {
  endpoint: string;
  records: ProxyRecord[];
  /** Replaces the rules (and resets their counts). */
  setRules(rules: ProxyRule[]): void;
  /** Rules that have not fired their full count yet. */
  pending(): ProxyRule[];
  close(): Promise<void>;
}

const errorXml = (code: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>injected by the fault proxy</Message><RequestId>fault</RequestId></Error>`;

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let rules: (ProxyRule & { left: number; skip: number })[] = [];
  const records: ProxyRecord[] = [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://proxy");
    const operation = s3Operation(req.method ?? "GET", url);
    const partNumber = url.searchParams.has("partNumber")
      ? Number(url.searchParams.get("partNumber"))
      : undefined;
    const key = decodeURIComponent(url.pathname);
    const record: ProxyRecord = { operation, key, partNumber };
    records.push(record);
    let rule = rules.find(
      (r) =>
        r.left > 0 &&
        r.operation === operation &&
        (r.partNumber === undefined || r.partNumber === partNumber) &&
        (r.keyIncludes === undefined || key.includes(r.keyIncludes)),
    );
    if (rule && rule.skip > 0) {
      rule.skip--;
      rule = undefined;
    }
    if (rule) rule.left--;
    const action = rule?.action;
    if (action && "status" in action) {
      record.faulted = `${action.status} ${action.s3Code}`;
      req.resume();
      req.on("end", () => {
        const body = errorXml(action.s3Code);
        res.writeHead(action.status, {
          "Content-Type": "application/xml",
          "Content-Length": Buffer.byteLength(body),
        });
        res.end(body);
      });
      return;
    }
    if (action && "resetAfterBytes" in action) {
      record.faulted = `reset after ${action.resetAfterBytes} bytes`;
      let seen = 0;
      req.on("data", (chunk: Buffer) => {
        seen += chunk.length;
        if (seen >= action.resetAfterBytes) req.socket.destroy();
      });
      req.on("end", () => req.socket.destroy());
      return;
    }
    if (action && "hook" in action) {
      record.faulted = "hook";
      req.pause();
      Promise.resolve(action.hook()).finally(() => req.socket.destroy());
      return;
    }
    const forward = () => {
      const headers = { ...req.headers };
      // The proxy already answered "100 Continue" (node:http does it); the body follows at once.
      delete headers.expect;
      const out = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      out.on("error", () => res.destroy());
      req.pipe(out);
    };
    if (action && "stallMs" in action) {
      record.faulted = `stalled ${action.stallMs} ms`;
      req.pause();
      setTimeout(forward, action.stallMs);
      return;
    }
    forward();
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    records,
    setRules(next) {
      rules = next.map((r) => ({ ...r, left: r.count ?? 1, skip: r.after ?? 0 }));
    },
    pending: () => rules.filter((r) => r.left > 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
