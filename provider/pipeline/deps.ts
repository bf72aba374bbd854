/**
 * The pipeline's collaborators behind small interfaces: data tools (read + validate + write), object
 * stores and import targets. `defaultCollaborators()` binds them to the package's own modules: stores
 * from storage/'s descriptors, targets from targets/'s, data tools loaded only when data is read.
 */
import type { ImportApiKind } from "../contracts";
import type { ConnectionConfig } from "../contracts/connection";
import type { ObjectStore } from "../storage/types";
import type { Target, TargetOptions } from "../targets/types";
import type { DataTools, StagingConfig } from "./types";

export type { Target };

export interface Collaborators {
  data: DataTools;
  openStore(config: StagingConfig): ObjectStore;
  openTarget(connection: ConnectionConfig, apiKind: ImportApiKind): Target;
}

/** `targets` is what opened targets get injected (e.g. an embedded engine's job pacing). */
export function defaultCollaborators(targets: TargetOptions = {}): Collaborators {
  return {
    data: dataTools(),
    openStore,
    openTarget: (connection, apiKind) => openTarget(connection, apiKind, targets),
  };
}

// Stores and targets load when first opened: a `pulumi preview` that only plans never needs them.

/** The staging store; a local staging directory is created on first use. */
export function openStore(config: StagingConfig): ObjectStore {
  const { createObjectStore } = require("../storage/factory") as typeof import("../storage/factory");
  return createObjectStore(config, { createRoot: true });
}

function openTarget(connection: ConnectionConfig, apiKind: ImportApiKind, options: TargetOptions): Target {
  return (require("../targets") as typeof import("../targets")).openTarget(connection, apiKind, options);
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
