/** Azure Blob Storage: a container in a storage account. */

import type { AzureStorageConfig } from "../config";
import { locationOf, splitBucketPath } from "../urlKeys";
import { firstSet, MissingStorageCredentials, type StoreDescriptor } from "./types";

// The store module loads on first use: registering a backend costs nothing until it is used.
const impl = () => require("../azure") as typeof import("../azure");

const AZURE_HOST = /^([a-z0-9]+)\.blob\.core\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net)$/;

/** One `Key=value` part of an Azure connection string. */
const connectionStringPart = (cs: string | undefined, key: string) =>
  cs ? new RegExp(`(?:^|;)${key}=([^;]+)`).exec(cs)?.[1] : undefined;

const CREDENTIALS_ENV =
  "AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY (or AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_SAS_TOKEN)";

export const azure: StoreDescriptor<AzureStorageConfig> = {
  provider: "azure",
  location: "bucket",
  // The account may be named only inside a connection string; the key is not part of the place.
  locationKey: (c) => [
    firstSet(c.accountName, connectionStringPart(c.connectionString, "AccountName")) ?? "",
    c.bucket,
    c.endpoint ?? "",
  ],
  bucketIs: "the container",
  credentialsEnv: CREDENTIALS_ENV,
  secretEnv: [
    "AZURE_STORAGE_CONNECTION_STRING",
    "AZURE_STORAGE_KEY",
    "AZURE_STORAGE_ACCESS_KEY",
    "AZURE_STORAGE_SAS_TOKEN",
  ],
  // A connection string carries the key as AccountKey=...; it may show up on its own.
  embeddedSecrets: (env) => [/AccountKey=([^;]+)/.exec(env.AZURE_STORAGE_CONNECTION_STRING ?? "")?.[1]],
  schemes: [],
  create: (config) => new (impl().AzureStore)(config),
  objectUrl: (input) => impl().azureObjectUrl(input),
  parseHttpUrl(u) {
    const m = AZURE_HOST.exec(u.hostname.toLowerCase());
    if (!m) return undefined;
    const [container, key] = splitBucketPath(u.pathname);
    return locationOf("azure", container, key, { account: m[1], endpoint: `${u.protocol}//${u.host}` });
  },
  // Azurite's layout: <host>/<account>/<container>/<key>.
  parseHostlessUrl(u) {
    const p = u.pathname.replace(/^\/+/, "");
    const slash = p.indexOf("/");
    const account = slash < 0 ? p : p.slice(0, slash);
    const [container, key] = splitBucketPath(slash < 0 ? "" : p.slice(slash));
    return locationOf("azure", container, key, {
      account: decodeURIComponent(account),
      endpoint: `${u.protocol}//${u.host}/${account}`,
    });
  },
  fromSettings: ({ bucket, endpoint, accountName }, env) => ({
    provider: "azure",
    bucket: bucket!,
    endpoint,
    accountName: firstSet(accountName, env.AZURE_STORAGE_ACCOUNT),
  }),
  serviceCredentialsFromEnv(env, config) {
    const cs = firstSet(env.AZURE_STORAGE_CONNECTION_STRING);
    const fromCs = (k: string) => connectionStringPart(cs, k);
    const accountName = firstSet(config.accountName, fromCs("AccountName"));
    const accountKey = firstSet(env.AZURE_STORAGE_KEY, env.AZURE_STORAGE_ACCESS_KEY, fromCs("AccountKey"));
    const sasToken = firstSet(env.AZURE_STORAGE_SAS_TOKEN);
    if (!accountName || (!accountKey && !sasToken)) {
      throw new MissingStorageCredentials(CREDENTIALS_ENV);
    }
    return { accountName, accountKey, sasToken };
  },
  withStackCredentials(config, stack) {
    if (config.connectionString || config.accountKey || config.sasToken) return config;
    if (stack.connectionString) return { ...config, connectionString: stack.connectionString };
    if (stack.secretKey)
      return { ...config, accountName: config.accountName ?? stack.accessKey, accountKey: stack.secretKey };
    if (stack.sessionToken) return { ...config, sasToken: stack.sessionToken };
    return config;
  },
  requestCredentials({ accountName: accessKey, accountKey: secretKey, sasToken: token }) {
    return accessKey || secretKey || token ? { accessKey, secretKey, token } : undefined;
  },
  withRequestCredentials: (config) => config,
};
