/** The import pipeline, usable without Pulumi: plan -> write -> upload -> start -> wait -> verify. */

export {
  type Collaborators,
  connectionAddress,
  connectionKind,
  type DataInput,
  type DataTools,
  defaultApiKind,
  defaultCollaborators,
  openStore,
  openTarget,
  type Target,
} from "./deps";
export { defaultCacheDir, hashFile, hashSource } from "./hashSource";
export { computeIdentity, ownedPartitionName } from "./identity";
export { ensurePartition, removeOwnedRows } from "./ownership";
export { chooseOwnership, DEFAULT_REMOTE_PATH, expandFiles, PlanError, plan } from "./plan";
export { type RemoveSpec, removeImport } from "./remove";
export { ImportRunError, type RunOptions, type RunProgress, runImport } from "./run";
export * from "./types";
