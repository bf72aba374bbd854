/** The embedded local engine: imports run in-process against an engine directory. */
import type { TargetDescriptor } from "./types";

export const local: TargetDescriptor = {
  kind: "local",
  connections: ["local"],
  needs: 'api "local" needs connection.localDir',
  isDefaultFor: (_c, kind) => kind === "local",
  fileRefs: "url",
  fileGrouping: "perFile",
  sendsStorageCredentials: false,
  open(connection, _kind, options) {
    const { openLocalEngine } = require("../engine/localApi") as typeof import("../engine/localApi");
    const e = openLocalEngine(connection.localDir!, options.localEngine);
    return { imports: e.importApi, collections: e.collectionApi, close: async () => {} };
  },
};
