/**
 * Streaming splitter for JSON row files — a list of rows `[...]` or an object holding one, `{"rows": [...]}`
 * — so a file of any size is read one row at a time: fed byte chunks, it returns the UTF-8 text of
 * each complete element of the rows list. It checks the structure around the elements (brackets,
 * commas, keys); the caller parses (and so fully checks) each element.
 * Shared by the source readers and the embedded engine's import reader.
 */

/**
 * start: the document is not a list or an object; rowsKey: no rows member (or, "first", the first key
 * is not rows); rowsNotList: the rows member is not a list; syntax: anything else.
 */
export type JsonRowsProblem = "start" | "rowsKey" | "rowsNotList" | "syntax";

export class JsonRowsError extends Error {
  constructor(
    readonly kind: JsonRowsProblem,
    message: string,
    /** 1-based line of the problem. */
    readonly line: number,
  ) {
    super(message);
    this.name = "JsonRowsError";
  }
}

export interface JsonRowsOptions {
  /**
   * Object root: "first" = its first key must name the rows list (Milvus's reader compares the first
   * key case-insensitively with `rows`); "any" = the member named exactly `rows`, others skipped.
   */
  rowsKey: "first" | "any";
}

export interface JsonRow {
  text: string;
  /** 1-based line where the element starts. */
  line: number;
}

enum St {
  Root,
  /** In the root object: before a key or `}` (first: no member yet). */
  Key,
  Colon,
  /** Before the rows list's `[`. */
  RowsOpen,
  /** A member value that is not the rows list is being skipped. */
  Skip,
  /** After a member: `,` or `}`. */
  MemberEnd,
  /** In the rows list: an element or `]` (first: no element yet). */
  Elem,
  /** After an element: `,` or `]`. */
  ElemEnd,
  Done,
}

const isWs = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** One JSON value being scanned for its end, possibly across chunks. */
class ValueScan {
  parts: Buffer[] = [];
  line = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scalar = false;

  /** Starts at b[i] (not whitespace). */
  start(b: Uint8Array, i: number, line: number): void {
    this.parts = [];
    this.line = line;
    const c = b[i];
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.scalar = !(c === 123 || c === 91 || c === 34);
  }

  /**
   * Scans from b[i]; returns the index after the value when it ends in this chunk (a scalar ends
   * before its terminator), or -1 when all of b from i belongs to it. lines counts newlines seen.
   */
  feed(b: Uint8Array, i: number, lines: { n: number }): number {
    const n = b.length;
    let j = i;
    for (; j < n; j++) {
      const c = b[j];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) {
          this.inString = false;
          if (this.depth === 0 && !this.scalar) return this.end(b, i, j + 1);
        } else if (c === 10) lines.n++;
        continue;
      }
      if (this.scalar) {
        if (c === 44 || c === 93 || c === 125 || isWs(c)) return this.end(b, i, j);
        continue;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        this.depth--;
        if (this.depth === 0) return this.end(b, i, j + 1);
      } else if (c === 10) lines.n++;
    }
    this.parts.push(Buffer.from(b.subarray(i, n)));
    return -1;
  }

  /** At the end of the input a scalar is complete; anything else is not. */
  finishAtEof(): boolean {
    return this.scalar;
  }

  bytes(): Buffer {
    return this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
  }

  private end(b: Uint8Array, i: number, j: number): number {
    this.parts.push(Buffer.from(b.subarray(i, j)));
    return j;
  }
}

export class JsonRowSplitter {
  private st = St.Root;
  private line = 1;
  private rootIsList = false;
  private sawRows = false;
  private members = 0;
  private first = true;
  /** The value being scanned (element, key or skipped member), if any. */
  private value: ValueScan | undefined;
  private readonly scan = new ValueScan();
  private readonly lines = { n: 0 };
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });

  constructor(private readonly opts: JsonRowsOptions) {}

  /** Whether a row (an element of the rows list) has begun and not yet ended. */
  get inRow(): boolean {
    return this.value !== undefined && this.st === St.Elem;
  }

  /** The elements completed by this chunk (final: no more input; an unfinished document is an error). */
  push(b: Uint8Array, final = false): JsonRow[] {
    const out: JsonRow[] = [];
    const n = b.length;
    let i = 0;
    while (i < n) {
      if (this.value) {
        this.lines.n = 0;
        const end = this.value.feed(b, i, this.lines);
        this.line += this.lines.n;
        if (end < 0) break;
        i = end;
        this.valueDone(out);
        continue;
      }
      const c = b[i];
      if (isWs(c)) {
        if (c === 10) this.line++;
        i++;
        continue;
      }
      const ch = () => String.fromCharCode(c);
      switch (this.st) {
        case St.Root:
          if (c === 91) {
            this.rootIsList = true;
            this.st = St.Elem;
          } else if (c === 123) this.st = St.Key;
          else
            throw this.error("invalid JSON format, the content should be started with '{' or '['", "start");
          i++;
          break;
        case St.Key:
          if (c === 125 && this.members === 0) {
            throw this.error("invalid JSON format, the root key should be 'rows', but get ''", "rowsKey");
          } else if (c === 34) this.begin(b, i);
          else throw this.error(`invalid JSON format, expected a key, got '${ch()}'`);
          break;
        case St.Colon:
          if (c !== 58) throw this.error(`invalid JSON format, expected ':', got '${ch()}'`);
          this.st = this.afterColon;
          i++;
          break;
        case St.RowsOpen:
          if (c !== 91)
            throw this.error("invalid JSON format, rows list should begin with '['", "rowsNotList");
          this.sawRows = true;
          this.first = true;
          this.st = St.Elem;
          i++;
          break;
        case St.Skip:
          this.begin(b, i);
          break;
        case St.MemberEnd:
          if (c === 44) this.st = St.Key;
          else if (c === 125) {
            if (!this.sawRows)
              throw this.error("invalid JSON format, the root object has no 'rows' list", "rowsKey");
            this.st = St.Done;
          } else throw this.error(`invalid JSON format, expected ',' or '}', got '${ch()}'`);
          i++;
          break;
        case St.Elem:
          if (c === 93 && this.first) {
            i++;
            this.st = this.rootIsList ? St.Done : St.MemberEnd;
          } else if (c === 93 || c === 44)
            throw this.error(`invalid JSON format, expected a row, got '${ch()}'`);
          else this.begin(b, i);
          break;
        case St.ElemEnd:
          if (c === 44) {
            this.first = false;
            this.st = St.Elem;
          } else if (c === 93) this.st = this.rootIsList ? St.Done : St.MemberEnd;
          else throw this.error(`invalid JSON format, expected ',' or ']' after a row, got '${ch()}'`);
          i++;
          break;
        case St.Done:
          throw this.error("invalid JSON format, text after the end of the document");
      }
    }
    if (final) {
      if (this.value?.finishAtEof()) this.valueDone(out);
      if (this.value || this.st !== St.Done)
        throw this.error(
          this.st === St.Root ? "invalid JSON format, the file is empty" : "unexpected end of JSON input",
        );
    }
    return out;
  }

  private error(message: string, kind: JsonRowsProblem = "syntax"): JsonRowsError {
    return new JsonRowsError(kind, message, this.line);
  }

  private begin(b: Uint8Array, i: number): void {
    this.scan.start(b, i, this.line);
    this.value = this.scan;
  }

  private valueDone(out: JsonRow[]): void {
    const v = this.value as ValueScan;
    this.value = undefined;
    const bytes = v.bytes();
    if (this.st === St.Key) {
      // The colon comes first: remember where to go after it.
      this.afterColon = this.isRowsKey(bytes) ? St.RowsOpen : St.Skip;
      this.st = St.Colon;
      return;
    }
    if (this.st === St.Skip) {
      // Other members are not rows, but the document must still be valid JSON.
      try {
        JSON.parse(bytes.toString("utf8"));
      } catch (e) {
        throw new JsonRowsError("syntax", `invalid JSON: ${(e as Error).message}`, v.line);
      }
      this.st = St.MemberEnd;
      return;
    }
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      throw new JsonRowsError("syntax", "invalid UTF-8 in a row", v.line);
    }
    out.push({ text, line: v.line });
    this.st = St.ElemEnd;
  }

  private afterColon: St = St.Skip;

  private isRowsKey(bytes: Buffer): boolean {
    let key: string;
    try {
      key = JSON.parse(bytes.toString("utf8")) as string;
    } catch {
      throw this.error("invalid JSON format, a key is not a valid JSON string");
    }
    const first = this.members++ === 0;
    if (this.opts.rowsKey === "first") {
      if (!first) return false;
      if (key.toLowerCase() !== "rows")
        throw this.error(`invalid JSON format, the root key should be 'rows', but get '${key}'`, "rowsKey");
      return true;
    }
    return key === "rows" && !this.sawRows;
  }
}
