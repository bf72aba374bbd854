/**
 * The reference digit search behind formatFloat32: for every finite float32, the least number of
 * significant digits p (1..9) whose rounding m = round(x·10^k), k = p - 1 - e, reads back as x
 * (fround(m / 10^k) === x), found by binary search over p. numberFormat's fast path gives the same
 * bytes for the common values and calls this for the rest.
 *
 * Written as one self-contained function (no imports, no outer names) so the vector-text worker can
 * run the same code from its source text (vectorText.ts).
 */
export function float32SearchKit() {
  const POW10: number[] = [];
  for (let i = 0; i <= 22; i++) POW10.push(10 ** i); // all exact in double

  /** `10 ** e` for every decade a float32 can fall in (e = -46..39), computed the same way at run time. */
  const DECADE_BIAS = 46;
  const DECADES = new Float64Array(86);
  for (let e = -DECADE_BIAS; e < 40; e++) DECADES[e + DECADE_BIAS] = 10 ** e;

  const f64 = new Float64Array(1);
  const f64High = new Int32Array(f64.buffer, 4, 1);
  /** "00".."99" as byte pairs: digits are written two at a time. */
  const DIGIT_PAIRS = new Uint8Array(200);
  for (let i = 0; i < 100; i++) {
    DIGIT_PAIRS[2 * i] = 48 + Math.floor(i / 10);
    DIGIT_PAIRS[2 * i + 1] = 48 + (i % 10);
  }

  /** Decimal exponent of the first digit of x > 0: 10^e ≤ x < 10^(e+1), on the DECADES table. */
  function decadeOf(x: number): number {
    // Estimated from the binary exponent (log10(2) · e2, off by at most one), settled on the table.
    f64[0] = x;
    let e = Math.floor((((f64High[0] >>> 20) & 0x7ff) - 1023) * 0.3010299956639812);
    while (DECADES[e + DECADE_BIAS] > x) e--;
    while (DECADES[e + 1 + DECADE_BIAS] <= x) e++;
    return e;
  }

  /** Writes the shortest round-trip text of v (any number that is a float32) at pos; returns the end. */
  function writeFloat32Search(out: Uint8Array, pos: number, v: number): number {
    if (v === 0) {
      if (Object.is(v, -0)) out[pos++] = 45; // "-"
      out[pos] = 48;
      return pos + 1;
    }
    if (!Number.isFinite(v)) return writeAscii(out, pos, String(v));
    const neg = v < 0;
    const x = neg ? -v : v;
    const e = decadeOf(x);
    let lo = 1;
    let hi = 9;
    let best = -1;
    let bestK = 0;
    while (lo <= hi) {
      const p = (lo + hi) >> 1;
      const k = p - 1 - e;
      if (k > 22 || k < -22) return writeAscii(out, pos, fallback(v));
      const m = Math.round(k >= 0 ? x * POW10[k] : x / POW10[-k]);
      if (Math.fround(k >= 0 ? m / POW10[k] : m * POW10[-k]) === x) {
        best = m;
        bestK = k;
        hi = p - 1;
      } else lo = p + 1;
    }
    if (best < 0) return writeAscii(out, pos, fallback(v));
    if (neg) out[pos++] = 45;
    return writeDecimal(out, pos, best, bestK);
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

  function writeAscii(out: Uint8Array, pos: number, s: string): number {
    for (let i = 0; i < s.length; i++) out[pos++] = s.charCodeAt(i);
    return pos;
  }

  /** Digits of m (0 ≤ m < 2^31) at out[pos, pos + count), zero-padded on the left; int32 arithmetic. */
  function writeDigits(out: Uint8Array, pos: number, m: number, count: number): void {
    let v = m | 0;
    let i = pos + count;
    while (i - pos >= 2) {
      const q = (v / 100) | 0;
      const r = (v - q * 100) << 1;
      out[--i] = DIGIT_PAIRS[r + 1];
      out[--i] = DIGIT_PAIRS[r];
      v = q;
    }
    if (i > pos) out[--i] = 48 + (v - ((v / 10) | 0) * 10);
  }

  /** m · 10^-k as decimal text: positional for 1e-6 ≤ |x| < 1e21 like JS, else exponent form. */
  function writeDecimal(out: Uint8Array, pos: number, significand: number, k: number): number {
    // Strip trailing zeros of the integer significand (< 2^31: int32 arithmetic).
    let m = significand | 0;
    while (m >= 10 && m - ((m / 10) | 0) * 10 === 0) {
      m = (m / 10) | 0;
      k--;
    }
    let n = 1;
    while (n < 10 && m >= POW10[n]) n++;
    const exp = n - 1 - k; // decimal exponent of the first digit
    if (exp >= 21 || exp < -6) {
      const first = Math.floor(m / POW10[n - 1]);
      out[pos++] = 48 + first;
      if (n > 1) {
        out[pos++] = 46; // "."
        writeDigits(out, pos, m - first * POW10[n - 1], n - 1);
        pos += n - 1;
      }
      out[pos++] = 101; // "e"
      out[pos++] = exp >= 0 ? 43 : 45;
      return writeAscii(out, pos, String(Math.abs(exp)));
    }
    if (k <= 0) {
      writeDigits(out, pos, m, n);
      pos += n;
      for (let i = 0; i < -k; i++) out[pos++] = 48;
      return pos;
    }
    if (k >= n) {
      out[pos++] = 48;
      out[pos++] = 46;
      for (let i = 0; i < k - n; i++) out[pos++] = 48;
      writeDigits(out, pos, m, n);
      return pos + n;
    }
    const intDigits = n - k;
    const scale = POW10[k];
    const whole = Math.floor(m / scale);
    writeDigits(out, pos, whole, intDigits);
    pos += intDigits;
    out[pos++] = 46;
    writeDigits(out, pos, m - whole * scale, k);
    return pos + k;
  }

  return { POW10, DECADES, DECADE_BIAS, decadeOf, writeFloat32Search, writeDecimal };
}

export type Float32SearchKit = ReturnType<typeof float32SearchKit>;

export const searchKit = float32SearchKit();
export const { POW10, DECADES, DECADE_BIAS, decadeOf, writeFloat32Search, writeDecimal } = searchKit;
