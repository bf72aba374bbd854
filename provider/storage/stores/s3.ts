/** AWS S3 and S3-compatible stores (MinIO, R2, ...). */
import type { S3StorageConfig } from "../config";
import { hostedKey, locationOf, splitBucketPath } from "../urlKeys";
import { pairFromRequest, pairFromStack, pairToRequest } from "./keyPair";
import { firstSet, MissingStorageCredentials, type StoreDescriptor } from "./types";

// The store module loads on first use: registering a backend costs nothing until it is used.
const impl = () => require("../s3") as typeof import("../s3");

const KEYS = { id: "accessKeyId", secret: "secretAccessKey", token: "sessionToken" };

// <bucket>.s3.<region>.amazonaws.com, s3.<region>.amazonaws.com/<bucket>, s3-<region>, dualstack, China.
const S3_HOST = /^(?:(.+)\.)?s3[.-](?:([a-z0-9-]+)\.)?amazonaws\.com(\.cn)?$/;

const CREDENTIALS_ENV = "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";

export const s3: StoreDescriptor<S3StorageConfig> = {
  provider: "s3",
  locationKey: (c) => [c.bucket, c.endpoint ?? ""],
  location: "bucket",
  credentialsEnv: CREDENTIALS_ENV,
  secretEnv: ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID"],
  schemes: ["s3"],
  create: (config) => new (impl().S3Store)(config),
  objectUrl: (input) => impl().s3ObjectUrl(input),
  parseHttpUrl(u) {
    const m = S3_HOST.exec(u.hostname.toLowerCase());
    if (!m) return undefined;
    const region = m[2] && m[2] !== "dualstack" ? m[2] : m[3] ? undefined : "us-east-1";
    const endpoint = `${u.protocol}//${u.host}`;
    if (m[1]) return locationOf("s3", m[1], hostedKey(u), { region, endpoint });
    const [bucket, key] = splitBucketPath(u.pathname);
    return locationOf("s3", bucket, key, { region, endpoint });
  },
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
    if (!accessKeyId || !secretAccessKey) throw new MissingStorageCredentials(CREDENTIALS_ENV);
    return { accessKeyId, secretAccessKey, sessionToken: firstSet(env.AWS_SESSION_TOKEN) };
  },
  withStackCredentials: (config, stack) => pairFromStack(config, stack, KEYS),
  requestCredentials: (config) => pairToRequest(config, KEYS),
  withRequestCredentials: (config, creds) => pairFromRequest(config, creds, KEYS),
};
