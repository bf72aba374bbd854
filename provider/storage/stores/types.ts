/**
 * What a storage backend is to the rest of the package: one descriptor per provider, owning how the
 * store is built, its object URLs, and where its credentials come from (stack config, environment,
 * import requests).
 */
import type { StorageCredentials } from "../../contracts/imports";
import type { StorageConfig } from "../config";
import type { ObjectLocation, ObjectStore, ObjectUrlInput } from "../types";

export type Env = Record<string, string | undefined>;

/** The first value that is set and not empty. */
export const firstSet = (...vals: Array<string | undefined>) => vals.find((v) => v !== undefined && v !== "");

/** Storage credentials from Pulumi stack config (`milvus-import:storage*`), in generic terms. */
export interface StackStorageCredentials {
  accessKey?: string;
  secretKey?: string;
  sessionToken?: string;
  connectionString?: string;
}

/** Storage settings the CLI resolved from its flags and config file. */
export interface StorageSettings {
  bucket?: string;
  root?: string;
  region?: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  accountName?: string;
  secure?: boolean;
  authorizationV4?: boolean;
}

export interface StoreOptions {
  /** Create a local root directory that does not exist yet (network buckets are never created). */
  createRoot?: boolean;
}

/** Credentials a service needs to read the staged files are not in the environment. */
export class MissingStorageCredentials extends Error {
  constructor(readonly variables: string) {
    super(`set ${variables}`);
    this.name = "MissingStorageCredentials";
  }
}

export interface StoreDescriptor<C extends StorageConfig = StorageConfig> {
  readonly provider: C["provider"];
  /** What names the place files go: a bucket (Azure: container), or a root directory. */
  readonly location: "bucket" | "root";
  /**
   * What identifies the place a config's objects are in (bucket, account, endpoint, root), without
   * credentials or tuning: when it changes, objects written under the old config are elsewhere.
   */
  locationKey(config: C): readonly string[];
  /** How the CLI calls the bucket when it differs, e.g. "the container". */
  readonly bucketIs?: string;
  /** The environment variables its credentials come from, as messages name them (absent: it needs none). */
  readonly credentialsEnv?: string;
  /** Environment variables holding its secrets (redacted from all output). */
  readonly secretEnv: readonly string[];
  /** Secrets inside those variables that appear on their own (e.g. a connection string's key). */
  embeddedSecrets?(env: Env): Array<string | undefined>;
  /** URI schemes of its object URLs, e.g. "s3" for s3://bucket/key. */
  readonly schemes: readonly string[];
  create(config: C, opts?: StoreOptions): ObjectStore;
  objectUrl(input: ObjectUrlInput): string;
  /** Parses an http(s) URL on one of its cloud's own hosts; undefined for any other host. */
  parseHttpUrl?(url: URL): ObjectLocation | undefined;
  /**
   * Parses an http(s) URL on a host that names no cloud (MinIO, Azurite, test servers) when the
   * caller says the URL is this provider's; without it such URLs are `<host>/<bucket>/<key>`.
   */
  parseHostlessUrl?(url: URL): ObjectLocation;
  /** Parses a URL of one of its schemes that is not `<scheme>://<bucket>/<key>`. */
  parseUri?(url: string): ObjectLocation;
  /** The config that reads objects at `loc` (prepared files) when the staging config cannot. */
  readerConfig?(loc: ObjectLocation): C;
  /** The config the CLI builds from its settings (credentials are left to the store's own resolution). */
  fromSettings(s: StorageSettings, env: Env): C;
  /** Key material a service reading the staged files needs, from the environment; throws MissingStorageCredentials. */
  serviceCredentialsFromEnv(env: Env, config: C): Partial<C>;
  /** Fills credentials from stack config when the config carries none. */
  withStackCredentials(config: C, stack: StackStorageCredentials): C;
  /** The credentials an import request carries so the service can read the staged files. */
  requestCredentials(config: C): StorageCredentials | undefined;
  /** The reverse: a config that reads with the credentials an import request carried. */
  withRequestCredentials(config: C, creds: StorageCredentials): C;
}
