/**
 * Import API flavours, one descriptor each, keyed by kind. Everything that depends on the flavour
 * (which clients, which connections, how files are referenced and grouped, whether storage
 * credentials travel with the request, the default for a connection) is asked of the descriptor.
 */
import { type ConnectionConfig, connectionKind, type ImportApiKind } from "../contracts";
import { local } from "./local";
import { milvusV2 } from "./milvusV2";
import type { Target, TargetDescriptor, TargetOptions } from "./types";
import { zillizV1 } from "./zillizV1";
import { zillizV2 } from "./zillizV2";

export { defaultLocalStagingRoot } from "./local";
export type {
  FileGrouping,
  FileRefs,
  RequestLimits,
  Target,
  TargetClients,
  TargetDescriptor,
  TargetOptions,
} from "./types";

export const TARGETS: Readonly<Record<ImportApiKind, TargetDescriptor>> = {
  "zilliz-v1": zillizV1,
  "zilliz-v2": zillizV2,
  "milvus-v2": milvusV2,
  local,
};

/** Every API kind, in the order messages list them. */
export const API_KINDS = Object.keys(TARGETS) as ImportApiKind[];

export function targetDescriptor(kind: ImportApiKind): TargetDescriptor {
  const d = (TARGETS as Partial<Record<string, TargetDescriptor>>)[kind];
  if (!d) throw new Error(`unknown import API "${kind}": use ${API_KINDS.join(", ")}`);
  return d;
}

/** Which import API a connection implies when none is given. */
export function defaultApiKind(connection: ConnectionConfig): ImportApiKind {
  const kind = connectionKind(connection);
  const d = API_KINDS.map((k) => TARGETS[k]).find((t) => t.isDefaultFor(connection, kind));
  if (!d) throw new Error(`no import API serves a ${kind} connection by default; name one`);
  return d.kind;
}

/** Opens the import target of `apiKind` on a connection, checking that the API can reach it. */
export function openTarget(
  connection: ConnectionConfig,
  apiKind: ImportApiKind,
  options: TargetOptions = {},
): Target {
  const kind = connectionKind(connection);
  const d = targetDescriptor(apiKind);
  if (!d.connections.includes(kind)) {
    throw new Error(
      kind === "local" ? `api "${apiKind}" cannot reach a local engine directory; use api "local"` : d.needs,
    );
  }
  const clients = d.open(connection, kind, options);
  return {
    kind,
    ...clients,
    fileRefs: d.fileRefs,
    fileGrouping: d.fileGrouping,
    requestLimits: d.requestLimits,
    sendsStorageCredentials: d.sendsStorageCredentials,
  };
}
