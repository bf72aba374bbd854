/**
 * Effective settings of one CLI run: flags win over environment variables, which win over the config
 * file, which wins over defaults. Secrets only ever come from the environment; every secret found is
 * registered with the run's redactor so no output can contain it.
 */
import fs from "node:fs";
import path from "node:path";
import { parseClusterEndpoint } from "../api/endpoints";
import { Redactor } from "../api/redact";
import type { FileFormat } from "../bulkwriter/manifest";
import type { ImportApiKind } from "../contracts";
import type { ConnectionConfig, SourceFormat, StagingConfig } from "../pipeline/types";
import { assertValidSchema } from "../schema/check";
import { type NameKind, nameProblems } from "../schema/names";
import { normalizeSchema } from "../schema/normalize";
import { orList } from "../schema/text";
import type { CollectionSchema, IndexSpec } from "../schema/types";
import {
  MissingStorageCredentials,
  STORAGE_PROVIDERS,
  type StorageSettings,
  storeDescriptor,
} from "../storage/stores";
import { API_KINDS, defaultApiKind, defaultLocalStagingRoot, targetDescriptor } from "../targets";
import { choice, type ParsedValues, positiveNumber, str } from "./args";
import type { CliConfig } from "./config";
import { UsageError } from "./errors";

export type Env = Record<string, string | undefined>;

const TARGET_KINDS = API_KINDS;
const WRITE_FORMATS = ["parquet", "json", "numpy", "csv"] as const;
const INPUT_FORMATS = ["csv", "json", "jsonl", "parquet"] as const;

export { STORAGE_PROVIDERS };

/** Environment variables holding secrets the CLI may use or that storage SDKs read. */
const SECRET_ENV = [
  "MILVUS_IMPORT_API_KEY",
  "ZILLIZ_API_KEY",
  "MILVUS_TOKEN",
  ...new Set(STORAGE_PROVIDERS.flatMap((p) => storeDescriptor(p).secretEnv)),
];

export function redactorFor(env: Env): Redactor {
  const r = new Redactor(SECRET_ENV.map((k) => env[k]));
  for (const p of STORAGE_PROVIDERS)
    for (const v of storeDescriptor(p).embeddedSecrets?.(env) ?? []) r.add(v);
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
    choice(kindText, "target", TARGET_KINDS) ??
    (uri || dataDir ? defaultApiKind(uri ? { uri } : { localDir: dataDir }) : undefined);
  if (!kind) {
    throw new UsageError(
      `no target: pass --target (${orList(TARGET_KINDS)}) with --uri / --data-dir, or set MILVUS_IMPORT_TARGET`,
    );
  }
  const db = pick(str(values, "db"), t.db) ?? "default";
  assertValidNames([["database", db]]);
  const d = targetDescriptor(kind);
  switch (d.connections[0]) {
    case "local":
      if (!dataDir)
        throw new UsageError(`--target ${kind} needs --data-dir DIR (the local engine directory)`);
      return { kind, connection: { localDir: dataDir }, db };
    case "milvus":
      if (!uri)
        throw new UsageError(
          `--target ${kind} needs --uri, e.g. http://127.0.0.1:19530 (or MILVUS_IMPORT_URI)`,
        );
      return { kind, connection: { uri, token: pick(env.MILVUS_TOKEN) }, db };
    case "zilliz":
      return { kind, connection: zillizConnection(kind, uri, values, env, t), db };
  }
}

/** Zilliz Cloud: the control plane imports; the cluster endpoint serves collections and counts. */
function zillizConnection(
  kind: ImportApiKind,
  uri: string | undefined,
  values: ParsedValues,
  env: Env,
  t: NonNullable<CliConfig["target"]>,
): ConnectionConfig {
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
  const controlPlaneUrl =
    pick(str(values, "control-plane-url"), t.controlPlaneUrl) ??
    targetDescriptor(kind).defaultControlPlaneUrl?.(region);
  if (!controlPlaneUrl)
    throw new UsageError(`--target ${kind} needs --region (e.g. aws-us-west-2) or --control-plane-url`);
  return { endpoint: uri, apiKey, clusterId, controlPlaneUrl };
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
  const localDir = opts.target?.connection.localDir;
  const provider =
    choice(str(values, "storage-provider"), "storage-provider", STORAGE_PROVIDERS) ??
    s?.provider ??
    (localDir ? "local" : undefined);
  if (!provider) {
    if (!opts.required) return undefined;
    throw new UsageError(
      `no storage: pass --storage-provider (${orList(STORAGE_PROVIDERS)}) and --bucket, or a config file storage section`,
    );
  }
  const d = storeDescriptor(provider);
  const remotePath = pick(str(values, "remote-path"), s?.remotePath);
  const common = remotePath !== undefined ? { remotePath } : {};
  const settings: StorageSettings = {
    endpoint: pick(str(values, "storage-endpoint"), s?.endpoint),
    region: pick(str(values, "storage-region"), s?.region),
    forcePathStyle: values["force-path-style"] === true || s?.forcePathStyle || undefined,
    accountName: pick(str(values, "azure-account"), s?.accountName),
    secure: s?.secure,
    authorizationV4: s?.authorizationV4,
  };
  if (d.location === "root") {
    const rootFlag = str(values, "storage-root");
    settings.root = rootFlag
      ? path.resolve(cwd, rootFlag)
      : (s?.root ?? (localDir ? defaultLocalStagingRoot(localDir) : undefined));
    if (!settings.root) throw new UsageError(`--storage-provider ${provider} needs --storage-root DIR`);
    return { ...d.fromSettings(settings, env), ...common };
  }
  settings.bucket = pick(str(values, "bucket"), s?.bucket);
  if (!settings.bucket)
    throw new UsageError(
      `--storage-provider ${provider} needs --bucket${d.bucketIs ? ` (${d.bucketIs})` : ""}`,
    );
  const staging = d.fromSettings(settings, env);
  const creds = opts.target && targetDescriptor(opts.target.kind).sendsStorageCredentials;
  const withCreds = creds ? { ...staging, ...serviceCredentials(provider, env, staging) } : staging;
  return { ...withCreds, ...common } as StagingConfig;
}

/** The target reads the staged files with the user's storage credentials: they must be in the environment. */
function serviceCredentials(provider: StagingConfig["provider"], env: Env, staging: StagingConfig) {
  try {
    return storeDescriptor(provider).serviceCredentialsFromEnv(env, staging);
  } catch (err) {
    if (!(err instanceof MissingStorageCredentials)) throw err;
    throw new UsageError(
      `Zilliz Cloud reads the staged files with your storage credentials: set ${err.variables}`,
    );
  }
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
  const settings = {
    name: pick(str(values, "collection"), c.name),
    schema,
    indexes: c.indexes ?? [],
    partition: pick(str(values, "partition"), c.partition),
  };
  assertValidNames([
    ...(settings.name !== undefined ? [["collection", settings.name] as const] : []),
    ...(settings.partition !== undefined ? [["partition", settings.partition] as const] : []),
    ...settings.indexes.map((ix) => ["index", ix.indexName ?? ""] as const),
  ]);
  return settings;
}

/** Names Milvus would refuse are usage errors (exit 2), found before anything is read or sent. */
export function assertValidNames(names: ReadonlyArray<readonly [NameKind, unknown]>): void {
  const problems = nameProblems(names as Array<[NameKind, unknown]>);
  if (problems.length) throw new UsageError(problems.join("\n"));
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
