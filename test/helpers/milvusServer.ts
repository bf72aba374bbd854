/**
 * The real Milvus 2.3.5 standalone server (PyPI `milvus`, set up by scripts/tools/setup-milvus.sh),
 * started by milvus_server.py in a network namespace of its own that has only a loopback interface
 * (Milvus 2.3 binds its gRPC ports to every interface; see milvus_server.py). Clients are Python
 * processes of the same venv that join the namespace (milvus_netns.enter_namespace).
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { milvusPython } from "./tools";

export interface RealMilvusServer {
  /** The launcher's pid: /proc/<pid>/ns/net is the namespace to join. */
  pid: number;
  /** gRPC port inside the namespace (127.0.0.1). */
  port: number;
  /** Local storage root: import file paths must lie under it. */
  storageRoot: string;
  python: string;
  startSeconds: number;
  stop(): Promise<void>;
}

const launcher = path.join(__dirname, "milvus_server.py");

export async function startRealMilvus(timeoutMs = 240_000): Promise<RealMilvusServer> {
  const python = milvusPython();
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-milvus-"));
  const ready = path.join(baseDir, "ready.json");
  // stdin stays open while we run: the launcher stops the server when it closes (also if we die).
  const child = spawn(python, [launcher, path.join(baseDir, "server"), ready], {
    stdio: ["pipe", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr = (stderr + d).slice(-8000);
  });
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(ready)) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stopLauncher(child);
      const log = tail(path.join(baseDir, "server/logs/milvus-stderr.log"));
      fs.rmSync(baseDir, { recursive: true, force: true });
      throw new Error(`Milvus 2.3.5 did not start (exit ${child.exitCode}):\n${stderr}\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const info = JSON.parse(fs.readFileSync(ready, "utf8"));
  return {
    pid: info.pid,
    port: info.port,
    storageRoot: info.storageRoot,
    python,
    startSeconds: info.startSeconds,
    stop: async () => {
      await stopLauncher(child);
      fs.rmSync(baseDir, { recursive: true, force: true });
    },
  };
}

/** Closes the launcher's stdin (it stops Milvus and waits for it), SIGKILL after 60 s. */
async function stopLauncher(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.stdin?.end();
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  await exited;
  clearTimeout(timer);
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, "utf8").slice(-4000);
  } catch {
    return "";
  }
}
