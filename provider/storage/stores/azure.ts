/** Azure Blob Storage: a container in a storage account. */

import type { AzureStorageConfig } from "../config";
import { firstSet, MissingStorageCredentials, type StoreDescriptor } from "./types";

// The store module loads on first use: registering a backend costs nothing until it is used.
const impl = () => require("../azure") as typeof import("../azure");

export const azure: StoreDescriptor<AzureStorageConfig> = {
  provider: "azure",
  location: "bucket",
  bucketIs: "the container",
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
  fromSettings: ({ bucket, endpoint, accountName }, env) => ({
    provider: "azure",
    bucket: bucket!,
    endpoint,
    accountName: firstSet(accountName, env.AZURE_STORAGE_ACCOUNT),
  }),
  serviceCredentialsFromEnv(env, config) {
    const cs = firstSet(env.AZURE_STORAGE_CONNECTION_STRING);
    const fromCs = (k: string) => (cs ? new RegExp(`(?:^|;)${k}=([^;]+)`).exec(cs)?.[1] : undefined);
    const accountName = firstSet(config.accountName, fromCs("AccountName"));
    const accountKey = firstSet(env.AZURE_STORAGE_KEY, env.AZURE_STORAGE_ACCESS_KEY, fromCs("AccountKey"));
    const sasToken = firstSet(env.AZURE_STORAGE_SAS_TOKEN);
    if (!accountName || (!accountKey && !sasToken)) {
      throw new MissingStorageCredentials(
        "AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY (or AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_SAS_TOKEN)",
      );
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
