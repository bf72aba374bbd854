import { formatFloat32 } from "../../../provider/bulkwriter";
import { writeFloat32Search } from "../../../provider/bulkwriter/float32Search";
import { writeFloat32s } from "../../../provider/bulkwriter/numberFormat";

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

describe("writeFloat32s (the vector fast path)", () => {
  const text = (values: Float32Array): string => {
    const out = Buffer.alloc(17 * values.length + 16);
    const view = new DataView(out.buffer, out.byteOffset, out.length);
    const bits = new Int32Array(values.buffer, values.byteOffset, values.length);
    return out.toString("latin1", 0, writeFloat32s(out, view, 0, values, bits, 0, values.length));
  };
  const search = (values: Float32Array): string => {
    const out = Buffer.alloc(17 * values.length + 16);
    let pos = 0;
    for (let i = 0; i < values.length; i++) {
      if (i) out[pos++] = 44;
      pos = writeFloat32Search(out, pos, values[i]);
    }
    return out.toString("latin1", 0, pos);
  };

  it("gives the search's bytes for random bit patterns, both signs", () => {
    const values = new Float32Array(200000);
    const u = new Uint32Array(values.buffer);
    let seed = 987654321;
    for (let i = 0; i < u.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      u[i] = seed;
    }
    expect(text(values)).toBe(search(values));
  });

  it("gives the search's bytes for vector-like values and the edges of its fast range", () => {
    const values: number[] = [
      0, -0, 1, -1, 0.5, 1e-6, 9.999999e-7, 1e-4, 0.1, 0.99999994, 12345.678, 99999.99,
    ];
    for (let e = -45; e <= 38; e++)
      for (const m of [1, 1.5, 2, 5, 9.999]) values.push(m * 10 ** e, -m * 10 ** e);
    for (let b = 0; b < 255; b++) values.push(2 ** (b - 149)); // every power of two, subnormals included
    let seed = 42;
    for (let i = 0; i < 100000; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      values.push((seed / 2 ** 32) * 2 - 1);
    }
    values.push(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
    const f = Float32Array.from(values);
    expect(text(f)).toBe(search(f));
  });
});
