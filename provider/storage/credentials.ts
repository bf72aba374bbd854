/**
 * Credential resolution of the network stores: explicit options (Pulumi secret inputs, CLI config)
 * win; otherwise each cloud's standard environment variables are read. Resolution never logs;
 * missing credentials are a StorageError that names the variables to set, not their values.
 */
import type {
  AzureStorageConfig,
  GcsStorageConfig,
  OssStorageConfig,
  S3StorageConfig,
  StorageProvider,
} from "./config";
import { StorageError } from "./errors";

type Env = Record<string, string | undefined>;
const first = (...vals: Array<string | undefined>) => vals.find((v) => v !== undefined && v !== "");

function missing(provider: StorageProvider, bucket: string, what: string): never {
  throw new StorageError({ provider, bucket, operation: "configure", code: "InvalidConfig", detail: what });
}

export const GCS_DEFAULT_ENDPOINT = "https://storage.googleapis.com";

function isGcsEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    return new URL(endpoint).hostname.endsWith("storage.googleapis.com");
  } catch {
    return false;
  }
}

/** S3 and GCS credentials: explicit, then the cloud's env vars. Undefined = SDK default chain (AWS only). */
export function resolveS3Credentials(
  config: S3StorageConfig | GcsStorageConfig,
  env: Env = process.env,
): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined {
  const gcs = config.provider === "gcs" || isGcsEndpoint(config.endpoint);
  if (config.accessKeyId || config.secretAccessKey) {
    if (!config.accessKeyId || !config.secretAccessKey) {
      missing(config.provider, config.bucket, "accessKeyId and secretAccessKey must be given together");
    }
    const sessionToken = config.provider === "s3" ? config.sessionToken : undefined;
    return { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, sessionToken };
  }
  if (gcs) {
    const id = first(env.GOOGLE_HMAC_ACCESS_KEY_ID, env.AWS_ACCESS_KEY_ID);
    const secret = first(
      env.GOOGLE_HMAC_SECRET,
      env.GOOGLE_HMAC_SECRET_ACCESS_KEY,
      env.AWS_SECRET_ACCESS_KEY,
    );
    if (!id || !secret) {
      missing(
        config.provider,
        config.bucket,
        "no GCS HMAC credentials: set accessKeyId/secretAccessKey, GOOGLE_HMAC_ACCESS_KEY_ID + GOOGLE_HMAC_SECRET, or AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY",
      );
    }
    return { accessKeyId: id, secretAccessKey: secret };
  }
  const id = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  if (id && secret)
    return { accessKeyId: id, secretAccessKey: secret, sessionToken: first(env.AWS_SESSION_TOKEN) };
  return undefined;
}

export function resolveS3Region(config: S3StorageConfig | GcsStorageConfig, env: Env = process.env): string {
  if (config.region) return config.region;
  if (config.provider === "gcs" || isGcsEndpoint(config.endpoint)) return "auto";
  return first(env.AWS_REGION, env.AWS_DEFAULT_REGION) ?? "us-east-1";
}

export type AzureAuth =
  | { kind: "connectionString"; connectionString: string }
  | { kind: "sharedKey"; accountName: string; accountKey: string; endpoint: string }
  | { kind: "sas"; sasToken: string; endpoint: string };

export function resolveAzureAuth(config: AzureStorageConfig, env: Env = process.env): AzureAuth {
  const endpointFor = (account: string | undefined) => {
    const ep = config.endpoint ?? (account ? `https://${account}.blob.core.windows.net` : undefined);
    if (!ep) missing("azure", config.bucket, "endpoint or accountName is required with a SAS token");
    return ep.replace(/\/+$/, "");
  };
  if (config.connectionString) return { kind: "connectionString", connectionString: config.connectionString };
  if (config.accountKey) {
    const accountName = first(config.accountName, env.AZURE_STORAGE_ACCOUNT);
    if (!accountName) missing("azure", config.bucket, "accountName is required with accountKey");
    return {
      kind: "sharedKey",
      accountName,
      accountKey: config.accountKey,
      endpoint: endpointFor(accountName),
    };
  }
  if (config.sasToken) {
    return {
      kind: "sas",
      sasToken: config.sasToken.replace(/^\?/, ""),
      endpoint: endpointFor(first(config.accountName, env.AZURE_STORAGE_ACCOUNT)),
    };
  }
  const cs = first(env.AZURE_STORAGE_CONNECTION_STRING);
  if (cs) return { kind: "connectionString", connectionString: cs };
  const accountName = first(config.accountName, env.AZURE_STORAGE_ACCOUNT);
  const key = first(env.AZURE_STORAGE_KEY, env.AZURE_STORAGE_ACCESS_KEY);
  if (accountName && key)
    return { kind: "sharedKey", accountName, accountKey: key, endpoint: endpointFor(accountName) };
  const sas = first(env.AZURE_STORAGE_SAS_TOKEN);
  if (sas) return { kind: "sas", sasToken: sas.replace(/^\?/, ""), endpoint: endpointFor(accountName) };
  return missing(
    "azure",
    config.bucket,
    "no Azure credentials: set connectionString, accountName + accountKey, or sasToken, or AZURE_STORAGE_CONNECTION_STRING / AZURE_STORAGE_ACCOUNT + AZURE_STORAGE_KEY / AZURE_STORAGE_SAS_TOKEN",
  );
}

export function resolveOssCredentials(
  config: OssStorageConfig,
  env: Env = process.env,
): { accessKeyId: string; accessKeySecret: string; securityToken?: string } {
  if (config.accessKeyId || config.accessKeySecret) {
    if (!config.accessKeyId || !config.accessKeySecret) {
      missing("oss", config.bucket, "accessKeyId and accessKeySecret must be given together");
    }
    return {
      accessKeyId: config.accessKeyId,
      accessKeySecret: config.accessKeySecret,
      securityToken: config.securityToken,
    };
  }
  const id = first(env.ALIBABA_CLOUD_ACCESS_KEY_ID, env.OSS_ACCESS_KEY_ID);
  const secret = first(env.ALIBABA_CLOUD_ACCESS_KEY_SECRET, env.OSS_ACCESS_KEY_SECRET);
  if (!id || !secret) {
    missing(
      "oss",
      config.bucket,
      "no OSS credentials: set accessKeyId/accessKeySecret, ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET, or OSS_ACCESS_KEY_ID + OSS_ACCESS_KEY_SECRET",
    );
  }
  return {
    accessKeyId: id,
    accessKeySecret: secret,
    securityToken: first(
      config.securityToken,
      env.ALIBABA_CLOUD_SECURITY_TOKEN,
      env.OSS_SESSION_TOKEN,
      env.OSS_SECURITY_TOKEN,
    ),
  };
}

/** "cn-hangzhou" -> "oss-cn-hangzhou" (ali-oss wants the prefixed form). */
export function ossRegion(region: string | undefined): string {
  const r = region ?? "oss-cn-hangzhou";
  return r.startsWith("oss-") ? r : `oss-${r}`;
}
