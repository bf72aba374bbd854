/**
 * Streaming CSV tokenizer with Go encoding/csv's strict rules, which Milvus's CSV import reader uses:
 * quotes only around whole fields, `""` inside them, a bare quote in an unquoted field or text after a
 * closing quote is an error, an unclosed quote is an error, CRLF reads as LF (inside quoted fields too),
 * a lone CR stays data, a CR right before the end of the input is dropped, empty lines are skipped.
 * Shared by the source readers (user CSV) and the embedded engine's import reader.
 *
 * Hand-written: the CSV libraries on npm are lenient by default and none reproduces Go's error rules;
 * the grammar is small and this runs in one linear pass. It takes decoded text chunks and returns the
 * records completed so far; a record cut by a chunk boundary waits for the next chunk.
 */

export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

/** bareQuote: `"` inside an unquoted field; quote: text after a closing quote; unclosed: EOF in quotes. */
export type CsvSyntaxKind = "bareQuote" | "quote" | "unclosed";

export class CsvSyntaxError extends Error {
  constructor(
    readonly kind: CsvSyntaxKind,
    /** Line of the offending character (unclosed: the last line). */
    readonly line: number,
    /** Line where the record started. */
    readonly startLine: number,
    /** kind === "quote": the character found after the closing quote. */
    readonly found?: string,
  ) {
    // Go's messages (ErrBareQuote, ErrQuote): an unclosed quote is an ErrQuote there too.
    super(kind === "bareQuote" ? 'bare " in non-quoted-field' : 'extraneous or missing " in quoted-field');
    this.name = "CsvSyntaxError";
  }
}

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Thrown inside parse() when the text ends before the record does (more input may complete it). */
const INCOMPLETE = Symbol("incomplete");

export class CsvTokenizer {
  private tail = "";
  private line = 1;
  /** Don't parse again before the buffer reaches this length: keeps a huge record linear to read. */
  private waitFor = 0;

  /** sep: one character (a UTF-16 surrogate pair counts as one). */
  constructor(private readonly sep = ",") {
    if (sep.length === 0 || sep.length > 2)
      throw new Error(`CSV separator must be one character, got ${JSON.stringify(sep)}`);
  }

  /** Line number the next record would start on (for messages about the end of the input). */
  get currentLine(): number {
    return this.line;
  }

  /**
   * Fields already complete in the unfinished record (its column index so far), and the line that
   * record starts on. Exact after a push with eager set (otherwise complete records may still wait).
   */
  pendingPosition(): { column: number; line: number } {
    let column = 0;
    let quoted = false;
    const t = this.tail.replace(/^(\r?\n)+/, "");
    for (let i = 0; i < t.length; i++) {
      const c = t[i];
      if (c === '"') quoted = !quoted;
      else if (!quoted && t.startsWith(this.sep, i)) column++;
    }
    return { column, line: this.line };
  }

  /**
   * Records completed by chunk; final = no more input (an unfinished record is then an error).
   * eager: parse now even when the buffer has not grown enough since an unfinished record.
   */
  push(chunk: string, final = false, eager = false): CsvRecord[] {
    const text = this.tail.length === 0 ? chunk : this.tail + chunk;
    const out: CsvRecord[] = [];
    if (!final && !eager && text.length < this.waitFor) {
      this.tail = text;
      return out;
    }
    let pos = 0;
    const n = text.length;
    while (pos < n) {
      const c = text.charCodeAt(pos);
      // Empty lines (LF or CRLF alone) are skipped; a lone CR at the very end of the input too.
      if (c === LF) {
        pos++;
        this.line++;
        continue;
      }
      if (c === CR && pos + 1 < n && text.charCodeAt(pos + 1) === LF) {
        pos += 2;
        this.line++;
        continue;
      }
      if (c === CR && pos + 1 === n) {
        if (!final) break;
        pos++;
        continue;
      }
      const startLine = this.line;
      const r = this.record(text, pos, final, startLine);
      if (r === INCOMPLETE) break;
      out.push({ fields: r.fields, line: startLine });
      this.line += r.lines;
      pos = r.end;
    }
    this.tail = pos === 0 ? text : text.slice(pos);
    this.waitFor = this.tail.length > 0 ? this.tail.length * 2 : 0;
    return out;
  }

  /** Parses one record starting at pos; returns its fields, the position after it and lines consumed. */
  private record(
    text: string,
    start: number,
    final: boolean,
    startLine: number,
  ): { fields: string[]; end: number; lines: number } | typeof INCOMPLETE {
    const sep = this.sep;
    const sep0 = sep.charCodeAt(0);
    const sepLen = sep.length;
    const n = text.length;
    const fields: string[] = [];
    let pos = start;
    let lines = 0;
    for (;;) {
      if (pos < n && text.charCodeAt(pos) === QUOTE) {
        // Quoted field: runs between quotes are copied with slice().
        let value = "";
        let p = pos + 1;
        for (;;) {
          const q = text.indexOf('"', p);
          if (q < 0) {
            if (!final) return INCOMPLETE;
            throw new CsvSyntaxError("unclosed", startLine + lines + countLf(text, p, n), startLine);
          }
          const piece = text.slice(p, q);
          lines += countLf(piece, 0, piece.length);
          value += piece.indexOf("\r\n") >= 0 ? piece.replace(/\r\n/g, "\n") : piece;
          if (q + 1 >= n && !final) return INCOMPLETE; // a `"` may follow: `""`
          const next = text.charCodeAt(q + 1);
          if (next === QUOTE) {
            value += '"';
            p = q + 2;
            continue;
          }
          p = q + 1;
          break;
        }
        fields.push(value);
        pos = p;
        if (pos >= n) {
          if (!final) return INCOMPLETE;
          return { fields, end: pos, lines: lines + 1 };
        }
        const c = text.charCodeAt(pos);
        if (c === sep0 && (sepLen === 1 || text.charCodeAt(pos + 1) === sep.charCodeAt(1))) {
          pos += sepLen;
          continue;
        }
        const eol = endOfLine(text, pos, final);
        if (eol === -2) return INCOMPLETE;
        if (eol >= 0) return { fields, end: eol, lines: lines + 1 };
        throw new CsvSyntaxError(
          "quote",
          startLine + lines,
          startLine,
          String.fromCodePoint(text.codePointAt(pos) as number),
        );
      }
      // Unquoted field: up to the separator or the end of the line.
      let end = pos;
      let stop = -1; // position after the line break, when the field ends the record
      for (; end < n; end++) {
        const c = text.charCodeAt(end);
        if (c === sep0 && (sepLen === 1 || text.charCodeAt(end + 1) === sep.charCodeAt(1))) break;
        if (c === LF) {
          stop = end + 1;
          break;
        }
        if (c === CR && end + 1 < n && text.charCodeAt(end + 1) === LF) {
          stop = end + 2;
          break;
        }
        if (c === QUOTE) throw new CsvSyntaxError("bareQuote", startLine + lines, startLine);
      }
      if (end >= n) {
        if (!final) return INCOMPLETE;
        // End of input: a CR right before it is dropped (Go does the same).
        const last = end > pos && text.charCodeAt(end - 1) === CR ? end - 1 : end;
        fields.push(text.slice(pos, last));
        return { fields, end: n, lines: lines + 1 };
      }
      fields.push(text.slice(pos, end));
      if (stop >= 0) return { fields, end: stop, lines: lines + 1 };
      pos = end + sepLen;
    }
  }
}

/** After a closing quote: position after LF / CRLF, n at the end of the final input, -1 other text, -2 need more. */
function endOfLine(text: string, pos: number, final: boolean): number {
  const c = text.charCodeAt(pos);
  if (c === LF) return pos + 1;
  if (c === CR) {
    if (pos + 1 >= text.length) return final ? pos + 1 : -2;
    if (text.charCodeAt(pos + 1) === LF) return pos + 2;
  }
  return -1;
}

function countLf(s: string, from: number, to: number): number {
  let k = 0;
  for (let i = s.indexOf("\n", from); i >= 0 && i < to; i = s.indexOf("\n", i + 1)) k++;
  return k;
}
