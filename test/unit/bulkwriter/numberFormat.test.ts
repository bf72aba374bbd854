import { formatFloat32 } from "../../../provider/bulkwriter";

describe("formatFloat32", () => {
  it("prints the shortest text that reads back as the same float32", () => {
    const cases: [number, string][] = [
      [Math.fround(0.1), "0.1"],
      [1.5, "1.5"],
      [-2, "-2"],
      [0, "0"],
      [-0, "-0"],
      [Math.fround(3.4028234663852886e38), "3.4028235e+38"],
      [Math.fround(1e-45), "1e-45"],
      [Math.fround(123456.7), "123456.7"],
      [16777216, "16777216"],
      [Math.fround(1e-7), "1e-7"],
      [Math.fround(0.000001), "0.000001"],
    ];
    for (const [v, s] of cases) expect([v, formatFloat32(v)]).toEqual([v, s]);
  });

  it("round-trips random float32 values with at most 9 significant digits", () => {
    const buf = new Float32Array(1);
    const u = new Uint32Array(buf.buffer);
    let seed = 12345;
    const bad: string[] = [];
    for (let i = 0; i < 100000; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      u[0] = seed;
      const v = buf[0];
      if (!Number.isFinite(v)) continue;
      const s = formatFloat32(v);
      const significant = s.replace(/e.*$/, "").replace(/[-.]/g, "").replace(/^0+/, "").replace(/0+$/, "");
      if (!Object.is(Math.fround(Number(s)), v) || significant.length > 9) bad.push(`${v} -> ${s}`);
    }
    expect(bad).toEqual([]);
  });
});
