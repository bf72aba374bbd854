/** Milvus REST v2 import, on self-hosted Milvus or directly on a Zilliz Cloud cluster endpoint. */
import { clusterClient } from "./cluster";
import type { TargetDescriptor } from "./types";

export const milvusV2: TargetDescriptor = {
  kind: "milvus-v2",
  connections: ["milvus", "zilliz"],
  needs: 'api "milvus-v2" needs connection.uri or connection.endpoint',
  // A Zilliz endpoint without a cluster id cannot reach the control plane: the cluster's own API it is.
  isDefaultFor: (c, kind) => kind === "milvus" || (kind === "zilliz" && !c.clusterId),
  // Milvus reads import files from its own bucket: requests carry bucket-relative keys.
  fileRefs: "key",
  fileGrouping: "perFile",
  // dataCoord.import.maxFilesPerImportReq, Milvus's default (a cluster may configure another value);
  // Milvus sets no total size per request (16 GB is a per-file cap, not something splitting fixes).
  // UNCONFIRMED: the limit of Zilliz Cloud clusters reached through their own endpoint.
  requestLimits: { maxFiles: 1024 },
  sendsStorageCredentials: false,
  open(connection, kind) {
    const cluster = clusterClient(connection, kind);
    return { imports: cluster, collections: cluster, close: () => cluster.close() };
  },
};
