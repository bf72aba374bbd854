import { createHash, type Hash } from "node:crypto";
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { sha256FileSync } from "./identity";
import type { IoThreads } from "./ioThreads";

/** Small writes are gathered up to this many bytes per write(2). */
const MAX_BUFFER = 8 << 20;
const FIRST_BUFFER = 64 << 10;
/** Blocks this large are written as they are: copying them into the buffer costs more than the syscall. */
const DIRECT_BYTES = 256 << 10;

/**
 * Buffered sequential writes to `<path>.part`, renamed to `<path>` only when complete. SHA-256 is
 * computed from the same bytes as they are written, so commit needs no second read of the file.
 * A sink created with `rewritesHeader` (NumPy: the shape is known at the end) skips the running hash,
 * which a positional rewrite would invalidate, and hashes the finished file on close().
 */
export class FileSink {
  private fd: number;
  private readonly rewritesHeader: boolean;
  private buf: Buffer;
  private used = 0;
  private hash: Hash | undefined;
  private closed = false;
  /** Bytes written so far (buffered included). */
  written = 0;
  private readonly io: IoThreads | undefined;
  private readonly ioId: number = 0;
  constructor(
    readonly path: string,
    opts: { rewritesHeader?: boolean; io?: IoThreads } = {},
  ) {
    this.rewritesHeader = opts.rewritesHeader === true;
    this.io = opts.io;
    if (this.io) {
      // Writing and hashing happen on the I/O threads (see IoThreads).
      this.fd = -1;
      this.ioId = this.io.open(path, !this.rewritesHeader);
    } else {
      if (!this.rewritesHeader) this.hash = createHash("sha256");
      mkdirSync(dirname(path), { recursive: true });
      this.fd = openSync(`${path}.part`, "w");
    }
    // Starts small (a segment has one sink per NumPy field) and doubles up to MAX_BUFFER as it fills.
    this.buf = Buffer.allocUnsafe(FIRST_BUFFER);
  }

  /** Appends bytes; large blocks go straight to the file (after what is buffered), small ones are copied. */
  write(data: Uint8Array): void {
    const n = data.length;
    if (n >= DIRECT_BYTES) {
      this.flush();
      this.writeFully(data);
    } else {
      this.reserve(n);
      this.buf.set(data, this.used);
      this.used += n;
    }
    this.written += n;
  }

  /** Appends UTF-8 text. */
  writeText(text: string): void {
    if (text.length * 3 >= DIRECT_BYTES) {
      this.write(Buffer.from(text, "utf8"));
      return;
    }
    this.reserve(text.length * 3);
    const n = this.buf.write(text, this.used, "utf8");
    this.used += n;
    this.written += n;
  }

  /** Room for n more bytes (n < DIRECT_BYTES): flush when full, growing the buffer while small. */
  private reserve(n: number): void {
    if (this.used + n <= this.buf.length) return;
    this.flush();
    if (this.buf.length < MAX_BUFFER)
      this.buf = Buffer.allocUnsafe(Math.min(MAX_BUFFER, this.buf.length * 4));
  }

  /** Overwrites bytes already written; only for sinks created with `rewritesHeader`. */
  writeAt(data: Uint8Array, position: number): void {
    if (!this.rewritesHeader) throw new Error("writeAt on a hashing sink: create it with rewritesHeader");
    this.flush();
    if (this.io) this.io.writeAt(this.ioId, data, position);
    else writeSync(this.fd, data, 0, data.length, position);
  }

  flush(): void {
    if (this.used === 0) return;
    const b = this.buf.subarray(0, this.used);
    this.used = 0;
    this.writeFully(b);
  }

  private writeFully(data: Uint8Array): void {
    if (this.io) {
      this.io.write(this.ioId, data);
      return;
    }
    this.hash?.update(data);
    let done = 0;
    while (done < data.length) done += writeSync(this.fd, data, done, data.length - done);
  }

  /** Completes the file; returns its SHA-256 (hex), once the I/O threads are done when they write it. */
  close(): string | Promise<string> {
    this.flush();
    if (this.io) {
      this.closed = true;
      const sha = this.io.close(this.ioId);
      sha.catch(() => {}); // awaited by commit(); until then a failure must not be "unhandled"
      return sha;
    }
    closeSync(this.fd);
    this.closed = true;
    renameSync(`${this.path}.part`, this.path);
    return this.hash ? this.hash.digest("hex") : sha256FileSync(this.path);
  }

  abort(): void {
    if (this.io) {
      this.io.abort(this.ioId);
      return;
    }
    if (!this.closed) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
    }
    rmSync(`${this.path}.part`, { force: true });
    rmSync(this.path, { force: true });
  }
}
