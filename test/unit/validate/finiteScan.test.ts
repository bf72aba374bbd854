import { normalizeSchema } from "../../../provider/schema";
import { IssueCollector, validateColumns } from "../../../provider/validate";

const schema = normalizeSchema({
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "d", dataType: "DOUBLE" },
    { name: "f", dataType: "FLOAT" },
    { name: "v", dataType: "FLOAT_VECTOR", dim: 2 },
  ],
});

function check(d: number, f: number): string[] {
  const issues = new IssueCollector();
  validateColumns(
    schema,
    {
      id: new BigInt64Array([1n, 2n]),
      d: new Float64Array([0, d]),
      f: new Float32Array([f, 0]),
      v: new Float32Array([1, 2, 3, f]),
    },
    2,
    { file: "cols", row: 1 },
    issues,
  );
  return issues.issues.map((i) => `${i.row}:${i.field}:${i.got}`);
}

describe("typed float columns: the bit-level finite scan", () => {
  it("accepts extremes and subnormals, locates NaN/±Inf in DOUBLE, FLOAT and vector columns", () => {
    expect(check(1.7976931348623157e308, 3.4028234663852886e38)).toEqual([]);
    expect(check(5e-324, 1e-45)).toEqual([]);
    expect(check(-0, -0)).toEqual([]);
    expect(check(Number.POSITIVE_INFINITY, 1)).toEqual(["2:d:number Infinity"]);
    expect(check(Number.NaN, 1)).toEqual(["2:d:number NaN"]);
    expect(check(1, Number.NEGATIVE_INFINITY)).toEqual([
      "1:f:number -Infinity",
      "2:v:number -Infinity at index 1",
    ]);
  });
});
