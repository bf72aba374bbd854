/**
 * Effective settings of one CLI run: flags win over environment variables, which win over the config
 * file, which wins over defaults. Secrets only ever come from the environment; every secret found is
 * registered with the run's redactor so no output can contain it.
 */
import fs from "node:fs";
import path from "node:path";
import { parseClusterEndpoint, zillizV1ControlPlaneUrl, zillizV2ControlPlaneUrl } from "../api/endpoints";
import { Redactor } from "../api/redact";
import type { ImportApiKind } from "../api/types";
import type { FileFormat } from "../bulkwriter/manifest";
import type { ConnectionConfig, SourceFormat, StagingConfig } from "../pipeline/types";
import { assertValidSchema } from "../schema/check";
import { normalizeSchema } from "../schema/normalize";
import type { CollectionSchema, IndexSpec } from "../schema/types";
import { choice, type ParsedValues, positiveNumber, str } from "./args";
import type { CliConfig } from "./config";
import { UsageError } from "./errors";

export type Env = Record<string, string | undefined>;

export const TARGET_KINDS = ["zilliz-v1", "zilliz-v2", "milvus-v2", "local"] as const;
export const WRITE_FORMATS = ["parquet", "json", "numpy", "csv"] as const;
export const INPUT_FORMATS = ["csv", "json", "jsonl", "parquet"] as const;
export const STORAGE_PROVIDERS = ["s3", "gcs", "azure", "oss", "local"] as const;

/** Environment variables holding secrets the CLI may use or that storage SDKs read. */
export const SECRET_ENV = [
  "MILVUS_IMPORT_API_KEY",
  "ZILLIZ_API_KEY",
  "MILVUS_TOKEN",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_ACCESS_KEY_ID",
  "GOOGLE_HMAC_SECRET",
  "GOOGLE_HMAC_SECRET_ACCESS_KEY",
  "GOOGLE_HMAC_ACCESS_KEY_ID",
  "AZURE_STORAGE_CONNECTION_STRING",
  "AZURE_STORAGE_KEY",
  "AZURE_STORAGE_ACCESS_KEY",
  "AZURE_STORAGE_SAS_TOKEN",
  "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  "ALIBABA_CLOUD_ACCESS_KEY_ID",
  "ALIBABA_CLOUD_SECURITY_TOKEN",
  "OSS_ACCESS_KEY_SECRET",
  "OSS_ACCESS_KEY_ID",
  "OSS_SESSION_TOKEN",
  "OSS_SECURITY_TOKEN",
];

export function redactorFor(env: Env): Redactor {
  const r = new Redactor(SECRET_ENV.map((k) => env[k]));
  // Connection strings carry the key as AccountKey=...; register it on its own too.
  const key = /AccountKey=([^;]+)/.exec(env.AZURE_STORAGE_CONNECTION_STRING ?? "")?.[1];
  r.add(key);
  return r;
}

export interface TargetSettings {
  kind: ImportApiKind;
  connection: ConnectionConfig;
  db: string;
}

const pick = (...vals: Array<string | undefined>) => vals.find((v) => v !== undefined && v !== "");

export function resolveTarget(
  values: ParsedValues,
  env: Env,
  config: CliConfig,
  cwd: string,
): TargetSettings {
  const t = config.target ?? {};
  const uriFlag = str(values, "uri");
  const endpointFlag = str(values, "endpoint");
  if (uriFlag && endpointFlag && uriFlag !== endpointFlag)
    throw new UsageError("--uri and --endpoint name the same setting; give one");
  const uri = pick(uriFlag, endpointFlag, env.MILVUS_IMPORT_URI, t.uri);
  const dataDirRaw = pick(str(values, "data-dir"), env.MILVUS_IMPORT_DATA_DIR);
  const dataDir = dataDirRaw ? path.resolve(cwd, dataDirRaw) : t.dataDir;
  const kindText = pick(str(values, "target"), env.MILVUS_IMPORT_TARGET, t.kind);
  const kind =
    choice(kindText, "target", TARGET_KINDS) ?? (dataDir && !uri ? "local" : uri ? "milvus-v2" : undefined);
  if (!kind) {
    throw new UsageError(
      "no target: pass --target (zilliz-v1, zilliz-v2, milvus-v2 or local) with --uri / --data-dir, or set MILVUS_IMPORT_TARGET",
    );
  }
  const db = pick(str(values, "db"), t.db) ?? "default";
  if (kind === "local") {
    if (!dataDir) throw new UsageError("--target local needs --data-dir DIR (the local engine directory)");
    return { kind, connection: { localDir: dataDir }, db };
  }
  if (kind === "milvus-v2") {
    if (!uri)
      throw new UsageError(
        "--target milvus-v2 needs --uri, e.g. http://127.0.0.1:19530 (or MILVUS_IMPORT_URI)",
      );
    return { kind, connection: { uri, token: pick(env.MILVUS_TOKEN) }, db };
  }
  // Zilliz Cloud: the control plane imports; the cluster endpoint serves collections and counts.
  if (!uri) {
    throw new UsageError(
      `--target ${kind} needs --uri with the cluster endpoint, e.g. https://in03-<id>.api.<region>.zillizcloud.com`,
    );
  }
  // ZILLIZ_API_KEY is what the Pulumi resources read; accepted too so one environment serves both.
  const apiKey = pick(env.MILVUS_IMPORT_API_KEY, env.ZILLIZ_API_KEY);
  if (!apiKey)
    throw new UsageError(
      `--target ${kind} needs the Zilliz Cloud API key in the environment variable MILVUS_IMPORT_API_KEY`,
    );
  let derived: { clusterId?: string; region?: string } = {};
  try {
    derived = parseClusterEndpoint(uri);
  } catch {
    // Endpoints without the id in the host (private links, proxies): --cluster-id is then required.
  }
  const clusterId = pick(
    str(values, "cluster-id"),
    env.MILVUS_IMPORT_CLUSTER_ID,
    t.clusterId,
    derived.clusterId,
  );
  if (!clusterId)
    throw new UsageError(`--target ${kind} needs --cluster-id (in03-...): it cannot be read from ${uri}`);
  const region = pick(str(values, "region"), env.MILVUS_IMPORT_REGION, t.region, derived.region);
  let controlPlaneUrl = pick(str(values, "control-plane-url"), t.controlPlaneUrl);
  if (!controlPlaneUrl) {
    if (kind === "zilliz-v1") {
      if (!region)
        throw new UsageError("--target zilliz-v1 needs --region (e.g. aws-us-west-2) or --control-plane-url");
      controlPlaneUrl = zillizV1ControlPlaneUrl({ region });
    } else controlPlaneUrl = zillizV2ControlPlaneUrl({ region });
  }
  return { kind, connection: { endpoint: uri, apiKey, clusterId, controlPlaneUrl }, db };
}

/**
 * Where files are staged. Credentials are left to the storage module (each cloud's env variables)
 * except for Zilliz targets: the control plane needs the key pair in the import request, so it is
 * resolved from the environment here (in memory only; redacted everywhere).
 */
export function resolveStorage(
  values: ParsedValues,
  env: Env,
  config: CliConfig,
  cwd: string,
  opts: { target?: TargetSettings; required: boolean },
): StagingConfig | undefined {
  const s = config.storage;
  const provider =
    choice(str(values, "storage-provider"), "storage-provider", STORAGE_PROVIDERS) ??
    s?.provider ??
    (opts.target?.kind === "local" ? "local" : undefined);
  if (!provider) {
    if (!opts.required) return undefined;
    throw new UsageError(
      "no storage: pass --storage-provider (s3, gcs, azure, oss or local) and --bucket, or a config file storage section",
    );
  }
  const remotePath = pick(str(values, "remote-path"), s?.remotePath);
  const common = remotePath !== undefined ? { remotePath } : {};
  const endpoint = pick(str(values, "storage-endpoint"), s?.endpoint);
  const region = pick(str(values, "storage-region"), s?.region);
  if (provider === "local") {
    const rootFlag = str(values, "storage-root");
    const root = rootFlag
      ? path.resolve(cwd, rootFlag)
      : (s?.root ??
        (opts.target?.kind === "local"
          ? path.join(opts.target.connection.localDir!, "staged-files")
          : undefined));
    if (!root) throw new UsageError("--storage-provider local needs --storage-root DIR");
    return { provider, root, createRoot: true, ...common };
  }
  const bucket = pick(str(values, "bucket"), s?.bucket);
  if (!bucket)
    throw new UsageError(
      `--storage-provider ${provider} needs --bucket${provider === "azure" ? " (the container)" : ""}`,
    );
  const zilliz = opts.target?.kind === "zilliz-v1" || opts.target?.kind === "zilliz-v2";
  const tuning = {};
  switch (provider) {
    case "s3": {
      const forcePathStyle = values["force-path-style"] === true || s?.forcePathStyle || undefined;
      const creds = zilliz ? s3Creds(env) : {};
      return { provider, bucket, region, endpoint, forcePathStyle, ...creds, ...tuning, ...common };
    }
    case "gcs": {
      const creds = zilliz ? gcsCreds(env) : {};
      return { provider, bucket, region, endpoint, ...creds, ...common };
    }
    case "azure": {
      const accountName = pick(str(values, "azure-account"), s?.accountName, env.AZURE_STORAGE_ACCOUNT);
      const creds = zilliz ? azureCreds(env, accountName) : {};
      return { provider, bucket, endpoint, accountName, ...creds, ...common };
    }
    case "oss": {
      const creds = zilliz ? ossCreds(env) : {};
      return {
        provider,
        bucket,
        region,
        endpoint,
        secure: s?.secure,
        authorizationV4: s?.authorizationV4,
        ...creds,
        ...common,
      };
    }
  }
}

const needEnv = (what: string): never => {
  throw new UsageError(`Zilliz Cloud reads the staged files with your storage credentials: set ${what}`);
};

function s3Creds(env: Env) {
  const accessKeyId = pick(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = pick(env.AWS_SECRET_ACCESS_KEY);
  if (!accessKeyId || !secretAccessKey) needEnv("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
  return { accessKeyId, secretAccessKey, sessionToken: pick(env.AWS_SESSION_TOKEN) };
}

function gcsCreds(env: Env) {
  const accessKeyId = pick(env.GOOGLE_HMAC_ACCESS_KEY_ID, env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = pick(
    env.GOOGLE_HMAC_SECRET,
    env.GOOGLE_HMAC_SECRET_ACCESS_KEY,
    env.AWS_SECRET_ACCESS_KEY,
  );
  if (!accessKeyId || !secretAccessKey)
    needEnv("GOOGLE_HMAC_ACCESS_KEY_ID and GOOGLE_HMAC_SECRET (a GCS HMAC key)");
  return { accessKeyId, secretAccessKey };
}

function azureCreds(env: Env, accountName: string | undefined) {
  const cs = pick(env.AZURE_STORAGE_CONNECTION_STRING);
  const fromCs = (k: string) => (cs ? new RegExp(`(?:^|;)${k}=([^;]+)`).exec(cs)?.[1] : undefined);
  const account = pick(accountName, fromCs("AccountName"));
  const accountKey = pick(env.AZURE_STORAGE_KEY, env.AZURE_STORAGE_ACCESS_KEY, fromCs("AccountKey"));
  const sasToken = pick(env.AZURE_STORAGE_SAS_TOKEN);
  if (!account || (!accountKey && !sasToken)) {
    needEnv(
      "AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY (or AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_SAS_TOKEN)",
    );
  }
  return { accountName: account, accountKey, sasToken };
}

function ossCreds(env: Env) {
  const accessKeyId = pick(env.ALIBABA_CLOUD_ACCESS_KEY_ID, env.OSS_ACCESS_KEY_ID);
  const accessKeySecret = pick(env.ALIBABA_CLOUD_ACCESS_KEY_SECRET, env.OSS_ACCESS_KEY_SECRET);
  if (!accessKeyId || !accessKeySecret)
    needEnv("OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET (or ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET)");
  return {
    accessKeyId,
    accessKeySecret,
    securityToken: pick(env.ALIBABA_CLOUD_SECURITY_TOKEN, env.OSS_SECURITY_TOKEN, env.OSS_SESSION_TOKEN),
  };
}

export interface CollectionSettings {
  name?: string;
  schema?: CollectionSchema;
  indexes: IndexSpec[];
  partition?: string;
}

/** The collection schema from --schema FILE or the config file, normalized and checked. */
export function resolveCollection(
  values: ParsedValues,
  config: CliConfig,
  cwd: string,
  needSchema: boolean,
): CollectionSettings {
  const c = config.collection ?? {};
  const schemaFlag = str(values, "schema");
  let raw: unknown = c.schema;
  let from = "config file collection.schema";
  const file = schemaFlag ? path.resolve(cwd, schemaFlag) : c.schemaFile;
  if (file) {
    from = schemaFlag ?? file;
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (err) {
      throw new UsageError(
        `schema file ${from}: cannot read (${(err as NodeJS.ErrnoException).code ?? "error"})`,
      );
    }
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`schema file ${from}: not valid JSON (${(err as Error).message})`);
    }
  }
  let schema: CollectionSchema | undefined;
  if (raw !== undefined) {
    // A file may hold the schema itself or {schema, indexes} (the shape `describe` tools print).
    const obj = raw as { schema?: unknown; indexes?: IndexSpec[] };
    const body = obj && typeof obj === "object" && "schema" in obj && !("fields" in obj) ? obj.schema : raw;
    schema = normalizeSchema(body);
    assertValidSchema(schema);
    if (!c.indexes && Array.isArray(obj.indexes)) c.indexes = obj.indexes;
  } else if (needSchema) {
    throw new UsageError(
      "no collection schema: pass --schema FILE (JSON with fields[]) or set collection.schema in the config file",
    );
  }
  return {
    name: pick(str(values, "collection"), c.name),
    schema,
    indexes: c.indexes ?? [],
    partition: pick(str(values, "partition"), c.partition),
  };
}

export function resolveWriter(
  values: ParsedValues,
  config: CliConfig,
): { format: FileFormat; segmentSizeMb: number; onDuplicatePk: "error" | "warn" } {
  return {
    format: choice(str(values, "format"), "format", WRITE_FORMATS) ?? config.writer?.format ?? "parquet",
    segmentSizeMb:
      positiveNumber(str(values, "segment-size-mb"), "segment-size-mb") ??
      config.writer?.segmentSizeMb ??
      512,
    onDuplicatePk:
      choice(str(values, "on-duplicate-pk"), "on-duplicate-pk", ["error", "warn"] as const) ??
      config.writer?.onDuplicatePk ??
      "warn",
  };
}

export function resolveInputFormat(values: ParsedValues): SourceFormat | undefined {
  return choice(str(values, "input-format"), "input-format", INPUT_FORMATS);
}

export function resolveWait(
  values: ParsedValues,
  config: CliConfig,
): { timeoutMs: number; pollIntervalMs: number } {
  const timeout = positiveNumber(str(values, "timeout"), "timeout") ?? config.wait?.timeoutSeconds ?? 3600;
  const poll =
    positiveNumber(str(values, "poll-interval"), "poll-interval") ?? config.wait?.pollIntervalSeconds ?? 1;
  return { timeoutMs: Math.round(timeout * 1000), pollIntervalMs: Math.round(poll * 1000) };
}
