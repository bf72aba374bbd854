/**
 * Zilliz Cloud control plane, import API v1 (deprecated, still served and used by older guides):
 * POST /v1/vector/collections/import, GET /import/get, GET /import/list. Success code 200.
 */
import { ApiError } from "./errors";
import { HttpClient, type HttpClientOptions } from "./http";
import { jobFromListRecord, jobFromV1Progress, V1ScaleTracker } from "./jobModel";
import type { ImportApi, ImportJobInfo, StartImportRequest } from "./types";

export interface ZillizV1Options extends Omit<HttpClientOptions, "api" | "baseUrl"> {
  /** Control-plane URL, e.g. https://controller.api.aws-us-west-2.zillizcloud.com (see endpoints.ts). */
  baseUrl: string;
  clusterId: string;
  /** Page size used by listJobs (v1 bounds: 5..100). */
  listPageSize?: number;
}

const PATH = "/v1/vector/collections/import";

export class ZillizV1ImportApi implements ImportApi {
  readonly kind = "zilliz-v1" as const;
  readonly http: HttpClient;
  private readonly clusterId: string;
  private readonly pageSize: number;
  private readonly scale = new V1ScaleTracker();

  constructor(opts: ZillizV1Options) {
    this.http = new HttpClient({ ...opts, api: "zilliz-v1" });
    this.clusterId = requireClusterId(opts.clusterId, "zilliz-v1");
    this.pageSize = Math.min(100, Math.max(5, opts.listPageSize ?? 100));
  }

  async startImport(req: StartImportRequest, signal?: AbortSignal): Promise<{ jobId: string }> {
    const urls = req.files.filter((g) => g.length > 0);
    if (urls.length !== 1 || urls[0].length !== 1) {
      throw new ApiError({
        kind: "client",
        api: "zilliz-v1",
        code: "V1_SINGLE_URL",
        meaning: "Zilliz v1 imports exactly one object URL per job",
        hint: `Got ${urls.length} file group(s) with ${urls.flat().length} URL(s). Pass one folder URL (ending in "/") that holds all files, or use the v2 API (kind "zilliz-v2") for lists of files.`,
      });
    }
    if (req.dbName && req.dbName !== "default") {
      throw new ApiError({
        kind: "client",
        api: "zilliz-v1",
        code: "V1_NO_DB",
        meaning: "Zilliz v1 import has no dbName parameter",
        hint: 'Use the v2 API (kind "zilliz-v2") to import into a non-default database.',
      });
    }
    const creds = req.storageCredentials ?? {};
    const body: Record<string, string> = {
      clusterId: this.clusterId,
      collectionName: req.collectionName,
      objectUrl: urls[0][0],
      accessKey: creds.accessKey ?? "",
      secretKey: creds.secretKey ?? "",
    };
    if (req.partitionName) body.partitionName = req.partitionName;
    const res = await this.http.call<{ jobId?: string; jobID?: string }>({
      method: "POST",
      path: PATH,
      body,
      signal,
      idempotent: false,
      secrets: [creds.accessKey, creds.secretKey, creds.token],
    });
    return { jobId: readJobId(res.data, "zilliz-v1") };
  }

  async getJob(jobId: string, signal?: AbortSignal): Promise<ImportJobInfo> {
    const res = await this.http.call<Record<string, unknown>>({
      method: "GET",
      path: `${PATH}/get`,
      query: { jobId, clusterId: this.clusterId },
      signal,
      idempotent: true,
    });
    return jobFromV1Progress(asObject(res.data), jobId, this.scale);
  }

  async listJobs(
    opts: { collectionName?: string; dbName?: string } = {},
    signal?: AbortSignal,
  ): Promise<ImportJobInfo[]> {
    const jobs: ImportJobInfo[] = [];
    for (let page = 1; ; page++) {
      const res = await this.http.call<Record<string, unknown>>({
        method: "GET",
        path: `${PATH}/list`,
        query: { clusterId: this.clusterId, pageSize: this.pageSize, currentPage: page },
        signal,
        idempotent: true,
      });
      const data = asObject(res.data);
      // Zilliz's examples name the list `tasks`, its field tables `records`: accept both.
      const list = (
        Array.isArray(data.tasks) ? data.tasks : Array.isArray(data.records) ? data.records : []
      ) as Record<string, unknown>[];
      for (const r of list) jobs.push(jobFromListRecord(r, true));
      const count = Number(data.count) || 0;
      // `count` is the total across pages when present; a short page ends the listing either way.
      if (list.length === 0 || list.length < this.pageSize || (count > 0 && jobs.length >= count)) break;
    }
    return opts.collectionName ? jobs.filter((j) => j.collectionName === opts.collectionName) : jobs;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

export function requireClusterId(clusterId: string | undefined, api: "zilliz-v1" | "zilliz-v2"): string {
  if (!clusterId || !/^in\d\d-[0-9a-z]+$/i.test(clusterId)) {
    throw new ApiError({
      kind: "client",
      api,
      code: "BAD_CLUSTER_ID",
      meaning: "Missing or malformed clusterId",
      hint: `Pass clusterId like in03-5f2a9c1e7b3d4a0 (the first label of the cluster endpoint); got ${clusterId ? `"${clusterId}"` : "nothing"}.`,
    });
  }
  return clusterId;
}

export function asObject(data: unknown): Record<string, unknown> {
  return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

export function readJobId(data: unknown, api: "zilliz-v1" | "zilliz-v2" | "milvus-v2"): string {
  // One v2 doc schema shows data as an array of {jobID}; every example uses data.jobId.
  const obj = Array.isArray(data) ? asObject(data[0]) : asObject(data);
  const id = obj.jobId ?? obj.jobID;
  if (typeof id === "string" && id) return id;
  if (typeof id === "number" || typeof id === "bigint") return String(id);
  throw new ApiError({
    kind: "protocol",
    api,
    code: "NO_JOB_ID",
    meaning: "Import create response has no data.jobId",
    hint: "The endpoint may not be an import API of this version.",
  });
}
