/**
 * NPY header and array decoding (format versions 1–3). Hand-written: no maintained npy reader is a
 * dependency and the format is a fixed magic + a Python-literal header dict + raw C-order data, so a
 * ~100-line decoder is simpler than adding one; it reads values with DataView so either byte order works.
 */
export interface NpyArray {
  /** Kind letter: b (bool), i, u, f, U (UTF-32 text), S (bytes), O (object — unsupported by Milvus). */
  kind: string;
  itemSize: number;
  littleEndian: boolean;
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  data: DataView;
}

export class NpyFormatError extends Error {}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

export function parseNpy(buf: Buffer): NpyArray {
  if (buf.length < 10 || MAGIC.some((b, i) => buf[i] !== b))
    throw new NpyFormatError("not a NumPy .npy file (bad magic)");
  const major = buf[6];
  const lenBytes = major === 1 ? 2 : 4;
  const headerLen = lenBytes === 2 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = 8 + lenBytes;
  const header = buf.subarray(start, start + headerLen).toString(major === 3 ? "utf8" : "latin1");
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined)
    throw new NpyFormatError(`malformed .npy header: ${header.trim()}`);
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(Number);
  const m = /^([<>|=]?)([a-zA-Z])(\d*)$/.exec(descr);
  if (!m) throw new NpyFormatError(`the numpy file dtype '${descr}' is not supported`);
  const kind = m[2];
  const itemSize = m[3] ? Number(m[3]) : 1;
  const dataStart = start + headerLen;
  const count = shape.reduce((a, b) => a * b, 1);
  const bytesPerItem = kind === "U" ? itemSize * 4 : itemSize;
  const need = count * bytesPerItem;
  if (kind !== "O" && buf.length - dataStart < need) {
    throw new NpyFormatError(`.npy data is truncated: expected ${need} bytes, got ${buf.length - dataStart}`);
  }
  return {
    kind,
    itemSize,
    littleEndian: m[1] !== ">",
    descr,
    fortranOrder: fortran === "True",
    shape,
    data: new DataView(buf.buffer, buf.byteOffset + dataStart, kind === "O" ? 0 : need),
  };
}

/** Element `i` (flat index) of a numeric array as number, or bigint for 8-byte integers. */
export function numericAt(a: NpyArray, i: number): number | bigint | boolean {
  const off = i * a.itemSize;
  const le = a.littleEndian;
  const d = a.data;
  switch (`${a.kind}${a.itemSize}`) {
    case "b1":
      return d.getUint8(off) !== 0;
    case "i1":
      return d.getInt8(off);
    case "u1":
      return d.getUint8(off);
    case "i2":
      return d.getInt16(off, le);
    case "i4":
      return d.getInt32(off, le);
    case "i8":
      return d.getBigInt64(off, le);
    case "f4":
      return d.getFloat32(off, le);
    case "f8":
      return d.getFloat64(off, le);
    default:
      throw new NpyFormatError(`the numpy file dtype '${a.descr}' is not supported`);
  }
}

const TYPED: Record<string, { new (b: ArrayBuffer): ArrayLike<number> }> = {
  i1: Int8Array,
  u1: Uint8Array,
  i2: Int16Array,
  i4: Int32Array,
  f4: Float32Array,
  f8: Float64Array,
};

/**
 * All numeric elements as one typed array (little-endian data is copied once into an aligned
 * buffer), or undefined for big-endian/bool/int64 arrays, which go through numericAt.
 */
export function typedElements(a: NpyArray): ArrayLike<number> | undefined {
  const Ctor = TYPED[`${a.kind}${a.itemSize}`];
  if (!Ctor || (!a.littleEndian && a.itemSize > 1)) return undefined;
  const bytes = new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength).slice();
  return new Ctor(bytes.buffer);
}

/** Text element `i` of a U (UTF-32) or S (bytes) array; NUL code units are dropped, as Milvus does. */
export function stringAt(a: NpyArray, i: number): string {
  if (a.kind === "U") {
    let s = "";
    const base = i * a.itemSize * 4;
    for (let k = 0; k < a.itemSize; k++) {
      const cp = a.data.getUint32(base + k * 4, a.littleEndian);
      if (cp !== 0) s += String.fromCodePoint(cp);
    }
    return s;
  }
  const base = i * a.itemSize;
  const bytes = new Uint8Array(a.data.buffer, a.data.byteOffset + base, a.itemSize);
  const end = bytes.indexOf(0);
  return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString("utf8");
}
