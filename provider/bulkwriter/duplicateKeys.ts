/**
 * Primary keys repeated across everything one writer wrote (several source files included). Milvus
 * imports every copy without a word (2.3.5 stores both rows; queries then return one), so the writer
 * reports them: a warning by default, an error with `onDuplicatePk: "error"`.
 *
 * Memory: INT64 keys are kept as 8 bytes each (BigInt64Array chunks) and sorted natively at commit;
 * VARCHAR keys keep their strings.
 */
import type { ColumnBatch } from "../validate/columns";

export type OnDuplicatePk = "error" | "warn";

export interface DuplicatePrimaryKeys {
  /** Rows whose primary key an earlier row already had. */
  count: number;
  /** The first repeated keys, in sorted order (at most 10). */
  first: string[];
}

const SHOWN = 10;

export class PrimaryKeyTracker {
  private readonly ints: BigInt64Array[] = [];
  private readonly strings: string[] = [];

  constructor(private readonly field: string) {}

  add(batch: ColumnBatch, from: number, to: number): void {
    const col = batch.columns.find((c) => c.field.name === this.field);
    if (!col) return;
    if (col.values instanceof BigInt64Array) this.ints.push(col.values.slice(from, to));
    else for (let i = from; i < to; i++) this.strings.push((col.values as string[])[i]);
  }

  duplicates(): DuplicatePrimaryKeys | undefined {
    let count = 0;
    const first: string[] = [];
    const note = (k: bigint | string, same: boolean) => {
      if (!same) return;
      count++;
      const s = String(k);
      if (first.length < SHOWN && first[first.length - 1] !== s) first.push(s);
    };
    if (this.ints.length) {
      const all = new BigInt64Array(this.ints.reduce((n, a) => n + a.length, 0));
      let at = 0;
      for (const a of this.ints) {
        all.set(a, at);
        at += a.length;
      }
      all.sort();
      for (let i = 1; i < all.length; i++) note(all[i], all[i] === all[i - 1]);
    } else {
      const all = [...this.strings].sort();
      for (let i = 1; i < all.length; i++) note(all[i], all[i] === all[i - 1]);
    }
    return count ? { count, first } : undefined;
  }
}
