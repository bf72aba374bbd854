import { normalizeSchema } from "../../../provider/schema";
import {
  bfloat16BitsToNumber,
  DataValidationError,
  float16BitsToNumber,
  float32ToBFloat16Bits,
  float32ToFloat16Bits,
  IssueCollector,
  parseJsonExact,
  RowValidator,
  type SparseVector,
  validateColumns,
  validateRows,
} from "../../../provider/validate";
import { allTypesSchema, mediumArticlesSchema } from "../fixtures/schemas";

function errorOf(fn: () => unknown): DataValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataValidationError) return e;
    throw e;
  }
  throw new Error("expected a DataValidationError");
}

const goodRow = () => ({
  id: 1n,
  b: true,
  i8: -128,
  i16: 32767,
  i32: 5,
  i64: 9223372036854775807n,
  f: 0.1,
  d: 1 / 3,
  vc: "héllo",
  js: { k: [1, 2], big: 12345678901234567890n },
  fv: [0.1, 0.2, 0.3, 0.4],
  bv: [0xa1, 0xf0],
  hv: [1.5, -2],
  bfv: [0.1, 3],
  i8v: [1, -2, 127],
  arr: [1, 2],
  sarr: ["ab", "é"],
  sp: { "9": 0.5, "3": 0.25 },
  dyn_x: 7,
});

describe("RowValidator", () => {
  it("converts every type into its storage form", () => {
    const batch = validateRows(allTypesSchema(), [goodRow(), { ...goodRow(), id: 2, nul: 4, dflt: null }]);
    expect(batch.length).toBe(2);
    const col = (name: string) => batch.columns.find((c) => c.field.name === name)!;
    expect(Array.from(col("id").values as BigInt64Array)).toEqual([1n, 2n]);
    expect((col("i64").values as BigInt64Array)[0]).toBe(9223372036854775807n);
    expect((col("f").values as Float32Array)[0]).toBe(Math.fround(0.1));
    expect(col("js").values[0]).toBe('{"k":[1,2],"big":12345678901234567890}');
    expect(Array.from(col("bv").values as Uint8Array).slice(0, 2)).toEqual([0xa1, 0xf0]);
    expect(
      Array.from(col("hv").values as Uint16Array)
        .slice(0, 2)
        .map(float16BitsToNumber),
    ).toEqual([1.5, -2]);
    const sp = (col("sp").values as SparseVector[])[0];
    expect(Array.from(sp.indices)).toEqual([3, 9]);
    expect(Array.from(sp.values)).toEqual([0.25, 0.5]);
    expect(Array.from(col("nul").valid!)).toEqual([0, 1]);
    expect(col("dflt").values).toEqual(["zz", "zz"]);
    expect(batch.meta).toEqual(['{"dyn_x":7}', '{"dyn_x":7}']);
  });

  it("packs a list of dim bits MSB-first like numpy.packbits", () => {
    const b = validateRows(allTypesSchema(), [
      { ...goodRow(), bv: [1, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0] },
    ]);
    expect(Array.from(b.columns.find((c) => c.field.name === "bv")!.values as Uint8Array)).toEqual([
      0xa1, 0xf0,
    ]);
  });

  it("reports every bad value with file, row, field, expected and got", () => {
    const rows = [
      { ...goodRow(), i8: 128, vc: "ééééééééé" /* 9 chars, 18 bytes */ },
      { ...goodRow(), fv: [0.1, Number.NaN, 0.3, 0.4], i64: 2 ** 63 },
      { ...goodRow(), id: undefined, hv: [70000, 1] },
      { ...goodRow(), sp: { "1": -0.5 }, arr: [1, 2, 3, 4, 5] },
    ];
    const e = errorOf(() => validateRows(allTypesSchema(), rows, "data.json"));
    expect(e.issues.map((i) => `${i.row}:${i.field}`)).toEqual([
      "1:i8",
      "1:vc",
      "2:i64",
      "2:fv",
      "3:id",
      "3:hv",
      "4:arr",
      "4:sp",
    ]);
    expect(e.message).toContain(
      "data.json:1:vc: expected VARCHAR of at most 16 UTF-8 bytes, got 18 bytes (9 characters)",
    );
    expect(e.message).toContain(
      "data.json:2:fv: expected finite float vector elements, got number NaN at index 1",
    );
    expect(e.message).toContain(
      "data.json:3:id: expected a INT64 value (field is required), got nothing (missing)",
    );
    expect(e.message).toContain("data.json:4:sp: expected non-negative sparse values, got -0.5 at index 1");
    expect(e.message).toMatch(
      /data.json:2:i64: expected INT64 as BigInt or exact digits, got number 9223372036854776000 beyond 2\^53/,
    );
  });

  it("rejects extra fields without the dynamic field and the auto_id primary key", () => {
    const s = normalizeSchema({
      fields: [
        { name: "id", dataType: "INT64", isPrimary: true, autoId: true },
        { name: "v", dataType: "FLOAT_VECTOR", dim: 2 },
      ],
    });
    const e = errorOf(() => validateRows(s, [{ id: 5, v: [1, 2], extra: 1 }]));
    expect(e.issues.map((i) => i.field)).toEqual(["id", "extra"]);
  });

  it("stops collecting at the limit but counts everything", () => {
    const rows = Array.from({ length: 50 }, () => ({ id: "x", v: [1, 2] }));
    const s = mediumArticlesSchema(2);
    const issues = new IssueCollector(10);
    const v = new RowValidator(s);
    for (const [i, r] of rows.entries()) v.add(r, { file: "f", row: i + 1 }, issues);
    expect(issues.issues).toHaveLength(10);
    expect(issues.total).toBeGreaterThan(50);
    expect(() => issues.throwIfAny()).toThrow(/and \d+ more/);
  });
});

describe("validateColumns", () => {
  it("takes typed arrays without copying and checks floats in one pass", () => {
    const s = mediumArticlesSchema(2);
    const vec = new Float32Array([1, 2, 3, 4]);
    const cols = {
      id: new BigInt64Array([1n, 2n]),
      title_vector: vec,
      title: ["a", "b"],
      link: ["", ""],
      publication: ["p", "q"],
      reading_time: [1, 2],
      claps: new BigInt64Array(2),
      responses: [3n, 4n],
      extra_int: [0, 0],
    };
    const issues = new IssueCollector();
    const batch = validateColumns(s, cols, 2, { file: "cols", row: 1 }, issues)!;
    expect(issues.ok).toBe(true);
    expect(batch.columns[1].values).toBe(vec);
    vec[3] = Number.POSITIVE_INFINITY;
    expect(validateColumns(s, cols, 2, { file: "cols", row: 1 }, issues)).toBeUndefined();
    expect(issues.issues[0]).toEqual({
      file: "cols",
      row: 2,
      field: "title_vector",
      expected: "finite FLOAT_VECTOR values",
      got: "number Infinity at index 1",
    });
  });
});

describe("half floats and exact JSON", () => {
  it("rounds FLOAT16 to nearest even and truncates BFLOAT16 like Milvus", () => {
    expect(float32ToFloat16Bits(0.1)).toBe(0x2e66);
    expect(float16BitsToNumber(0x2e66)).toBe(0.0999755859375);
    expect(float32ToFloat16Bits(65504)).toBe(0x7bff);
    expect(float32ToFloat16Bits(65520)).toBe(0x7c00);
    expect(float32ToFloat16Bits(2 ** -24)).toBe(1);
    expect(float32ToBFloat16Bits(0.1)).toBe(0x3dcc);
    expect(bfloat16BitsToNumber(0x3dcc)).toBe(0.099609375);
  });

  it("parses integers beyond 2^53 as BigInt", () => {
    expect(parseJsonExact('{"a": 9223372036854775807, "b": 1.5, "c": 7}')).toEqual({
      a: 9223372036854775807n,
      b: 1.5,
      c: 7,
    });
  });
});
