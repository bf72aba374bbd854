import { isFloat32Vector } from "../../schema/traits";
import type { Column, ColumnValues } from "../../validate/columns";
import { valuesPerRow } from "../../validate/columns";
import type { IoThreads, SharedRegion } from "../ioThreads";

type Typed = Exclude<ColumnValues, string[] | unknown[][] | { indices: Uint32Array }[]>;

/** Columns smaller than this per row group copy into the I/O slots as before. */
const MIN_SHARED_BYTES = 4 << 20;

/**
 * One column of the row group being filled. Appended rows are copied (callers may reuse their arrays
 * once append returns) into storage that is kept and reused for every row group of the file: the
 * per-append copies this replaces were ~20% of a Parquet write in allocation and GC.
 * Typed columns grow a typed array; text/list columns keep references (their values are immutable).
 * With the I/O threads, a large typed column lives in two shared regions used in turn: the pages of a
 * finished row group are read from one in place (no copy into the I/O slots) while the next group
 * fills the other.
 */
export class RowGroupColumn {
  private typed: Typed | undefined;
  /** Shared storage, two regions used by alternate row groups (see constructor). */
  private regions: SharedRegion[] = [];
  private current = 0;
  private fresh = true;
  private list: unknown[] | undefined;
  private valid: Uint8Array | undefined;
  private readonly width: number;
  rows = 0;

  /** capacityRows: rows a full row group is expected to hold, so the storage is allocated once. */
  constructor(
    readonly field: Column["field"],
    private readonly capacityRows = 0,
    io?: IoThreads,
  ) {
    this.width = valuesPerRow(field);
    // Float32 vectors only: their pages are views of this storage (other columns are re-encoded into new
    // buffers when written, so sharing their storage would save nothing).
    const bytes = capacityRows * this.width * 4;
    if (io && isFloat32Vector(field) && bytes >= MIN_SHARED_BYTES) {
      const a = io.region(bytes);
      const b = a && io.region(bytes);
      if (a && b) this.regions = [a, b];
      else a?.release();
    }
  }

  /** Gives the shared storage back (the encoder is done with this column). */
  release(): void {
    for (const r of this.regions) r.release();
    this.regions = [];
  }

  /** Copies rows [s, e) of col. */
  append(col: Column, s: number, e: number): void {
    const n = e - s;
    const v = col.values;
    if (ArrayBuffer.isView(v)) {
      const src = (v as Typed).subarray(s * this.width, e * this.width) as Typed;
      const need = (this.rows + n) * this.width;
      if (this.fresh && this.regions.length > 0) {
        // First rows of a row group: take the region the group before last used, once it is read.
        const region = this.regions[this.current];
        region.wait();
        const Ctor = src.constructor as new (b: ArrayBufferLike, o: number, n: number) => Typed;
        const bpe = (src as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
        const length = Math.floor(region.bytes.byteLength / bpe);
        if (length >= need) this.typed = new Ctor(region.bytes.buffer, region.bytes.byteOffset, length);
      }
      this.fresh = false;
      if (!this.typed || this.typed.length < need) {
        const Ctor = src.constructor as new (n: number) => Typed;
        const next = new Ctor(Math.max(need, (this.typed?.length ?? 0) * 2, this.capacityRows * this.width));
        if (this.typed) next.set(this.typed.subarray(0, this.rows * this.width) as never);
        this.typed = next;
      }
      this.typed.set(src as never, this.rows * this.width);
    } else {
      this.list ??= [];
      const arr = v as unknown[];
      for (let i = s; i < e; i++) this.list.push(arr[i]);
    }
    if (col.valid || this.valid) {
      if (!this.valid || this.valid.length < this.rows + n) {
        const next = new Uint8Array(Math.max(this.rows + n, (this.valid?.length ?? 0) * 2));
        if (this.valid) next.set(this.valid.subarray(0, this.rows));
        else next.fill(1, 0, this.rows);
        this.valid = next;
      }
      if (col.valid) this.valid.set(col.valid.subarray(s, e), this.rows);
      else this.valid.fill(1, this.rows, this.rows + n);
    }
    this.rows += n;
  }

  /** The buffered rows as a column (views into the reused storage: encode before the next append). */
  view(): Column {
    const values = (
      this.typed ? this.typed.subarray(0, this.rows * this.width) : (this.list ?? [])
    ) as ColumnValues;
    const col: Column = { field: this.field, values };
    if (this.valid) col.valid = this.valid.subarray(0, this.rows);
    return col;
  }

  /** Starts the next row group, keeping the storage (shared: switching to the other region). */
  clear(): void {
    if (this.regions.length > 0) {
      this.current ^= 1;
      this.fresh = true;
    }
    this.rows = 0;
    if (this.list) this.list = [];
    this.valid = undefined;
  }
}
