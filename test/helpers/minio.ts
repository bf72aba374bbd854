import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, waitForPort } from "./ports";
import { minioBinary } from "./tools";

export interface MinioServer {
  endpoint: string;
  port: number;
  accessKey: string;
  secretKey: string;
  region: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts a real MinIO server on 127.0.0.1 with a free port and a temp data dir. */
export async function startMinio(): Promise<MinioServer> {
  const bin = minioBinary();
  const port = await freePort();
  const consolePort = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-minio-"));
  const accessKey = "pmi-test-access";
  const secretKey = `pmi-test-secret-${Math.random().toString(36).slice(2, 12)}`;
  const child: ChildProcess = spawn(
    bin,
    [
      "server",
      dataDir,
      "--address",
      `127.0.0.1:${port}`,
      "--console-address",
      `127.0.0.1:${consolePort}`,
      "--quiet",
    ],
    {
      env: {
        ...process.env,
        MINIO_ROOT_USER: accessKey,
        MINIO_ROOT_PASSWORD: secretKey,
        MINIO_BROWSER: "off",
        MINIO_UPDATE: "off",
        MINIO_CI_CD: "1",
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  try {
    await waitForPort(port, 60_000);
  } catch (e) {
    child.kill("SIGKILL");
    throw new Error(`MinIO did not start: ${(e as Error).message}\n${stderr}`);
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    accessKey,
    secretKey,
    region: "us-east-1",
    dataDir,
    stop: () => stopChild(child, dataDir),
  };
}

export async function stopChild(child: ChildProcess, dir?: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
