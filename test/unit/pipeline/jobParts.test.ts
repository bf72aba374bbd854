import { jobImportsPart, splitIntoParts } from "../../../provider/pipeline/jobParts";

const g = (n: number) => Array.from({ length: n }, (_, i) => [`s3://b/pre/ID/data/${i + 1}.parquet`]);

describe("splitIntoParts", () => {
  it("keeps one part, keyed by the identity alone, when the files fit one request", () => {
    const parts = splitIntoParts(g(3), [10, 10, 10], { maxFiles: 1024 }, "ID");
    expect(parts).toEqual([{ index: 0, groups: g(3), bytes: 30, key: "ID" }]);
  });

  it("splits in order by file count and by total bytes, each part keyed by its place", () => {
    const byCount = splitIntoParts(g(5), [1, 1, 1, 1, 1], { maxFiles: 2 }, "ID");
    expect(byCount.map((p) => [p.groups.length, p.key])).toEqual([
      [2, "ID/part-1-of-3"],
      [2, "ID/part-2-of-3"],
      [1, "ID/part-3-of-3"],
    ]);
    expect(byCount.flatMap((p) => p.groups)).toEqual(g(5));
    const bySize = splitIntoParts(g(4), [60, 50, 200, 10], { maxFiles: 10, maxTotalBytes: 100 }, "ID");
    // A group over the byte limit on its own still gets a part (the per-file limit is the service's).
    expect(bySize.map((p) => p.bytes)).toEqual([60, 50, 200, 10]);
    expect(
      splitIntoParts(g(4), [30, 30, 30, 30], { maxFiles: 10, maxTotalBytes: 100 }, "ID").map((p) => p.bytes),
    ).toEqual([90, 30]);
  });

  it("matches a listed job to its part by the file path from the identity on", () => {
    const [p1, p2] = splitIntoParts(g(4), [1, 1, 1, 1], { maxFiles: 2 }, "ID");
    const listed = ["pre/ID/data/3.parquet", "pre/ID/data/4.parquet"]; // bucket-relative names
    expect(jobImportsPart(listed, p1, "ID")).toBe(false);
    expect(jobImportsPart(listed, p2, "ID")).toBe(true);
  });
});
