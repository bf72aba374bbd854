/**
 * Strict RFC 4180 record splitter with Go `encoding/csv` rules (what Milvus's CSV reader uses): quotes
 * only around whole fields, `""` escapes, a bare quote in an unquoted field is an error, CRLF → LF,
 * empty lines skipped. Hand-written because no CSV library is a dependency and we need Go's exact
 * strictness (csv-parse and friends are lenient by default); it is ~60 lines and linear in the input.
 */
export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseCsv(text: string, sep: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    if (text[i] === "\n" || (text[i] === "\r" && text[i + 1] === "\n")) {
      i += text[i] === "\r" ? 2 : 1;
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = "";
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) throw new CsvSyntaxError(start, 'extraneous or missing " in quoted-field');
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === "\n") line++;
          if (!(c === "\r" && text[i + 1] === "\n")) field += c;
          i++;
        }
        const next = text[i];
        if (i < n && next !== sep && next !== "\n" && !(next === "\r" && text[i + 1] === "\n")) {
          throw new CsvSyntaxError(line, 'extraneous or missing " in quoted-field');
        }
      } else {
        while (i < n && text[i] !== sep && text[i] !== "\n" && !(text[i] === "\r" && text[i + 1] === "\n")) {
          if (text[i] === '"') throw new CsvSyntaxError(line, 'bare " in non-quoted-field');
          field += text[i++];
        }
      }
      fields.push(field);
      if (i < n && text[i] === sep) {
        i++;
        continue;
      }
      break;
    }
    records.push({ line: start, fields });
    if (i < n) {
      i += text[i] === "\r" ? 2 : 1;
      line++;
    }
  }
  return records;
}
