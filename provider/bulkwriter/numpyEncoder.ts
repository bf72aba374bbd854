import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { inputFields } from "../schema/fields";
import { storedRowBytes, traitsOf } from "../schema/traits";
import type { FieldSchema } from "../schema/types";
import type { Column, ColumnBatch, SparseVector } from "../validate/columns";
import type { EncodedFile, EncoderContext, SegmentEncoder } from "./encoder";
import { FileSink } from "./fileSink";
import { npyHeader } from "./npy";

/** Raised for data NumPy files cannot carry (Milvus's NumPy reader has no NULL, ARRAY or sparse). */
export class NumpyUnsupportedError extends Error {}

/** Fields a NumPy import cannot have (no NumPy dtype in their traits); checked before any data is written. */
export function numpyUnsupported(fields: FieldSchema[]): string[] {
  return fields
    .filter((f) => traitsOf(f.dataType).npy === null)
    .map(
      (f) => `field '${f.name}': Milvus cannot import ${f.dataType} from NumPy files; use Parquet or JSON`,
    );
}

interface NpyColumn {
  name: string;
  field?: FieldSchema;
  /** Fixed-width columns stream to disk; text columns are kept until the width is known. */
  sink?: FileSink;
  descr?: string;
  rowBytes: number;
  texts?: string[];
  maxChars: number;
  header?: Buffer;
}

/**
 * One `<segment>/<field>.npy` per field (+ `$meta.npy`), dtypes exactly as Milvus's NumPy reader
 * requires (scalars exact, vectors 2-D; FLOAT16/BFLOAT16 as |u1 (N, 2·dim) raw bytes, which every
 * Milvus version accepts), text as fixed-width UTF-32 `<U{maxChars}` like numpy.
 */
export function numpyEncoder(ctx: EncoderContext): SegmentEncoder {
  const fields = inputFields(ctx.schema);
  const bad = numpyUnsupported(fields);
  if (bad.length) throw new NumpyUnsupportedError(bad.join("; "));
  const folder = join(ctx.dir, String(ctx.segment));
  mkdirSync(folder, { recursive: true });
  const cols: NpyColumn[] = fields.map((f) => {
    const descr = traitsOf(f.dataType).npy;
    const c: NpyColumn = { name: f.name, field: f, maxChars: 0, rowBytes: 0 };
    if (descr && descr !== "text") {
      // The stored bytes as they are (half floats as |u1 pairs); vectors are 2-D (N, bytes / item).
      c.descr = descr;
      c.rowBytes = storedRowBytes(f);
      c.sink = new FileSink(join(folder, `${f.name}.npy`), { rewritesHeader: true, io: ctx.io });
      c.header = npyHeader(descr, npyShape(f, descr, 0));
      c.sink.write(c.header);
    } else c.texts = [];
    return c;
  });
  if (ctx.schema.enableDynamicField) cols.push({ name: "$meta", maxChars: 0, rowBytes: 0, texts: [] });
  let rows = 0;
  let bytes = 0;
  // Text columns are charged 4 bytes × the widest string so far for every row (fixed-width <U).
  const measured = cols.map((c) => c.maxChars);
  let measuredRows = 0;
  const headerBytes = cols.length * 128;

  const textOf = (c: NpyColumn, col: Column | undefined, batch: ColumnBatch, i: number): string => {
    if (!col) return (batch.meta as string[])[i];
    if (col.valid && !col.valid[i]) {
      throw new NumpyUnsupportedError(
        `field '${c.name}': NumPy files cannot hold NULL (row value is null); use Parquet or JSON`,
      );
    }
    // JSON fields hold their JSON text as is; the NumPy reader parses each string.
    return (col.values as string[])[i];
  };

  return {
    get rows() {
      return rows;
    },
    get bytes() {
      return bytes + headerBytes;
    },
    measure(batch, i) {
      let add = 0;
      for (let k = 0; k < cols.length; k++) {
        const c = cols[k];
        const col = batch.columns[k] as Column | undefined;
        if (c.sink) {
          if (col?.valid && !col.valid[i])
            throw new NumpyUnsupportedError(
              `field '${c.name}': NumPy files cannot hold NULL; use Parquet or JSON`,
            );
          add += c.rowBytes;
        } else {
          const chars = codePoints(textOf(c, col, batch, i));
          const before = Math.max(1, measured[k]);
          if (chars > measured[k]) measured[k] = chars;
          const after = Math.max(1, measured[k]);
          add += 4 * after + 4 * (after - before) * (rows + measuredRows);
        }
      }
      measuredRows++;
      return add;
    },
    append(batch, start, end) {
      for (let k = 0; k < cols.length; k++) {
        const c = cols[k];
        const col = batch.columns[k] as Column | undefined;
        if (c.sink && col) {
          const w = c.rowBytes;
          const v = col.values as ArrayBufferView;
          const bpe = (v as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
          const perRow = w / bpe;
          const sub = (v as unknown as Uint8Array).subarray(start * perRow, end * perRow);
          c.sink.write(new Uint8Array(sub.buffer, sub.byteOffset, sub.byteLength));
        } else if (c.texts) {
          for (let i = start; i < end; i++) {
            const t = textOf(c, col, batch, i);
            c.texts.push(t);
            const n = codePoints(t);
            if (n > c.maxChars) c.maxChars = n;
          }
        }
      }
      rows += end - start;
      measuredRows = 0;
      for (let k = 0; k < cols.length; k++) measured[k] = cols[k].maxChars;
      bytes = cols.reduce((n, c) => n + (c.sink ? c.rowBytes * rows : 4 * Math.max(1, c.maxChars) * rows), 0);
    },
    finish(): EncodedFile[] {
      const out: EncodedFile[] = [];
      for (const c of cols) {
        let sha256: string | Promise<string>;
        if (c.sink && c.descr && c.field) {
          const header = npyHeader(c.descr, npyShape(c.field, c.descr, rows));
          if (header.length !== (c.header as Buffer).length) throw new Error("npy header length changed");
          c.sink.writeAt(header, 0);
          sha256 = c.sink.close();
        } else {
          sha256 = writeUtf32(
            new FileSink(join(folder, `${c.name}.npy`), { io: ctx.io }),
            c.texts as string[],
            Math.max(1, c.maxChars),
          );
        }
        out.push({ path: `${ctx.segment}/${c.name}.npy`, rows, sha256 });
      }
      return out;
    },
    abort() {
      for (const c of cols) c.sink?.abort();
    },
  };
}

/** Shape of a fixed-width column: (rows,) for scalars, (rows, row bytes / item size) for vectors. */
function npyShape(f: FieldSchema, descr: string, rows: number): number[] {
  const itemSize = Number(descr.slice(2));
  return traitsOf(f.dataType).kind === "denseVector" ? [rows, storedRowBytes(f) / itemSize] : [rows];
}

const SURROGATE = /[\uD800-\uDFFF]/;

function codePoints(s: string): number {
  // A native scan first: text without surrogates (nearly all) has one code point per UTF-16 unit.
  if (!SURROGATE.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

/** `<U{width}`: each string as UTF-32LE code points, NUL-padded to the width. */
function writeUtf32(sink: FileSink, texts: string[], width: number): string | Promise<string> {
  sink.write(npyHeader(`<U${width}`, [texts.length]));
  const rowsPerChunk = Math.max(1, Math.floor((4 << 20) / (width * 4)));
  // Text without surrogates: UTF-16 units are the code points. Buffer.write('utf16le') and the
  // widening Uint32Array.set are both native, ~4x faster than a charCodeAt loop on 100k titles.
  const units = Buffer.allocUnsafe(width * 4 + 4);
  const units16 = new Uint16Array(units.buffer, units.byteOffset, units.length >> 1);
  let buf = new Uint32Array(0);
  for (let s = 0; s < texts.length; s += rowsPerChunk) {
    const e = Math.min(texts.length, s + rowsPerChunk);
    if (buf.length !== (e - s) * width) buf = new Uint32Array((e - s) * width);
    else buf.fill(0);
    for (let r = s; r < e; r++) {
      const o = (r - s) * width;
      const t = texts[r];
      if (!SURROGATE.test(t)) {
        const n = units.write(t, 0, "utf16le") >> 1;
        buf.set(units16.subarray(0, n), o);
      } else writeCodePoints(buf, o, t);
    }
    sink.write(new Uint8Array(buf.buffer));
  }
  return sink.close();
}

/** Code points of t into buf at o, pairing surrogates by hand. */
function writeCodePoints(buf: Uint32Array, o: number, t: string): void {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < t.length) {
      const d = t.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        buf[o++] = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        continue;
      }
    }
    buf[o++] = c;
  }
}

export type { SparseVector };
