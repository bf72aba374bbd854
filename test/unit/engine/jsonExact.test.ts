import { JsonNum, parseExactJson, stringifyExact } from "../../../provider/engine/jsonExact";

describe("parseExactJson", () => {
  it("keeps plain numbers where a double is exact and unambiguous, source text elsewhere", () => {
    const v = parseExactJson(
      '{"a": [0.5, -3, 1.0, 2.50, 1e3, 1.5e-3, 12345678901234567, 9223372036854775807, -0.0], "s": "x 1.0 \\"2.0\\" 3", "o": {"k": 10000000000000000}}',
    ) as Record<string, unknown>;
    const a = v.a as unknown[];
    expect(a[0]).toBe(0.5);
    expect(a[1]).toBe(-3);
    expect(a[2]).toEqual(new JsonNum("1.0"));
    expect(a[3]).toBe(2.5);
    expect(a[4]).toEqual(new JsonNum("1e3"));
    expect(a[5]).toBe(0.0015);
    expect(a[6]).toEqual(new JsonNum("12345678901234567"));
    expect(a[7]).toEqual(new JsonNum("9223372036854775807"));
    expect(a[8]).toEqual(new JsonNum("-0.0"));
    expect(v.s).toBe('x 1.0 "2.0" 3');
    expect(v.o).toEqual({ k: new JsonNum("10000000000000000") });
    expect(stringifyExact(v as never)).toBe(
      '{"a":[0.5,-3,1.0,2.5,1e3,0.0015,12345678901234567,9223372036854775807,-0.0],"s":"x 1.0 \\"2.0\\" 3","o":{"k":10000000000000000}}',
    );
  });

  it("leaves strings that merely look like markers alone and still rejects invalid JSON", () => {
    expect(parseExactJson('["\\u0000abc:1", 1.0]')).toEqual(["\u0000abc:1", new JsonNum("1.0")]);
    expect(() => parseExactJson("[1.0,")).toThrow();
    expect(() => parseExactJson("[-Infinity]")).toThrow();
  });
});
