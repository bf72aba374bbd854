/**
 * The value comparison can fail: the scalars case's files (our writer, Parquet) are imported into the
 * real server and compared with a reference in which four values were changed by the smallest step
 * their type allows: a FLOAT by one ulp, one float32 of a vector by one ulp, a VARCHAR to the same text
 * in another Unicode normal form (same glyphs, other bytes) and an integer inside a JSON value by one
 * beyond 2^53. Exactly those four values must be reported, by row and field; the unchanged reference
 * passes in values.test.ts.
 */
import { normalizeSchema } from "../../provider/schema";
import { casesFor } from "./cases";
import { type CaseReport, dropCaseFiles, prepareCase, type Row, runCases, writeReference } from "./harness";

jest.setTimeout(10 * 60_000);

const NAME = "corrupted_reference";

/** The next float32 above x. */
function nextFloat32(x: number): number {
  const f = new Float32Array([x]);
  new Uint32Array(f.buffer)[0] += 1;
  return f[0];
}

let report: CaseReport;
let source: Row[];

beforeAll(async () => {
  const input = { ...casesFor("parquet", ["scalars"])[0], name: NAME, pymilvus: false };
  source = input.rows;
  const spec = await prepareCase(input);
  const changed = source.map((r) => ({ ...r }));
  changed[1].vc = (source[1].vc as string).normalize("NFD");
  changed[2].f = nextFloat32(source[2].f as number);
  const vec = Float32Array.from(source[4].vec as Float32Array);
  vec[3] = nextFloat32(vec[3]);
  changed[4].vec = vec;
  changed[11].js = { ...(source[11].js as Record<string, unknown>), big: 9007199254740992n };
  writeReference(spec.reference, normalizeSchema(input.schema), changed);
  [report] = runCases([spec], 1);
});

afterAll(() => dropCaseFiles(NAME));

it("the values changed in the reference are in the source as the test assumes", () => {
  expect(source[1].vc).toBe("é".repeat(6));
  expect(source[1].vc).not.toBe((source[1].vc as string).normalize("NFD"));
  expect(source[2].f).toBe(1.5);
  expect((source[11].js as { big: bigint }).big).toBe(9007199254740993n);
});

it("reports exactly the four changed values (row, field, expected vs stored) and nothing else", () => {
  expect(report.imported).toBe(source.length);
  expect(report.ok).toBe(false);
  expect(report.problems).toEqual([
    expect.stringMatching(/^row 2 \(id=-?\d+\) vc: expected 'e\u0301/),
    expect.stringMatching(/^row 3 \(id=-?\d+\) f: expected 1\.5000001192092896, got (np\.float32\()?1\.5\b/),
    expect.stringMatching(/^row 5 \(id=-?\d+\) vec: vector differs/),
    expect.stringMatching(/^row 12 \(id=-?\d+\) js: expected \{.*'big': 9007199254740992\b/),
  ]);
});
