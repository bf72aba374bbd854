import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { stopChild } from "./minio";
import { freePort, waitForPort } from "./ports";
import { azuriteBlobBinary } from "./tools";

/** Azurite's documented development account (public, not a secret). */
export const AZURITE_ACCOUNT = "devstoreaccount1";
export const AZURITE_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface AzuriteServer {
  blobEndpoint: string;
  account: string;
  accountKey: string;
  connectionString: string;
  stop(): Promise<void>;
}

/** Starts Azurite's blob service on 127.0.0.1 with a free port and a temp dir. */
export async function startAzurite(): Promise<AzuriteServer> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-azurite-"));
  const child = spawn(
    process.execPath,
    [
      azuriteBlobBinary(),
      "--blobHost",
      "127.0.0.1",
      "--blobPort",
      String(port),
      "--location",
      dir,
      "--disableTelemetry",
      "--skipApiVersionCheck",
      "--silent",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  try {
    await waitForPort(port, 30_000);
  } catch (e) {
    child.kill("SIGKILL");
    throw new Error(`Azurite did not start: ${(e as Error).message}\n${stderr}`);
  }
  const blobEndpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  return {
    blobEndpoint,
    account: AZURITE_ACCOUNT,
    accountKey: AZURITE_KEY,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${blobEndpoint};`,
    stop: () => stopChild(child, dir),
  };
}
