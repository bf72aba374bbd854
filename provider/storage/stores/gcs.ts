/** Google Cloud Storage through its S3-interoperable XML API, signed with an HMAC key. */
import type { GcsStorageConfig } from "../config";
import { GCS_DEFAULT_ENDPOINT } from "../credentials";
import { hostedKey, locationOf, splitBucketPath } from "../urlKeys";
import { pairFromRequest, pairFromStack, pairToRequest } from "./keyPair";
import { firstSet, MissingStorageCredentials, type StoreDescriptor } from "./types";

// The store module loads on first use: registering a backend costs nothing until it is used.
const impl = () => require("../s3") as typeof import("../s3");

const KEYS = { id: "accessKeyId", secret: "secretAccessKey" };

const CREDENTIALS_ENV = "GOOGLE_HMAC_ACCESS_KEY_ID and GOOGLE_HMAC_SECRET (a GCS HMAC key)";

export const gcs: StoreDescriptor<GcsStorageConfig> = {
  provider: "gcs",
  locationKey: (c) => [c.bucket, c.endpoint ?? ""],
  location: "bucket",
  credentialsEnv: CREDENTIALS_ENV,
  secretEnv: ["GOOGLE_HMAC_SECRET", "GOOGLE_HMAC_SECRET_ACCESS_KEY", "GOOGLE_HMAC_ACCESS_KEY_ID"],
  schemes: ["gs"],
  create: (config) => new (impl().S3Store)(config),
  objectUrl: (input) => impl().gcsObjectUrl(input),
  parseHttpUrl(u) {
    const host = u.hostname.toLowerCase();
    const endpoint = GCS_DEFAULT_ENDPOINT;
    if (host === "storage.cloud.google.com" || host === "storage.googleapis.com") {
      const [bucket, key] = splitBucketPath(u.pathname);
      return locationOf("gcs", bucket, key, { endpoint });
    }
    const hosted = ".storage.googleapis.com";
    if (host.endsWith(hosted))
      return locationOf("gcs", host.slice(0, -hosted.length), hostedKey(u), { endpoint });
    return undefined;
  },
  fromSettings: ({ bucket, region, endpoint }) => ({ provider: "gcs", bucket: bucket!, region, endpoint }),
  serviceCredentialsFromEnv(env) {
    const accessKeyId = firstSet(env.GOOGLE_HMAC_ACCESS_KEY_ID, env.AWS_ACCESS_KEY_ID);
    const secretAccessKey = firstSet(
      env.GOOGLE_HMAC_SECRET,
      env.GOOGLE_HMAC_SECRET_ACCESS_KEY,
      env.AWS_SECRET_ACCESS_KEY,
    );
    if (!accessKeyId || !secretAccessKey) throw new MissingStorageCredentials(CREDENTIALS_ENV);
    return { accessKeyId, secretAccessKey };
  },
  withStackCredentials: (config, stack) => pairFromStack(config, stack, KEYS),
  requestCredentials: (config) => pairToRequest(config, KEYS),
  withRequestCredentials: (config, creds) => pairFromRequest(config, creds, KEYS),
};
