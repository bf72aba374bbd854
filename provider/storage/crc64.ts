/**
 * CRC-64/XZ ("ECMA-182" reflected, as Aliyun OSS reports in x-oss-hash-crc64ecma). No maintained
 * npm package among our dependencies computes it, and we only need the one variant, so it is a
 * small table-driven implementation: the 64-bit state is kept as two uint32 halves because BigInt
 * arithmetic per byte is ~20x slower. Check value: crc64("123456789") = 0x995dc9bbdf1939fa.
 */
const TABLE_LO = new Uint32Array(256);
const TABLE_HI = new Uint32Array(256);
(() => {
  const poly = 0xc96c5795d7870f42n;
  for (let i = 0; i < 256; i++) {
    let crc = BigInt(i);
    for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
    TABLE_LO[i] = Number(crc & 0xffffffffn);
    TABLE_HI[i] = Number(crc >> 32n);
  }
})();

export class Crc64 {
  private lo = 0xffffffff;
  private hi = 0xffffffff;

  update(data: Uint8Array): this {
    let lo = this.lo;
    let hi = this.hi;
    for (let i = 0; i < data.length; i++) {
      const idx = (lo ^ data[i]) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ TABLE_LO[idx];
      hi = (hi >>> 8) ^ TABLE_HI[idx];
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
    return this;
  }

  /** The CRC as an unsigned 64-bit integer. */
  digest(): bigint {
    return (BigInt(~this.hi >>> 0) << 32n) | BigInt(~this.lo >>> 0);
  }

  /** Decimal string, the form OSS puts in x-oss-hash-crc64ecma. */
  digestDecimal(): string {
    return this.digest().toString(10);
  }
}

export function crc64(data: Uint8Array): bigint {
  return new Crc64().update(data).digest();
}
