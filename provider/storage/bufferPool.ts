/**
 * Reusable read buffers for uploads. Uploading 1 GiB allocates 1 GiB of Buffers if every file and
 * part gets a fresh one; V8 counts that external memory and runs full GCs over it (1.7 s of a 4.4 s
 * CPU profile of bench/upload.ts). Buffers here are kept by power-of-two capacity and handed out
 * again, with a cap on what is retained.
 */
const MIN_CLASS = 64 * 1024;
const MAX_RETAINED = 256 * 1024 * 1024;

const free = new Map<number, Buffer[]>();
let retained = 0;

function capacityFor(size: number): number {
  let c = MIN_CLASS;
  while (c < size) c *= 2;
  return c;
}

/** A buffer of exactly `size` bytes (a view of a pooled one); give it back with release(). */
export function acquire(size: number): Buffer {
  const cap = capacityFor(size);
  const list = free.get(cap);
  const buf = list?.pop();
  if (buf) {
    retained -= cap;
    return buf.subarray(0, size);
  }
  return Buffer.allocUnsafeSlow(cap).subarray(0, size);
}

/** Returns a buffer from acquire() to the pool (callers must not use it afterwards). */
export function release(view: Buffer): void {
  const whole = Buffer.from(view.buffer, view.byteOffset, view.buffer.byteLength - view.byteOffset);
  const cap = whole.length;
  if (view.byteOffset !== 0 || cap < MIN_CLASS || (cap & (cap - 1)) !== 0 || retained + cap > MAX_RETAINED)
    return;
  const list = free.get(cap) ?? [];
  free.set(cap, list);
  list.push(whole);
  retained += cap;
}
