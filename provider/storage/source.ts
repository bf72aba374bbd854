/**
 * What an upload reads from: a file on disk or a buffer in memory. A Readable is spooled to a temp
 * file first, because a verified, resumable upload needs the content's SHA-256 before sending (to
 * skip identical objects) and needs to re-read parts when a request is retried.
 */
import { createWriteStream, promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export type UploadSource =
  | { kind: "file"; path: string; size: number }
  | { kind: "buffer"; buffer: Buffer; size: number };

export async function fileSource(localPath: string): Promise<UploadSource> {
  const st = await fsp.stat(localPath);
  if (!st.isFile()) throw new Error(`${localPath} is not a regular file`);
  return { kind: "file", path: localPath, size: st.size };
}

/** Bytes [start, end) of the source (read into `into` when given and large enough; buffers are not copied). */
export async function readRange(
  source: UploadSource,
  start: number,
  end: number,
  into?: Buffer,
): Promise<Buffer> {
  if (source.kind === "buffer") return source.buffer.subarray(start, end);
  const fh = await fsp.open(source.path, "r");
  try {
    const buf =
      into && into.length >= end - start ? into.subarray(0, end - start) : Buffer.allocUnsafe(end - start);
    let off = 0;
    while (off < buf.length) {
      const { bytesRead } = await fh.read(buf, off, buf.length - off, start + off);
      if (bytesRead === 0) throw new Error(`${source.path} shrank while uploading (expected ${end} bytes)`);
      off += bytesRead;
    }
    return buf;
  } finally {
    await fh.close();
  }
}

/** Writes a stream to a private temp file; returns its path and a cleanup function. */
export async function spoolToTemp(body: Readable): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "pmi-spool-"));
  const file = path.join(dir, "body");
  const cleanup = () => fsp.rm(dir, { recursive: true, force: true });
  try {
    await pipeline(body, createWriteStream(file));
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { path: file, cleanup };
}
