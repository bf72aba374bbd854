/** Deterministic rows for the all-types schema (test fixture, shared with oracle tests). */
export function allTypesRows(n: number, opts: { numpySafe?: boolean } = {}): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const r: Record<string, unknown> = {
      id: BigInt(i) * 1000000007n + 9007199254740993n,
      b: i % 2 === 0,
      i8: (i % 256) - 128,
      i16: -32768 + i,
      i32: 2147483647 - i,
      i64: -9223372036854775808n + BigInt(i),
      f: i + 0.1,
      d: i / 3,
      vc: ["", "héllo", "日本語", 'a,b"c\nd', "😀x"][i % 5],
      js: i % 3 === 0 ? { k: i, s: "ü", nested: [1, { a: null }] } : i % 3 === 1 ? [1, "two"] : 42,
      fv: [i * 0.1, -1.5, 3.4028234663852886e38, 1e-45],
      bv: [i % 256, 0xf0],
      hv: [0.1 * i, -2],
      bfv: [0.1, i],
      i8v: [i % 128, -128, 127],
      dyn_x: i,
      dyn_s: `s${i}`,
    };
    if (!opts.numpySafe) {
      r.arr = i % 4 === 0 ? [] : [i, -i, 2147483647];
      r.sarr = ["ab", "é"].slice(0, i % 3);
      r.sp = { [String(i + 10)]: 0.5, "3": 0.25 };
      r.nul = i % 2 === 0 ? null : i;
      r.dflt = i % 3 === 0 ? undefined : `v${i}`;
    }
    rows.push(r);
  }
  return rows;
}
