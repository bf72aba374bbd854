/**
 * JSON row files (`{"rows": [...]}` or a bare list) and JSON Lines, read one row at a time so a file
 * of any size streams through. Milvus's reader takes the first key of an object root as the rows key
 * (case-insensitive `rows`) and otherwise only a list root.
 */
import { JsonRowSplitter, JsonRowsError } from "../../formats/jsonRows";
import { MAX_JSON_NESTING } from "../../validate/jsonNesting";
import { type Batch, BatchBuilder, type ReadContext } from "../batch";
import { FileFormatError } from "../errors";
import { type ExactJson, JsonNestingError, parseExactJson } from "../jsonExact";
import { addJsonRow } from "./rowObjects";

/** One JSON row file, fed byte chunks; take() hands over the rows read so far. */
export class JsonFileReader {
  private readonly splitter = new JsonRowSplitter({ rowsKey: "first" });
  private out: BatchBuilder;
  private rowNo = 0;

  constructor(private readonly ctx: ReadContext) {
    this.out = new BatchBuilder(ctx.schema);
  }

  get pending(): number {
    return this.out.rowCount;
  }

  push(chunk: Uint8Array, final = false): void {
    let rows: { text: string; line: number }[];
    try {
      rows = this.splitter.push(chunk, final);
    } catch (e) {
      if (!(e instanceof JsonRowsError)) throw e;
      throw new FileFormatError(
        e.kind !== "syntax" || e.message.startsWith("invalid JSON format")
          ? e.message
          : `failed to parse JSON file: ${e.message} (line ${e.line})`,
      );
    }
    for (const r of rows) {
      let obj: ExactJson;
      const rowNo = this.rowNo + 1;
      try {
        obj = parseExactJson(r.text, 1);
      } catch (e) {
        if (e instanceof JsonNestingError) {
          const field = typeof e.path[0] === "string" ? `, field '${e.path[0]}'` : "";
          throw new FileFormatError(
            `failed to parse JSON file: arrays/objects nested deeper than ${MAX_JSON_NESTING} levels (line ${r.line + e.line - 1}) in row ${rowNo}${field}`,
          );
        }
        throw new FileFormatError(
          `failed to parse JSON file: ${(e as Error).message} (row ${rowNo}, line ${r.line})`,
        );
      }
      addJsonRow(this.ctx, this.out, obj, ++this.rowNo);
    }
  }

  take(): Batch {
    const b = this.out.build();
    this.out = new BatchBuilder(this.ctx.schema);
    return b;
  }
}

/** A row-file reader fed byte chunks: both JSON and JSON Lines readers have this shape. */
interface ChunkedRowReader {
  readonly pending: number;
  push(chunk: Uint8Array, final?: boolean): void;
  take(): Batch;
}

function readWhole(r: ChunkedRowReader, buf: Buffer): Batch {
  r.push(buf, true);
  return r.take();
}

async function* readBatches(
  r: ChunkedRowReader,
  chunks: AsyncIterable<Uint8Array>,
  batchRows: number,
): AsyncGenerator<Batch> {
  for await (const chunk of chunks) {
    r.push(chunk);
    if (r.pending >= batchRows) yield r.take();
  }
  r.push(new Uint8Array(0), true);
  if (r.pending > 0) yield r.take();
}

/** A whole JSON file in memory (see readJsonStream for files of any size). */
export const readJsonFile = (buf: Buffer, ctx: ReadContext): Batch => readWhole(new JsonFileReader(ctx), buf);

export const readJsonStream = (chunks: AsyncIterable<Uint8Array>, ctx: ReadContext, batchRows: number) =>
  readBatches(new JsonFileReader(ctx), chunks, batchRows);

/** JSON Lines, decoded line by line from the bytes (a line may span chunks). */
export class JsonlFileReader {
  private out: BatchBuilder;
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });
  private lineNo = 0;
  private carry: Buffer[] = [];

  constructor(private readonly ctx: ReadContext) {
    this.out = new BatchBuilder(ctx.schema);
  }

  get pending(): number {
    return this.out.rowCount;
  }

  push(chunk: Uint8Array, final = false): void {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf(10, pos);
      if (nl < 0) break;
      const piece = buf.subarray(pos, nl);
      if (this.carry.length > 0) {
        this.carry.push(piece);
        this.line(Buffer.concat(this.carry));
        this.carry = [];
      } else this.line(piece);
      pos = nl + 1;
    }
    if (pos < buf.length) this.carry.push(Buffer.from(buf.subarray(pos)));
    if (final && this.carry.length > 0) {
      this.line(Buffer.concat(this.carry));
      this.carry = [];
    }
  }

  take(): Batch {
    const b = this.out.build();
    this.out = new BatchBuilder(this.ctx.schema);
    return b;
  }

  private line(bytes: Uint8Array): void {
    const ctx = this.ctx;
    const lineNo = ++this.lineNo;
    let line: string;
    try {
      line = this.decoder.decode(bytes);
    } catch {
      ctx.problems.add({ file: ctx.file, row: lineNo, message: "line is not valid UTF-8" });
      return;
    }
    if (line.trim() === "") return;
    let row: ExactJson;
    try {
      row = parseExactJson(line, 1);
    } catch (e) {
      ctx.problems.add({
        file: ctx.file,
        row: lineNo,
        message: `failed to parse JSON line: ${(e as Error).message}${e instanceof JsonNestingError && typeof e.path[0] === "string" ? `, field '${e.path[0]}'` : ""}`,
      });
      return;
    }
    addJsonRow(ctx, this.out, row, lineNo);
  }
}

/** A whole JSON Lines file in memory. */
export const readJsonlFile = (buf: Buffer, ctx: ReadContext): Batch =>
  readWhole(new JsonlFileReader(ctx), buf);

export const readJsonlStream = (chunks: AsyncIterable<Uint8Array>, ctx: ReadContext, batchRows: number) =>
  readBatches(new JsonlFileReader(ctx), chunks, batchRows);
