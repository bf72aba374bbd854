import { Worker } from "node:worker_threads";
import { float32SearchKit } from "./float32Search";
import { float32TextKit, writeFloat32s } from "./numberFormat";

/**
 * FLOAT_VECTOR rows as JSON list text (`[0.1,-2.5,...]`), formatted by this thread and a worker thread
 * together: shortest float32 text is most of a JSON/CSV write, and sharing each block of rows nearly
 * halves it when a second core is free. The worker runs the same formatting code (built from the
 * kits' source text), so the bytes are the same whoever formats a row.
 *
 * Work sharing that never makes this thread wait on a busy machine: a block's rows are split into
 * chunks that both threads claim from one atomic counter; this thread formats whatever is left, and a
 * chunk the worker claimed but has not finished is formatted here again (same bytes) instead of
 * waited for. Blocks alternate between two halves of shared memory; a half is reused only once the
 * worker has left it.
 */
const BLOCK_ROWS = 256;
const CHUNK_ROWS = 4;
const MAX_CHUNKS = BLOCK_ROWS / CHUNK_ROWS;
/** Input floats per half (4 MiB): 256 rows of 4096-d; wider vectors get fewer rows per block. */
const INPUT_FLOATS = 1 << 20;
/** Bytes of text one float can take ("-1.2345678e-38" and a comma), and a row's brackets. */
const BYTES_PER_FLOAT = 17;
const OUTPUT_BYTES = INPUT_FLOATS * BYTES_PER_FLOAT + 2 * BLOCK_ROWS;
const GEN_MASK = 0x1fffff;
const CHUNK_BITS = 10;

// Control words; claim/rows/dim/busy have one per half (h = 0, 1).
const CLAIM = 0; // (generation << 10) | next chunk
const ROWS = 2;
const DIM = 4;
const BUSY = 6;
const SEQ = 8; // latest generation posted
const READY = 9;
const SLEEP = 10; // always 0: waiting on it is a short sleep
const CONTROL_WORDS = 11;
/** `next chunk` of a block this thread has finished claiming from: no claim succeeds any more. */
const CLOSED = (1 << CHUNK_BITS) - 1;
const WORKER_CONSTANTS = {
  CLAIM,
  ROWS,
  DIM,
  BUSY,
  SEQ,
  READY,
  CHUNK_BITS,
  CHUNK_ROWS,
  MAX_CHUNKS,
  BLOCK_ROWS,
  INPUT_FLOATS,
  OUTPUT_BYTES,
  BYTES_PER_FLOAT,
};
const WAIT_LIMIT_MS = 60_000;
/** Blocks formatted alone after the worker fell behind, before sharing is tried again. */
const SOLO_BLOCKS = 32;

let shared: VectorText | undefined;

/** The process's vector-text worker, started on first use and kept (idle, it does not hold the process). */
export function sharedVectorText(): VectorText {
  if (!shared || shared.broken) shared = new VectorText();
  return shared;
}

interface Halves {
  control: SharedArrayBuffer;
  input: SharedArrayBuffer;
  output: SharedArrayBuffer;
  ends: SharedArrayBuffer;
  state: SharedArrayBuffer;
}

export class VectorText {
  broken = false;
  private readonly buffers: Halves = {
    control: new SharedArrayBuffer(CONTROL_WORDS * 4),
    input: new SharedArrayBuffer(2 * INPUT_FLOATS * 4),
    output: new SharedArrayBuffer(2 * OUTPUT_BYTES),
    ends: new SharedArrayBuffer(2 * BLOCK_ROWS * 4),
    state: new SharedArrayBuffer(2 * MAX_CHUNKS * 4),
  };
  private readonly control = new Int32Array(this.buffers.control);
  private readonly floats = new Float32Array(this.buffers.input);
  private readonly bits = new Int32Array(this.buffers.input);
  private readonly out = Buffer.from(this.buffers.output);
  private readonly view = new DataView(this.buffers.output);
  private readonly ends = new Int32Array(this.buffers.ends);
  private readonly state = new Int32Array(this.buffers.state);
  private readonly worker: Worker;
  private gen = 0;
  // The current block: rows [from, to) of `source` (the batch's column object: new for every batch,
  // while callers may refill the same Float32Array for their next append), in half `half`.
  private source: object | undefined;
  private from = 0;
  private to = 0;
  private half = 0;
  private dim = 0;
  /** Chunks the worker claimed but had not finished: formatted here into `own`. */
  private readonly stolen = new Int8Array(MAX_CHUNKS);
  private own = Buffer.allocUnsafe(1 << 16);
  private ownView = new DataView(this.own.buffer, this.own.byteOffset, this.own.length);
  private readonly ownEnds = new Int32Array(BLOCK_ROWS);
  /** Blocks still to format alone: set when the worker got too little done (a busy machine). */
  private solo = 0;

  constructor() {
    const source = `(${workerMain.toString()})((${float32SearchKit.toString()}), (${float32TextKit.toString()}), ${JSON.stringify(WORKER_CONSTANTS)})`;
    this.worker = new Worker(source, { eval: true, workerData: this.buffers });
    this.worker.on("error", () => {
      this.broken = true;
    });
    this.worker.unref();
  }

  /**
   * Text of row `row` of a dim-wide float vector column (`column`: the batch's column object, `values`
   * its Float32Array): `[...]`, the bytes writeFloat32s gives. The view is valid until the next call.
   */
  row(column: object, values: Float32Array, dim: number, row: number): Uint8Array {
    if (column !== this.source || row < this.from || row >= this.to) this.format(column, values, dim, row);
    const k = row - this.from;
    const c = (k / CHUNK_ROWS) | 0;
    const first = k === c * CHUNK_ROWS;
    if (this.stolen[c])
      return this.own.subarray(first ? this.chunkOwnStart(c) : this.ownEnds[k - 1], this.ownEnds[k]);
    const base = this.half * BLOCK_ROWS;
    const start = first ? this.chunkStart(c) : this.ends[base + k - 1];
    return this.out.subarray(start, this.ends[base + k]);
  }

  private chunkStart(c: number): number {
    return this.half * OUTPUT_BYTES + c * CHUNK_ROWS * (this.dim * BYTES_PER_FLOAT + 2);
  }

  private chunkOwnStart(c: number): number {
    return c * CHUNK_ROWS * (this.dim * BYTES_PER_FLOAT + 2);
  }

  /** Formats the block starting at `row`, sharing its chunks with the worker. */
  private format(column: object, values: Float32Array, dim: number, row: number): void {
    const total = Math.floor(values.length / dim);
    const rows = Math.min(BLOCK_ROWS, total - row, Math.max(1, Math.floor(INPUT_FLOATS / dim)));
    const chunks = Math.ceil(rows / CHUNK_ROWS);
    this.source = column;
    this.from = row;
    this.to = row + rows;
    this.dim = dim;
    if (this.solo > 0 || this.broken) {
      // Alone: straight from the caller's floats, no copy, no shared memory.
      this.solo--;
      const bits = new Int32Array(values.buffer, values.byteOffset, values.length);
      for (let c = 0; c < chunks; c++) this.own1(c, rows, dim, values, bits, row * dim);
      return;
    }
    this.gen = (this.gen + 1) & GEN_MASK;
    const gen = this.gen;
    const h = gen & 1;
    const ctl = this.control;
    // The worker may still be on this half from two blocks ago (descheduled mid-chunk): let it leave.
    this.waitWhile(() => Atomics.load(ctl, BUSY + h) !== 0);
    this.floats.set(values.subarray(row * dim, (row + rows) * dim), h * INPUT_FLOATS);
    this.state.fill(-1, h * MAX_CHUNKS, (h + 1) * MAX_CHUNKS);
    Atomics.store(ctl, ROWS + h, rows);
    Atomics.store(ctl, DIM + h, dim);
    Atomics.store(ctl, CLAIM + h, gen << CHUNK_BITS);
    Atomics.store(ctl, SEQ, gen);
    Atomics.notify(ctl, SEQ);
    this.half = h;
    this.stolen.fill(0);
    const mine = new Uint8Array(chunks);
    for (;;) {
      const c = claim(ctl, h, gen, chunks);
      if (c < 0) break;
      formatChunk(writeFloat32s, this.out, this.view, this.floats, this.bits, this.ends, h, c, rows, dim);
      mine[c] = 1;
    }
    // No more claims on this block: a worker still looking at it (or waking late) finds it closed.
    Atomics.store(ctl, CLAIM + h, (gen << CHUNK_BITS) | CLOSED);
    let byWorker = 0;
    for (let c = 0; c < chunks; c++) {
      if (mine[c]) continue;
      if (Atomics.load(this.state, h * MAX_CHUNKS + c) === gen) byWorker++;
      else this.own1(c, rows, dim, this.floats, this.bits, h * INPUT_FLOATS);
    }
    // A worker that did under a fifth of the block is not getting a core: go alone for a while
    // (sharing would only add copies and chunks formatted twice), then try again.
    if (chunks >= 8 && byWorker * 5 < chunks) this.solo = SOLO_BLOCKS;
  }

  /**
   * Formats chunk c into this thread's own buffer from floats[base + k·dim ...]: a chunk the worker
   * claimed but has not finished, or every chunk of a block formatted alone.
   */
  private own1(
    c: number,
    rows: number,
    dim: number,
    floats: Float32Array,
    bits: Int32Array,
    base: number,
  ): void {
    const need = this.chunkOwnStart(c + 1);
    if (this.own.length < need) {
      const next = Buffer.allocUnsafe(Math.max(need, this.own.length * 2));
      this.own.copy(next);
      this.own = next;
      this.ownView = new DataView(next.buffer, next.byteOffset, next.length);
    }
    let pos = this.chunkOwnStart(c);
    const end = Math.min(rows, (c + 1) * CHUNK_ROWS);
    for (let k = c * CHUNK_ROWS; k < end; k++) {
      const at = base + k * dim;
      this.own[pos] = 91; // "["
      pos = writeFloat32s(this.own, this.ownView, pos + 1, floats, bits, at, at + dim);
      this.own[pos++] = 93; // "]"
      this.ownEnds[k] = pos;
    }
    this.stolen[c] = 1;
  }

  private waitWhile(busy: () => boolean): void {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    while (busy()) {
      Atomics.wait(this.control, SLEEP, 0, 1); // a short sleep: this is rare
      if (Date.now() > deadline) {
        this.broken = true;
        throw new Error("the vector text worker kept a block for 60 s");
      }
    }
  }
}

/** Claims the next chunk of generation gen in half h; -1 when none is left or the block moved on. */
function claim(ctl: Int32Array, h: number, gen: number, chunks: number): number {
  for (;;) {
    const w = Atomics.load(ctl, CLAIM + h);
    const c = w & ((1 << CHUNK_BITS) - 1);
    if (w >>> CHUNK_BITS !== gen || c >= chunks) return -1;
    if (Atomics.compareExchange(ctl, CLAIM + h, w, w + 1) === w) return c;
  }
}

/** Rows of chunk c of half h into the shared output (a fixed region per chunk), ends per row. */
function formatChunk(
  format: typeof writeFloat32s,
  out: Uint8Array,
  view: DataView,
  floats: Float32Array,
  bits: Int32Array,
  ends: Int32Array,
  h: number,
  c: number,
  rows: number,
  dim: number,
): void {
  let pos = h * OUTPUT_BYTES + c * CHUNK_ROWS * (dim * BYTES_PER_FLOAT + 2);
  const end = Math.min(rows, (c + 1) * CHUNK_ROWS);
  for (let k = c * CHUNK_ROWS; k < end; k++) {
    const at = h * INPUT_FLOATS + k * dim;
    out[pos] = 91; // "["
    pos = format(out, view, pos + 1, floats, bits, at, at + dim);
    out[pos++] = 93; // "]"
    ends[h * BLOCK_ROWS + k] = pos;
  }
}

/**
 * The worker's program, stringified into an eval'd worker with the kits' and helpers' source, so it
 * must be self-contained: it waits for a block, claims and formats chunks until none is left.
 */
function workerMain(
  searchKit: typeof float32SearchKit,
  textKit: typeof float32TextKit,
  K: typeof WORKER_CONSTANTS,
): void {
  const { workerData } = require("node:worker_threads");
  const { writeFloat32s: format } = textKit(searchKit());
  const ctl = new Int32Array(workerData.control);
  const floats = new Float32Array(workerData.input);
  const bits = new Int32Array(workerData.input);
  const out = new Uint8Array(workerData.output);
  const view = new DataView(workerData.output);
  const ends = new Int32Array(workerData.ends);
  const state = new Int32Array(workerData.state);
  Atomics.store(ctl, K.READY, 1);
  let seen = 0;
  for (;;) {
    // Bounded waits: an idle worker wakes once a second, so terminating it never hangs on a futex.
    if (Atomics.wait(ctl, K.SEQ, seen, 1000) === "timed-out") continue;
    const gen = Atomics.load(ctl, K.SEQ);
    seen = gen;
    const h = gen & 1;
    for (;;) {
      Atomics.store(ctl, K.BUSY + h, 1);
      const w = Atomics.load(ctl, K.CLAIM + h);
      const rows = Atomics.load(ctl, K.ROWS + h);
      const chunks = Math.ceil(rows / K.CHUNK_ROWS);
      const c = w & ((1 << K.CHUNK_BITS) - 1);
      if (w >>> K.CHUNK_BITS !== gen || c >= chunks) {
        Atomics.store(ctl, K.BUSY + h, 0);
        break;
      }
      if (Atomics.compareExchange(ctl, K.CLAIM + h, w, w + 1) !== w) {
        Atomics.store(ctl, K.BUSY + h, 0);
        continue;
      }
      const dim = Atomics.load(ctl, K.DIM + h);
      let pos = h * K.OUTPUT_BYTES + c * K.CHUNK_ROWS * (dim * K.BYTES_PER_FLOAT + 2);
      const end = Math.min(rows, (c + 1) * K.CHUNK_ROWS);
      for (let k = c * K.CHUNK_ROWS; k < end; k++) {
        const at = h * K.INPUT_FLOATS + k * dim;
        out[pos] = 91;
        pos = format(out, view, pos + 1, floats, bits, at, at + dim);
        out[pos++] = 93;
        ends[h * K.BLOCK_ROWS + k] = pos;
      }
      Atomics.store(state, h * K.MAX_CHUNKS + c, gen);
      Atomics.store(ctl, K.BUSY + h, 0);
    }
  }
}
