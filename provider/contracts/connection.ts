/** Where a collection lives: a self-hosted Milvus, a Zilliz Cloud cluster or an embedded engine directory. */

/** Exactly one of uri (Milvus), endpoint (Zilliz cluster) or localDir. */
export interface ConnectionConfig {
  /** Self-hosted Milvus REST endpoint, e.g. http://127.0.0.1:19530. */
  uri?: string;
  /** Milvus token ("user:password" or an API key). Secret. */
  token?: string;
  /** Zilliz Cloud cluster endpoint (serves the Milvus REST v2 collection API). */
  endpoint?: string;
  /** Zilliz Cloud API key. Secret. */
  apiKey?: string;
  /** Zilliz Cloud cluster id (import through the control plane). */
  clusterId?: string;
  /** Zilliz Cloud control-plane URL (v1: https://controller.api.<region>.zillizcloud.com; v2 default https://api.cloud.zilliz.com). */
  controlPlaneUrl?: string;
  /** Embedded local engine: a directory holding the catalog and rows. */
  localDir?: string;
}

export type ConnectionKind = "milvus" | "zilliz" | "local";

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
