/**
 * Object URLs the import APIs take (each provider's store module builds its own forms) and the
 * reverse parse (ImportJob accepts prepared files by URL). A key ending in "/" is a folder: the
 * import reads every file in it (NumPy: one folder = one file group).
 *   s3://bucket/key                 https://<bucket>.s3.<region>.amazonaws.com/<key>
 *   gs://bucket/key                 https://storage.cloud.google.com/<bucket>/<key>
 *   https://<account>.blob.core.windows.net/<container>/<key>
 *   oss://bucket/key                https://<bucket>.oss-<region>.aliyuncs.com/<key>
 *   file:///absolute/path
 * URI forms keep the key raw (as the AWS/gsutil/ossutil CLIs do); https forms percent-encode each
 * path segment.
 */
import { StorageError } from "./errors";
import { storeDescriptor, storeForScheme } from "./stores";
import type { ObjectLocation, ObjectUrlInput, StorageProvider } from "./types";
import { decodeKey } from "./urlKeys";

export type { ObjectLocation, ObjectUrlInput, UrlStyle } from "./types";

/** The URL the import APIs take for a key; each provider's descriptor knows its forms. */
export function objectUrlFor(input: ObjectUrlInput): string {
  return storeDescriptor(input.provider).objectUrl(input);
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
  const store = storeForScheme(scheme);
  if (store?.parseUri) return store.parseUri(url);
  if (store) {
    // <scheme>://<bucket>/<key>, the key raw.
    const rest = m[2];
    const slash = rest.indexOf("/");
    const [bucket, key] = slash < 0 ? [rest, ""] : [rest.slice(0, slash), rest.slice(slash + 1)];
    return loc(store.provider, bucket, key);
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
