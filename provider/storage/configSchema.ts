/**
 * Applies schemas/storage-config.json (ajv) to a storage config from Pulumi args, a CLI file or
 * JSON, and reports every problem at once with its path. Credentials in the input are never echoed.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { StorageConfig } from "./config";
import { StorageError } from "./errors";
import type { StorageProvider } from "./types";

export const STORAGE_CONFIG_SCHEMA_FILE = "storage-config.json";

function schemaPath(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, "schemas", STORAGE_CONFIG_SCHEMA_FILE);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error(`schemas/${STORAGE_CONFIG_SCHEMA_FILE} not found above ${__dirname}`);
    dir = up;
  }
}

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!compiled) {
    const Ajv = (require("ajv") as typeof import("ajv")).default;
    compiled = new Ajv({ allErrors: true, strict: false }).compile(
      JSON.parse(readFileSync(schemaPath(), "utf8")),
    );
  }
  return compiled;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath.replace(/^\//, "") || "storage";
  if (e.keyword === "additionalProperties")
    return `${where}: unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === "enum")
    return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`;
  // Never print the offending value itself: it may be a secret.
  return `${where}: ${e.message}`;
}

/** Problems of a storage config as "path: message" lines (empty when valid). */
export function storageConfigProblems(config: unknown): string[] {
  const validate = validator();
  if (validate(config)) return [];
  const lines = (validate.errors ?? []).filter((e) => e.keyword !== "if").map(describe);
  return [...new Set(lines)];
}

/** Returns the config typed, or throws one StorageError listing every problem. */
export function validateStorageConfig(config: unknown): StorageConfig {
  const problems = storageConfigProblems(config);
  if (problems.length === 0) return config as StorageConfig;
  const c = (config ?? {}) as { provider?: unknown; bucket?: unknown; root?: unknown };
  const provider = (
    ["s3", "gcs", "azure", "oss", "local"].includes(String(c.provider)) ? c.provider : "local"
  ) as StorageProvider;
  throw new StorageError({
    provider,
    bucket: String(c.bucket ?? c.root ?? ""),
    operation: "validate config",
    code: "InvalidConfig",
    detail: problems.join("; "),
  });
}
