/**
 * The CLI config file: JSON checked with ajv against schemas/cli-config.json, with every problem
 * reported at once as `file: path: message`. Secret-looking keys are refused before anything else,
 * naming the environment variable to use instead (and never echoing the value).
 */
import fs from "node:fs";
import path from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv";
import { isSecretKey } from "../api/redact";
import type { ImportApiKind } from "../contracts";
import { findSchemaFile } from "../schema/jsonSchema";
import type { IndexSpec } from "../schema/types";
import type { StorageProvider } from "../storage/config";
import { storageCredentialsEnv } from "../storage/stores";
import { UsageError } from "./errors";

export const CLI_CONFIG_SCHEMA_FILE = "cli-config.json";

export interface CliConfig {
  target?: {
    kind?: ImportApiKind;
    uri?: string;
    clusterId?: string;
    region?: string;
    controlPlaneUrl?: string;
    dataDir?: string;
    db?: string;
  };
  collection?: {
    name?: string;
    schema?: Record<string, unknown>;
    schemaFile?: string;
    indexes?: IndexSpec[];
    partition?: string;
  };
  storage?: {
    provider: StorageProvider;
    bucket?: string;
    root?: string;
    region?: string;
    endpoint?: string;
    forcePathStyle?: boolean;
    accountName?: string;
    remotePath?: string;
    secure?: boolean;
    authorizationV4?: boolean;
  };
  writer?: {
    format?: "parquet" | "json" | "numpy" | "csv";
    segmentSizeMb?: number;
    onDuplicatePk?: "error" | "warn";
  };
  wait?: { timeoutSeconds?: number; pollIntervalSeconds?: number };
}

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!compiled) {
    const Ajv = (require("ajv") as typeof import("ajv")).default;
    const read = (name: string) => JSON.parse(fs.readFileSync(findSchemaFile(name, __dirname), "utf8"));
    const ajv = new Ajv({ allErrors: true, strict: false });
    // storage-config.json owns the list of storage providers; cli-config.json refers to it.
    ajv.addSchema(read("storage-config.json"));
    compiled = ajv.compile(read(CLI_CONFIG_SCHEMA_FILE));
  }
  return compiled;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath.replace(/^\//, "") || "(root)";
  if (e.keyword === "additionalProperties") {
    return `${where}: unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  }
  if (e.keyword === "enum")
    return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`;
  if (e.keyword === "not" && where === "collection") return `${where}: give schema or schemaFile, not both`;
  return `${where}: ${e.message}`;
}

const envForSecret = () =>
  "put credentials in the environment instead: MILVUS_IMPORT_API_KEY (Zilliz API key), MILVUS_TOKEN (Milvus), " +
  `and the cloud's own variables for storage (${storageCredentialsEnv().join("; ")})`;

/** Paths of keys that look like secrets (values are not inspected, so nothing is echoed). */
function secretPaths(value: unknown, at: string[] = []): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => secretPaths(v, [...at, String(i)]));
  if (value === null || typeof value !== "object") return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    // The collection schema is data, not config: a field may legitimately be called "token".
    if (at.length === 1 && at[0] === "collection" && k === "schema") continue;
    if (isSecretKey(k) || /^(secretAccessKey|accessKeySecret|accountKey|connectionString|sasToken)$/i.test(k))
      out.push([...at, k].join("/"));
    else out.push(...secretPaths(v, [...at, k]));
  }
  return out;
}

/** Problems of a parsed config object (empty when valid). */
export function configProblems(config: unknown): string[] {
  const secrets = secretPaths(config);
  if (secrets.length)
    return secrets.map((p) => `${p}: secrets are not allowed in the config file; ${envForSecret()}`);
  const validate = validator();
  if (validate(config)) return [];
  return [...new Set((validate.errors ?? []).map(describe))];
}

/** Reads, checks and path-resolves a config file. Throws UsageError listing every problem. */
export function loadConfig(file: string, cwd: string): CliConfig {
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(abs, "utf8");
  } catch (err) {
    throw new UsageError(
      `config file ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`config file ${file}: not valid JSON (${(err as Error).message})`);
  }
  const problems = configProblems(parsed);
  if (problems.length) {
    throw new UsageError(
      `config file ${file} is invalid:\n  ${problems.join("\n  ")}`,
      "See schemas/cli-config.json.",
    );
  }
  const config = parsed as CliConfig;
  const dir = path.dirname(abs);
  const resolve = (p: string | undefined) => (p === undefined ? undefined : path.resolve(dir, p));
  if (config.target?.dataDir) config.target.dataDir = resolve(config.target.dataDir);
  if (config.collection?.schemaFile) config.collection.schemaFile = resolve(config.collection.schemaFile);
  if (config.storage?.root) config.storage.root = resolve(config.storage.root);
  return config;
}
