/**
 * Object URLs the import APIs take (each provider's descriptor builds and recognises its own forms)
 * and the reverse parse (ImportJob accepts prepared files by URL). A key ending in "/" is a folder: the
 * import reads every file in it (NumPy: one folder = one file group).
 *   s3://bucket/key                 https://<bucket>.s3.<region>.amazonaws.com/<key>
 *   gs://bucket/key                 https://storage.cloud.google.com/<bucket>/<key>
 *   https://<account>.blob.core.windows.net/<container>/<key>
 *   oss://bucket/key                https://<bucket>.oss-<region>.aliyuncs.com/<key>
 *   file:///absolute/path
 * URI forms keep the key raw (as the AWS/gsutil/ossutil CLIs do); https forms percent-encode each
 * path segment.
 */
import { STORAGE_PROVIDERS, storeDescriptor, storeForScheme } from "./stores";
import type { ObjectLocation, ObjectUrlInput, StorageProvider } from "./types";
import { locationOf, splitBucketPath, urlError } from "./urlKeys";

export type { ObjectLocation, ObjectUrlInput, UrlStyle } from "./types";

/** The URL the import APIs take for a key; each provider's descriptor knows its forms. */
export function objectUrlFor(input: ObjectUrlInput): string {
  return storeDescriptor(input.provider).objectUrl(input);
}

/**
 * Parses an object URL. Each provider's descriptor recognises its own schemes and its cloud's https
 * hosts. For hosts that name no cloud (MinIO, Azurite, test servers), the URL is read as
 * S3-compatible path-style (`http://host/<bucket>/<key>`) unless `hint` names a provider that reads
 * such URLs its own way (Azure: `http://host/<account>/<container>/<key>`, Azurite's layout).
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
    return locationOf(store.provider, bucket, key);
  }
  if (scheme !== "http" && scheme !== "https") {
    throw urlError(hint?.provider ?? "s3", "", undefined, `unsupported URL scheme "${scheme}:"`);
  }
  const u = new URL(url);
  for (const p of STORAGE_PROVIDERS) {
    const loc = storeDescriptor(p).parseHttpUrl?.(u);
    if (loc) return loc;
  }
  const hinted = hint?.provider ? storeDescriptor(hint.provider) : undefined;
  if (hinted?.parseHostlessUrl) return hinted.parseHostlessUrl(u);
  const [bucket, key] = splitBucketPath(u.pathname);
  return locationOf("s3", bucket, key, { endpoint: `${u.protocol}//${u.host}` });
}
