import { isFloat32Vector, valuesPerRow } from "../schema/traits";
import type { FieldSchema } from "../schema/types";
import type { Column } from "../validate/columns";
import { writeFloat32s } from "./numberFormat";
import { presentJson } from "./textCells";
import type { VectorText } from "./vectorText";

/** Vectors narrower than this are formatted inline: handing them over would cost more than it saves. */
const VECTOR_TEXT_MIN_DIM = 32;

/**
 * A growable UTF-8 byte buffer that JSON/CSV rows are formatted into. Float vectors are written as
 * bytes (no string per element, no concatenation); other values go through their JSON text.
 */
export class TextBytes {
  /** vectorText: formats float vectors on two threads (same bytes); without it, on this thread. */
  constructor(private readonly vectorText?: VectorText) {}

  buf = Buffer.allocUnsafe(1 << 20);
  /** Over buf, for the float writer's four-byte digit stores. */
  private view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  length = 0;

  /** Room for n more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.length);
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  byte(c: number): void {
    this.reserve(1);
    this.buf[this.length++] = c;
  }

  text(s: string): void {
    this.reserve(s.length * 3);
    this.length += this.buf.write(s, this.length, "utf8");
  }

  /** JSON list of row `row` of a float32 vector column: the same text as cellJson. */
  floatVector(col: Column, row: number, w = valuesPerRow(col.field)): void {
    const v = col.values as Float32Array;
    if (this.vectorText && w >= VECTOR_TEXT_MIN_DIM) {
      this.bytes(this.vectorText.row(col, v, w, row));
      return;
    }
    this.reserve(2 + 17 * w);
    const bits = new Int32Array(v.buffer, v.byteOffset, v.length);
    const out = this.buf;
    out[this.length] = 91; // "["
    const end = writeFloat32s(out, this.view, this.length + 1, v, bits, row * w, row * w + w);
    out[end] = 93; // "]"
    this.length = end + 1;
  }
}

/** Writes row `row` of a column as JSON text into a TextBytes. */
export type CellWriter = (out: TextBytes, col: Column, row: number) => void;

/** The JSON cell writer of a column, chosen once: float32 vectors as bytes (no string per element). */
export function jsonCellWriter(f: FieldSchema): CellWriter {
  const json = presentJson(f);
  const w = isFloat32Vector(f) ? valuesPerRow(f) : 0;
  return (out, col, row) => {
    if (col.valid && !col.valid[row]) out.text("null");
    else if (w) out.floatVector(col, row, w);
    else out.text(json(col, row));
  };
}
