import { denseTraits, valuesPerRow } from "../schema/traits";
import type { FieldSchema } from "../schema/types";
import type { Column } from "../validate/columns";
import { writeFloat32 } from "./numberFormat";
import { presentJson } from "./textCells";

/**
 * A growable UTF-8 byte buffer that JSON/CSV rows are formatted into. Float vectors are written as
 * bytes (no string per element, no concatenation); other values go through their JSON text.
 */
export class TextBytes {
  buf = Buffer.allocUnsafe(1 << 20);
  length = 0;

  /** Room for n more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
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
    this.reserve(2 + 17 * w);
    const out = this.buf;
    let pos = this.length;
    out[pos++] = 91; // "["
    for (let k = 0, i = row * w; k < w; k++, i++) {
      if (k) out[pos++] = 44; // ","
      pos = writeFloat32(out, pos, v[i]);
    }
    out[pos++] = 93; // "]"
    this.length = pos;
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

/** Float32 vectors take the byte path. */
export function isFloat32Vector(f: FieldSchema): boolean {
  return denseTraits(f.dataType)?.element.type === "float32";
}
