/**
 * Single-writer discipline for a data directory shared by processes (a `pulumi up` and an emulator, or
 * two CLI runs): an exclusive lock file created with O_EXCL holding the owner's pid. A lock whose
 * owner is dead or that is older than `staleMs` is taken over. Within one process an async mutex
 * queues writers so they don't spin against their own lock file.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class DirLock {
  private readonly file: string;
  private queue: Promise<unknown> = Promise.resolve();
  constructor(
    dir: string,
    private readonly opts: { timeoutMs?: number; staleMs?: number } = {},
  ) {
    this.file = path.join(dir, "LOCK");
  }

  /** Runs fn while holding the lock; calls are serialised within the process. */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = this.queue.then(async () => {
      await this.acquire();
      try {
        return await fn();
      } finally {
        this.release();
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async acquire(): Promise<void> {
    const deadline = Date.now() + (this.opts.timeoutMs ?? 30_000);
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      try {
        fs.writeFileSync(this.file, JSON.stringify({ pid: process.pid, at: Date.now() }), { flag: "wx" });
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      if (this.isStale()) {
        fs.rmSync(this.file, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the engine lock ${this.file}`);
      await sleep(wait);
    }
  }

  private isStale(): boolean {
    try {
      const { pid, at } = JSON.parse(fs.readFileSync(this.file, "utf8")) as { pid: number; at: number };
      return !pidAlive(pid) || Date.now() - at > (this.opts.staleMs ?? 120_000);
    } catch {
      // A lock file being written right now reads as empty: held, unless it has been empty for long.
      try {
        return Date.now() - fs.statSync(this.file).mtimeMs > 5_000;
      } catch {
        return true;
      }
    }
  }

  private release(): void {
    fs.rmSync(this.file, { force: true });
  }
}
