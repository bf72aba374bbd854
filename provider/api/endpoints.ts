/**
 * Zilliz Cloud endpoint helpers: region -> control-plane URL (v1 and v2, global and China sites),
 * cluster endpoint -> cluster id and region, cloud -> the object URL scheme its import accepts.
 */
import type { StorageProvider } from "../storage/config";
import { storeDescriptor } from "../storage/stores";
import { objectUrlFor } from "../storage/urls";

export type Site = "global" | "china";
export type Cloud = "aws" | "gcp" | "azure" | "ali" | "tencent";

/** Region ids of Zilliz Cloud's China site (zilliz.com.cn): Alibaba, Tencent and AWS China. */
export function siteOfRegion(region: string): Site {
  return /^(ali-cn|tc-|aws-cn|az-cn)/i.test(region) ? "china" : "global";
}

export interface ControlPlaneOptions {
  region?: string;
  site?: Site;
  /**
   * China v1 host style: "cloud" (controller.api.<region>.cloud.zilliz.com.cn, the default) or
   * "short" (controller.api.<region>.zilliz.com.cn, the form newer Zilliz documentation shows).
   */
  chinaV1Host?: "cloud" | "short";
}

const REGION_RE = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;

/** Zilliz v1 control plane, e.g. https://controller.api.gcp-us-west1.zillizcloud.com */
export function zillizV1ControlPlaneUrl(opts: ControlPlaneOptions & { region: string }): string {
  const region = opts.region.trim().toLowerCase();
  if (!REGION_RE.test(region)) {
    throw new TypeError(
      `invalid Zilliz region "${opts.region}": expected an id like aws-us-west-2 or gcp-us-west1`,
    );
  }
  const site = opts.site ?? siteOfRegion(region);
  if (site === "global") return `https://controller.api.${region}.zillizcloud.com`;
  return (opts.chinaV1Host ?? "cloud") === "cloud"
    ? `https://controller.api.${region}.cloud.zilliz.com.cn`
    : `https://controller.api.${region}.zilliz.com.cn`;
}

/** Zilliz v2 control plane (region-less host). */
export function zillizV2ControlPlaneUrl(opts: ControlPlaneOptions = {}): string {
  const site = opts.site ?? (opts.region ? siteOfRegion(opts.region) : "global");
  return site === "china" ? "https://api.cloud.zilliz.com.cn" : "https://api.cloud.zilliz.com";
}

export interface ClusterEndpointInfo {
  /** e.g. in03-5f2a9c1e7b3d4a0 */
  clusterId: string;
  /** e.g. gcp-us-west1 (absent for endpoints that do not carry it) */
  region?: string;
  cloud?: Cloud;
  site: Site;
}

const CLOUD_PREFIXES: Array<[string, Cloud]> = [
  ["aws-", "aws"],
  ["gcp-", "gcp"],
  ["az-", "azure"],
  ["ali-", "ali"],
  ["tc-", "tencent"],
];

function cloudOfRegion(region: string): Cloud | undefined {
  const r = region.toLowerCase();
  return CLOUD_PREFIXES.find(([p]) => r.startsWith(p))?.[1];
}

/**
 * Cluster id and region from a cluster endpoint (https://in03-<id>.api.<region>.zillizcloud.com): the id is the first host label
 * when it starts with "in" (in01-…, in03-…), the region the label starting with a cloud prefix.
 * Accepts a bare host or a URL; throws with the expected shape when it does not match.
 */
export function parseClusterEndpoint(endpoint: string): ClusterEndpointInfo {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`;
  let host: string;
  try {
    host = new URL(withScheme).hostname.toLowerCase();
  } catch {
    throw new TypeError(
      `invalid cluster endpoint "${endpoint}": expected https://in03-<id>.api.<region>.zillizcloud.com`,
    );
  }
  const labels = host.split(".");
  if (!/^in\d\d-[0-9a-z]+$/.test(labels[0])) {
    throw new TypeError(
      `cannot derive a cluster id from endpoint host "${host}": expected the first label to be a cluster id like in03-5f2a9c1e7b3d4a0 ` +
        "(e.g. https://in03-5f2a9c1e7b3d4a0.api.gcp-us-west1.zillizcloud.com); pass clusterId and region explicitly instead",
    );
  }
  const region = labels.slice(1).find((l) => cloudOfRegion(l) !== undefined);
  const site: Site =
    host.endsWith(".com.cn") || (region !== undefined && siteOfRegion(region) === "china")
      ? "china"
      : "global";
  return { clusterId: labels[0], region, cloud: region ? cloudOfRegion(region) : undefined, site };
}

/** The storage backend of each cloud's native object storage (Tencent COS has no ObjectStore here). */
const STORAGE_OF_CLOUD: Partial<Record<Cloud, StorageProvider>> = {
  aws: "s3",
  gcp: "gcs",
  ali: "oss",
  azure: "azure",
};

/** Object URL scheme Zilliz accepts for a cloud's native storage: its store's URI scheme, else https (Azure, COS). */
export function objectUrlScheme(cloud: Cloud): string {
  const provider = STORAGE_OF_CLOUD[cloud];
  return (provider && storeDescriptor(provider).schemes[0]) ?? "https";
}

export interface CloudObjectUrlInput {
  cloud: Cloud;
  bucket: string;
  /** Object key or folder prefix; a folder must end with "/". */
  key: string;
  /** Azure storage account (the bucket is the container). */
  azureAccount?: string;
  /** Tencent COS region, e.g. ap-beijing. */
  cosRegion?: string;
}

/**
 * The object URL Zilliz Cloud expects for a file or folder in the cluster's cloud.
 * URL formats are owned by the storage module; this maps a cloud name onto it (plus Tencent COS,
 * which has no ObjectStore here).
 */
export function buildObjectUrl(input: CloudObjectUrlInput): string {
  const key = input.key.replace(/^\/+/, "");
  if (input.cloud === "tencent") {
    if (!input.cosRegion) throw new TypeError("Tencent COS object URLs need cosRegion (e.g. ap-beijing)");
    return `https://${input.bucket}.cos.${input.cosRegion}.myqcloud.com/${key}`;
  }
  if (input.cloud === "azure" && !input.azureAccount)
    throw new TypeError("Azure object URLs need azureAccount (the storage account name)");
  const provider = STORAGE_OF_CLOUD[input.cloud];
  if (!provider) throw new TypeError(`no object URL form for cloud ${input.cloud}`);
  return objectUrlFor({
    provider,
    bucket: input.bucket,
    key,
    account: input.azureAccount,
  });
}
