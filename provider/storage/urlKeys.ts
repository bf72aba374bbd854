/**
 * Keys and locations in object URLs: https forms percent-encode each path segment of a key (the
 * s3://, gs://, oss:// forms keep keys raw); parsed URLs become an ObjectLocation.
 */
import { StorageError } from "./errors";
import type { ObjectLocation, StorageProvider } from "./types";

export const encodeKey = (key: string) => key.split("/").map(encodeURIComponent).join("/");
const decodeKey = (p: string) => p.split("/").map(decodeURIComponent).join("/");

export function urlError(
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

/** The location of `key` in `bucket`; a key ending in "/" (or none) is a folder. */
export function locationOf(
  provider: StorageProvider,
  bucket: string,
  key: string,
  extra: Partial<ObjectLocation> = {},
): ObjectLocation {
  if (!bucket) throw urlError(provider, bucket, key, "the URL names no bucket/container");
  return { provider, bucket, key, isFolder: key === "" || key.endsWith("/"), ...extra };
}

/** Splits "/bucket/rest/of/key" into [bucket, decoded key]. */
export function splitBucketPath(pathname: string): [string, string] {
  const p = pathname.replace(/^\/+/, "");
  const slash = p.indexOf("/");
  if (slash < 0) return [decodeURIComponent(p), ""];
  return [decodeURIComponent(p.slice(0, slash)), decodeKey(p.slice(slash + 1))];
}

/** The decoded key of a virtual-hosted URL (the bucket is in the host). */
export const hostedKey = (u: URL) => decodeKey(u.pathname.replace(/^\//, ""));
