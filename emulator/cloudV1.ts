/**
 * Zilliz Cloud control plane, import API v1 (deprecated; pymilvus 2.3.1–2.4.7): POST import,
 * GET import/get and import/list with query strings; success code 200.
 */

import type { JobRecord } from "../provider/engine/catalog";
import { inputFields } from "../provider/schema/fields";
import { isValidName } from "../provider/schema/names";
import {
  type CloudContext,
  CloudError,
  checkApiKey,
  checkObjectUrl,
  checkSameCloud,
  findCloudJob,
  keyAllows,
  newCloudJobId,
} from "./cloudCommon";
import type { FaultState } from "./faults";
import type { Reply } from "./http";

const OK = (data: unknown): Reply => ({ status: 200, body: { code: 200, data } });
const ERR = (e: CloudError): Reply => ({ status: 200, body: { code: e.code, message: e.message } });

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
    completeTime: done ? (j.completeTime ?? null) : null,
    errorMessage: j.state === "Failed" ? (j.reason ?? "import failed") : null,
    details: j.details.map((d) => ({
      fileName: d.paths.join(","),
      fileSize: d.fileSize,
      readyPercentage: d.progress / 100,
      completeTime: d.completeTime ?? null,
      errorMessage: d.reason ?? null,
    })),
  };
}

export async function handleCloudV1(
  ctx: CloudContext,
  faults: FaultState,
  req: { method: string; path: string; region?: string; query: URLSearchParams; raw: string; token?: string },
): Promise<Reply> {
  const routes: Record<string, string> = {
    "/v1/vector/collections/import": "POST",
    "/v1/vector/collections/import/get": "GET",
    "/v1/vector/collections/import/list": "GET",
  };
  const method = routes[req.path];
  if (!method) return { status: 404, body: { code: 404, message: `Not Found: ${req.path}` } };
  if (method !== req.method)
    return { status: 405, body: { code: 405, message: `Request method '${req.method}' not supported` } };
  try {
    const key = checkApiKey(ctx, req.token);
    if (key === "missing") throw new CloudError(80001, "token illegal");
    if (key === "invalid") throw new CloudError(80002, "token invalid");

    let body: Record<string, unknown> = {};
    if (method === "POST") {
      if (req.raw.trim() === "") throw new CloudError(90142, "No import content provided.");
      try {
        body = JSON.parse(req.raw) as Record<string, unknown>;
      } catch {
        throw new CloudError(80000, "Incorrect parameter: request body is not JSON");
      }
      if (typeof body !== "object" || body === null || Object.keys(body).length === 0)
        throw new CloudError(90142, "No import content provided.");
    }
    const param = (k: string) =>
      (method === "POST" ? body[k] : req.query.get(k)) as string | undefined | null;
    const clusterId = param("clusterId");
    if (!clusterId) throw new CloudError(90104, "The clusterId parameter is empty in the request parameter.");
    const cluster = ctx.clusters.find((c) => c.clusterId === clusterId);
    if (!cluster || !keyAllows(key, clusterId))
      throw new CloudError(80020, "Invalid clusterId or you do not have permission to access that Cluster.");
    if ((req.region ?? ctx.defaultRegion) !== cluster.region)
      throw new CloudError(90102, "The cluster does not exist in current region.");

    if (req.path.endsWith("/get")) {
      const jobId = req.query.get("jobId") ?? "";
      const job = jobId ? findCloudJob(ctx, clusterId, jobId) : undefined;
      if (!job) throw new CloudError(90144, "No jobId record found under this cluster");
      return OK(progressOf((await ctx.opened.jobs.get(job.jobId)) ?? job));
    }
    if (req.path.endsWith("/list")) {
      const pageSize = Number(req.query.get("pageSize") ?? 10);
      const currentPage = Number(req.query.get("currentPage") ?? 1);
      if (!Number.isInteger(pageSize) || pageSize < 5 || pageSize > 100)
        throw new CloudError(80003, "The parameter value for 'pageSize' should be between 5 and 100.");
      if (!Number.isInteger(currentPage) || currentPage < 1) {
        throw new CloudError(
          80004,
          "The parameter 'currentPage' should have a value between 1 and the maximum value of Int.",
        );
      }
      const all = ctx.opened.jobs
        .list()
        .filter((j) => j.labels?.clusterId === clusterId)
        .reverse();
      const page = all.slice((currentPage - 1) * pageSize, currentPage * pageSize);
      return OK({
        count: all.length,
        currentPage,
        pageSize,
        tasks: page.map((j) => ({
          collectionName: j.collectionName,
          jobId: j.labels?.cloudJobId,
          state: v1State(j),
        })),
      });
    }

    // POST import
    if (cluster.status && cluster.status !== "RUNNING")
      throw new CloudError(40003, "Action not available given the current status of the cluster.");
    if (!("objectUrl" in body)) throw new CloudError(90145, "No ObjectUrl key field.");
    const collectionName = String(body.collectionName ?? "");
    if (!isValidName("collection", collectionName))
      throw new CloudError(
        90011,
        "Invalid CollectionName. Reason: Name contains only alphanumeric letters and underscores",
      );
    const objectUrl = String(body.objectUrl ?? "");
    if (objectUrl === "") throw new CloudError(10003, `Invalid s3 ObjectUrl. [${objectUrl}]`);
    if (!/^(s3|gs|oss|cos|file|https?):\/\/[^/]+/i.test(objectUrl))
      throw new CloudError(10003, `Invalid s3 ObjectUrl. [${objectUrl}]`);
    checkSameCloud(objectUrl, cluster.region);
    const dbName = "default";
    const c = ctx.opened.engine.record(dbName, collectionName);
    if (!c) throw new CloudError(47005, "The specified cluster collection not exists.");
    const creds = {
      accessKey: body.accessKey as string | undefined,
      secretKey: body.secretKey as string | undefined,
    };
    await checkObjectUrl(ctx, objectUrl, creds, {
      inputFieldCount: inputFields(c.schema).length,
      dynamic: c.schema.enableDynamicField === true,
    });
    if (
      faults.maxConcurrentImports !== undefined &&
      ctx.opened.jobs.unfinishedCount() >= faults.maxConcurrentImports
    ) {
      throw new CloudError(47039, "The specified cluster do not support multiple imports at the same time.");
    }
    const cloudJobId = newCloudJobId();
    await ctx.opened.jobs.start({
      dbName,
      collectionName,
      partitionName: typeof body.partitionName === "string" ? body.partitionName : undefined,
      files: [[objectUrl]],
      credentials: creds,
      labels: { cloudJobId, clusterId, objectUrl, api: "v1" },
    });
    return OK({ jobId: cloudJobId });
  } catch (e) {
    if (e instanceof CloudError) return ERR(e);
    const code = (e as { code?: unknown }).code;
    return ERR(new CloudError(typeof code === "number" ? code : 65535, (e as Error).message));
  }
}
