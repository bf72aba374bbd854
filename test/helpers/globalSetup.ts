/**
 * Starts the external servers once per jest run (MinIO, Azurite) on free loopback ports and hands
 * their coordinates to the test workers through environment variables (workers are forked after
 * this runs, so they inherit process.env). Idempotent: the integration and e2e projects share it.
 */
import { startAzurite } from "./azurite";
import { installConsumerProject } from "./consumer";
import { startMinio } from "./minio";
import { oraclePython, pulumiBinDir } from "./tools";

type Stoppable = { stop(): Promise<void> };
const g = globalThis as unknown as { __pmiServers?: Stoppable[] };

export default async function globalSetup(
  globalConfig: { selectProjects?: string[] },
  project?: { displayName?: { name?: string } | string },
): Promise<void> {
  // Jest runs a globalSetup file shared by several projects only once, with one project's config, so
  // decide from the selected projects whether e2e runs. E2E stacks consume the packed package from a
  // separate project, installed once per run.
  const name = typeof project?.displayName === "string" ? project.displayName : project?.displayName?.name;
  const selected = globalConfig?.selectProjects;
  const e2eRuns = name === "e2e" || !selected || selected.length === 0 || selected.includes("e2e");
  if (e2eRuns && !process.env.PMI_CONSUMER_DIR) process.env.PMI_CONSUMER_DIR = installConsumerProject();
  if (g.__pmiServers) return;
  g.__pmiServers = [];
  // Build/locate tools before starting servers, so a cold build doesn't count against test timeouts.
  process.env.PMI_PULUMI_BIN = pulumiBinDir();
  process.env.PMI_ORACLE_PYTHON = oraclePython();
  const [minio, azurite] = await Promise.all([startMinio(), startAzurite()]);
  g.__pmiServers.push(minio, azurite);
  Object.assign(process.env, {
    PMI_MINIO_ENDPOINT: minio.endpoint,
    PMI_MINIO_ACCESS_KEY: minio.accessKey,
    PMI_MINIO_SECRET_KEY: minio.secretKey,
    PMI_MINIO_REGION: minio.region,
    PMI_AZURITE_BLOB_ENDPOINT: azurite.blobEndpoint,
    PMI_AZURITE_ACCOUNT: azurite.account,
    PMI_AZURITE_KEY: azurite.accountKey,
    PMI_AZURITE_CONNECTION_STRING: azurite.connectionString,
  });
}
