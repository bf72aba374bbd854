/** Credential plumbing shared by the stores that sign with an access key pair (S3, GCS, OSS). */
import type { StorageCredentials } from "../../contracts/imports";
import type { StackStorageCredentials } from "./types";

/** Field names of the key pair and token in one provider's config. */
export interface KeyFields {
  id: string;
  secret: string;
  token?: string;
}

type Fields = Record<string, unknown>;

/** The stack's key pair (and token) when the config names no key of its own. */
export function pairFromStack<C>(config: C, stack: StackStorageCredentials, f: KeyFields): C {
  if ((config as Fields)[f.id] || !stack.accessKey) return config;
  const out: Fields = { ...config, [f.id]: stack.accessKey, [f.secret]: stack.secretKey };
  if (f.token) out[f.token] = stack.sessionToken;
  return out as C;
}

export function pairToRequest(config: unknown, f: KeyFields): StorageCredentials | undefined {
  const c = config as Record<string, string | undefined>;
  const accessKey = c[f.id];
  const secretKey = c[f.secret];
  const token = f.token ? c[f.token] : undefined;
  return accessKey || secretKey || token ? { accessKey, secretKey, token } : undefined;
}

/** The config with the key pair (and token) an import request carried. */
export function pairFromRequest<C>(config: C, creds: StorageCredentials, f: KeyFields): C {
  const out: Fields = { ...config, [f.id]: creds.accessKey, [f.secret]: creds.secretKey };
  if (f.token && creds.token) out[f.token] = creds.token;
  return out as C;
}
