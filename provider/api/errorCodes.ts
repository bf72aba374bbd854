/**
 * Documented error codes of the three APIs (Zilliz Cloud v1 and v2 control-plane codes, Milvus merr
 * codes), with what they mean, whether retrying can help and what the user should do. Codes not
 * listed still raise a typed error with the server's message.
 */
export type ApiFlavor = "zilliz-v1" | "zilliz-v2" | "milvus-v2";

export interface CodeInfo {
  meaning: string;
  /** Retrying the same request later can succeed. */
  transient: boolean;
  /** The server rejected the request without acting on it (safe to retry even non-idempotent calls). */
  rejectedBeforeAction?: boolean;
  hint: string;
}

const CHECK_KEY = "Check the API key / token and that it is scoped to this cluster.";

const ZILLIZ_V1: Record<number, CodeInfo> = {
  10003: {
    meaning: "Invalid object URL",
    transient: false,
    hint: "Use an s3://, gs://, oss:// or https:// URL of a file or folder (folders end with '/').",
  },
  40003: {
    meaning: "Cluster is not in a state that allows this action",
    transient: false,
    hint: "Make sure the cluster is running (not suspended, creating or resizing) and retry.",
  },
  40021: {
    meaning: "Cluster ID does not exist",
    transient: false,
    hint: "Check clusterId (e.g. in03-...) against the Zilliz Cloud console.",
  },
  40022: {
    meaning: "No access to this cluster",
    transient: false,
    hint: "Ask an organisation admin for access, or use an API key with access.",
  },
  47005: {
    meaning: "Collection does not exist in the cluster",
    transient: false,
    hint: "Create the collection before importing, and check collectionName.",
  },
  47035: {
    meaning: "Object size exceeds the import limit",
    transient: false,
    hint: "Split the data into smaller files (see the plan's per-file limit).",
  },
  47036: {
    meaning: "NumPy folder file count differs from the collection's field count",
    transient: false,
    hint: "Provide exactly one <field>.npy per schema field (plus optional $meta.npy) in each folder.",
  },
  47039: {
    meaning: "Cluster does not support concurrent imports",
    transient: true,
    rejectedBeforeAction: true,
    hint: "Another import is running; wait for it to finish. The client retries with backoff.",
  },
  47053: {
    meaning: "File check failed",
    transient: false,
    hint: "Check that the files exist, are readable with the given credentials and match the schema.",
  },
  47055: {
    meaning: "Cluster is currently importing data",
    transient: true,
    rejectedBeforeAction: true,
    hint: "Wait for the running import to finish; the client retries with backoff.",
  },
  80000: {
    meaning: "Incorrect parameter",
    transient: false,
    hint: "Check the request parameters named in the message.",
  },
  80001: { meaning: "Token illegal", transient: false, hint: CHECK_KEY },
  80002: { meaning: "Token invalid", transient: false, hint: CHECK_KEY },
  80003: {
    meaning: "pageSize out of range (5..100)",
    transient: false,
    hint: "Use a pageSize between 5 and 100.",
  },
  80004: { meaning: "currentPage out of range", transient: false, hint: "Use currentPage >= 1." },
  80020: {
    meaning: "Cluster does not exist or no permission",
    transient: false,
    hint: `Check clusterId. ${CHECK_KEY}`,
  },
  83001: {
    meaning: "Cannot read object metadata (access denied or missing)",
    transient: false,
    hint: "Check the storage access/secret keys, bucket policy and that the object exists.",
  },
  83004: {
    meaning: "Cross-cloud import is not supported (v1)",
    transient: false,
    hint: "Put the files in a bucket on the same cloud as the cluster, or use the v2 API.",
  },
  90011: {
    meaning: "Invalid collection name",
    transient: false,
    hint: "Use letters, digits and underscores; start with a letter or underscore.",
  },
  90102: {
    meaning: "Cluster is not in the region of this endpoint",
    transient: false,
    hint: "Use the control-plane host of the cluster's region (controller.api.<region>...).",
  },
  90103: { meaning: "clusterId empty in the request path", transient: false, hint: "Pass clusterId." },
  90104: { meaning: "clusterId empty in the request parameters", transient: false, hint: "Pass clusterId." },
  90117: {
    meaning: "Invalid domain name",
    transient: false,
    hint: "Use controller.api.<region>.zillizcloud.com (China: ...zilliz.com.cn).",
  },
  90142: {
    meaning: "No import content provided",
    transient: false,
    hint: "Send a request body with collectionName and objectUrl.",
  },
  90144: {
    meaning: "No such job under this cluster",
    transient: false,
    hint: "Check jobId and clusterId; jobs belong to the cluster that created them.",
  },
  90145: { meaning: "objectUrl missing", transient: false, hint: "Pass objectUrl." },
};

const ZILLIZ_V2: Record<number, CodeInfo> = {
  21119: { meaning: "API key is illegal", transient: false, hint: CHECK_KEY },
  96005: { meaning: "Invalid projectId", transient: false, hint: "projectId looks like proj-xxxxxxxx." },
  96008: {
    meaning: "pageSize out of range (1..100)",
    transient: false,
    hint: "Use a pageSize between 1 and 100.",
  },
  96009: { meaning: "currentPage out of range", transient: false, hint: "Use currentPage >= 1." },
  96014: {
    meaning: "No permission for this cluster (organisation mismatch)",
    transient: false,
    hint: CHECK_KEY,
  },
  96015: { meaning: "No permission for this cluster (owner needed)", transient: false, hint: CHECK_KEY },
  96016: { meaning: "API key not scoped to this cluster", transient: false, hint: CHECK_KEY },
  96018: {
    meaning: "Cluster not found",
    transient: false,
    hint: "Check clusterId (ListClusters shows the clusters your key sees).",
  },
  96025: { meaning: "clusterId empty", transient: false, hint: "Pass clusterId (or projectId + regionId)." },
  96026: { meaning: "Import job not found", transient: false, hint: "Check jobId and clusterId." },
  96036: {
    meaning: "Invalid clusterId",
    transient: false,
    hint: "clusterId looks like in03-<15 hex chars>.",
  },
};

/** Milvus merr codes (shared by a Zilliz cluster endpoint). */
const MILVUS: Record<number, CodeInfo> = {
  1: {
    meaning: "Service not ready",
    transient: true,
    rejectedBeforeAction: true,
    hint: "The server is starting; the client retries.",
  },
  2: {
    meaning: "Service unavailable",
    transient: true,
    rejectedBeforeAction: true,
    hint: "The server is unavailable; the client retries.",
  },
  4: {
    meaning: "Too many requests",
    transient: true,
    rejectedBeforeAction: true,
    hint: "Server-side request limit; the client retries with backoff.",
  },
  8: {
    meaning: "Rate limit exceeded",
    transient: true,
    rejectedBeforeAction: true,
    hint: "Server-side rate limit; the client retries with backoff.",
  },
  100: {
    meaning: "Collection not found",
    transient: false,
    hint: "Create the collection first, and check collectionName and dbName.",
  },
  101: {
    meaning: "Collection not loaded",
    transient: false,
    hint: "Load the collection before querying or counting.",
  },
  200: {
    meaning: "Partition not found",
    transient: false,
    hint: "Create the partition first, and check partitionName.",
  },
  700: {
    meaning: "Index not found",
    transient: false,
    hint: "Create a vector index before loading, and check indexName.",
  },
  800: { meaning: "Database not found", transient: false, hint: "Check dbName (default: 'default')." },
  1100: { meaning: "Invalid parameter", transient: false, hint: "Fix the parameter named in the message." },
  1101: { meaning: "Missing parameter", transient: false, hint: "Add the parameter named in the message." },
  1400: {
    meaning: "Not authenticated",
    transient: false,
    hint: "Check the token (user:password or API key).",
  },
  1401: {
    meaning: "Privilege not permitted",
    transient: false,
    hint: "Grant the user the privilege named in the message.",
  },
  1800: {
    meaning: "User hasn't authenticated",
    transient: false,
    hint: "Pass a token (user:password or API key); auth is enabled on this server.",
  },
  1801: {
    meaning: "Request is not valid JSON for this endpoint",
    transient: false,
    hint: "A field has the wrong JSON type (this is a client bug; please report it).",
  },
  1802: {
    meaning: "Missing required parameters",
    transient: false,
    hint: "Add the field named in the message.",
  },
  1804: {
    meaning: "Failed to handle the insert data",
    transient: false,
    hint: "Check the row data against the schema.",
  },
  1807: {
    meaning: "Request rejected by the REST rate limiter",
    transient: true,
    rejectedBeforeAction: true,
    hint: "Server-side REST rate limit; the client retries with backoff.",
  },
  2100: {
    meaning: "Import failed",
    transient: false,
    hint: "See the message: file groups, file types, partition rules or job limits.",
  },
  65535: {
    meaning: "Unexpected server error",
    transient: false,
    hint: "See the message; e.g. release the collection before dropping an index.",
  },
};

const CODE_CATALOG: Record<ApiFlavor, Record<number, CodeInfo>> = {
  "zilliz-v1": ZILLIZ_V1,
  "zilliz-v2": ZILLIZ_V2,
  "milvus-v2": MILVUS,
};

/** Business codes whose meaning depends on the message (Milvus packs several cases into 2100). */
const TRANSIENT_MESSAGES: RegExp[] = [
  /number of jobs has reached the limit/i,
  /rate limit/i,
  /rejected by limiter/i,
  /too many requests/i,
  /currently importing data/i,
];

export function lookupCode(api: ApiFlavor, code: number, message = ""): CodeInfo {
  // Zilliz control planes also surface Milvus codes for cluster-side failures.
  const known = CODE_CATALOG[api][code] ?? (api !== "milvus-v2" ? MILVUS[code] : undefined);
  if (TRANSIENT_MESSAGES.some((re) => re.test(message))) {
    return {
      meaning: known?.meaning ?? "Server is busy",
      transient: true,
      rejectedBeforeAction: true,
      hint: "The server rejected the request because it is busy; the client retries with backoff.",
    };
  }
  return known ?? { meaning: "Undocumented error code", transient: false, hint: "See the server message." };
}
