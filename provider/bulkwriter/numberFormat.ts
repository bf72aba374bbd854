import type { SparseVector } from "../validate/columns";

/**
 * Shortest decimal text that reads back as the same float32 (what Milvus stores for FLOAT and vector
 * elements; Go's ParseFloat(s, 32) and Python's float() both read it). String(v) alone would print the
 * widened double ("0.10000000149011612" for 0.1f): exact, but up to twice as long.
 */
export function formatFloat32(v: number): string {
  const s = String(v);
  if (s.length <= 9) return s;
  // Round-tripping is monotone in the digit count and 9 digits always suffice: binary search 1..9.
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Math.fround(+v.toPrecision(mid)) === v) hi = mid;
    else lo = mid + 1;
  }
  return String(+v.toPrecision(lo));
}

/** `{"indices":[...],"values":[...]}`: the sparse form every Milvus import reader accepts. */
export function sparseToJson(sv: SparseVector): string {
  let s = '{"indices":[';
  for (let i = 0; i < sv.indices.length; i++) s += (i ? "," : "") + sv.indices[i];
  s += '],"values":[';
  for (let i = 0; i < sv.values.length; i++) s += (i ? "," : "") + formatFloat32(sv.values[i]);
  return `${s}]}`;
}
