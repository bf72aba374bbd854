/** The Milvus REST v2 client of a self-hosted Milvus (uri + token) or a Zilliz Cloud cluster endpoint (endpoint + API key). */
import type { MilvusV2Client } from "../api/milvusV2";
import type { ConnectionConfig, ConnectionKind } from "../contracts";

export function clusterClient(connection: ConnectionConfig, kind: ConnectionKind): MilvusV2Client {
  const { MilvusV2Client } = require("../api/milvusV2") as typeof import("../api/milvusV2");
  const baseUrl = (kind === "milvus" ? connection.uri : connection.endpoint)!;
  const token = kind === "milvus" ? connection.token : connection.apiKey;
  return new MilvusV2Client({ baseUrl, auth: token ? { token } : undefined });
}
