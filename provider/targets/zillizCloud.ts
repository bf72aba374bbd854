/** What the Zilliz Cloud control-plane APIs (v1, v2) share: import there, manage collections on the cluster endpoint. */
import type { ZillizV1Options } from "../api/zillizV1";
import type { ConnectionConfig, ConnectionKind, ImportApi } from "../contracts";
import { clusterClient } from "./cluster";
import type { TargetClients } from "./types";

type ImportClient = ImportApi & { close(): Promise<void> };

export function zillizCloudClients(
  connection: ConnectionConfig,
  kind: ConnectionKind,
  importClient: (opts: Pick<ZillizV1Options, "clusterId" | "auth">) => ImportClient,
): TargetClients {
  const cluster = clusterClient(connection, kind);
  const auth = connection.apiKey ? { apiKey: connection.apiKey } : undefined;
  const imports = importClient({ clusterId: connection.clusterId!, auth });
  return {
    imports,
    collections: cluster,
    close: async () => {
      await Promise.all([cluster.close(), imports.close()]);
    },
  };
}

export const ZILLIZ_NEEDS = (kind: string) =>
  `api "${kind}" needs a Zilliz Cloud connection (endpoint + clusterId)`;

/**
 * Zilliz Cloud import from object storage, per request (documented limits, Serverless/Dedicated):
 * ≤ 1,000 files and ≤ 1 TB in total. UNCONFIRMED: the Free plan's 1 GB total (these values assume a
 * paid plan), whether "TB" means 10^12 or 2^40 bytes (10^12, the smaller, is used) and the error
 * code a larger request gets.
 */
export const ZILLIZ_REQUEST_LIMITS = { maxFiles: 1000, maxTotalBytes: 1e12 };
