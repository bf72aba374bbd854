/**
 * Applies schemas/storage-config.json (ajv) to a storage config from Pulumi args, a CLI file or
 * JSON, and reports every problem at once with its path. Credentials in the input are never echoed.
 */
import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { StorageConfig } from "./config";
import { StorageError } from "./errors";
import { isStorageProvider } from "./stores";

const STORAGE_CONFIG_SCHEMA_FILE = "storage-config.json";

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!compiled) {
    const Ajv = (require("ajv") as typeof import("ajv")).default;
    // Loaded here with ajv: validating is the only use, and most callers never validate.
    const { findSchemaFile } = require("../schema/jsonSchema") as typeof import("../schema/jsonSchema");
    compiled = new Ajv({ allErrors: true, strict: false }).compile(
      JSON.parse(readFileSync(findSchemaFile(STORAGE_CONFIG_SCHEMA_FILE, __dirname), "utf8")),
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
  const provider = isStorageProvider(c.provider) ? c.provider : "local";
  throw new StorageError({
    provider,
    bucket: String(c.bucket ?? c.root ?? ""),
    operation: "validate config",
    code: "InvalidConfig",
    detail: problems.join("; "),
  });
}
