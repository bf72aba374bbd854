import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";

/**
 * Two worker threads that take the file I/O off the encoding thread: one writes (write(2) was ~40%
 * of a Parquet/NumPy write), the other computes SHA-256 (~30%) from the same bytes, in parallel.
 * Bytes travel through a pool of shared slots (one copy, no transfer); the encoding thread waits
 * (Atomics.wait) only when every slot is in flight, which bounds memory to the pool.
 * Files that rewrite their header (NumPy) are hashed after closing, from the page cache: the writer
 * tells the hasher over their own channel.
 */
const SLOT_BYTES = 4 << 20;
const SLOTS = 16;
/** Shared regions (see region()): at most this many per process. */
const REGIONS = 64;
/** Int32 control words: per slot the number of threads still reading it; the fence and ready counters;
 *  per region the number of reads the threads still owe it. */
const FENCE = SLOTS;
const READY = SLOTS + 1;
const REGION_BASE = SLOTS + 2;
const CONTROL_WORDS = REGION_BASE + REGIONS;
const WAIT_LIMIT_MS = 120_000;
/** Threads that have not started by then never will (a waiting caller could not see their error). */
const START_LIMIT_MS = 15_000;

let shared: IoThreads | undefined;

/**
 * The process's I/O threads, started on first use and kept (idle threads do not keep the process
 * alive): starting two threads costs ~100-200 ms, more than writing 100k rows of Parquet takes.
 */
export function sharedIoThreads(): IoThreads {
  if (!shared || shared.broken) shared = new IoThreads();
  return shared;
}

type Op =
  | { op: "open"; id: number; path: string; hashed: boolean }
  | { op: "data"; id: number; slot: number; length: number }
  | { op: "region"; id: number; region: number; buffer: SharedArrayBuffer }
  | { op: "dataRef"; id: number; region: number; offset: number; length: number }
  | { op: "writeAt"; id: number; data: Uint8Array; position: number }
  | { op: "close"; id: number }
  | { op: "abort"; id: number }
  | { op: "fence" };

/**
 * Memory the I/O threads read in place: a writer that builds large blocks there (Parquet row groups)
 * hands them over with no copy. Before refilling it, wait() until the threads have read what was
 * handed over; release() gives it back for the next writer (the memory stays with the process, like
 * the slot pool).
 */
export interface SharedRegion {
  readonly bytes: Uint8Array;
  /** Returns once every block handed over from this region has been written and hashed. */
  wait(): void;
  release(): void;
}

interface Pending {
  resolve: (sha: string) => void;
  reject: (e: Error) => void;
  sha?: string;
  renamed?: boolean;
}

export class IoThreads {
  private readonly pool = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  /** A thread died (not an I/O error, which fails only its file): start new threads next time. */
  broken = false;
  private readonly writer: Worker;
  private readonly hasher: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly startedAt = Date.now();
  private nextId = 1;
  private nextSlot = 0;
  private hashed = new Set<number>();
  private readonly regions = new Map<ArrayBufferLike, number>();
  private readonly freeRegions: { index: number; buffer: SharedArrayBuffer }[] = [];

  constructor() {
    const { port1, port2 } = new MessageChannel();
    const start = (role: "writer" | "hasher", peer: MessagePort) => {
      const w = new Worker(`(${ioWorkerMain.toString()})()`, {
        eval: true,
        workerData: {
          role,
          peer,
          pool: this.pool,
          control: this.control,
          SLOT_BYTES,
          REGION_BASE,
        },
        transferList: [peer],
      });
      w.on("message", (m: { id: number; sha?: string; renamed?: boolean; error?: string }) =>
        this.onReply(m),
      );
      w.on("error", (e) => {
        this.broken = true;
        this.failAll(e);
      });
      w.unref();
      return w;
    };
    this.writer = start("writer", port1);
    this.hasher = start("hasher", port2);
  }

  /** A new file id; `hashed: false` when the file's header is rewritten in place later (hash on close). */
  open(path: string, hashed: boolean): number {
    const id = this.nextId++;
    if (hashed) this.hashed.add(id);
    this.post({ op: "open", id, path, hashed }, hashed);
    return id;
  }

  /**
   * A region of at least `bytes` (reused if a released one fits), or undefined when the process has
   * REGIONS already: the caller then keeps its own memory and its writes are copied as usual.
   */
  region(bytes: number): SharedRegion | undefined {
    let at = this.freeRegions.findIndex((r) => r.buffer.byteLength >= bytes);
    let r: { index: number; buffer: SharedArrayBuffer };
    if (at >= 0) r = this.freeRegions.splice(at, 1)[0];
    else {
      if (this.regions.size >= REGIONS) return undefined;
      r = { index: this.regions.size, buffer: new SharedArrayBuffer(bytes) };
      this.regions.set(r.buffer, r.index);
      const op: Op = { op: "region", id: 0, region: r.index, buffer: r.buffer };
      this.writer.postMessage(op);
      this.hasher.postMessage(op);
    }
    at = REGION_BASE + r.index;
    return {
      bytes: new Uint8Array(r.buffer),
      wait: () => this.waitZero(at),
      release: () => this.freeRegions.push(r),
    };
  }

  private waitZero(word: number): void {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const left = Atomics.load(this.control, word);
      if (left === 0) return;
      Atomics.wait(this.control, word, left, 1000);
      this.assertStarted();
      if (Date.now() > deadline) throw new Error("file I/O thread made no progress for 120 s");
    }
  }

  /** Queues bytes for file `id`: read in place from a region, else copied into free slots (waiting while all are in flight). */
  write(id: number, data: Uint8Array): void {
    const hashed = this.hashed.has(id);
    const region = this.regions.get(data.buffer);
    if (region !== undefined) {
      Atomics.add(this.control, REGION_BASE + region, hashed ? 2 : 1);
      this.post({ op: "dataRef", id, region, offset: data.byteOffset, length: data.length }, hashed);
      return;
    }
    for (let off = 0; off < data.length; off += SLOT_BYTES) {
      const length = Math.min(SLOT_BYTES, data.length - off);
      const slot = this.freeSlot();
      new Uint8Array(this.pool, slot * SLOT_BYTES, length).set(data.subarray(off, off + length));
      Atomics.store(this.control, slot, hashed ? 2 : 1);
      this.post({ op: "data", id, slot, length }, hashed);
    }
  }

  private freeSlot(): number {
    const slot = this.nextSlot;
    this.nextSlot = (this.nextSlot + 1) % SLOTS;
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const busy = Atomics.load(this.control, slot);
      if (busy === 0) return slot;
      Atomics.wait(this.control, slot, busy, 1000);
      this.assertStarted();
      if (Date.now() > deadline) throw new Error("file I/O thread made no progress for 120 s");
    }
  }

  writeAt(id: number, data: Uint8Array, position: number): void {
    this.writer.postMessage({ op: "writeAt", id, data: Uint8Array.from(data), position } satisfies Op);
  }

  /** Closes and renames `<path>.part` to path; resolves with the file's SHA-256. */
  close(id: number): Promise<string> {
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.keepAlive(true);
      this.post({ op: "close", id }, this.hashed.has(id));
    });
  }

  abort(id: number): void {
    this.post({ op: "abort", id }, this.hashed.has(id));
    this.pending.delete(id);
  }

  /** Returns once both threads have done everything asked so far (used before deleting files). */
  drain(): void {
    Atomics.store(this.control, FENCE, 0);
    this.writer.postMessage({ op: "fence" } satisfies Op);
    this.hasher.postMessage({ op: "fence" } satisfies Op);
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const done = Atomics.load(this.control, FENCE);
      if (done >= 2) return;
      Atomics.wait(this.control, FENCE, done, 1000);
      this.assertStarted();
      if (Date.now() > deadline) throw new Error("file I/O thread made no progress for 120 s");
    }
  }

  private assertStarted(): void {
    if (Atomics.load(this.control, READY) >= 2 || Date.now() - this.startedAt < START_LIMIT_MS) return;
    this.broken = true;
    throw new Error("the file I/O threads did not start; set ioThreads: false to write on this thread");
  }

  private post(op: Op, toHasher: boolean): void {
    this.writer.postMessage(op);
    if (toHasher) this.hasher.postMessage(op);
  }

  private onReply(m: { id: number; sha?: string; renamed?: boolean; error?: string }): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.error !== undefined) {
      this.pending.delete(m.id);
      this.keepAlive(this.pending.size > 0);
      p.reject(new Error(m.error));
      return;
    }
    if (m.sha !== undefined) p.sha = m.sha;
    if (m.renamed) p.renamed = true;
    if (p.sha !== undefined && p.renamed) {
      this.pending.delete(m.id);
      this.keepAlive(this.pending.size > 0);
      p.resolve(p.sha);
    }
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    this.keepAlive(false);
  }

  /** The threads keep the process alive only while a close() is awaited (an abandoned writer must not). */
  private keepAlive(on: boolean): void {
    for (const w of [this.writer, this.hasher]) {
      if (on) w.ref();
      else w.unref();
    }
  }
}

/**
 * The worker's program. Stringified into an eval'd worker (no file to locate in dist/, jest or
 * bundles), so it must be self-contained: everything comes from require() inside.
 */
function ioWorkerMain(): void {
  const { parentPort, workerData } = require("node:worker_threads");
  const fs = require("node:fs");
  const path = require("node:path");
  const crypto = require("node:crypto");
  const { role, peer, pool, control, SLOT_BYTES: slotBytes, REGION_BASE: regionBase } = workerData;
  const FENCE_WORD = regionBase - 2;
  const READY_WORD = regionBase - 1;
  const regions = new Map<number, Uint8Array>();
  const files = new Map<
    number,
    { path: string; fd?: number; hash?: import("node:crypto").Hash; hashed: boolean; failed?: boolean }
  >();
  // An I/O error fails its file only (later bytes for it are dropped); close() then rejects with it.
  const fail = (id: number, e: unknown) => {
    const f = files.get(id);
    if (f) f.failed = true;
    parentPort.postMessage({
      id,
      error: `${f ? `${f.path}: ` : ""}${e instanceof Error ? e.message : String(e)}`,
    });
  };
  const hashFile = (p: string): string => {
    const h = crypto.createHash("sha256");
    const fd = fs.openSync(p, "r");
    try {
      const buf = Buffer.allocUnsafe(8 << 20);
      for (;;) {
        const n = fs.readSync(fd, buf, 0, buf.length, null);
        if (n === 0) break;
        h.update(buf.subarray(0, n));
      }
    } finally {
      fs.closeSync(fd);
    }
    return h.digest("hex");
  };
  if (role === "hasher") {
    // Files the writer closed that must be hashed as written (their header changed after the data).
    peer.on("message", (m: { id: number; path: string }) => {
      try {
        parentPort.postMessage({ id: m.id, sha: hashFile(m.path) });
      } catch (e) {
        fail(m.id, e);
      }
    });
  }
  Atomics.add(control, READY_WORD, 1);
  parentPort.on("message", (m: Op) => {
    if (m.op === "fence") {
      Atomics.add(control, FENCE_WORD, 1);
      Atomics.notify(control, FENCE_WORD);
      return;
    }
    if (m.op === "region") {
      regions.set(m.region, new Uint8Array(m.buffer));
      return;
    }
    const id = m.id;
    try {
      if (m.op === "open") {
        const f: { path: string; fd?: number; hash?: import("node:crypto").Hash; hashed: boolean } = {
          path: m.path,
          hashed: m.hashed,
        };
        files.set(id, f);
        if (role === "writer") {
          fs.mkdirSync(path.dirname(m.path), { recursive: true });
          f.fd = fs.openSync(`${m.path}.part`, "w");
        } else f.hash = crypto.createHash("sha256");
        return;
      }
      const f = files.get(id);
      if (m.op === "data") {
        try {
          if (f && !f.failed) {
            const bytes = new Uint8Array(pool, m.slot * slotBytes, m.length);
            if (role === "writer") {
              let done = 0;
              while (done < bytes.length) done += fs.writeSync(f.fd, bytes, done, bytes.length - done);
            } else f.hash?.update(bytes);
          }
        } finally {
          Atomics.sub(control, m.slot, 1);
          Atomics.notify(control, m.slot);
        }
        return;
      }
      if (m.op === "dataRef") {
        try {
          if (f && !f.failed) {
            const bytes = (regions.get(m.region) as Uint8Array).subarray(m.offset, m.offset + m.length);
            if (role === "writer") {
              let done = 0;
              while (done < bytes.length) done += fs.writeSync(f.fd, bytes, done, bytes.length - done);
            } else f.hash?.update(bytes);
          }
        } finally {
          Atomics.sub(control, regionBase + m.region, 1);
          Atomics.notify(control, regionBase + m.region);
        }
        return;
      }
      if (!f || f.failed) return;
      if (m.op === "writeAt") fs.writeSync(f.fd, m.data, 0, m.data.length, m.position);
      else if (m.op === "close") {
        files.delete(id);
        if (role === "hasher") {
          parentPort.postMessage({ id, sha: f.hash?.digest("hex") });
          return;
        }
        fs.closeSync(f.fd);
        fs.renameSync(`${f.path}.part`, f.path);
        parentPort.postMessage({ id, renamed: true });
        if (!f.hashed) peer.postMessage({ id, path: f.path });
      } else if (m.op === "abort") {
        files.delete(id);
        if (role === "writer") {
          try {
            fs.closeSync(f.fd);
          } catch {
            // already closed
          }
          fs.rmSync(`${f.path}.part`, { force: true });
          fs.rmSync(f.path, { force: true });
        }
      }
    } catch (e) {
      fail(id, e);
    }
  });
}
