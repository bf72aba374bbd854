import type { FileSink } from "./fileSink";
import { TextBytes } from "./textBytes";
import type { VectorText } from "./vectorText";

/**
 * Text rows formatted by measure() and written by append(): the writer measures rows in order, then
 * appends a prefix of them (the rest did not fit the segment and are measured again in the next one).
 */
export class StagedRows {
  readonly out: TextBytes;
  private ends: number[] = [];
  private first = 0;

  constructor(vectorText?: VectorText) {
    this.out = new TextBytes(vectorText);
  }

  /** Rows staged since the last writeTo. */
  get count(): number {
    return this.ends.length;
  }

  /** Formats row `row` with `format` (which writes to `out`); returns its byte length. */
  add(row: number, format: () => void): number {
    if (this.ends.length === 0) {
      this.first = row;
      this.out.length = 0;
    }
    const start = this.out.length;
    format();
    this.ends.push(this.out.length);
    return this.out.length - start;
  }

  /** Writes staged rows [start, end) and drops everything staged. */
  writeTo(sink: FileSink, start: number, end: number): void {
    if (end > start) {
      const from = start === this.first ? 0 : this.ends[start - this.first - 1];
      sink.write(this.out.buf.subarray(from, this.ends[end - 1 - this.first]));
    }
    this.ends.length = 0;
  }
}
