/**
 * Zilliz Cloud control plane, import API v2: POST /v2/vectordb/jobs/import/{create, getProgress, list}.
 * Success code 0; progress 0..100; objectUrls is a list of one-URL lists.
 */
import { ApiError } from "./errors";
import { HttpClient, type HttpClientOptions } from "./http";
import { jobFromListRecord, jobFromV2Progress } from "./jobModel";
import { PathFallback } from "./pathFallback";
import type { ImportApi, ImportJobInfo, StartImportRequest } from "./types";
import { asObject, readJobId, requireClusterId } from "./zillizV1";

export type V2ProgressPath = "getProgress" | "describe" | "get_progress";

export interface ZillizV2Options extends Omit<HttpClientOptions, "api" | "baseUrl"> {
  /** Default https://api.cloud.zilliz.com (see endpoints.ts for China). */
  baseUrl?: string;
  clusterId: string;
  /**
   * Progress path tried first; the documented aliases are tried when the server answers 404
   * (docs use getProgress, pymilvus describe, the SDK page get_progress).
   */
  progressPath?: V2ProgressPath;
  listPageSize?: number;
}

const BASE = "/v2/vectordb/jobs/import";
const ALIASES: V2ProgressPath[] = ["getProgress", "describe", "get_progress"];

export class ZillizV2ImportApi implements ImportApi {
  readonly kind = "zilliz-v2" as const;
  readonly http: HttpClient;
  private readonly clusterId: string;
  private readonly progressPaths: PathFallback<V2ProgressPath>;
  private readonly pageSize: number;

  constructor(opts: ZillizV2Options) {
    this.http = new HttpClient({
      ...opts,
      baseUrl: opts.baseUrl ?? "https://api.cloud.zilliz.com",
      api: "zilliz-v2",
    });
    this.clusterId = requireClusterId(opts.clusterId, "zilliz-v2");
    const first = opts.progressPath ?? "getProgress";
    this.progressPaths = new PathFallback([first, ...ALIASES.filter((p) => p !== first)]);
    this.pageSize = Math.min(100, Math.max(1, opts.listPageSize ?? 100));
  }

  async startImport(req: StartImportRequest, signal?: AbortSignal): Promise<{ jobId: string }> {
    const urls = req.files.filter((g) => g.length > 0);
    const bad = urls.filter((g) => g.length !== 1);
    if (urls.length === 0 || bad.length) {
      throw new ApiError({
        kind: "client",
        api: "zilliz-v2",
        code: "V2_OBJECT_URLS",
        meaning: "Zilliz v2 objectUrls must hold one URL per inner list",
        hint: urls.length
          ? `Group ${JSON.stringify(bad[0])} has ${bad[0].length} URLs: put NumPy segments in one folder and pass the folder URL (ending in "/").`
          : "Pass at least one object URL.",
      });
    }
    const creds = req.storageCredentials ?? {};
    const body: Record<string, unknown> = {
      clusterId: this.clusterId,
      collectionName: req.collectionName,
      objectUrls: urls,
      accessKey: creds.accessKey ?? "",
      secretKey: creds.secretKey ?? "",
    };
    if (creds.token) body.token = creds.token;
    if (req.dbName) body.dbName = req.dbName;
    if (req.partitionName) body.partitionName = req.partitionName;
    if (req.options && Object.keys(req.options).length) body.options = req.options;
    const res = await this.http.call({
      method: "POST",
      path: `${BASE}/create`,
      body,
      signal,
      idempotent: false,
      secrets: [creds.accessKey, creds.secretKey, creds.token],
    });
    return { jobId: readJobId(res.data, "zilliz-v2") };
  }

  async getJob(jobId: string, signal?: AbortSignal): Promise<ImportJobInfo> {
    return this.progressPaths.call(async (path) => {
      const res = await this.http.call<Record<string, unknown>>({
        method: "POST",
        path: `${BASE}/${path}`,
        body: { clusterId: this.clusterId, jobId },
        signal,
        idempotent: true,
      });
      return jobFromV2Progress(asObject(res.data), jobId);
    });
  }

  async listJobs(
    opts: { collectionName?: string; dbName?: string } = {},
    signal?: AbortSignal,
  ): Promise<ImportJobInfo[]> {
    const jobs: ImportJobInfo[] = [];
    for (let page = 1; ; page++) {
      const body: Record<string, unknown> = {
        clusterId: this.clusterId,
        pageSize: this.pageSize,
        currentPage: page,
      };
      if (opts.collectionName) body.collectionName = opts.collectionName;
      if (opts.dbName) body.dbName = opts.dbName;
      const res = await this.http.call<Record<string, unknown>>({
        method: "POST",
        path: `${BASE}/list`,
        body,
        signal,
        idempotent: true,
      });
      const data = asObject(res.data);
      const list = (
        Array.isArray(data.records) ? data.records : Array.isArray(data.tasks) ? data.tasks : []
      ) as Record<string, unknown>[];
      for (const r of list) jobs.push(jobFromListRecord(r));
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
