/**
 * What the Zilliz Cloud control-plane faces (v1 and v2) share: API keys and their cluster scope, the
 * cluster table (id → region, status; every cluster maps to the one local engine), create-time object
 * URL checks with the documented codes, and control-plane job ids ("job-…") mapped onto engine jobs.
 */
import { randomBytes } from "node:crypto";
import type { OpenedLocalEngine } from "../provider/engine";
import type { JobRecord } from "../provider/engine/catalog";
import { fileTypeOf } from "../provider/engine/fileGroups";
import type { ResolvedPath } from "../provider/engine/importSource";
import { credentialsMatch } from "../provider/engine/jobs";
import { DYNAMIC_FIELD } from "../provider/schema/types";
import type { FaultState } from "./faults";

export interface ClusterConfig {
  clusterId: string;
  region: string;
  /** Anything but RUNNING makes imports fail with 40003. */
  status?: string;
}

export interface ApiKeyConfig {
  key: string;
  /** Clusters the key may use; all when absent. */
  clusters?: string[];
}

export class CloudError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** The one cluster-id rule: start-up validation and both control-plane faces use it. */
export const CLUSTER_ID_PATTERN = /^in\d{2}-[0-9a-z]{8,32}$/;
/** Region ids as they appear in controller.api.<region>... host names (and /cloud/<region>). */
export const REGION_PATTERN = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;

/**
 * Rejects a cluster table the faces could not serve consistently: a malformed id (v2 would answer
 * 96036 for it while v1 served it), a region that cannot be a host label, or an id listed twice.
 */
export function validateClusters(clusters: ClusterConfig[]): void {
  const seen = new Set<string>();
  for (const c of clusters) {
    if (typeof c.clusterId !== "string" || !CLUSTER_ID_PATTERN.test(c.clusterId)) {
      throw new Error(
        `invalid cluster id "${c.clusterId}": expected "in" + 2 digits + "-" + 8 to 32 lowercase letters or digits, e.g. in03-5f2a9c1e7b3d4a0`,
      );
    }
    if (typeof c.region !== "string" || !REGION_PATTERN.test(c.region)) {
      throw new Error(
        `invalid region "${c.region}" for cluster ${c.clusterId}: expected an id like aws-us-west-2`,
      );
    }
    if (seen.has(c.clusterId)) throw new Error(`cluster ${c.clusterId} is listed twice`);
    seen.add(c.clusterId);
  }
}

/** A control-plane request as the server hands it to a face. */
export interface CloudRequest {
  method: string;
  /** Path after the /cloud[/<region>] prefix, e.g. "/v1/vector/collections/import". */
  path: string;
  /** The region of the /cloud/<region> prefix (the controller.api.<region> host); v1 only. */
  region?: string;
  query: URLSearchParams;
  raw: string;
  token?: string;
}

/** Zilliz Cloud renders times to the second, e.g. "2023-10-28T06:51:49Z". */
export const isoSeconds = (t?: string): string =>
  t ? new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z") : "";

export interface CloudContext {
  opened: OpenedLocalEngine;
  clusters: ClusterConfig[];
  /** undefined: any non-empty key is accepted. */
  apiKeys?: ApiKeyConfig[];
  defaultRegion: string;
  maxFileSizeBytes: number;
  maxFilesPerRequest: number;
  /** Pending + running jobs per collection (Zilliz docs: 10,000). */
  maxJobsPerCollection: number;
}

export type KeyCheck = "missing" | "invalid" | ApiKeyConfig;

export function checkApiKey(ctx: CloudContext, token: string | undefined): KeyCheck {
  if (!token) return "missing";
  if (!ctx.apiKeys) return { key: token };
  return ctx.apiKeys.find((k) => k.key === token) ?? "invalid";
}

export const keyAllows = (k: ApiKeyConfig, clusterId: string) =>
  !k.clusters || k.clusters.includes(clusterId);

export function newCloudJobId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return `job-${Array.from(randomBytes(22), (b) => alphabet[b % alphabet.length]).join("")}`;
}

export function findCloudJob(
  ctx: CloudContext,
  clusterId: string,
  cloudJobId: string,
): JobRecord | undefined {
  return ctx.opened.jobs
    .list()
    .find((j) => j.labels?.cloudJobId === cloudJobId && j.labels?.clusterId === clusterId);
}

/** One page of a cluster's jobs, newest first (both faces list this way), and how many there are. */
export function clusterJobsPage(
  jobs: JobRecord[],
  clusterId: string,
  currentPage: number,
  pageSize: number,
): { count: number; page: JobRecord[] } {
  const all = jobs.filter((j) => j.labels?.clusterId === clusterId).reverse();
  return { count: all.length, page: all.slice((currentPage - 1) * pageSize, currentPage * pageSize) };
}

/** Cloud an object URL lives on, when the URL says so (local test URLs say nothing). */
function cloudOfUrl(url: string): string | undefined {
  if (/^s3:\/\//i.test(url) || /\.amazonaws\.com(\.cn)?\//i.test(url)) return "aws";
  if (/^gs:\/\//i.test(url) || /storage\.(cloud\.google|googleapis)\.com\//i.test(url)) return "gcp";
  if (/\.blob\.core\.windows\.net\//i.test(url)) return "az";
  if (/^oss:\/\//i.test(url) || /\.aliyuncs\.com\//i.test(url)) return "ali";
  return undefined;
}

/** v1 only: a bucket on another cloud than the cluster is refused (83004). */
export function checkSameCloud(url: string, region: string): void {
  const cloud = cloudOfUrl(url);
  if (cloud && !region.startsWith(`${cloud}-`))
    throw new CloudError(83004, "Importing files across clouds is not currently supported");
}

const URL_SCHEME = /^(s3|gs|oss|cos|file|https?):\/\/[^/]+/i;

function resolve(
  ctx: CloudContext,
  url: string,
  creds: { accessKey?: string; secretKey?: string },
): ResolvedPath {
  if (!URL_SCHEME.test(url)) throw new CloudError(10003, `Invalid s3 ObjectUrl. [${url}]`);
  let r: ResolvedPath;
  try {
    r = ctx.opened.jobs.settings.resolver.resolve(url, creds);
  } catch (e) {
    throw new CloudError(83001, `Failed to getObjectMeta {${(e as Error).message}}.`);
  }
  if (r.mount?.credentials && !credentialsMatch(r.mount.credentials, creds)) {
    throw new CloudError(83001, "Failed to getObjectMeta {Access Denied}.");
  }
  return r;
}

/**
 * Create-time checks of one object URL (file or folder) as the control plane does them: parseable,
 * readable with the given credentials, within size limits; NumPy folders need one file per field.
 */
export async function checkObjectUrl(
  ctx: CloudContext,
  url: string,
  creds: { accessKey?: string; secretKey?: string },
  collection: { inputFieldCount: number; dynamic: boolean },
): Promise<number> {
  const r = resolve(ctx, url, creds);
  const meta = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      throw new CloudError(83001, `Failed to getObjectMeta {${(e as Error).message}}.`);
    }
  };
  if (!url.endsWith("/")) {
    const info = await meta(() => r.store.head(r.key));
    if (!info) throw new CloudError(83001, "Failed to getObjectMeta {The specified key does not exist.}.");
    if (info.size > ctx.maxFileSizeBytes)
      throw new CloudError(47035, "The specified object size exceeds limit.");
    return 1;
  }
  const objects = await meta(() => r.store.list(r.key));
  if (objects.length === 0)
    throw new CloudError(83001, "Failed to getObjectMeta {The specified key does not exist.}.");
  const types = new Set(objects.map((o) => fileTypeOf(o.key) ?? "unknown"));
  if (types.size > 1)
    throw new CloudError(
      47053,
      `Failed to checkFiles {the folder holds files of more than one format: ${[...types].join(", ")}}.`,
    );
  if (objects.length > ctx.maxFilesPerRequest || objects.some((o) => o.size > ctx.maxFileSizeBytes)) {
    throw new CloudError(47035, "The specified object size exceeds limit.");
  }
  if (types.has("numpy")) {
    const perDir = new Map<string, string[]>();
    for (const o of objects) {
      const dir = o.key.slice(0, o.key.lastIndexOf("/"));
      perDir.set(dir, [...(perDir.get(dir) ?? []), o.key.slice(o.key.lastIndexOf("/") + 1)]);
    }
    for (const names of perDir.values()) {
      const fieldFiles = names.filter((n) => n !== `${DYNAMIC_FIELD}.npy` || !collection.dynamic).length;
      if (fieldFiles !== collection.inputFieldCount) {
        throw new CloudError(47036, "The number of objects not equal to the number of collection fields.");
      }
    }
  }
  return objects.length;
}

/** The fault-injected one-import-at-a-time cluster: v1 and v2 both answer 47039. */
export function checkConcurrentImports(ctx: CloudContext, faults: FaultState): void {
  if (
    faults.maxConcurrentImports !== undefined &&
    ctx.opened.jobs.unfinishedCount() >= faults.maxConcurrentImports
  ) {
    throw new CloudError(47039, "The specified cluster do not support multiple imports at the same time.");
  }
}
