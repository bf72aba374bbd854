/**
 * Zilliz Cloud control plane, import API v1 (deprecated; pymilvus 2.3.1–2.4.7): POST import,
 * GET import/get and import/list with query strings; success code 200. A route table maps each path
 * to its method and handler; the dispatcher does what every route shares (API key, body, cluster and
 * region) and puts every error into a v1 envelope with a v1 code (never 200).
 */

import type { JobRecord } from "../provider/engine/catalog";
import { EngineError } from "../provider/engine/errors";
import { inputFields } from "../provider/schema/fields";
import { isValidName } from "../provider/schema/names";
import {
  type ApiKeyConfig,
  type CloudContext,
  CloudError,
  type CloudRequest,
  type ClusterConfig,
  checkApiKey,
  checkConcurrentImports,
  checkObjectUrl,
  checkSameCloud,
  clusterJobsPage,
  findCloudJob,
  isoSeconds,
  keyAllows,
  newCloudJobId,
} from "./cloudCommon";
import type { FaultState } from "./faults";
import type { Reply } from "./http";

/** What a v1 handler gets once the shared checks passed. */
interface V1Call {
  ctx: CloudContext;
  faults: FaultState;
  key: ApiKeyConfig;
  cluster: ClusterConfig;
  /** Parameter by name: the JSON body for POST, the query string for GET. */
  param(name: string): unknown;
}

interface V1Route {
  method: "GET" | "POST";
  handler: (call: V1Call) => Promise<unknown>;
}

const SUCCESS = 200;

function v1State(j: JobRecord): string {
  return j.state === "Completed"
    ? "ImportCompleted"
    : j.state === "Failed"
      ? "ImportFailed"
      : j.state === "Pending"
        ? "ImportPending"
        : "ImportRunning";
}

function progressOf(j: JobRecord): Record<string, unknown> {
  const done = j.state === "Completed" || j.state === "Failed";
  const url = j.labels?.objectUrl ?? j.files[0]?.[0] ?? "";
  return {
    jobId: j.labels?.cloudJobId,
    collectionName: j.collectionName,
    fileName: url,
    fileSize: j.details.reduce((n, d) => n + d.fileSize, 0),
    readyPercentage: j.progress / 100,
    completeTime: done ? isoSeconds(j.completeTime) || null : null,
    errorMessage: j.state === "Failed" ? (j.reason ?? "import failed") : null,
    details: j.details.map((d) => ({
      fileName: d.paths.join(","),
      fileSize: d.fileSize,
      readyPercentage: d.progress / 100,
      completeTime: isoSeconds(d.completeTime) || null,
      errorMessage: d.reason ?? null,
    })),
  };
}

/** A query-string integer; anything else is v1's generic "Incorrect parameter" (80000). */
function intParam(call: V1Call, name: string, fallback: number): number {
  const raw = call.param(name);
  if (raw === undefined || raw === null || raw === "") return fallback;
  const text = String(raw);
  if (!/^-?\d+$/.test(text.trim()))
    throw new CloudError(80000, `Incorrect parameter: ${name} must be an integer, got '${text}'`);
  return Number(text);
}

async function getProgress(call: V1Call): Promise<unknown> {
  const jobId = String(call.param("jobId") ?? "");
  const job = jobId ? findCloudJob(call.ctx, call.cluster.clusterId, jobId) : undefined;
  if (!job) throw new CloudError(90144, "No jobId record found under this cluster");
  return progressOf((await call.ctx.opened.jobs.get(job.jobId)) ?? job);
}

async function listJobs(call: V1Call): Promise<unknown> {
  const pageSize = intParam(call, "pageSize", 10);
  const currentPage = intParam(call, "currentPage", 1);
  if (pageSize < 5 || pageSize > 100)
    throw new CloudError(80003, "The parameter value for 'pageSize' should be between 5 and 100.");
  if (currentPage < 1) {
    throw new CloudError(
      80004,
      "The parameter 'currentPage' should have a value between 1 and the maximum value of Int.",
    );
  }
  const { count, page } = clusterJobsPage(
    call.ctx.opened.jobs.list(),
    call.cluster.clusterId,
    currentPage,
    pageSize,
  );
  return {
    count,
    currentPage,
    pageSize,
    tasks: page.map((j) => ({
      collectionName: j.collectionName,
      jobId: j.labels?.cloudJobId,
      state: v1State(j),
    })),
  };
}

async function createImport(call: V1Call): Promise<unknown> {
  const { ctx, cluster } = call;
  if (cluster.status && cluster.status !== "RUNNING")
    throw new CloudError(40003, "Action not available given the current status of the cluster.");
  if (call.param("objectUrl") === undefined) throw new CloudError(90145, "No ObjectUrl key field.");
  const collectionName = String(call.param("collectionName") ?? "");
  if (!isValidName("collection", collectionName))
    throw new CloudError(
      90011,
      "Invalid CollectionName. Reason: Name contains only alphanumeric letters and underscores",
    );
  const objectUrl = String(call.param("objectUrl") ?? "");
  if (!/^(s3|gs|oss|cos|file|https?):\/\/[^/]+/i.test(objectUrl))
    throw new CloudError(10003, `Invalid s3 ObjectUrl. [${objectUrl}]`);
  checkSameCloud(objectUrl, cluster.region);
  const dbName = "default";
  const c = ctx.opened.engine.record(dbName, collectionName);
  if (!c) throw new CloudError(47005, "The specified cluster collection not exists.");
  const creds = {
    accessKey: call.param("accessKey") as string | undefined,
    secretKey: call.param("secretKey") as string | undefined,
  };
  await checkObjectUrl(ctx, objectUrl, creds, {
    inputFieldCount: inputFields(c.schema).length,
    dynamic: c.schema.enableDynamicField === true,
  });
  checkConcurrentImports(ctx, call.faults);
  const partitionName = call.param("partitionName");
  const cloudJobId = newCloudJobId();
  await ctx.opened.jobs.start({
    dbName,
    collectionName,
    partitionName: typeof partitionName === "string" ? partitionName : undefined,
    files: [[objectUrl]],
    credentials: creds,
    labels: { cloudJobId, clusterId: cluster.clusterId, objectUrl, api: "v1" },
  });
  return { jobId: cloudJobId };
}

export const cloudV1Routes: ReadonlyMap<string, V1Route> = new Map([
  ["/v1/vector/collections/import", { method: "POST", handler: createImport }],
  ["/v1/vector/collections/import/get", { method: "GET", handler: getProgress }],
  ["/v1/vector/collections/import/list", { method: "GET", handler: listJobs }],
]);

/**
 * Inner (Milvus / engine) rejections of an import in v1 terms. v1 documents no code for a bad
 * partition, so parameter problems use its generic 80000 "Incorrect parameter"; the job cap is v1's
 * "cluster is importing" (47055); file checks are 47053 "Failed to checkFiles".
 */
function v1ErrorOf(e: unknown): CloudError {
  if (e instanceof CloudError) return e;
  const message = (e as Error).message ?? String(e);
  if (e instanceof EngineError) {
    if (e.code === 100) return new CloudError(47005, "The specified cluster collection not exists.");
    if (e.code === 200) return new CloudError(80000, `Incorrect parameter: ${message}`);
    if (/partition key/.test(message)) return new CloudError(80000, `Incorrect parameter: ${message}`);
    if (/number of jobs has reached the limit/.test(message))
      return new CloudError(
        47055,
        `The current cluster is currently importing data (${message}). To ensure more stable service of your Milvus cluster, please try again later.`,
      );
    if (e.code === 1100 || e.code === 2100)
      return new CloudError(47053, `Failed to checkFiles {${message}}.`);
  }
  return new CloudError(65535, message);
}

function errorReply(e: unknown): Reply {
  const err = v1ErrorOf(e);
  // v1's success code must never reach a client on an error: pymilvus ≤ 2.4.7 would take it as success.
  const code = err.code === SUCCESS || err.code === 0 ? 65535 : err.code;
  return { status: 200, body: { code, message: err.message } };
}

function parseBody(raw: string): Record<string, unknown> {
  if (raw.trim() === "") throw new CloudError(90142, "No import content provided.");
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    // An unreadable body carries no import content; 80000 is documented for list's query only.
    throw new CloudError(90142, "No import content provided.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body) || Object.keys(body).length === 0)
    throw new CloudError(90142, "No import content provided.");
  return body as Record<string, unknown>;
}

export async function handleCloudV1(
  ctx: CloudContext,
  faults: FaultState,
  req: CloudRequest,
): Promise<Reply> {
  const route = cloudV1Routes.get(req.path);
  if (!route) return { status: 404, body: { code: 404, message: `Not Found: ${req.path}` } };
  if (route.method !== req.method)
    return { status: 405, body: { code: 405, message: `Request method '${req.method}' not supported` } };
  try {
    const key = checkApiKey(ctx, req.token);
    if (key === "missing") throw new CloudError(80001, "token illegal");
    if (key === "invalid") throw new CloudError(80002, "token invalid");
    const body = route.method === "POST" ? parseBody(req.raw) : {};
    const param = (k: string) => (route.method === "POST" ? body[k] : (req.query.get(k) ?? undefined));
    const clusterId = param("clusterId");
    if (typeof clusterId !== "string" || clusterId === "")
      throw new CloudError(90104, "The clusterId parameter is empty in the request parameter.");
    const cluster = ctx.clusters.find((c) => c.clusterId === clusterId);
    if (!cluster || !keyAllows(key, clusterId))
      throw new CloudError(80020, "Invalid clusterId or you do not have permission to access that Cluster.");
    if ((req.region ?? ctx.defaultRegion) !== cluster.region)
      throw new CloudError(90102, "The cluster does not exist in current region.");
    const data = await route.handler({ ctx, faults, key, cluster, param });
    return { status: 200, body: { code: SUCCESS, data } };
  } catch (e) {
    return errorReply(e);
  }
}
