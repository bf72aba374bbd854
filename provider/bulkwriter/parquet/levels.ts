/**
 * Parquet RLE / bit-packing hybrid for definition and repetition levels (bit width 1 or 2 here).
 * Runs of equal levels become RLE runs; we never emit bit-packed runs, which is valid and for the
 * long uniform runs of vector columns also the smallest encoding.
 */
export function bitWidth(maxLevel: number): number {
  return maxLevel === 0 ? 0 : 32 - Math.clz32(maxLevel);
}

export class LevelEncoder {
  private out: number[] = [];
  private value = -1;
  private count = 0;

  /** Append `count` copies of `level`. */
  run(level: number, count: number): void {
    if (count <= 0) return;
    if (level === this.value) {
      this.count += count;
      return;
    }
    this.flushRun();
    this.value = level;
    this.count = count;
  }

  private flushRun(): void {
    if (this.count === 0) return;
    let n = this.count * 2; // RLE run header: count << 1, low bit 0
    while (n >= 0x80) {
      this.out.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.out.push(n);
    this.out.push(this.value); // bit width ≤ 8 → one byte
    this.count = 0;
  }

  /** The encoded levels with the 4-byte little-endian length prefix of data page v1. */
  finish(): Buffer {
    this.flushRun();
    const b = Buffer.alloc(4 + this.out.length);
    b.writeUInt32LE(this.out.length, 0);
    for (let i = 0; i < this.out.length; i++) b[4 + i] = this.out[i];
    return b;
  }
}
