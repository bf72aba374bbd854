/** What an import API flavour is to the rest of the package: one descriptor per kind, and the target it opens. */
import type { CollectionApi, ConnectionConfig, ConnectionKind, ImportApi, ImportApiKind } from "../contracts";
import type { LocalEngineOptions } from "../engine/localApi";

/** How startImport wants staged files named: object URLs, or keys relative to the cluster's own bucket. */
export type FileRefs = "url" | "key";

/** How staged files are grouped into one job: one group per file (NumPy: per segment folder), or the data folder as one URL. */
export type FileGrouping = "perFile" | "dataFolder";

/**
 * What one import request may carry. A run whose files exceed it starts several jobs (see
 * pipeline/jobParts.ts). Values per API are in the descriptors, with their sources.
 */
export interface RequestLimits {
  /** File groups per request (a file, or one NumPy folder). */
  maxFiles: number;
  /** Total bytes of one request's files; absent when the API sets no such limit. */
  maxTotalBytes?: number;
}

/** An opened import target: the import API plus the collection API its rows are counted and owned with. */
export interface Target {
  readonly kind: ConnectionKind;
  readonly imports: ImportApi;
  readonly collections: CollectionApi;
  readonly fileRefs: FileRefs;
  readonly fileGrouping: FileGrouping;
  readonly requestLimits: RequestLimits;
  /** Import requests carry the staging store's credentials: the service reads the files with them. */
  readonly sendsStorageCredentials: boolean;
  close(): Promise<void>;
}

/** What the opener of a target injects into it (the embedded engine's collaborators, e.g. job pacing in tests). */
export interface TargetOptions {
  localEngine?: LocalEngineOptions;
}

/** The clients a descriptor builds for a connection. */
export type TargetClients = Pick<Target, "imports" | "collections" | "close">;

export interface TargetDescriptor {
  readonly kind: ImportApiKind;
  /** Connection kinds this API reaches; the first is the one the CLI builds for it. */
  readonly connections: readonly ConnectionKind[];
  /** Why a connection of another kind cannot be used (an error message). */
  readonly needs: string;
  /** true when a connection that names no API gets this one (exactly one descriptor claims each connection). */
  isDefaultFor(connection: ConnectionConfig, kind: ConnectionKind): boolean;
  readonly fileRefs: FileRefs;
  readonly fileGrouping: FileGrouping;
  readonly requestLimits: RequestLimits;
  readonly sendsStorageCredentials: boolean;
  /**
   * The control-plane URL when the user gives none (Zilliz Cloud APIs), from the cluster's region;
   * undefined when the region is needed but unknown.
   */
  defaultControlPlaneUrl?(region: string | undefined): string | undefined;
  /** Builds the clients; they load here, so a Milvus import never loads the engine and vice versa. */
  open(connection: ConnectionConfig, kind: ConnectionKind, options: TargetOptions): TargetClients;
}
