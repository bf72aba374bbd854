/**
 * FLOAT16 / BFLOAT16 conversion the way the Milvus server does it for float input, so files we write as
 * half-float bytes hold the same bits Milvus would store from the JSON/CSV float lists:
 * FLOAT16 rounds to nearest even (x448/float16), BFLOAT16 truncates the low 16 bits
 * (typeutil.Float32ToBFloat16Bytes).
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function float32ToFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa bumps the exponent, up to Inf: still round-to-nearest-even.
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
  return sign | half;
}

export function float16BitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

export function float32ToBFloat16Bits(value: number): number {
  f32[0] = value;
  return u32[0] >>> 16;
}

export function bfloat16BitsToNumber(b: number): number {
  u32[0] = b << 16;
  return f32[0];
}

/** Exponent all ones: Inf or NaN in either half format. */
export function isNonFiniteHalf(bits: number, bfloat: boolean): boolean {
  return bfloat ? (bits & 0x7f80) === 0x7f80 : (bits & 0x7c00) === 0x7c00;
}
