/**
 * Value cases against the real Milvus 2.3.5, in JSON, Parquet and NumPy: every case is written by our
 * writer, imported, and every stored value compared with the source (float32 bits, UTF-8 bytes, JSON
 * deep-equal with types kept apart); the same rows written by pymilvus 2.3.7's LocalBulkWriter go into
 * a second collection and a top-10 search must agree. All cases run in one pass so the server's
 * waits overlap (milvus_case.py runs them in parallel processes).
 */
import fs from "node:fs";
import { caseKeys, caseName, pymilvusRefusal } from "./cases";
import { type CaseReport, dropCaseFiles, type Format, prepareOutsideJest, runCases } from "./harness";

jest.setTimeout(20 * 60_000);

const FORMATS: Format[] = ["json", "parquet", "numpy"];
const only = process.env.PMI_REALMILVUS_CASES?.split(",");
const planned = FORMATS.flatMap((format) => caseKeys(format, only).map((key) => ({ key, format })));
const reports = new Map<string, CaseReport>();
const rowCounts = new Map<string, number>();

beforeAll(() => {
  const { specs, failures } = prepareOutsideJest(planned);
  for (const [name, message] of Object.entries(failures))
    reports.set(name, { name, ok: false, problems: [message], seconds: 0 });
  for (const s of specs) rowCounts.set(s.name, s.rowCount);
  // Biggest first, so the long cases do not start last.
  specs.sort((a, b) => b.rowCount - a.rowCount);
  for (const r of runCases(specs)) reports.set(r.name, r);
  const log = process.env.PMI_REALMILVUS_TIMINGS;
  if (log) {
    for (const s of specs)
      fs.appendFileSync(log, `${JSON.stringify({ ...reports.get(s.name), prepared: s.prepareSeconds })}\n`);
  }
});

afterAll(() => {
  for (const { key, format } of planned) dropCaseFiles(caseName(format, key));
});

describe.each(FORMATS)("%s", (format) => {
  describe.each(caseKeys(format, only))("%s", (key) => {
    const name = caseName(format, key);
    const refused = pymilvusRefusal(format, key);

    it("stores every value of every row exactly", () => {
      const r = reports.get(name)!;
      expect(r.problems).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.rows).toBe(rowCounts.get(name));
      expect(r.imported).toBe(rowCounts.get(name));
      expect(r.values).toBeGreaterThanOrEqual(2 * rowCounts.get(name)!);
      expect(r.segmentRows).toBe(rowCounts.get(name));
      if (key === "segments") {
        // Several files from one writer, each its own import request (2.3 takes one JSON/Parquet
        // file per request); the server may compact the small segments it made from them.
        expect(r.files).toBeGreaterThan(2);
        expect(r.segments).toBeGreaterThan(1);
      }
      if (key === "partitionKey") {
        expect(r.nonEmpty).toBeGreaterThan(1);
        expect(r.keysLookedUp).toBeGreaterThanOrEqual(5);
      }
    });

    if (refused) {
      it("is refused by the server when pymilvus 2.3.7 writes the same rows (a documented difference)", () => {
        expect(reports.get(name)!.search?.pymilvusFailure).toMatch(refused);
      });
    } else {
      it("answers a top-10 search like the same rows written by pymilvus 2.3.7", () => {
        const r = reports.get(name)!;
        expect(r.search?.pymilvusFailure).toBeNull();
        expect(r.search?.queries).toBe(5);
        expect(r.search?.differing).toBe(0);
      });
    }
  });
});
