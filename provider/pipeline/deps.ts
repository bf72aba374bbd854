/**
 * The pipeline's collaborators behind small interfaces: data tools (read + validate + write), object
 * stores and import targets. `defaultCollaborators()` binds them to the package's own modules, loaded
 * lazily so that planning a Milvus import never loads the Azure SDK and vice versa.
 */
import type { CollectionApi, ImportApi, ImportApiKind } from "../api/types";
import type { Manifest } from "../bulkwriter/manifest";
import type { CollectionSchema } from "../schema/types";
import type { ColumnMapping } from "../sources/types";
import type { StorageConfig } from "../storage/config";
import type { ObjectStore } from "../storage/types";
import type { ConnectionConfig, ConnectionKind, SourceFormat, WriterOptions } from "./types";

export type DataInput = ({ files: string[]; format?: SourceFormat } | { rows: Record<string, unknown>[] }) & {
  mapping?: ColumnMapping;
  /** Accept files without rows (refused by default, naming the file). */
  allowEmpty?: boolean;
};

export interface DataTools {
  /** Reads and validates every row; throws DataValidationError (file:row:field issues). Returns the row count. */
  validate(schema: CollectionSchema, input: DataInput): Promise<{ rows: number }>;
  /**
   * Writes import files for the input under `dir`; returns their manifest and the folder its paths are
   * relative to. `onRows` is told the rows written so far after each batch (progress).
   */
  write(
    schema: CollectionSchema,
    input: DataInput,
    opts: WriterOptions & { dir: string; identity: string; onRows?: (rows: number) => void },
  ): Promise<{ manifest: Manifest; dir: string }>;
  /** Primary-key values of the input in order (decimal strings for INT64), for ownership by key. */
  primaryKeys(schema: CollectionSchema, input: DataInput): Promise<string[]>;
}

export interface Target {
  readonly kind: ConnectionKind;
  readonly imports: ImportApi;
  readonly collections: CollectionApi;
  /** How startImport wants file references: object URLs, or keys relative to the cluster's bucket. */
  readonly fileRefs: "url" | "key";
  close(): Promise<void>;
}

export interface Collaborators {
  data: DataTools;
  openStore(config: StorageConfig): ObjectStore;
  openTarget(connection: ConnectionConfig, apiKind: ImportApiKind): Target;
}

export function connectionKind(c: ConnectionConfig): ConnectionKind {
  const set = [c.localDir && "local", c.uri && "milvus", c.endpoint && "zilliz"].filter(
    Boolean,
  ) as ConnectionKind[];
  if (set.length !== 1) {
    throw new Error(
      `connection: give exactly one of localDir (local engine), uri (self-hosted Milvus) or endpoint (Zilliz Cloud cluster); got ${set.length ? set.join(", ") : "none"}`,
    );
  }
  return set[0];
}

/** The address part of a connection (no credentials), for identities and messages. */
export function connectionAddress(c: ConnectionConfig): string {
  const kind = connectionKind(c);
  if (kind === "local") return `local:${c.localDir}`;
  if (kind === "milvus") return `milvus:${c.uri}`;
  return `zilliz:${c.endpoint}${c.clusterId ? `#${c.clusterId}` : ""}`;
}

/** Which import API a connection implies when none is given. */
export function defaultApiKind(c: ConnectionConfig): ImportApiKind {
  const kind = connectionKind(c);
  return kind === "local"
    ? "local"
    : kind === "milvus"
      ? "milvus-v2"
      : c.clusterId
        ? "zilliz-v2"
        : "milvus-v2";
}

export function defaultCollaborators(): Collaborators {
  return { data: dataTools(), openStore, openTarget };
}

export function openStore(config: StorageConfig): ObjectStore {
  switch (config.provider) {
    case "local": {
      const { LocalStore } = require("../storage/local") as typeof import("../storage/local");
      return new LocalStore(config, { createRoot: true });
    }
    case "s3":
    case "gcs": {
      const { S3Store } = require("../storage/s3") as typeof import("../storage/s3");
      return new S3Store(config);
    }
    case "azure": {
      const { AzureStore } = require("../storage/azure") as typeof import("../storage/azure");
      return new AzureStore(config);
    }
    case "oss": {
      const mod = require("../storage/oss") as { OssStore: new (c: StorageConfig) => ObjectStore };
      return new mod.OssStore(config);
    }
  }
}

export function openTarget(connection: ConnectionConfig, apiKind: ImportApiKind): Target {
  const kind = connectionKind(connection);
  if (kind === "local") {
    if (apiKind !== "local")
      throw new Error(`api "${apiKind}" cannot reach a local engine directory; use api "local"`);
    const { openLocalEngine } = require("../engine") as typeof import("../engine");
    // Test/diagnostic knob: slow the in-process job down so interruptions can be exercised.
    const delay = Number(process.env.PMI_LOCAL_ENGINE_STEP_DELAY_MS ?? 0);
    const e = openLocalEngine(connection.localDir!, { jobStepDelayMs: Number.isFinite(delay) ? delay : 0 });
    return {
      kind,
      imports: e.importApi,
      collections: e.collectionApi,
      fileRefs: "url",
      close: async () => {},
    };
  }
  const { MilvusV2Client } = require("../api/milvusV2") as typeof import("../api/milvusV2");
  const baseUrl = (kind === "milvus" ? connection.uri : connection.endpoint)!;
  const token = kind === "milvus" ? connection.token : connection.apiKey;
  const cluster = new MilvusV2Client({ baseUrl, auth: token ? { token } : undefined });
  if (apiKind === "milvus-v2") {
    // Milvus reads import files from its own bucket: requests carry bucket-relative keys.
    return { kind, imports: cluster, collections: cluster, fileRefs: "key", close: () => cluster.close() };
  }
  if (apiKind === "local") throw new Error('api "local" needs connection.localDir');
  if (kind !== "zilliz")
    throw new Error(`api "${apiKind}" needs a Zilliz Cloud connection (endpoint + clusterId)`);
  const auth = connection.apiKey ? { apiKey: connection.apiKey } : undefined;
  let imports: ImportApi;
  if (apiKind === "zilliz-v1") {
    const { ZillizV1ImportApi } = require("../api/zillizV1") as typeof import("../api/zillizV1");
    if (!connection.controlPlaneUrl)
      throw new Error(
        'api "zilliz-v1" needs connection.controlPlaneUrl (https://controller.api.<region>.zillizcloud.com)',
      );
    imports = new ZillizV1ImportApi({
      baseUrl: connection.controlPlaneUrl,
      clusterId: connection.clusterId!,
      auth,
    });
  } else {
    const { ZillizV2ImportApi } = require("../api/zillizV2") as typeof import("../api/zillizV2");
    imports = new ZillizV2ImportApi({
      baseUrl: connection.controlPlaneUrl,
      clusterId: connection.clusterId!,
      auth,
    });
  }
  const closeImports = (imports as { http?: { close(): Promise<void> } }).http;
  return {
    kind,
    imports,
    collections: cluster,
    fileRefs: "url",
    close: async () => {
      await Promise.all([cluster.close(), closeImports?.close()]);
    },
  };
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
