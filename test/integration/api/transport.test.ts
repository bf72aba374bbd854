/**
 * The HTTP layer over real HTTP (a scripted node:http server on 127.0.0.1): auth, retries on
 * 5xx / 429 / busy codes / resets / refused connections, timeouts, the client-side rate limit,
 * cancellation and redaction of every secret in errors and logs.
 */
import net from "node:net";
import { ApiError } from "../../../provider/api/errors";
import { HttpClient, type HttpClientOptions, type HttpLogEntry } from "../../../provider/api/http";
import { type Reply, type ScriptedServer, startScriptedServer } from "../../helpers/scriptedHttpServer";

const ok = (data: unknown = {}): Reply => ({ json: { code: 0, data } });
const fast = { backoff: { baseMs: 5, maxMs: 50 }, rateLimit: false as const };

let server: ScriptedServer;
const clients: HttpClient[] = [];
function client(opts: Partial<HttpClientOptions> = {}): HttpClient {
  const c = new HttpClient({ baseUrl: server.url, api: "milvus-v2", ...fast, ...opts });
  clients.push(c);
  return c;
}

beforeEach(async () => {
  server = await startScriptedServer(() => ok());
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
});

describe("auth and envelope", () => {
  test("bearer token, JSON body, success envelope", async () => {
    server.setHandler(() => ok({ has: true }));
    const res = await client({ auth: { username: "root", password: "Milvus" } }).call({
      method: "POST",
      path: "/v2/vectordb/collections/has",
      body: { collectionName: "c" },
      idempotent: true,
    });
    expect(res.data).toEqual({ has: true });
    const r = server.requests[0];
    expect(r.headers.authorization).toBe("Bearer root:Milvus");
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.json).toEqual({ collectionName: "c" });
  });

  test("no Authorization header without credentials; base path is kept", async () => {
    server.setHandler(() => ok());
    const c = new HttpClient({ baseUrl: `${server.url}/prefix/`, api: "milvus-v2", ...fast });
    clients.push(c);
    await c.call({ method: "POST", path: "/x", body: {}, idempotent: true });
    expect(server.requests[0].path).toBe("/prefix/x");
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  test("v1 success code is 200; GET query string", async () => {
    server.setHandler(() => ({ json: { code: 200, data: { jobId: "j" } } }));
    const c = client({ api: "zilliz-v1", auth: { apiKey: "zk" } });
    const res = await c.call({
      method: "GET",
      path: "/v1/vector/collections/import/get",
      query: { jobId: "j", clusterId: "in03-abc" },
      idempotent: true,
    });
    expect(res.code).toBe(200);
    expect(server.requests[0].method).toBe("GET");
    expect(server.requests[0].query.get("clusterId")).toBe("in03-abc");
  });

  test("401 with a Milvus envelope is a permanent business error 1800", async () => {
    server.setHandler(() => ({ status: 401, json: { code: 1800, message: "user hasn't authenticated" } }));
    const err = await client({ maxRetries: 3 })
      .call({ method: "POST", path: "/v2/vectordb/collections/list", body: {}, idempotent: true })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: "business", code: 1800, httpStatus: 401, transient: false });
    expect(err.message).toContain("Pass a token");
    expect(server.requests).toHaveLength(1);
  });

  test("a non-envelope 200 is a protocol error", async () => {
    server.setHandler(() => ({ text: "<html>hello</html>" }));
    const err = await client()
      .call({ method: "POST", path: "/v2/x", body: {}, idempotent: true })
      .catch((e) => e);
    expect(err).toMatchObject({ kind: "protocol", code: "BAD_ENVELOPE" });
  });
});

describe("retries", () => {
  test("5xx is retried for idempotent calls", async () => {
    server.setHandler((_r, n) =>
      n < 3 ? { status: 503, text: "busy" } : n === 3 ? { status: 500, text: "oops" } : ok({ v: 1 }),
    );
    const res = await client({ maxRetries: 4 }).call({
      method: "POST",
      path: "/v2/vectordb/collections/describe",
      body: {},
      idempotent: true,
    });
    expect(res.data).toEqual({ v: 1 });
    expect(server.requests).toHaveLength(4);
  });

  test("500 is not retried for a non-idempotent import create (it may have created a job)", async () => {
    server.setHandler(() => ({ status: 500, text: "internal" }));
    const err = await client({ maxRetries: 4 })
      .call({ method: "POST", path: "/v2/vectordb/jobs/import/create", body: {}, idempotent: false })
      .catch((e) => e);
    expect(err).toMatchObject({ kind: "http", code: 500, transient: true });
    expect(server.requests).toHaveLength(1);
  });

  test("429 is retried even for non-idempotent calls, honouring Retry-After", async () => {
    server.setHandler((_r, n) =>
      n === 1 ? { status: 429, headers: { "retry-after": "1" }, text: "slow down" } : ok({ jobId: "1" }),
    );
    const res = await client({ backoff: { baseMs: 5, maxMs: 5000 } }).call({
      method: "POST",
      path: "/v2/vectordb/jobs/import/create",
      body: {},
      idempotent: false,
    });
    expect(res.data).toEqual({ jobId: "1" });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].at - server.requests[0].at).toBeGreaterThanOrEqual(950);
  });

  test("documented busy business codes are retried: Milvus 1807, Zilliz v1 47055 on import", async () => {
    server.setHandler((_r, n) =>
      n < 3 ? { json: { code: 1807, message: "request is rejected by limiter, error: x" } } : ok(),
    );
    await client().call({ method: "POST", path: "/v2/vectordb/entities/query", body: {}, idempotent: true });
    expect(server.requests).toHaveLength(3);

    server.requests.length = 0;
    server.setHandler((_r, n) =>
      n === 1
        ? {
            json: {
              code: 47055,
              message:
                "The current cluster is currently importing data (job-1). To ensure more stable service",
            },
          }
        : { json: { code: 200, data: { jobId: "job-2" } } },
    );
    const v1 = client({ api: "zilliz-v1" });
    const res = await v1.call({
      method: "POST",
      path: "/v1/vector/collections/import/x",
      body: {},
      idempotent: false,
    });
    expect(res.data).toEqual({ jobId: "job-2" });
    expect(server.requests).toHaveLength(2);
  });

  test("503/429 carrying an error envelope are retried by status, not judged by the body code", async () => {
    server.setHandler((_r, n) =>
      n < 3
        ? { status: n === 1 ? 503 : 429, json: { code: 65535, message: "gateway busy" } }
        : ok({ done: 1 }),
    );
    const res = await client().call({
      method: "POST",
      path: "/v2/vectordb/jobs/import/create",
      body: {},
      idempotent: false,
    });
    expect(res.data).toEqual({ done: 1 });
    expect(server.requests).toHaveLength(3);
  });

  test("permanent business codes are not retried", async () => {
    server.setHandler(() => ({
      json: { code: 100, message: "collection not found[database=default][collection=c]" },
    }));
    const err = await client()
      .call({ method: "POST", path: "/v2/vectordb/collections/load", body: {}, idempotent: true })
      .catch((e) => e);
    expect(err).toMatchObject({
      kind: "business",
      code: 100,
      transient: false,
      meaning: "Collection not found",
    });
    expect(server.requests).toHaveLength(1);
  });

  test("connection reset: retried when idempotent, not for an import create", async () => {
    server.setHandler((_r, n) => (n === 1 ? { reset: true } : ok({ n })));
    const res = await client().call({ method: "POST", path: "/v2/a", body: {}, idempotent: true });
    expect(res.data).toEqual({ n: 2 });

    server.setHandler(() => ({ reset: true }));
    const err = await client()
      .call({ method: "POST", path: "/v2/vectordb/jobs/import/create", body: {}, idempotent: false })
      .catch((e) => e);
    expect(err).toMatchObject({ kind: "network", transient: true });
    expect(err.message).toMatch(/may have reached the server.*list import jobs/);
    expect(server.requests.filter((r) => r.path === "/v2/vectordb/jobs/import/create")).toHaveLength(1);
  });

  test("connection refused is retried (nothing was sent) and then reported", async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const c = new HttpClient({
      baseUrl: `http://127.0.0.1:${closedPort}`,
      api: "zilliz-v2",
      ...fast,
      maxRetries: 2,
    });
    clients.push(c);
    const err = await c
      .call({ method: "POST", path: "/v2/vectordb/jobs/import/create", body: {}, idempotent: false })
      .catch((e) => e);
    expect(err).toMatchObject({ kind: "network", code: "ECONNREFUSED", attempts: 3 });
  });

  test("request timeout on a hung server, retried then reported", async () => {
    server.setHandler(() => ({ hang: true }));
    const started = Date.now();
    const err = await client({ requestTimeoutMs: 200, maxRetries: 1 })
      .call({ method: "POST", path: "/v2/slow", body: {}, idempotent: true })
      .catch((e) => e);
    expect(err).toMatchObject({ kind: "timeout", attempts: 2 });
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test("a slow but in-time response succeeds", async () => {
    server.setHandler(() => ({ ...ok({ slow: true }), delayMs: 100 }));
    const res = await client({ requestTimeoutMs: 2000 }).call({
      method: "POST",
      path: "/v2/slow",
      body: {},
      idempotent: true,
    });
    expect(res.data).toEqual({ slow: true });
  });

  test("AbortSignal cancels during backoff", async () => {
    server.setHandler(() => ({ status: 503, text: "busy" }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const started = Date.now();
    const err = await client({ backoff: { baseMs: 10_000, maxMs: 10_000 }, maxRetries: 5 })
      .call({ method: "POST", path: "/v2/a", body: {}, idempotent: true, signal: ac.signal })
      .catch((e) => e);
    expect(err).toMatchObject({ kind: "aborted" });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe("client-side rate limit", () => {
  test("20 requests/s per endpoint: a burst of 20, then paced", async () => {
    server.setHandler(() => ok());
    const c = client({ rateLimit: { perSecond: 20, burst: 20 }, shareRateLimit: false });
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 30 }, () =>
        c.call({ method: "POST", path: "/v2/same", body: {}, idempotent: true }),
      ),
    );
    const elapsed = performance.now() - started;
    // 10 requests beyond the burst at 20/s need >= 450 ms (first token after 50 ms).
    expect(elapsed).toBeGreaterThanOrEqual(450);
    const at = server.requests.map((r) => r.at).sort((a, b) => a - b);
    for (let i = 0; i < at.length; i++)
      expect(at.filter((t) => t >= at[i] && t < at[i] + 1000).length).toBeLessThanOrEqual(40);
    // Another endpoint has its own bucket and is not slowed by this one.
    const t0 = performance.now();
    await c.call({ method: "POST", path: "/v2/other", body: {}, idempotent: true });
    expect(performance.now() - t0).toBeLessThan(200);
  });
});

describe("redaction", () => {
  const SECRETS = {
    apiKey: "zc-apikey-TOPSECRET-0123456789",
    accessKey: "AKIAQQQQQQQQQQQQQQQQ",
    secretKey: "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY",
    token: "FwoGZXIvYXdzEXAMPLESESSIONTOKEN",
  };

  test("no secret appears in errors or log lines, even when the server echoes them", async () => {
    // A hostile/verbose server that echoes the Authorization header and the body back.
    server.setHandler((r, n) => {
      const echo = `auth=${r.headers.authorization} body=${r.body}`;
      if (n === 1) return { status: 502, text: echo };
      return { json: { code: 83001, message: `Failed to getObjectMeta {${echo}}.` } };
    });
    const logs: HttpLogEntry[] = [];
    const c = client({ api: "zilliz-v2", auth: { apiKey: SECRETS.apiKey }, logger: (e) => logs.push(e) });
    const err = await c
      .call({
        method: "POST",
        path: "/v2/vectordb/jobs/import/create",
        query: { token: SECRETS.token, jobId: "x" },
        body: {
          clusterId: "in03-abc",
          accessKey: SECRETS.accessKey,
          secretKey: SECRETS.secretKey,
          token: SECRETS.token,
        },
        idempotent: true,
        secrets: [SECRETS.accessKey, SECRETS.secretKey, SECRETS.token],
      })
      .catch((e) => e);
    expect(err).toMatchObject({ kind: "business", code: 83001 });
    expect(server.requests.length).toBe(2);
    // The server did receive the real secrets...
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${SECRETS.apiKey}`);
    expect(server.requests[0].body).toContain(SECRETS.secretKey);
    // ...but nothing we print carries them.
    const printed = [
      err.message,
      String(err.stack),
      JSON.stringify(err),
      err.serverMessage,
      err.request?.path,
      ...logs.map((l) => l.message),
    ].join("\n");
    for (const s of Object.values(SECRETS)) expect(printed).not.toContain(s);
    expect(err.request.path).toBe("/v2/vectordb/jobs/import/create?token=[REDACTED]&jobId=x");
    expect(logs.some((l) => l.event === "request" && l.message.includes('"clusterId":"in03-abc"'))).toBe(
      true,
    );
    expect(logs.some((l) => l.event === "retry")).toBe(true);
  });

  test("credentials in the endpoint URL are neither logged nor put in errors", async () => {
    server.setHandler(() => ({ status: 404, text: "nope" }));
    const logs: string[] = [];
    const c = new HttpClient({
      baseUrl: server.url.replace("http://", "http://admin:Sup3rS3cretPw@"),
      api: "milvus-v2",
      ...fast,
      logger: (e) => logs.push(e.message),
    });
    clients.push(c);
    const err = await c.call({ method: "POST", path: "/v2/x", body: {}, idempotent: true }).catch((e) => e);
    expect(err).toMatchObject({ kind: "http", code: 404 });
    expect([err.message, ...logs].join("\n")).not.toContain("Sup3rS3cretPw");
  });
});
