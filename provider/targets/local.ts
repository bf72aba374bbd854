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
  open(connection) {
    const { openLocalEngine } = require("../engine") as typeof import("../engine");
    // Test/diagnostic knob: slow the in-process job down so interruptions can be exercised.
    const delay = Number(process.env.PMI_LOCAL_ENGINE_STEP_DELAY_MS ?? 0);
    const e = openLocalEngine(connection.localDir!, { jobStepDelayMs: Number.isFinite(delay) ? delay : 0 });
    return { imports: e.importApi, collections: e.collectionApi, close: async () => {} };
  },
};
