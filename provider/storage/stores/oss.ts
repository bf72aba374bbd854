/** Aliyun OSS. */
import type { OssStorageConfig } from "../config";
import { hostedKey, locationOf, splitBucketPath } from "../urlKeys";
import { pairFromStack, pairToRequest } from "./keyPair";
import { firstSet, MissingStorageCredentials, type StoreDescriptor } from "./types";

// The store module loads on first use: registering a backend costs nothing until it is used.
const impl = () => require("../oss") as typeof import("../oss");

const KEYS = { id: "accessKeyId", secret: "accessKeySecret", token: "securityToken" };

const OSS_HOST = /^(.+)\.(oss-[a-z0-9-]+?)(-internal)?\.aliyuncs\.com$/;

const CREDENTIALS_ENV = "OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET (or ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET)";

export const oss: StoreDescriptor<OssStorageConfig> = {
  provider: "oss",
  locationKey: (c) => [c.bucket, c.endpoint ?? ""],
  location: "bucket",
  credentialsEnv: CREDENTIALS_ENV,
  secretEnv: [
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
    "OSS_ACCESS_KEY_SECRET",
    "OSS_ACCESS_KEY_ID",
    "OSS_SESSION_TOKEN",
    "OSS_SECURITY_TOKEN",
  ],
  schemes: ["oss"],
  create: (config) => new (impl().OssStore)(config),
  objectUrl: (input) => impl().ossObjectUrl(input),
  parseHttpUrl(u) {
    const m = OSS_HOST.exec(u.hostname.toLowerCase());
    if (!m) return undefined;
    const endpoint = `${u.protocol}//${m[2]}${m[3] ?? ""}.aliyuncs.com`;
    return locationOf("oss", m[1], hostedKey(u), { region: m[2], endpoint });
  },
  parseHostlessUrl(u) {
    const [bucket, key] = splitBucketPath(u.pathname);
    return locationOf("oss", bucket, key, { endpoint: `${u.protocol}//${u.host}` });
  },
  fromSettings: ({ bucket, region, endpoint, secure, authorizationV4 }) => ({
    provider: "oss",
    bucket: bucket!,
    region,
    endpoint,
    secure,
    authorizationV4,
  }),
  serviceCredentialsFromEnv(env) {
    const accessKeyId = firstSet(env.ALIBABA_CLOUD_ACCESS_KEY_ID, env.OSS_ACCESS_KEY_ID);
    const accessKeySecret = firstSet(env.ALIBABA_CLOUD_ACCESS_KEY_SECRET, env.OSS_ACCESS_KEY_SECRET);
    if (!accessKeyId || !accessKeySecret) throw new MissingStorageCredentials(CREDENTIALS_ENV);
    const securityToken = firstSet(
      env.ALIBABA_CLOUD_SECURITY_TOKEN,
      env.OSS_SECURITY_TOKEN,
      env.OSS_SESSION_TOKEN,
    );
    return { accessKeyId, accessKeySecret, securityToken };
  },
  withStackCredentials: (config, stack) => pairFromStack(config, stack, KEYS),
  requestCredentials: (config) => pairToRequest(config, KEYS),
  // Emulated OSS mounts check credentials themselves; the store keeps its own.
  withRequestCredentials: (config) => config,
};
