/** The import pipeline, usable without Pulumi: plan -> write -> upload -> start -> wait -> verify. */

export { connectionAddress, connectionKind } from "../contracts/connection";
export { defaultApiKind, openTarget, type Target } from "../targets";
export { type Collaborators, defaultCollaborators, openStore } from "./deps";
export { hashFile, hashSource } from "./hashSource";
export { computeIdentity, ownedPartitionName } from "./identity";
export { ensurePartition, removeOwnedRows } from "./ownership";
export { DEFAULT_REMOTE_PATH, expandFiles, PlanError, plan } from "./plan";
export { type RemoveSpec, removeImport } from "./remove";
export { ImportRunError, type RunOptions, type RunProgress, runImport } from "./run";
export * from "./types";
