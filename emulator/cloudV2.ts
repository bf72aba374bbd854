/**
 * Zilliz Cloud control plane, import API v2: POST /v2/vectordb/jobs/import/{create, getProgress
 * (aliases get_progress, describe), list}; success code 0. Empty strings, null and missing keys are
 * treated alike for optional fields, as pymilvus sends them all. A route table maps each path to its
 * handler; the dispatcher does what every route shares (API key, body, cluster resolution).
 */

import type { JobRecord } from "../provider/engine/catalog";
import { goList } from "../provider/engine/fileGroups";
import { inputFields } from "../provider/schema/fields";
import {
  CLUSTER_ID_PATTERN,
  type CloudContext,
  CloudError,
  type CloudRequest,
  type ClusterConfig,
  checkApiKey,
  checkConcurrentImports,
  checkObjectUrl,
  clusterJobsPage,
  findCloudJob,
  isoSeconds,
  keyAllows,
  newCloudJobId,
} from "./cloudCommon";
import type { FaultState } from "./faults";
import type { Reply } from "./http";

/** What a v2 handler gets once the shared checks passed. */
interface V2Call {
  ctx: CloudContext;
  faults: FaultState;
  cluster: ClusterConfig;
  body: Record<string, unknown>;
}

type V2Handler = (call: V2Call) => Promise<unknown>;

const s = (v: unknown): string => (typeof v === "string" ? v : "");

function progressOf(j: JobRecord): Record<string, unknown> {
  const fileSize = j.details.reduce((n, d) => n + d.fileSize, 0);
  return {
    jobId: j.labels?.cloudJobId,
    collectionName: j.collectionName,
    fileName: j.details.map((d) => d.paths.join(",")).join(","),
    fileSize,
    state: j.state,
    progress: j.progress,
    importedRows: j.importedRows,
    totalRows: j.totalRows,
    completeTime: j.state === "Completed" || j.state === "Failed" ? isoSeconds(j.completeTime) : "",
    reason: j.reason ?? "",
    details: j.details.map((d) => ({
      fileName: d.paths.length === 1 ? d.paths[0] : goList(d.paths),
      fileSize: d.fileSize,
      state: d.state === "InProgress" ? "Importing" : d.state,
      progress: d.progress,
      completeTime: isoSeconds(d.completeTime),
      reason: d.reason ?? "",
      importedRows: d.importedRows,
      totalRows: d.totalRows,
    })),
  };
}

/** A required string field left out; the code and text are Milvus's binding error (unconfirmed for Zilliz). */
function missing(field: string): CloudError {
  const go = field.charAt(0).toUpperCase() + field.slice(1);
  return new CloudError(
    1802,
    `missing required parameters, error: Key: 'ImportReq.${go}' Error:Field validation for '${go}' failed on the 'required' tag`,
  );
}

const getProgress: V2Handler = async ({ ctx, cluster, body }) => {
  const job = findCloudJob(ctx, cluster.clusterId, s(body.jobId));
  if (!job) throw new CloudError(96026, "Job not found. Please check your request parameter.");
  return progressOf((await ctx.opened.jobs.get(job.jobId)) ?? job);
};

const listJobs: V2Handler = async ({ ctx, cluster, body }) => {
  const pageSize = body.pageSize === undefined || body.pageSize === null ? 10 : Number(body.pageSize);
  const currentPage =
    body.currentPage === undefined || body.currentPage === null ? 1 : Number(body.currentPage);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
    throw new CloudError(96008, "The parameter value for pageSize should be between 1 and 100.");
  if (!Number.isInteger(currentPage) || currentPage < 1) {
    throw new CloudError(
      96009,
      "The parameter currentPage should have a value between 1 and the maximum value of Int.",
    );
  }
  const { count, page } = clusterJobsPage(
    ctx.opened.jobs.list({
      collectionName: s(body.collectionName) || undefined,
      dbName: s(body.dbName) || undefined,
    }),
    cluster.clusterId,
    currentPage,
    pageSize,
  );
  return {
    count,
    currentPage,
    pageSize,
    records: page.map((j) => ({
      collectionName: j.collectionName,
      jobId: j.labels?.cloudJobId,
      state: j.state,
      progress: j.progress,
    })),
  };
};

const createImport: V2Handler = async ({ ctx, faults, cluster, body }) => {
  if (cluster.status && cluster.status !== "RUNNING")
    throw new CloudError(40003, "Action not available given the current status of the cluster.");
  const collectionName = s(body.collectionName);
  if (!collectionName) throw missing("collectionName");
  const urls: string[] = [];
  if (Array.isArray(body.objectUrls) && body.objectUrls.length > 0) {
    for (const inner of body.objectUrls as unknown[]) {
      if (!Array.isArray(inner) || inner.length !== 1 || typeof inner[0] !== "string") {
        throw new CloudError(1100, "Invalid objectUrls: each list contains exactly one URL.");
      }
      urls.push(inner[0]);
    }
  } else if (s(body.objectUrl)) urls.push(s(body.objectUrl));
  if (s(body.volumeName) || s(body.stageName))
    throw new CloudError(1100, "Volume imports are not supported by the emulator.");
  if (urls.length === 0) throw new CloudError(90145, "No ObjectUrl key field.");
  const dbName = s(body.dbName) || "default";
  const c = ctx.opened.engine.record(dbName, collectionName);
  if (!c) throw new CloudError(100, `collection not found[database=${dbName}][collection=${collectionName}]`);
  const creds = { accessKey: s(body.accessKey), secretKey: s(body.secretKey) };
  let files = 0;
  for (const u of urls) {
    files += await checkObjectUrl(ctx, u, creds, {
      inputFieldCount: inputFields(c.schema).length,
      dynamic: c.schema.enableDynamicField === true,
    });
  }
  if (files > ctx.maxFilesPerRequest) throw new CloudError(47035, "The specified object size exceeds limit.");
  checkConcurrentImports(ctx, faults);
  // Zilliz documents at most 10,000 pending + running jobs per collection; the code is unconfirmed,
  // so this reuses the v1 "cluster is importing" code.
  const onCollection = ctx.opened.jobs
    .list({ dbName, collectionName })
    .filter((j) => j.state === "Pending" || j.state === "Importing").length;
  if (onCollection >= ctx.maxJobsPerCollection) {
    throw new CloudError(
      47055,
      `The current cluster is currently importing data (${onCollection} pending or running jobs on collection ${collectionName}, limit ${ctx.maxJobsPerCollection}). Please try again later.`,
    );
  }
  const cloudJobId = newCloudJobId();
  const options =
    body.options && typeof body.options === "object" ? (body.options as Record<string, string>) : {};
  await ctx.opened.jobs.start({
    dbName,
    collectionName,
    partitionName: s(body.partitionName) || undefined,
    files: urls.map((u) => [u]),
    options: Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)])),
    credentials: creds,
    labels: { cloudJobId, clusterId: cluster.clusterId, api: "v2" },
  });
  return { jobId: cloudJobId };
};

const PREFIX = "/v2/vectordb/jobs/import/";
export const cloudV2Routes: ReadonlyMap<string, V2Handler> = new Map([
  [`${PREFIX}create`, createImport],
  [`${PREFIX}getProgress`, getProgress],
  [`${PREFIX}get_progress`, getProgress],
  [`${PREFIX}describe`, getProgress],
  [`${PREFIX}list`, listJobs],
]);

/** clusterId, or the region's cluster for projectId + regionId. */
function resolveCluster(ctx: CloudContext, body: Record<string, unknown>): ClusterConfig {
  const projectId = s(body.projectId);
  const regionId = s(body.regionId);
  let clusterId = s(body.clusterId);
  if (!clusterId && !(projectId && regionId))
    throw new CloudError(96025, "Empty clusterId. Please specify a clusterId.");
  if (!clusterId) {
    if (!/^proj-[0-9a-z]+$/.test(projectId)) {
      throw new CloudError(
        96005,
        "Invalid projectId. The projectId should be like proj-xxxxxxxx. Please check your projectId.",
      );
    }
    const inRegion = ctx.clusters.find((c) => c.region === regionId);
    if (!inRegion)
      throw new CloudError(
        96018,
        "Cluster not found. Please use the ListClusters API to obtain your scoped clusters.",
      );
    clusterId = inRegion.clusterId;
  }
  if (!CLUSTER_ID_PATTERN.test(clusterId)) throw new CloudError(96036, "Invalid clusterId.");
  const cluster = ctx.clusters.find((c) => c.clusterId === clusterId);
  if (!cluster)
    throw new CloudError(
      96018,
      "Cluster not found. Please use the ListClusters API to obtain your scoped clusters.",
    );
  return cluster;
}

export async function handleCloudV2(
  ctx: CloudContext,
  faults: FaultState,
  req: CloudRequest,
): Promise<Reply> {
  const handler = cloudV2Routes.get(req.path);
  if (!handler) return { status: 404, body: { code: 404, message: `Not Found: ${req.path}` } };
  if (req.method !== "POST")
    return { status: 405, body: { code: 405, message: `Request method '${req.method}' not supported` } };
  try {
    const key = checkApiKey(ctx, req.token);
    if (key === "missing" || key === "invalid") throw new CloudError(21119, "The apikey is illegal.");
    let body: unknown;
    try {
      body = req.raw.trim() === "" ? {} : JSON.parse(req.raw);
    } catch {
      throw new CloudError(1801, "can only accept json format request");
    }
    if (typeof body !== "object" || body === null || Array.isArray(body))
      throw new CloudError(1801, "can only accept json format request");
    const fields = body as Record<string, unknown>;
    const cluster = resolveCluster(ctx, fields);
    if (!keyAllows(key, cluster.clusterId))
      throw new CloudError(
        96016,
        "You don't have permission for this cluster. Please check your Apikey scope.",
      );
    return { status: 200, body: { code: 0, data: await handler({ ctx, faults, cluster, body: fields }) } };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    // 0 is v2's success code: an error must never carry it.
    const errorCode = typeof code === "number" && code !== 0 ? code : 65535;
    return { status: 200, body: { code: errorCode, message: (e as Error).message } };
  }
}
