/**
 * The .npy v1.0 header exactly as numpy ≥1.23 writes it (np.save), so our files are byte-identical to
 * numpy's for the same array: `\x93NUMPY\x01\x00`, uint16-LE header length, the dict repr, then
 * 21 - len(str(shape[0])) growth spaces, padded with spaces to a 64-byte boundary and ended by `\n`.
 * Because the growth padding absorbs the row count's digits, the header length does not depend on N:
 * data can be streamed first and the header rewritten in place with the final shape.
 * Hand-written because there is no maintained npy writer on npm and the format is 10 lines of spec.
 */
export function npyHeader(descr: string, shape: number[]): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  dict += " ".repeat(Math.max(0, 21 - String(shape[0]).length));
  const pad = 64 - ((10 + dict.length + 1) % 64);
  dict += `${" ".repeat(pad)}\n`;
  if (dict.length > 0xffff) throw new Error("npy header too long for format 1.0");
  const out = Buffer.alloc(10 + dict.length);
  out.write("\x93NUMPY", 0, "latin1");
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(dict.length, 8);
  out.write(dict, 10, "latin1");
  return out;
}
