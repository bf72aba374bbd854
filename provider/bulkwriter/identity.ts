import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stableStringify } from "../schema/fingerprint";

/** SHA-256 hex of a file, streamed. */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash("sha256");
    createReadStream(path, { highWaterMark: 4 << 20 })
      .on("data", (c) => h.update(c))
      .on("error", reject)
      .on("end", () => resolve(h.digest("hex")));
  });
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
