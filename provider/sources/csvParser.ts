import { type CsvRecord, CsvSyntaxError, CsvTokenizer } from "../formats/csvTokenizer";
import { sourceError } from "./sourceError";

export type { CsvRecord };

/**
 * CSV records of a user file, with Go encoding/csv's strict rules (what Milvus's CSV reader uses; see
 * formats/csvTokenizer), errors phrased for source files: file, expected vs got, line.
 */
export class CsvParser {
  private readonly tokenizer: CsvTokenizer;
  constructor(
    private readonly file: string,
    private readonly sep = ",",
  ) {
    this.tokenizer = new CsvTokenizer(sep);
  }

  /**
   * Fields already complete in the unfinished record (its column index so far), and that record's
   * first line: where a problem found in the text right after it is.
   */
  pendingPosition(): { column: number; line: number } {
    return this.tokenizer.pendingPosition();
  }

  /**
   * Records completed by chunk; an unfinished record waits for the next call (final: none follows).
   * eager: parse now even if the tokenizer would wait for more text (before pendingPosition()).
   */
  push(chunk: string, final = false, eager = false): CsvRecord[] {
    try {
      return this.tokenizer.push(chunk, final, eager);
    } catch (e) {
      if (!(e instanceof CsvSyntaxError)) throw e;
      switch (e.kind) {
        case "unclosed":
          throw sourceError(
            this.file,
            0,
            "a closing quote",
            `an unclosed quoted field starting on line ${e.startLine}`,
            "(csv)",
          );
        case "bareQuote":
          throw sourceError(
            this.file,
            0,
            "quotes only around whole fields (RFC 4180)",
            `a bare quote in an unquoted field on line ${e.line}`,
            "(csv)",
          );
        case "quote":
          throw sourceError(
            this.file,
            0,
            `'${this.sep}' or end of line after a closing quote`,
            `${JSON.stringify(e.found)} on line ${e.line}`,
            "(csv)",
          );
      }
    }
  }
}
