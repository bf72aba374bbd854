/**
 * The storage backends, one descriptor each, keyed by provider. Building a store, its object URLs
 * and where its credentials come from are asked of the descriptor; nothing else names a provider.
 */
import type { StorageConfig, StorageProvider } from "../config";
import type { ObjectLocation } from "../types";
import { azure } from "./azure";
import { gcs } from "./gcs";
import { local } from "./local";
import { oss } from "./oss";
import { s3 } from "./s3";
import type { StoreDescriptor } from "./types";

export * from "./types";

type Registry = { readonly [P in StorageProvider]: StoreDescriptor<Extract<StorageConfig, { provider: P }>> };

export const STORES: Registry = { s3, gcs, azure, oss, local };

/** Every provider, in the order messages list them. */
export const STORAGE_PROVIDERS = Object.keys(STORES) as StorageProvider[];

export function isStorageProvider(p: unknown): p is StorageProvider {
  return typeof p === "string" && Object.hasOwn(STORES, p);
}

/** The descriptor of a provider, typed for any config (the config's own provider picks it). */
export function storeDescriptor(provider: StorageProvider): StoreDescriptor {
  return STORES[provider] as unknown as StoreDescriptor;
}

/** The provider whose object URLs use `scheme` (s3, gs, oss, file). */
export function storeForScheme(scheme: string): StoreDescriptor | undefined {
  return STORAGE_PROVIDERS.map(storeDescriptor).find((d) => d.schemes.includes(scheme));
}

/** "<provider>: <variables>" for each provider whose credentials come from the environment. */
export function storageCredentialsEnv(): string[] {
  return STORAGE_PROVIDERS.map(storeDescriptor)
    .filter((d) => d.credentialsEnv)
    .map((d) => `${d.provider}: ${d.credentialsEnv}`);
}

/**
 * The config that reads prepared objects at `loc`: the staging config (its credentials and
 * endpoint) pointed at the URL's provider and bucket, unless the provider reads such URLs its own way.
 */
export function readerConfigFor(loc: ObjectLocation, staging: StorageConfig): StorageConfig {
  const d = storeDescriptor(loc.provider);
  return (
    d.readerConfig?.(loc) ?? ({ ...staging, provider: loc.provider, bucket: loc.bucket } as StorageConfig)
  );
}
