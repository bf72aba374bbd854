/**
 * Builds one API client from user-facing settings: which API, where, which credentials. Cluster id
 * and region are derived from a Zilliz cluster endpoint when not given. (The pipeline builds whole
 * targets from a connection through targets/.)
 */

import {
  parseClusterEndpoint,
  type Site,
  zillizV1ControlPlaneUrl,
  zillizV2ControlPlaneUrl,
} from "./endpoints";
import { ApiError } from "./errors";
import type { HttpClientOptions } from "./http";
import { MilvusV2Client } from "./milvusV2";
import type { ImportApi } from "./types";
import { ZillizV1ImportApi } from "./zillizV1";
import { type V2ProgressPath, ZillizV2ImportApi } from "./zillizV2";

export interface ApiClientSettings extends Omit<HttpClientOptions, "api" | "baseUrl" | "auth"> {
  kind: "zilliz-v1" | "zilliz-v2" | "milvus-v2";
  /**
   * milvus-v2: the Milvus (or Zilliz cluster) endpoint, e.g. http://127.0.0.1:19530.
   * zilliz-v1/v2: the control-plane URL; when omitted it is derived from region / clusterEndpoint.
   */
  endpoint?: string;
  /** A Zilliz cluster endpoint to derive clusterId and region from. */
  clusterEndpoint?: string;
  /** Bearer token: Milvus "user:password" or an API key. */
  token?: string;
  /** Zilliz API key (same as token). */
  apiKey?: string;
  username?: string;
  password?: string;
  clusterId?: string;
  region?: string;
  site?: Site;
  chinaV1Host?: "cloud" | "short";
  /** milvus-v2: send the Idempotency-Key header on import create. */
  idempotencyHeader?: boolean;
  /** zilliz-v2: first progress path to try. */
  progressPath?: V2ProgressPath;
  /** zilliz-v1/v2: page size of listJobs. */
  listPageSize?: number;
}

export type ClosableImportApi = ImportApi & { close(): Promise<void> };

function clientError(kind: ApiClientSettings["kind"], hint: string): ApiError {
  return new ApiError({
    kind: "client",
    api: kind,
    code: "BAD_SETTINGS",
    meaning: "Incomplete API settings",
    hint,
  });
}

/** The settings that choose the client, and the rest: HTTP transport options passed through. */
const CLIENT_KEYS = [
  "kind",
  "endpoint",
  "clusterEndpoint",
  "token",
  "apiKey",
  "username",
  "password",
  "clusterId",
  "region",
  "site",
  "chinaV1Host",
  "idempotencyHeader",
  "progressPath",
  "listPageSize",
] as const satisfies readonly (keyof ApiClientSettings)[];

type HttpSettings = Omit<ApiClientSettings, (typeof CLIENT_KEYS)[number]>;

function split<S extends Partial<ApiClientSettings>>(s: S) {
  const http: Record<string, unknown> = { ...s };
  for (const k of CLIENT_KEYS) delete http[k];
  const auth = { token: s.token, apiKey: s.apiKey, username: s.username, password: s.password };
  return { http: http as HttpSettings, auth };
}

export function createImportApi(s: ApiClientSettings): ClosableImportApi {
  const { kind, endpoint, clusterEndpoint, clusterId, region, site, chinaV1Host } = s;
  const { idempotencyHeader, progressPath, listPageSize } = s;
  const { http, auth } = split(s);
  const derived = clusterEndpoint ? parseClusterEndpoint(clusterEndpoint) : undefined;
  const cluster = clusterId ?? derived?.clusterId;
  const reg = region ?? derived?.region;
  const siteOf = site ?? derived?.site;
  switch (kind) {
    case "zilliz-v1": {
      if (!cluster) throw clientError(kind, "Pass clusterId or clusterEndpoint.");
      if (!endpoint && !reg) {
        throw clientError(
          kind,
          "Pass endpoint (controller.api.<region>...), region, or a clusterEndpoint that contains the region.",
        );
      }
      const baseUrl = endpoint
        ? withScheme(endpoint)
        : zillizV1ControlPlaneUrl({ region: reg!, site: siteOf, chinaV1Host });
      return new ZillizV1ImportApi({ ...http, baseUrl, auth, clusterId: cluster, listPageSize });
    }
    case "zilliz-v2": {
      if (!cluster) throw clientError(kind, "Pass clusterId or clusterEndpoint.");
      const baseUrl = endpoint
        ? withScheme(endpoint)
        : zillizV2ControlPlaneUrl({ region: reg, site: siteOf });
      return new ZillizV2ImportApi({
        ...http,
        baseUrl,
        auth,
        clusterId: cluster,
        progressPath,
        listPageSize,
      });
    }
    case "milvus-v2": {
      const baseUrl = endpoint ?? clusterEndpoint;
      if (!baseUrl) throw clientError(kind, "Pass endpoint, e.g. http://127.0.0.1:19530.");
      return new MilvusV2Client({ ...http, baseUrl: withScheme(baseUrl), auth, idempotencyHeader });
    }
    default:
      throw clientError(kind, `Unknown API kind "${String(kind)}": use zilliz-v1, zilliz-v2 or milvus-v2.`);
  }
}

/** Collections are managed over Milvus REST v2, on self-hosted Milvus and on a Zilliz cluster endpoint. */
export function createCollectionApi(
  s: Omit<ApiClientSettings, "kind" | "progressPath" | "chinaV1Host" | "listPageSize"> & {
    kind?: "milvus-v2";
  },
): MilvusV2Client {
  const baseUrl = s.endpoint ?? s.clusterEndpoint;
  if (!baseUrl)
    throw clientError(
      "milvus-v2",
      "Pass the cluster endpoint, e.g. https://in03-….api.gcp-us-west1.zillizcloud.com or http://127.0.0.1:19530.",
    );
  const { http, auth } = split(s);
  return new MilvusV2Client({
    ...http,
    baseUrl: withScheme(baseUrl),
    auth,
    idempotencyHeader: s.idempotencyHeader,
  });
}

/** pymilvus accepts hosts without a scheme and assumes https; so do we. */
function withScheme(url: string): string {
  return /^https?:\/\//i.test(url) ? url : `https://${url}`;
}
