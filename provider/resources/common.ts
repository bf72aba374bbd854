/**
 * What both resource providers share: the unknown-value sentinel, JSON-safe outputs, args checked
 * with ajv against the JSON Schemas derived from the shape table, and credentials resolved from args,
 * stack config or env.
 *
 * This module is library code loaded by package name inside the provider process, never serialized:
 * the stack config read in `configure` lives here, in the provider process only.
 */
import fs from "node:fs";
import type { ValidateFunction } from "ajv";
import type { Collaborators } from "../pipeline/deps";
import type { ConnectionConfig, StagingConfig } from "../pipeline/types";
import { findSchemaFile } from "../schema/jsonSchema";
import { type NameKind, nameProblem } from "../schema/names";
import { argsJsonSchema, referencedSchemaFiles } from "./shapes/argsSchema";
import { PROVIDER_CONFIG, type ResourceShape } from "./shapes/table";

/** What the engine sends for values not known during preview (`rpc.unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

/**
 * Outputs must be plain JSON: the host fails on `undefined` ("Unexpected struct type") after the side
 * effects happened, turns Dates into {} and throws on bigint. Round-trip with bigint as decimal string.
 */
export function sanitize<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v))) as T;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * Digest of raw args. check stores it in the inputs; when the next check sees the same digest in
 * `olds`, the args already passed ajv and the ~140 ms of loading and compiling it are skipped (that is
 * most of a no-change preview's provider time).
 */
export function argsDigest(args: unknown): string {
  const { createHash } = require("node:crypto") as typeof import("node:crypto");
  const { stableStringify } = require("../schema/fingerprint") as typeof import("../schema/fingerprint");
  return createHash("sha256").update(stableStringify(args)).digest("hex");
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(shape: ResourceShape): ValidateFunction {
  let v = validators.get(shape.name);
  if (!v) {
    const Ajv = (require("ajv") as typeof import("ajv")).default;
    const ajv = new Ajv({ allErrors: true, strict: false });
    for (const name of referencedSchemaFiles())
      ajv.addSchema(JSON.parse(fs.readFileSync(findSchemaFile(name, __dirname), "utf8")));
    v = ajv.compile(argsJsonSchema(shape));
    validators.set(shape.name, v);
  }
  return v;
}

/**
 * Args checked against the JSON schema and the names they carry against Milvus's naming rules
 * (schema/names.ts, the one place those rules live): a name's failure is the naming rule's reason, not
 * the JSON schema's pattern.
 */
export function argAndNameProblems(
  shape: ResourceShape,
  args: unknown,
  names: Array<[property: string, kind: NameKind, value: unknown]>,
): CheckFailure[] {
  const given = names.filter(([, , v]) => v !== undefined);
  const named = new Set(given.map(([p]) => p));
  const failures = argProblems(shape, args).filter((f) => !named.has(f.property));
  for (const [property, kind, value] of given) {
    const p = nameProblem(kind, value);
    if (p)
      failures.push({ property, reason: `invalid ${kind} name ${JSON.stringify(p.name)}: ${p.message}` });
  }
  return failures;
}

/** Structural problems of args, as check failures ("collection.connection: must match ..."). */
export function argProblems(shape: ResourceShape, args: unknown): CheckFailure[] {
  const validate = validatorFor(shape);
  if (validate(args)) return [];
  const seen = new Set<string>();
  const out: CheckFailure[] = [];
  for (const e of validate.errors ?? []) {
    if (e.keyword === "if") continue;
    const property = e.instancePath.replace(/^\//, "").replace(/\//g, ".") || "args";
    const extra =
      e.keyword === "additionalProperties"
        ? ` (${(e.params as { additionalProperty: string }).additionalProperty})`
        : "";
    const reason = `${e.message ?? "is invalid"}${extra}`;
    const key = `${property}|${reason}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ property, reason });
    }
  }
  return out;
}

/** The inputs' static defaults from the shape table (check spreads the program's args over them). */
export function staticDefaults(shape: ResourceShape): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(shape.inputs)
      .filter(([, p]) => p.default !== undefined)
      .map(([k, p]) => [k, structuredClone(p.default)]),
  );
}

/** Stack config captured by `configure` (provider process memory only, never state). */
export type StackConfig = Partial<Record<keyof typeof PROVIDER_CONFIG, string>>;

let stackConfig: StackConfig = {};

/**
 * Reads the provider settings (PROVIDER_CONFIG) from stack config: `milvus-import:<key>` for the
 * TypeScript dynamic resources, `milvusimport:<key>` for the provider plugin.
 */
export function configure(
  config: { get(key: string): string | undefined },
  namespace: "milvus-import" | "milvusimport" = "milvus-import",
): void {
  const next: StackConfig = {};
  for (const k of Object.keys(PROVIDER_CONFIG) as (keyof StackConfig)[]) {
    const v = config.get(`${namespace}:${k}`);
    if (v) next[k] = v;
  }
  stackConfig = next;
}

const firstSet = (...v: Array<string | undefined>) => v.find((x) => x !== undefined && x !== "");

/** Connection with credentials filled from args, then stack config, then env. */
export function withCredentials(c: ConnectionConfig): ConnectionConfig {
  const out = { ...c };
  if (c.uri) out.token = firstSet(c.token, stackConfig.token, process.env.MILVUS_TOKEN);
  if (c.endpoint)
    out.apiKey = firstSet(c.apiKey, stackConfig.apiKey, process.env.ZILLIZ_API_KEY, process.env.MILVUS_TOKEN);
  return out;
}

/** Storage with credentials filled from args, then stack config (the storage module reads env itself). */
export function storageWithCredentials(s: StagingConfig): StagingConfig {
  const cfg = stackConfig;
  const { isStorageProvider, storeDescriptor } =
    require("../storage/stores") as typeof import("../storage/stores");
  if (!isStorageProvider(s.provider)) return s;
  return storeDescriptor(s.provider).withStackCredentials(s, {
    accessKey: cfg.storageAccessKey,
    secretKey: cfg.storageSecretKey,
    sessionToken: cfg.storageSessionToken,
    connectionString: cfg.storageConnectionString,
  }) as StagingConfig;
}

/**
 * The pipeline's collaborators in this provider process. The Pulumi CLI starts the process, so its
 * environment is the one way in: PMI_LOCAL_ENGINE_STEP_DELAY_MS paces an embedded engine's import
 * jobs (ms per phase), so a test can interrupt a running import. Nothing below this reads it.
 */
export function providerCollaborators(env: NodeJS.ProcessEnv = process.env): Collaborators {
  const { defaultCollaborators } = require("../pipeline/deps") as typeof import("../pipeline/deps");
  const delay = Number(env.PMI_LOCAL_ENGINE_STEP_DELAY_MS ?? 0);
  return defaultCollaborators(
    Number.isFinite(delay) && delay > 0 ? { localEngine: { jobStepDelayMs: delay } } : {},
  );
}

let logLine: (line: string) => void = (line) => console.error(line);

/**
 * Where progress lines go: stderr by default (the CLI >= 3.146 shows a dynamic provider's stderr);
 * the provider plugin sends them to the engine's log instead.
 */
export function setLogSink(sink: (line: string) => void): void {
  logLine = sink;
}

/** Progress lines, prefixed so parallel resources stay readable. */
export function log(resource: string, message: string): void {
  logLine(`[${resource}] ${message}`);
}

export const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));
