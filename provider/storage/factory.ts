/** createObjectStore(config): the one way the pipeline, the CLI, the emulator and the Pulumi resources get a store. */
import { orList } from "../schema/text";
import type { StorageConfig } from "./config";
import { StorageError } from "./errors";
import { isStorageProvider, STORAGE_PROVIDERS, type StoreOptions, storeDescriptor } from "./stores";
import type { ObjectStore } from "./types";

export function createObjectStore(config: StorageConfig, opts?: StoreOptions): ObjectStore {
  if (!isStorageProvider(config.provider)) {
    throw new StorageError({
      provider: "local",
      bucket: String((config as { bucket?: unknown }).bucket ?? ""),
      operation: "configure",
      code: "InvalidConfig",
      detail: `unknown storage provider ${JSON.stringify(config.provider)} (expected ${orList(STORAGE_PROVIDERS)})`,
    });
  }
  return storeDescriptor(config.provider).create(config, opts);
}
