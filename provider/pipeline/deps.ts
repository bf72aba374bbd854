/**
 * The pipeline's collaborators behind small interfaces: data tools (read + validate + write), object
 * stores and import targets. `defaultCollaborators()` binds them to the package's own modules: stores
 * from storage/'s descriptors, targets from targets/'s, data tools loaded only when data is read.
 */
import type { ImportApiKind } from "../contracts";
import type { ConnectionConfig } from "../contracts/connection";
import { createObjectStore } from "../storage/factory";
import type { ObjectStore } from "../storage/types";
import { openTarget as openImportTarget } from "../targets";
import type { Target } from "../targets/types";
import type { DataTools, StagingConfig } from "./types";

export type { Target };

export interface Collaborators {
  data: DataTools;
  openStore(config: StagingConfig): ObjectStore;
  openTarget(connection: ConnectionConfig, apiKind: ImportApiKind): Target;
}

export function defaultCollaborators(): Collaborators {
  return { data: dataTools(), openStore, openTarget: openImportTarget };
}

/** The staging store; a local staging directory is created on first use. */
export function openStore(config: StagingConfig): ObjectStore {
  return createObjectStore(config, { createRoot: true });
}

/** Data tools over the validate, sources and bulkwriter modules. */
export function dataTools(): DataTools {
  // Bound lazily: the modules load only when data is actually read.
  const impl = () => require("./dataTools") as typeof import("./dataTools");
  return {
    validate: (s, i) => impl().validateInput(s, i),
    write: (s, i, o) => impl().writeInput(s, i, o),
    primaryKeys: (s, i) => impl().primaryKeysOf(s, i),
  };
}
