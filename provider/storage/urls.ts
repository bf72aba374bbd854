/**
 * Object URLs the import APIs take, per cloud, and the reverse parse (ImportJob accepts prepared
 * files by URL). A key ending in "/" is a folder: the import reads every file in it (NumPy: one
 * folder = one file group).
 *   s3://bucket/key                 https://<bucket>.s3.<region>.amazonaws.com/<key>
 *   gs://bucket/key                 https://storage.cloud.google.com/<bucket>/<key>
 *   https://<account>.blob.core.windows.net/<container>/<key>
 *   oss://bucket/key                https://<bucket>.oss-<region>.aliyuncs.com/<key>
 *   file:///absolute/path
 * URI forms keep the key raw (as the AWS/gsutil/ossutil CLIs do); https forms percent-encode each
 * path segment.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { StorageError } from "./errors";
import type { StorageProvider } from "./types";

export interface ObjectLocation {
  provider: StorageProvider;
  /** Bucket / container; "/" for file URLs (the key is then the absolute path without its leading "/"). */
  bucket: string;
  /** Key or folder prefix ("" = bucket root). */
  key: string;
  isFolder: boolean;
  /** Service endpoint when the URL names one (https forms, custom S3-compatible hosts, Azurite). */
  endpoint?: string;
  region?: string;
  /** Azure storage account. */
  account?: string;
}

export type UrlStyle = "uri" | "https";

export interface ObjectUrlInput {
  provider: StorageProvider;
  bucket: string;
  key: string;
  style?: UrlStyle;
  /** S3/OSS region for https URLs (OSS: "oss-cn-hangzhou" or "cn-hangzhou"). */
  region?: string;
  /** Azure blob endpoint (https://<account>.blob.core.windows.net or an Azurite URL); local: unused. */
  endpoint?: string;
  account?: string;
}

const encodeKey = (key: string) => key.split("/").map(encodeURIComponent).join("/");
const decodeKey = (p: string) => p.split("/").map(decodeURIComponent).join("/");

export function objectUrlFor(input: ObjectUrlInput): string {
  const { provider, bucket, key } = input;
  const style = input.style ?? "uri";
  switch (provider) {
    case "s3":
      if (style === "uri") return `s3://${bucket}/${key}`;
      if (input.endpoint) return `${input.endpoint.replace(/\/+$/, "")}/${bucket}/${encodeKey(key)}`;
      return `https://${bucket}.s3.${input.region ?? "us-east-1"}.amazonaws.com/${encodeKey(key)}`;
    case "gcs":
      return style === "uri"
        ? `gs://${bucket}/${key}`
        : `https://storage.cloud.google.com/${bucket}/${encodeKey(key)}`;
    case "oss": {
      if (style === "uri") return `oss://${bucket}/${key}`;
      const region = (input.region ?? "oss-cn-hangzhou").replace(/^(?!oss-)/, "oss-");
      return `https://${bucket}.${region}.aliyuncs.com/${encodeKey(key)}`;
    }
    case "azure": {
      const ep =
        input.endpoint ?? (input.account ? `https://${input.account}.blob.core.windows.net` : undefined);
      if (!ep)
        throw urlError("azure", bucket, key, "an Azure URL needs the blob endpoint or the account name");
      return `${ep.replace(/\/+$/, "")}/${bucket}/${encodeKey(key)}`;
    }
    case "local": {
      const full = path.join(bucket, key);
      const url = pathToFileURL(full).href;
      return key.endsWith("/") && !url.endsWith("/") ? `${url}/` : url;
    }
  }
}

function urlError(
  provider: StorageProvider,
  bucket: string,
  key: string | undefined,
  detail: string,
): StorageError {
  return new StorageError({
    provider,
    bucket,
    key,
    operation: "parseObjectUrl",
    code: "InvalidConfig",
    detail,
  });
}

function loc(
  provider: StorageProvider,
  bucket: string,
  key: string,
  extra: Partial<ObjectLocation> = {},
): ObjectLocation {
  if (!bucket) throw urlError(provider, bucket, key, "the URL names no bucket/container");
  return { provider, bucket, key, isFolder: key === "" || key.endsWith("/"), ...extra };
}

/** Splits "/bucket/rest/of/key" into [bucket, decoded key]. */
function splitPath(pathname: string): [string, string] {
  const p = pathname.replace(/^\/+/, "");
  const slash = p.indexOf("/");
  if (slash < 0) return [decodeURIComponent(p), ""];
  return [decodeURIComponent(p.slice(0, slash)), decodeKey(p.slice(slash + 1))];
}

const S3_HOST = /^(?:(.+)\.)?s3[.-](?:([a-z0-9-]+)\.)?amazonaws\.com(\.cn)?$/;
const AZURE_HOST = /^([a-z0-9]+)\.blob\.core\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net)$/;
const OSS_HOST = /^(.+)\.(oss-[a-z0-9-]+?)(-internal)?\.aliyuncs\.com$/;

/**
 * Parses an object URL. For hosts that do not identify a cloud (MinIO, Azurite, test servers), the
 * URL is read as S3-compatible path-style (`http://host/<bucket>/<key>`) unless `hint` says Azure
 * (`http://host/<account>/<container>/<key>`, Azurite's layout) or OSS (`http://host/<bucket>/<key>`).
 */
export function parseObjectUrl(url: string, hint?: { provider?: StorageProvider }): ObjectLocation {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(url);
  if (!m) throw urlError(hint?.provider ?? "s3", "", undefined, `not an object URL: ${url.slice(0, 200)}`);
  const scheme = m[1].toLowerCase();
  if (scheme === "s3" || scheme === "gs" || scheme === "oss") {
    const provider: StorageProvider = scheme === "gs" ? "gcs" : (scheme as StorageProvider);
    const rest = m[2];
    const slash = rest.indexOf("/");
    return slash < 0 ? loc(provider, rest, "") : loc(provider, rest.slice(0, slash), rest.slice(slash + 1));
  }
  if (scheme === "file") {
    const abs = fileURLToPath(url);
    const withSlash = url.endsWith("/") && !abs.endsWith("/") ? `${abs}/` : abs;
    return loc("local", "/", withSlash.replace(/^\/+/, ""));
  }
  if (scheme !== "http" && scheme !== "https") {
    throw urlError(hint?.provider ?? "s3", "", undefined, `unsupported URL scheme "${scheme}:"`);
  }
  const u = new URL(url);
  const host = u.hostname.toLowerCase();
  const origin = `${u.protocol}//${u.host}`;
  const s3 = S3_HOST.exec(host);
  if (s3) {
    const region = s3[2] && s3[2] !== "dualstack" ? s3[2] : s3[3] ? undefined : "us-east-1";
    if (s3[1])
      return loc("s3", s3[1], decodeKey(u.pathname.replace(/^\//, "")), { region, endpoint: origin });
    const [bucket, key] = splitPath(u.pathname);
    return loc("s3", bucket, key, { region, endpoint: origin });
  }
  if (host === "storage.cloud.google.com" || host === "storage.googleapis.com") {
    const [bucket, key] = splitPath(u.pathname);
    return loc("gcs", bucket, key, { endpoint: "https://storage.googleapis.com" });
  }
  if (host.endsWith(".storage.googleapis.com")) {
    const bucket = host.slice(0, -".storage.googleapis.com".length);
    return loc("gcs", bucket, decodeKey(u.pathname.replace(/^\//, "")), {
      endpoint: "https://storage.googleapis.com",
    });
  }
  const az = AZURE_HOST.exec(host);
  if (az) {
    const [container, key] = splitPath(u.pathname);
    return loc("azure", container, key, { account: az[1], endpoint: origin });
  }
  const oss = OSS_HOST.exec(host);
  if (oss) {
    const endpoint = `${u.protocol}//${oss[2]}${oss[3] ?? ""}.aliyuncs.com`;
    return loc("oss", oss[1], decodeKey(u.pathname.replace(/^\//, "")), { region: oss[2], endpoint });
  }
  if (hint?.provider === "azure") {
    const p = u.pathname.replace(/^\/+/, "");
    const slash = p.indexOf("/");
    const account = slash < 0 ? p : p.slice(0, slash);
    const [container, key] = splitPath(slash < 0 ? "" : p.slice(slash));
    return loc("azure", container, key, {
      account: decodeURIComponent(account),
      endpoint: `${origin}/${account}`,
    });
  }
  const [bucket, key] = splitPath(u.pathname);
  return loc(hint?.provider === "oss" ? "oss" : "s3", bucket, key, { endpoint: origin });
}
