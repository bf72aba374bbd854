import type { SparseVector } from "../validate/columns";

const POW10: number[] = [];
for (let i = 0; i <= 22; i++) POW10.push(10 ** i); // all exact in double

/**
 * Shortest decimal text (≤ 9 significant digits) that reads back as the same float32 — what Milvus
 * stores for FLOAT and vector elements; Go's ParseFloat(s, 32) and Python's float() both read it.
 *
 * Why not String(v): it prints the widened double ("0.10000000149011612") and costs ~500 ns per
 * element on the dev box; a shortest-digits search via toPrecision costs ~2 µs. This version searches
 * the digit count with integer arithmetic only: m = round(x·10^k), accepted when fround(m / 10^k) === x.
 * With 10^k exact (k ≤ 22) that division is correctly rounded, i.e. exactly what parsing the text
 * yields, so the check is exact; then one integer-to-string. ~100 ns per element.
 */
export function formatFloat32(v: number): string {
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  if (!Number.isFinite(v)) return String(v);
  const neg = v < 0;
  const x = neg ? -v : v;
  let e = Math.floor(Math.log10(x));
  if (10 ** e > x) e--;
  else if (10 ** (e + 1) <= x) e++;
  let lo = 1;
  let hi = 9;
  let best = -1;
  let bestK = 0;
  while (lo <= hi) {
    const p = (lo + hi) >> 1;
    const k = p - 1 - e;
    const m = roundTo(x, k);
    if (m === undefined) return fallback(v);
    if (Math.fround(k >= 0 ? m / POW10[k] : m * POW10[-k]) === x) {
      best = m;
      bestK = k;
      hi = p - 1;
    } else lo = p + 1;
  }
  if (best < 0) return fallback(v);
  return (neg ? "-" : "") + decimal(best, bestK);
}

function roundTo(x: number, k: number): number | undefined {
  if (k > 22 || k < -22) return undefined;
  return Math.round(k >= 0 ? x * POW10[k] : x / POW10[-k]);
}

/** Extreme exponents (|k| > 22): binary search over toPrecision; rare, so its cost does not matter. */
function fallback(v: number): string {
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Math.fround(+v.toPrecision(mid)) === v) hi = mid;
    else lo = mid + 1;
  }
  return String(+v.toPrecision(lo));
}

/** m · 10^-k as decimal text: positional for 1e-6 ≤ |x| < 1e21 like JS, else exponent form. */
function decimal(m: number, k: number): string {
  let digits = String(m);
  // Strip trailing zeros of the integer significand.
  while (digits.length > 1 && digits.endsWith("0")) {
    digits = digits.slice(0, -1);
    k--;
  }
  const exp = digits.length - 1 - k; // decimal exponent of the first digit
  if (exp >= 21 || exp < -6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
    return `${digits[0]}${frac}e${exp >= 0 ? "+" : "-"}${Math.abs(exp)}`;
  }
  if (k <= 0) return digits + "0".repeat(-k);
  if (k >= digits.length) return `0.${"0".repeat(k - digits.length)}${digits}`;
  return `${digits.slice(0, digits.length - k)}.${digits.slice(digits.length - k)}`;
}

/** `{"indices":[...],"values":[...]}`: the sparse form every Milvus import reader accepts. */
export function sparseToJson(sv: SparseVector): string {
  let s = '{"indices":[';
  for (let i = 0; i < sv.indices.length; i++) s += (i ? "," : "") + sv.indices[i];
  s += '],"values":[';
  for (let i = 0; i < sv.values.length; i++) s += (i ? "," : "") + formatFloat32(sv.values[i]);
  return `${s}]}`;
}
