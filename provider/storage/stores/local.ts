/** A local directory standing in for a bucket (the embedded engine's staging area, tests, dry runs). */
import { fileURLToPath } from "node:url";
import type { LocalStorageConfig } from "../config";
import { LocalStore, localObjectUrl } from "../local";
import type { ObjectLocation } from "../types";
import type { StoreDescriptor } from "./types";

export const local: StoreDescriptor<LocalStorageConfig> = {
  provider: "local",
  location: "root",
  secretEnv: [],
  schemes: ["file"],
  create: (config, opts) => new LocalStore(config, opts),
  objectUrl: localObjectUrl,
  parseUri(url): ObjectLocation {
    const abs = fileURLToPath(url);
    const withSlash = url.endsWith("/") && !abs.endsWith("/") ? `${abs}/` : abs;
    const key = withSlash.replace(/^\/+/, "");
    return { provider: "local", bucket: "/", key, isFolder: key === "" || key.endsWith("/") };
  },
  // file:// URLs are absolute paths: read them from the filesystem root.
  readerConfig: () => ({ provider: "local", root: "/" }),
  fromSettings: ({ root }) => ({ provider: "local", root: root!, createRoot: true }),
  serviceCredentialsFromEnv: () => ({}),
  withStackCredentials: (config) => config,
  requestCredentials: () => undefined,
  withRequestCredentials: (config) => config,
};
