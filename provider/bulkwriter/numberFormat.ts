import type { SparseVector } from "../validate/columns";
import { type Float32SearchKit, searchKit } from "./float32Search";

/**
 * The fast float32 → text path, as one self-contained function of the search kit (no imports, no
 * outer names), so the vector-text worker runs the same code from its source text (vectorText.ts).
 */
export function float32TextKit(search: Float32SearchKit) {
  const { DECADE_BIAS, DECADES, decadeOf, POW10, writeDecimal, writeFloat32Search } = search;
  /**
   * Per float32 biased binary exponent b (x in [2^(b-127), 2^(b-126))): the decimal exponent of
   * 2^(b-127) and 10^(that + 1), so x's decimal exponent is one comparison away (the search takes a
   * multiply, a floor and two table loops). NO_FAST marks subnormals, NaN/Inf and decades outside the
   * fast path (e < -13 or e > 4, where its digit probes, 5 to 9 digits, would leave POW10 or reach
   * k < 0).
   */
  const NO_FAST = -128;
  const DECADE_LOW = new Int8Array(256).fill(NO_FAST);
  const DECADE_UP = new Float64Array(256);
  for (let b = 1; b < 255; b++) {
    const e = decadeOf(2 ** (b - 127));
    if (e >= -13 && e <= 3) {
      DECADE_LOW[b] = e;
      DECADE_UP[b] = DECADES[e + 1 + DECADE_BIAS];
    }
  }

  /** "0000".."9999" as little-endian uint32 of four ASCII digits: digits are stored four at a time. */
  const DIGIT_QUADS = new Uint32Array(10000);
  for (let i = 0; i < 10000; i++) {
    const s = String(i).padStart(4, "0");
    DIGIT_QUADS[i] =
      s.charCodeAt(0) | (s.charCodeAt(1) << 8) | (s.charCodeAt(2) << 16) | (s.charCodeAt(3) << 24);
  }

  /** POW10 as a typed array: loads from it need no checks for holes or boxed values. */
  const POW10F = Float64Array.from(POW10);

  /**
   * Writes formatFloat32 of values[from, to) as ASCII, comma-separated, into out at pos (needs 17 bytes
   * of room per value); returns the end. `view` is a DataView over out's bytes, `bits` an Int32Array
   * over the values' buffer. Written straight into the output buffer, with no string per value: JSON
   * and CSV vectors are ~768 of these per row, the largest cost of a text write.
   *
   * Fast path (nearly every vector element), one loop with no call per value: the digit count p is
   * probed from 7 (~45% of values in [-1, 1] need ≤ 7 digits, ~50% 8) down to 6 or up to 8, 9 — the least
   * p that round-trips, as the search finds it (every positive float32 gave the same bytes through both
   * when this was written; test/unit/bulkwriter/numberFormat.test.ts samples the comparison). p ≤ 5 and
   * unusual values take writeFloat32Search. Values in [1e-6, 1) are laid out here ("0.", zeros, the
   * digits stored four at a time), others by writeDecimal.
   */
  function writeFloat32s(
    out: Uint8Array,
    view: DataView,
    pos: number,
    values: Float32Array,
    bits: Int32Array,
    from: number,
    to: number,
  ): number {
    for (let i = from; i < to; i++) {
      if (i > from) out[pos++] = 44; // ","
      const v = values[i];
      const vb = bits[i];
      const b = (vb >>> 23) & 0xff;
      const low = DECADE_LOW[b];
      if (low === NO_FAST) {
        pos = writeFloat32Search(out, pos, v);
        continue;
      }
      const x = v < 0 ? -v : v;
      const e = x >= DECADE_UP[b] ? low + 1 : low;
      // floor(t + 0.5) is Math.round(t) for 1 ≤ t < 2^52 (t + 0.5 is exact or rounds within one integer).
      let k = 6 - e; // 7 significant digits
      let s = POW10F[k];
      let m = Math.floor(x * s + 0.5);
      if (Math.fround(m / s) === x) {
        const s6 = POW10F[k - 1];
        const m6 = Math.floor(x * s6 + 0.5);
        if (Math.fround(m6 / s6) === x) {
          const s5 = POW10F[k - 2];
          if (Math.fround(Math.floor(x * s5 + 0.5) / s5) === x) {
            pos = writeFloat32Search(out, pos, v); // 5 digits or fewer: rare
            continue;
          }
          k--;
          m = m6;
        }
      } else {
        k++;
        s = POW10F[k];
        m = Math.floor(x * s + 0.5);
        if (Math.fround(m / s) !== x) {
          k++;
          s = POW10F[k];
          m = Math.floor(x * s + 0.5);
          if (Math.fround(m / s) !== x) {
            pos = writeFloat32Search(out, pos, v);
            continue;
          }
        }
      }
      if (vb < 0) out[pos++] = 45; // "-"
      const digits = k + 1 + e; // 6..9
      if (e > -1 || e < -6 || m >= POW10F[digits]) {
        pos = writeDecimal(out, pos, m, k);
        continue;
      }
      out[pos++] = 48; // "0"
      out[pos++] = 46; // "."
      for (let z = -1 - e; z > 0; z--) out[pos++] = 48;
      // The digits widened to nine (trailing zeros are dropped below anyway): one digit, then two quads.
      let rest = (m * POW10F[9 - digits]) | 0;
      const top = (rest / 100000000) | 0;
      out[pos++] = 48 + top;
      rest -= top * 100000000;
      const hi = (rest / 10000) | 0;
      view.setUint32(pos, DIGIT_QUADS[hi], true);
      view.setUint32(pos + 4, DIGIT_QUADS[rest - hi * 10000], true);
      pos += 8;
      while (out[pos - 1] === 48) pos--; // trailing zeros (the first digit is not 0)
    }
    return pos;
  }

  return { writeFloat32s };
}

export const { writeFloat32s } = float32TextKit(searchKit);

const scratch = Buffer.allocUnsafe(32);
const scratchView = new DataView(scratch.buffer, scratch.byteOffset, scratch.length);
const one = new Float32Array(1);
const oneBits = new Int32Array(one.buffer);

/**
 * Shortest decimal text (≤ 9 significant digits) that reads back as the same float32 — what Milvus
 * stores for FLOAT and vector elements; Go's ParseFloat(s, 32) and Python's float() both read it.
 *
 * Why not String(v): it prints the widened double ("0.10000000149011612") and costs ~500 ns per
 * element; a shortest-digits search via toPrecision costs ~2 µs. The digit count is found with
 * integer arithmetic only: m = round(x·10^k), accepted when fround(m / 10^k) === x. With 10^k exact
 * (k ≤ 22) that division is correctly rounded, i.e. exactly what parsing the text yields.
 */
export function formatFloat32(v: number): string {
  one[0] = v;
  const end = writeFloat32s(scratch, scratchView, 0, one, oneBits, 0, 1);
  return scratch.toString("latin1", 0, end);
}

/** `{"indices":[...],"values":[...]}`: the sparse form every Milvus import reader accepts. */
export function sparseToJson(sv: SparseVector): string {
  let s = '{"indices":[';
  for (let i = 0; i < sv.indices.length; i++) s += (i ? "," : "") + sv.indices[i];
  s += '],"values":[';
  for (let i = 0; i < sv.values.length; i++) s += (i ? "," : "") + formatFloat32(sv.values[i]);
  return `${s}]}`;
}
