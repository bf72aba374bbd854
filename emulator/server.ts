/**
 * The emulator: one node:http server on 127.0.0.1 over a LocalEngine, with three faces —
 *   /v2/vectordb/...                      Milvus REST v2 (cluster endpoint; also /clusters/<id>/v2/...)
 *   /cloud/v2/vectordb/jobs/import/...    Zilliz Cloud control plane v2
 *   /cloud[/<region>]/v1/vector/...       Zilliz Cloud control plane v1 (the region stands in for the
 *                                         controller.api.<region> host name)
 * plus /_emulator/* admin endpoints (health, faults, request log).
 */
import * as fs from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import {
  type LocalEngineOptions,
  type OpenedLocalEngine,
  openLocalEngine,
  type ReadOnlyStore,
  type StoreMount,
} from "../provider/engine";
import type { StorageCredentials } from "../provider/engine/importSource";
import type { StorageConfig } from "../provider/storage/config";
import { createObjectStore } from "../provider/storage/factory";
import { LocalStore } from "../provider/storage/local";
import { storeDescriptor } from "../provider/storage/stores";
import type { ApiKeyConfig, CloudContext, ClusterConfig } from "./cloudCommon";
import { handleCloudV1 } from "./cloudV1";
import { handleCloudV2 } from "./cloudV2";
import { type FaultConfig, FaultState, faultsFromEnv } from "./faults";
import { credentialOf, type Reply, readBody, send } from "./http";
import { handleMilvus, milvusRoutes } from "./milvusRoutes";
import { RequestLog } from "./requestLog";

export interface MountConfig {
  /** URL prefix, e.g. "s3://bucket/" or "http://127.0.0.1:9000/bucket/". */
  prefix: string;
  /** A directory standing in for the bucket, or any ObjectStore. */
  dir?: string;
  store?: ReadOnlyStore;
  /**
   * A real bucket (e.g. MinIO): opened with the credentials each import request carries, so wrong
   * keys fail the way the cloud fails them. Configured keys here are used for requests without any.
   */
  storage?: StorageConfig;
  /** Credentials requests must carry for this bucket (never logged). */
  credentials?: { accessKey?: string; secretKey?: string };
}

export interface EmulatorOptions {
  port?: number;
  dataDir: string;
  /** Control-plane API keys; when absent any non-empty key is accepted. */
  apiKeys?: (string | ApiKeyConfig)[];
  /** Milvus users ("user:password" pairs); when given, the cluster face requires auth (HTTP 401). */
  users?: Record<string, string>;
  clusters?: ClusterConfig[];
  /** Region the plain /cloud/v1 prefix stands for; default: the first cluster's region. */
  defaultRegion?: string;
  /** Directory or store that Milvus-face bucket-relative keys refer to. */
  bucketDir?: string;
  bucketStore?: ReadOnlyStore;
  mounts?: MountConfig[];
  faults?: FaultConfig;
  /** Engine limits and reader options, passed through. */
  engine?: Pick<
    LocalEngineOptions,
    "readerOptions" | "maxFileSizeBytes" | "maxFileGroups" | "maxUnfinishedJobs" | "jobStepDelayMs"
  >;
  /** Control-plane limits (Zilliz: 10 GB per file, 1000 files per request). */
  cloudMaxFileSizeBytes?: number;
  cloudMaxFilesPerRequest?: number;
  cloudMaxJobsPerCollection?: number;
  /**
   * Control-plane rate limit per endpoint (Zilliz: 20 requests/s per user per endpoint); off unless
   * set. Over the limit the answer is HTTP 429 (the real status is unconfirmed).
   */
  cloudRequestsPerSecond?: number;
  /** Print one redacted line per request. */
  log?: (line: string) => void;
}

export interface RunningEmulator {
  url: string;
  port: number;
  /** Base URL for Zilliz control-plane clients (v2, and v1 in the default region). */
  controlPlaneUrl: string;
  /** v1 control plane for a given region (stands in for controller.api.<region>...). */
  controlPlaneUrlFor(region: string): string;
  /** Cluster endpoint for a cluster id (same data as `url`). */
  clusterUrl(clusterId: string): string;
  clusters: ClusterConfig[];
  opened: OpenedLocalEngine;
  faults: FaultState;
  requests: RequestLog;
  stop(): Promise<void>;
}

/** Requests per key in the current one-second window. */
class WindowLimiter {
  private window = 0;
  private counts = new Map<string, number>();
  allow(key: string, perSecond: number): boolean {
    const now = Math.floor(Date.now() / 1000);
    if (now !== this.window) {
      this.window = now;
      this.counts.clear();
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n <= perSecond;
  }
}

export const DEFAULT_CLUSTER: ClusterConfig = {
  clusterId: "in01-0123456789abcdef",
  region: "aws-us-west-2",
  status: "RUNNING",
};

function storeForMount(m: MountConfig): StoreMount {
  if (m.storage) {
    const storage = m.storage;
    const d = storeDescriptor(storage.provider);
    return {
      prefix: m.prefix,
      store: createObjectStore(storage),
      connect: (c: StorageCredentials) => createObjectStore(d.withRequestCredentials(storage, c)),
    };
  }
  const store = m.store ?? (m.dir ? new LocalStore(path.resolve(m.dir)) : undefined);
  if (!store) throw new Error(`mount ${m.prefix} needs a dir, a store or a storage config`);
  return { prefix: m.prefix, store, credentials: m.credentials };
}

export async function startEmulator(opts: EmulatorOptions): Promise<RunningEmulator> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const faults = new FaultState();
  const envFaults = faultsFromEnv();
  if (envFaults) faults.apply(envFaults);
  if (opts.faults) faults.apply(opts.faults);
  const defaultStore =
    opts.bucketStore ?? (opts.bucketDir ? new LocalStore(path.resolve(opts.bucketDir)) : undefined);
  const opened = openLocalEngine(opts.dataDir, {
    ...opts.engine,
    store: defaultStore,
    mounts: (opts.mounts ?? []).map(storeForMount),
    faults,
  });
  const clusters = opts.clusters && opts.clusters.length > 0 ? opts.clusters : [DEFAULT_CLUSTER];
  const cloud: CloudContext = {
    opened,
    clusters,
    apiKeys: opts.apiKeys?.map((k) => (typeof k === "string" ? { key: k } : k)),
    defaultRegion: opts.defaultRegion ?? clusters[0].region,
    maxFileSizeBytes: opts.cloudMaxFileSizeBytes ?? 10 * 1024 ** 3,
    maxFilesPerRequest: opts.cloudMaxFilesPerRequest ?? 1000,
    maxJobsPerCollection: opts.cloudMaxJobsPerCollection ?? 10_000,
  };
  const routes = milvusRoutes(opened, faults);
  const limiter = new WindowLimiter();
  const log = new RequestLog(opts.log);

  const milvusAuthOk = (req: IncomingMessage): boolean => {
    if (!opts.users) return true;
    const cred = credentialOf(req.headers);
    if (!cred) return false;
    const i = cred.indexOf(":");
    if (i < 0) return cloud.apiKeys?.some((k) => k.key === cred) ?? false;
    return opts.users[cred.slice(0, i)] === cred.slice(i + 1);
  };

  async function route(
    req: IncomingMessage,
    pathname: string,
    query: URLSearchParams,
    raw: string,
  ): Promise<Reply> {
    const method = req.method ?? "GET";
    if (pathname === "/_emulator/health") return { status: 200, body: { ok: true } };
    if (pathname === "/_emulator/faults") {
      if (method === "GET") return { status: 200, body: faults.snapshot() };
      if (method === "DELETE") {
        faults.reset();
        return { status: 200, body: faults.snapshot() };
      }
      faults.apply(raw ? (JSON.parse(raw) as FaultConfig) : {});
      return { status: 200, body: faults.snapshot() };
    }
    if (pathname === "/_emulator/requests") return { status: 200, body: log.entries };

    const rule = faults.take(pathname);
    const latency = faults.latencyMs + (rule?.latencyMs ?? 0);
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    if (rule?.reset) {
      req.socket.destroy();
      return { status: -1, body: null };
    }
    if (rule && (rule.status !== undefined || rule.code !== undefined)) {
      const code = rule.code ?? rule.status ?? 65535;
      return {
        status: rule.status ?? 200,
        body: { code, message: rule.message ?? `injected fault (code ${code})` },
      };
    }

    const token = credentialOf(req.headers);
    const cloudMatch = /^\/cloud(?:\/([a-z0-9][a-z0-9-]*[a-z0-9]))?(\/v[12]\/.*)$/.exec(pathname);
    if (cloudMatch) {
      const [, region, sub] = cloudMatch;
      if (
        opts.cloudRequestsPerSecond &&
        !limiter.allow(`${token ?? ""} ${sub}`, opts.cloudRequestsPerSecond)
      ) {
        return { status: 429, body: { code: 429, message: "Too many requests, please try again later." } };
      }
      if (sub.startsWith("/v1/"))
        return handleCloudV1(cloud, faults, {
          method,
          path: sub,
          region: region === "v1" ? undefined : region,
          query,
          raw,
          token,
        });
      if (region)
        return {
          status: 404,
          body: { code: 404, message: "the v2 control plane has no region in its path" },
        };
      return handleCloudV2(cloud, faults, { method, path: sub, raw, token });
    }
    const clusterMatch = /^\/clusters\/([^/]+)(\/v2\/.*)$/.exec(pathname);
    const milvusPath = clusterMatch ? clusterMatch[2] : pathname;
    if (clusterMatch && !clusters.some((c) => c.clusterId === clusterMatch[1])) {
      return { status: 404, body: { code: 404, message: `unknown cluster ${clusterMatch[1]}` } };
    }
    if (milvusPath.startsWith("/v2/vectordb/")) {
      if (!milvusAuthOk(req))
        return { status: 401, body: { code: 1800, message: "user hasn't authenticated" } };
      if (method !== "POST") return { status: 404, body: { code: 404, message: "404 page not found" } };
      if (!routes.has(milvusPath)) return { status: 404, body: { code: 404, message: "404 page not found" } };
      return { status: 200, body: await handleMilvus(routes, milvusPath, raw, req.headers) };
    }
    return { status: 404, body: { code: 404, message: "404 page not found" } };
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    let raw = "";
    let reply: Reply;
    try {
      raw = await readBody(req);
      reply = await route(req, u.pathname, u.searchParams, raw);
    } catch (e) {
      reply = { status: 500, body: { code: 65535, message: (e as Error).message } };
    }
    if (reply.status === -1) return;
    send(res, reply);
    if (!u.pathname.startsWith("/_emulator/")) {
      const code = (reply.body as { code?: number } | null)?.code;
      log.record({
        time: new Date(started).toISOString(),
        method: req.method ?? "",
        url: req.url ?? "",
        status: reply.status,
        code,
        ms: Date.now() - started,
        rawBody: raw,
        authorization: req.headers.authorization,
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    controlPlaneUrl: `${url}/cloud`,
    controlPlaneUrlFor: (region) => `${url}/cloud/${region}`,
    clusterUrl: (id) => `${url}/clusters/${id}`,
    clusters,
    opened,
    faults,
    requests: log,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
