import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { stableStringify } from "../schema/fingerprint";

/** SHA-256 hex of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  return sha256FileSync(path);
}

export function sha256FileSync(path: string): string {
  // Synchronous 8 MiB reads: the file was just written and sits in the page cache; a read stream
  // spent most of its time idle between chunks.
  const h = createHash("sha256");
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(8 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(n === buf.length ? buf : buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return h.digest("hex");
}

/**
 * The content address of a write: schema fingerprint + format + options that change bytes + every
 * file's path and SHA-256 (the files are a pure function of the rows, so this covers the data).
 */
export function writeIdentity(input: {
  schemaFingerprint: string;
  format: string;
  options: Record<string, unknown>;
  files: { path: string; sha256: string }[];
}): string {
  return createHash("sha256")
    .update(stableStringify({ v: 1, ...input }))
    .digest("hex");
}
