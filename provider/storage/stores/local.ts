/** A local directory standing in for a bucket (the embedded engine's staging area, tests, dry runs). */
import { fileURLToPath } from "node:url";
import type { LocalStorageConfig } from "../config";
import type { ObjectLocation } from "../types";
import type { StoreDescriptor } from "./types";

// The store module loads on first use: registering a backend costs nothing until it is used.
const impl = () => require("../local") as typeof import("../local");

export const local: StoreDescriptor<LocalStorageConfig> = {
  provider: "local",
  locationKey: (c) => [c.root],
  location: "root",
  secretEnv: [],
  schemes: ["file"],
  create: (config, opts) => new (impl().LocalStore)(config, opts),
  objectUrl: (input) => impl().localObjectUrl(input),
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
