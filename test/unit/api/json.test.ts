import { parseJsonLossless, stringifyJson, toBigInt } from "../../../provider/api/json";

describe("lossless int64 JSON", () => {
  test("integers beyond 2^53 parse to BigInt, safe numbers stay numbers", () => {
    const v = parseJsonLossless(
      '{"a":9223372036854775807,"b":42,"c":1.5,"d":-9007199254740993,"e":"123","f":1e300}',
    ) as Record<string, unknown>;
    expect(v.a).toBe(9223372036854775807n);
    expect(v.b).toBe(42);
    expect(v.c).toBe(1.5);
    expect(v.d).toBe(-9007199254740993n);
    expect(v.e).toBe("123");
    expect(v.f).toBe(1e300);
  });
  test("BigInt serialises as a raw number", () => {
    expect(stringifyJson({ id: 9223372036854775807n, list: [1n] })).toBe(
      '{"id":9223372036854775807,"list":[1]}',
    );
  });
  test("toBigInt accepts strings, numbers, bigints", () => {
    expect(toBigInt("-9223372036854775808")).toBe(-9223372036854775808n);
    expect(toBigInt(7)).toBe(7n);
    expect(toBigInt(7n)).toBe(7n);
    expect(toBigInt("7.5")).toBeUndefined();
    expect(toBigInt(7.5)).toBeUndefined();
    expect(toBigInt(null)).toBeUndefined();
  });
});
