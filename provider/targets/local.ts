/** The embedded local engine: imports run in-process against an engine directory. */
import type { TargetDescriptor } from "./types";

/**
 * Where files are staged for an embedded engine when no storage is given: `_staging` next to its
 * data. The ImportJob resource and the CLI both use it; the string form is part of existing stacks'
 * inputs (a different root is a storage change, hence a replace), so it stays exactly this.
 */
export function defaultLocalStagingRoot(localDir: string): string {
  return `${localDir.replace(/\/+$/, "")}/_staging`;
}

export const local: TargetDescriptor = {
  kind: "local",
  connections: ["local"],
  needs: 'api "local" needs connection.localDir',
  isDefaultFor: (_c, kind) => kind === "local",
  fileRefs: "url",
  fileGrouping: "perFile",
  // The embedded engine enforces Milvus's default (engine/fileGroups.ts LIMITS.maxFileGroups).
  requestLimits: { maxFiles: 1024 },
  sendsStorageCredentials: false,
  open(connection, _kind, options) {
    const { openLocalEngine } = require("../engine/localApi") as typeof import("../engine/localApi");
    const e = openLocalEngine(connection.localDir!, options.localEngine);
    return { imports: e.importApi, collections: e.collectionApi, close: async () => {} };
  },
};
