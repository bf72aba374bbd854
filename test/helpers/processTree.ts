import { execFileSync } from "node:child_process";

/** Every descendant of pid (a pulumi CLI's language host and provider plugins), deepest first. */
export function descendants(pid: number): number[] {
  let kids: number[] = [];
  try {
    kids = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    kids = []; // pgrep exits 1 when pid has no children
  }
  return kids.flatMap((k) => [...descendants(k), k]);
}
