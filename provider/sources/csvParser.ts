import { sourceError } from "./sourceError";

/**
 * Streaming RFC 4180 parser with Go encoding/csv's strict rules (what Milvus's CSV reader uses):
 * quoted fields may hold separators, quotes ("") and newlines; a bare quote in an unquoted field, text
 * after a closing quote, or an unclosed quote is an error naming the line. Empty lines are skipped;
 * CRLF is accepted. Hand-written because no CSV library is installed (see the task notes) and the
 * rules are small; it is fed decoded text chunks and yields complete records.
 */
export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

export class CsvParser {
  private tail = "";
  private line = 1;
  constructor(
    private readonly file: string,
    private readonly sep = ",",
  ) {}

  /**
   * Fields already complete in the unfinished record (its column index so far), and that record's
   * first line: where a problem found in the text right after it is.
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

  /** Parses what is complete in tail + chunk; keeps an unfinished record for the next call. */
  push(chunk: string, final = false): CsvRecord[] {
    const text = this.tail + chunk;
    const out: CsvRecord[] = [];
    const sep = this.sep;
    let pos = 0;
    let line = this.line;
    const n = text.length;
    while (pos < n) {
      // Skip empty lines.
      if (text[pos] === "\n") {
        pos++;
        line++;
        continue;
      }
      if (text[pos] === "\r" && text[pos + 1] === "\n") {
        pos += 2;
        line++;
        continue;
      }
      const startPos = pos;
      const startLine = line;
      const fields: string[] = [];
      let complete = false;
      let cur = line;
      for (;;) {
        if (pos >= n) break; // unfinished record
        if (text[pos] === '"') {
          // Quoted field.
          let value = "";
          let p = pos + 1;
          let closed = false;
          for (;;) {
            const q = text.indexOf('"', p);
            if (q < 0) break;
            const piece = text.slice(p, q);
            for (let k = 0; k < piece.length; k++) if (piece.charCodeAt(k) === 10) cur++;
            value += piece;
            if (text[q + 1] === '"') {
              value += '"';
              p = q + 2;
              continue;
            }
            if (q + 1 >= n && !final) break; // cannot tell yet whether "" follows
            p = q + 1;
            closed = true;
            break;
          }
          if (!closed) {
            if (final)
              throw sourceError(
                this.file,
                0,
                "a closing quote",
                `an unclosed quoted field starting on line ${cur === startLine ? startLine : startLine}`,
                "(csv)",
              );
            break;
          }
          fields.push(value.replace(/\r\n/g, "\n"));
          pos = p;
          const c = text[pos];
          if (c === sep) {
            pos += sep.length;
            continue;
          }
          if (c === "\n" || (c === "\r" && text[pos + 1] === "\n")) {
            pos += c === "\n" ? 1 : 2;
            cur++;
            complete = true;
            break;
          }
          if (pos >= n) {
            if (final) complete = true;
            break;
          }
          throw sourceError(
            this.file,
            0,
            `'${sep}' or end of line after a closing quote`,
            `${JSON.stringify(c)} on line ${cur}`,
            "(csv)",
          );
        }
        // Unquoted field: up to the separator or end of line.
        let end = pos;
        while (end < n && text[end] !== sep && text[end] !== "\n") end++;
        let value = text.slice(pos, end);
        if (end < n && text[end] === "\n" && value.endsWith("\r")) value = value.slice(0, -1);
        const bare = value.indexOf('"');
        if (bare >= 0)
          throw sourceError(
            this.file,
            0,
            "quotes only around whole fields (RFC 4180)",
            `a bare quote in an unquoted field on line ${cur}`,
            "(csv)",
          );
        if (end >= n && !final) break;
        fields.push(value);
        if (end >= n) {
          pos = end;
          complete = true;
          break;
        }
        pos = end + 1;
        if (text[end] === "\n") {
          cur++;
          complete = true;
          break;
        }
        if (pos >= n && final) {
          fields.push("");
          complete = true;
          break;
        }
      }
      if (!complete) {
        pos = startPos;
        line = startLine;
        break;
      }
      out.push({ fields, line: startLine });
      line = cur;
    }
    this.tail = text.slice(pos);
    this.line = line;
    if (final && this.tail.length > 0) {
      throw sourceError(this.file, 0, "a complete last record", `unterminated data on line ${line}`, "(csv)");
    }
    return out;
  }
}
