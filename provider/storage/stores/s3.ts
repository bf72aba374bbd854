/** AWS S3 and S3-compatible stores (MinIO, R2, ...). */
import type { S3StorageConfig } from "../config";
import { pairFromRequest, pairFromStack, pairToRequest } from "./keyPair";
import { firstSet, MissingStorageCredentials, type StoreDescriptor } from "./types";

// The store module loads on first use: registering a backend costs nothing until it is used.
const impl = () => require("../s3") as typeof import("../s3");

const KEYS = { id: "accessKeyId", secret: "secretAccessKey", token: "sessionToken" };

export const s3: StoreDescriptor<S3StorageConfig> = {
  provider: "s3",
  location: "bucket",
  secretEnv: ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID"],
  schemes: ["s3"],
  create: (config) => new (impl().S3Store)(config),
  objectUrl: (input) => impl().s3ObjectUrl(input),
  fromSettings: ({ bucket, region, endpoint, forcePathStyle }) => ({
    provider: "s3",
    bucket: bucket!,
    region,
    endpoint,
    forcePathStyle,
  }),
  serviceCredentialsFromEnv(env) {
    const accessKeyId = firstSet(env.AWS_ACCESS_KEY_ID);
    const secretAccessKey = firstSet(env.AWS_SECRET_ACCESS_KEY);
    if (!accessKeyId || !secretAccessKey)
      throw new MissingStorageCredentials("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    return { accessKeyId, secretAccessKey, sessionToken: firstSet(env.AWS_SESSION_TOKEN) };
  },
  withStackCredentials: (config, stack) => pairFromStack(config, stack, KEYS),
  requestCredentials: (config) => pairToRequest(config, KEYS),
  withRequestCredentials: (config, creds) => pairFromRequest(config, creds, KEYS),
};
