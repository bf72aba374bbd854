/** createObjectStore(config): the one way the pipeline, the CLI and the Pulumi resources get a store. */
import { AzureStore } from "./azure";
import type { StorageConfig } from "./config";
import { StorageError } from "./errors";
import { LocalStore } from "./local";
import { OssStore } from "./oss";
import { S3Store } from "./s3";
import type { ObjectStore } from "./types";

export function createObjectStore(config: StorageConfig): ObjectStore {
  switch (config.provider) {
    case "s3":
    case "gcs":
      return new S3Store(config);
    case "azure":
      return new AzureStore(config);
    case "oss":
      return new OssStore(config);
    case "local":
      return new LocalStore(config);
    default: {
      const p = (config as { provider?: unknown }).provider;
      throw new StorageError({
        provider: "local",
        bucket: String((config as { bucket?: unknown }).bucket ?? ""),
        operation: "configure",
        code: "InvalidConfig",
        detail: `unknown storage provider ${JSON.stringify(p)} (expected s3, gcs, azure, oss or local)`,
      });
    }
  }
}
