import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/** Buffered sequential writes to `<path>.part`, renamed to `<path>` only when complete. */
export class FileSink {
  private fd: number;
  private chunks: (string | Uint8Array)[] = [];
  private pending = 0;
  private closed = false;
  written = 0;
  constructor(
    readonly path: string,
    private readonly flushAt = 4 << 20,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(`${path}.part`, "w");
  }

  write(data: string | Uint8Array, bytes: number): void {
    this.chunks.push(data);
    this.pending += bytes;
    this.written += bytes;
    if (this.pending >= this.flushAt) this.flush();
  }

  /** Large binary blocks skip the buffer. */
  writeDirect(data: Uint8Array): void {
    this.flush();
    let done = 0;
    while (done < data.length) done += writeSync(this.fd, data, done, data.length - done);
    this.written += data.length;
  }

  writeAt(data: Uint8Array, position: number): void {
    this.flush();
    writeSync(this.fd, data, 0, data.length, position);
  }

  flush(): void {
    if (this.chunks.length === 0) return;
    const buf = Buffer.concat(this.chunks.map((c) => (typeof c === "string" ? Buffer.from(c, "utf8") : c)));
    let done = 0;
    while (done < buf.length) done += writeSync(this.fd, buf, done, buf.length - done);
    this.chunks = [];
    this.pending = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
    this.closed = true;
    renameSync(`${this.path}.part`, this.path);
  }

  abort(): void {
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
