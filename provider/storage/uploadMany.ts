/**
 * Uploads many files with bounded parallelism across files (each large file is also parallel
 * inside, by parts) and one aggregated progress stream. Small files dominate wall time through
 * round trips, so overlapping them matters more than part size.
 */
import { forEachLimit } from "./base";
import type { ObjectStore, PutResult } from "./types";

export interface UploadItem {
  key: string;
  localPath: string;
  sha256?: string;
  contentType?: string;
}

export interface UploadManyOptions {
  /** Files in flight at once (default 16). */
  concurrency?: number;
  onProgress?: (p: { bytesDone: number; bytesTotal: number; filesDone: number; filesTotal: number }) => void;
  signal?: AbortSignal;
}

export interface UploadManyResult {
  results: PutResult[];
  bytes: number;
  uploaded: number;
  skipped: number;
}

export async function uploadFiles(
  store: ObjectStore,
  items: UploadItem[],
  opts: UploadManyOptions = {},
): Promise<UploadManyResult> {
  const fs = await import("node:fs/promises");
  const sizes = await Promise.all(items.map(async (i) => (await fs.stat(i.localPath)).size));
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  const doneByFile = new Array<number>(items.length).fill(0);
  let bytesDone = 0;
  let filesDone = 0;
  const results = new Array<PutResult>(items.length);
  const report = () => opts.onProgress?.({ bytesDone, bytesTotal, filesDone, filesTotal: items.length });
  await forEachLimit(items, opts.concurrency ?? 16, async (item, i) => {
    results[i] = await store.putFile(item.key, item.localPath, {
      sha256: item.sha256,
      contentType: item.contentType,
      signal: opts.signal,
      onProgress: (p) => {
        bytesDone += p.bytesDone - doneByFile[i];
        doneByFile[i] = p.bytesDone;
        report();
      },
    });
    filesDone++;
    report();
  });
  const skipped = results.filter((r) => r.skipped).length;
  return { results, bytes: bytesTotal, uploaded: results.length - skipped, skipped };
}
