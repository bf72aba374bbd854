/**
 * Imports larger than one request allows: the file groups are split, in order, into parts that each
 * fit the target's request limits (file count, total bytes), one job per part. A part's identity is
 * the run's identity plus its place ("<identity>/part-2-of-3"), which is the idempotency key of its
 * job, so a retry finds or dedupes each part's job instead of starting it twice.
 */
import type { RequestLimits } from "../targets/types";

export interface JobPart {
  /** 0-based index of the part. */
  index: number;
  /** The file groups of this part, as startImport takes them. */
  groups: string[][];
  bytes: number;
  /** The idempotency key of the part's job: the run's identity alone when there is one part. */
  key: string;
}

/**
 * Splits `groups` (with their sizes in bytes, same order) into parts within `limits`. A group larger
 * than maxTotalBytes on its own gets a part of its own (a per-file limit is the service's to report).
 */
export function splitIntoParts(
  groups: string[][],
  sizes: number[],
  limits: RequestLimits,
  identity: string,
): JobPart[] {
  if (groups.length !== sizes.length) throw new Error("splitIntoParts: one size per group");
  if (!(limits.maxFiles >= 1))
    throw new Error(`request limit maxFiles must be at least 1, got ${limits.maxFiles}`);
  const cut: { groups: string[][]; bytes: number }[] = [];
  let cur: { groups: string[][]; bytes: number } = { groups: [], bytes: 0 };
  for (let i = 0; i < groups.length; i++) {
    const full =
      cur.groups.length >= limits.maxFiles ||
      (limits.maxTotalBytes !== undefined &&
        cur.groups.length > 0 &&
        cur.bytes + sizes[i] > limits.maxTotalBytes);
    if (full) {
      cut.push(cur);
      cur = { groups: [], bytes: 0 };
    }
    cur.groups.push(groups[i]);
    cur.bytes += sizes[i];
  }
  if (cur.groups.length > 0 || cut.length === 0) cut.push(cur);
  const n = cut.length;
  return cut.map((p, index) => ({
    index,
    groups: p.groups,
    bytes: p.bytes,
    key: n === 1 ? identity : `${identity}/part-${index + 1}-of-${n}`,
  }));
}

/** Whether a job's file names show it imports `part`: its first file's path from the identity on. */
export function jobImportsPart(fileNames: string[], part: JobPart, identity: string): boolean {
  const first = part.groups[0]?.[0];
  if (!first) return false;
  const at = first.indexOf(identity);
  const tail = at >= 0 ? first.slice(at) : first;
  return fileNames.some((f) => f.includes(tail));
}
