/**
 * A tiny real HTTP server (node:http on 127.0.0.1, port 0) whose answers a test scripts per request:
 * JSON replies with any status and headers, delays, hung requests and connection resets. It records
 * every request so tests can assert paths, headers and bodies. For transport behaviour (retries,
 * timeouts, rate limits), not for emulating Milvus.
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  json?: unknown;
  /** ms since the server started. */
  at: number;
}

export type Reply =
  | { status?: number; json?: unknown; text?: string; headers?: Record<string, string>; delayMs?: number }
  | { reset: true }
  | { hang: true };

/** Gets the request and its 1-based index among requests to the same path. */
export type Handler = (req: RecordedRequest, nthForPath: number) => Reply | Promise<Reply>;

export interface ScriptedServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  setHandler(h: Handler): void;
  close(): Promise<void>;
}

export async function startScriptedServer(handler: Handler): Promise<ScriptedServer> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const perPath = new Map<string, number>();
  const sockets = new Set<Socket>();
  const started = performance.now();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const rec: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json,
        at: performance.now() - started,
      };
      requests.push(rec);
      const n = (perPath.get(rec.path) ?? 0) + 1;
      perPath.set(rec.path, n);
      let reply: Reply;
      try {
        reply = await current(rec, n);
      } catch (err) {
        reply = { status: 500, text: String(err) };
      }
      if ("reset" in reply) {
        req.socket.resetAndDestroy();
        return;
      }
      if ("hang" in reply) return; // never answer; the client must time out
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      const payload = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? "");
      res.writeHead(reply.status ?? 200, {
        "content-type": reply.json !== undefined ? "application/json" : "text/plain",
        ...reply.headers,
      });
      res.end(payload);
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    setHandler: (h) => {
      current = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
