import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import { type JsonRow, JsonRowSplitter, JsonRowsError } from "../formats/jsonRows";
import { DataValidationError, IssueCollector } from "../validate/issues";
import { findDeepNesting, lineAt, MAX_JSON_NESTING, nestingExpected } from "../validate/jsonNesting";
import { parseJsonExact } from "../validate/jsonText";
import { csvCellDecoder } from "./csvCells";
import { CsvParser } from "./csvParser";
import { JsonSourceRules } from "./jsonSourceRules";
import { sourceError } from "./sourceError";
import type { RowBatch, SourceOptions } from "./types";
import { InvalidUtf8Error, StrictUtf8 } from "./utf8";

async function* textChunks(path: string, name: string): AsyncGenerator<string> {
  const utf8 = new StrictUtf8(name);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    yield utf8.decode(bytes);
    utf8.countLines(bytes);
  }
  yield utf8.decode(new Uint8Array(0), true);
}

function assertNotEmpty(path: string, name: string, opts: SourceOptions): void {
  if (!opts.allowEmpty && statSync(path).size === 0) throw sourceError(name, 0, "data", "an empty file");
}

/** CSV with a header row; cells typed per the schema (if given) like Milvus's CSV reader. */
export async function* readCsv(path: string, opts: SourceOptions = {}): AsyncGenerator<RowBatch> {
  const name = basename(path);
  assertNotEmpty(path, name, opts);
  const parser = new CsvParser(name, opts.csvSeparator ?? ",");
  const decode = opts.schema
    ? csvCellDecoder(opts.schema, opts.csvNullKey ?? "")
    : (_: string, t: string) => t;
  const size = opts.batchSize ?? 4096;
  let header: string[] | undefined;
  let rows: Record<string, unknown>[] = [];
  let rowNo = 0;
  let first = 1;
  let done = false;
  const chunks = textChunks(path, name);
  let badUtf8: InvalidUtf8Error | undefined;
  while (!done) {
    let next: IteratorResult<string>;
    try {
      next = await chunks.next();
    } catch (e) {
      if (!(e instanceof InvalidUtf8Error)) throw e;
      // Parse the text before the bad bytes, then name the row and column they fall in.
      badUtf8 = e;
      next = { done: false, value: e.before ?? "" };
    }
    done = next.done === true;
    const records = parser.push(next.done ? "" : next.value, done, badUtf8 !== undefined);
    for (const rec of records) {
      if (!header) {
        header = rec.fields;
        const dup = header.find((h, i) => header?.indexOf(h) !== i);
        if (dup !== undefined)
          throw sourceError(name, 0, "unique column names in the header", `'${dup}' twice`, "(header)");
        continue;
      }
      rowNo++;
      if (rec.fields.length !== header.length) {
        throw sourceError(
          name,
          rowNo,
          `${header.length} fields like the header`,
          `${rec.fields.length} fields on line ${rec.line}`,
          "(csv)",
        );
      }
      const row: Record<string, unknown> = {};
      // Cells are typed by the field a column maps to (a renamed column takes its target's type).
      for (let i = 0; i < header.length; i++)
        row[header[i]] = decode(opts.mapping?.rename?.[header[i]] ?? header[i], rec.fields[i]);
      rows.push(row);
      if (rows.length >= size) {
        yield { file: name, firstRow: first, rows };
        first = rowNo + 1;
        rows = [];
      }
    }
    if (badUtf8) {
      if (rows.length) yield { file: name, firstRow: first, rows };
      const { column } = parser.pendingPosition();
      if (!header) throw badUtf8.located(0, "(header)");
      if (badUtf8.before === undefined) throw badUtf8.located(rowNo + 1, "(csv)");
      throw badUtf8.located(rowNo + 1, header[column] ?? `(column ${column + 1})`);
    }
  }
  if (!header) {
    if (opts.allowEmpty) return;
    throw sourceError(name, 0, "a header row", "no records");
  }
  if (rows.length) yield { file: name, firstRow: first, rows };
}

/** JSON Lines: one row object per line, numbers exact (INT64 as BigInt). */
export async function* readJsonl(path: string, opts: SourceOptions = {}): AsyncGenerator<RowBatch> {
  const name = basename(path);
  assertNotEmpty(path, name, opts);
  const size = opts.batchSize ?? 4096;
  let carry = "";
  let line = 0;
  let rowNo = 0;
  let rows: Record<string, unknown>[] = [];
  let first = 1;
  const rules = opts.schema ? new JsonSourceRules(opts.schema, opts.mapping) : undefined;
  const issues = new IssueCollector();
  const handle = (text: string) => {
    line++;
    const t = text.trim();
    if (t === "") return;
    rowNo++;
    // Checked before parsing: the exact-number parse recurses and would overflow the stack.
    const deep = findDeepNesting(t, MAX_JSON_NESTING + 1, 1);
    if (deep)
      throw sourceError(
        name,
        rowNo,
        nestingExpected(),
        `deeper nesting on line ${line}`,
        typeof deep.path[0] === "string" ? deep.path[0] : "(json)",
      );
    let v: unknown;
    try {
      v = parseJsonExact(t, rules?.record);
    } catch (e) {
      throw sourceError(
        name,
        rowNo,
        "a JSON object per line",
        `invalid JSON on line ${line}: ${(e as Error).message}`,
        "(json)",
      );
    }
    if (typeof v !== "object" || v === null || Array.isArray(v))
      throw sourceError(
        name,
        rowNo,
        "a JSON object per line",
        `${Array.isArray(v) ? "an array" : String(v)} on line ${line}`,
        "(json)",
      );
    rules?.check(v, { file: name, row: rowNo }, issues);
    rows.push(v as Record<string, unknown>);
  };
  /** Handles lines until one fails; returns that failure. */
  const handleAll = (lines: string[]): unknown => {
    for (const l of lines) {
      try {
        handle(l);
      } catch (e) {
        return e;
      }
    }
    return undefined;
  };
  try {
    for await (const chunk of textChunks(path, name)) {
      const text = carry + chunk;
      const parts = text.split("\n");
      carry = parts.pop() ?? "";
      const failure =
        handleAll(parts) ?? (issues.full ? new DataValidationError(issues.issues, issues.total) : undefined);
      if (failure) {
        // Rows read before the bad line still get validated, so their problems are reported too.
        if (rows.length) yield { file: name, firstRow: first, rows };
        throw failure;
      }
      if (rows.length >= size) {
        yield { file: name, firstRow: first, rows };
        first = rowNo + 1;
        rows = [];
      }
    }
  } catch (e) {
    if (!(e instanceof InvalidUtf8Error)) throw e;
    // The lines before the bad bytes are rows as usual; the bad bytes are in the next one.
    const parts = `${carry}${e.before ?? ""}`.split("\n");
    parts.pop();
    const failure = e.before !== undefined ? handleAll(parts) : undefined;
    if (rows.length) yield { file: name, firstRow: first, rows };
    throw failure ?? e.located(e.before !== undefined ? rowNo + 1 : 0, "(json)");
  }
  const failure = carry ? handleAll([carry]) : undefined;
  if (failure) {
    if (rows.length) yield { file: name, firstRow: first, rows };
    throw failure;
  }
  issues.throwIfAny();
  if (rowNo === 0 && !opts.allowEmpty) throw sourceError(name, 0, "at least one row", "no rows");
  if (rows.length) yield { file: name, firstRow: first, rows };
}

/**
 * A JSON array of rows, or Milvus's `{"rows": [...]}`, read one row at a time (any file size);
 * numbers exact. Rows read before a bad one are still handed on (so their problems are reported too).
 */
export async function* readJson(path: string, opts: SourceOptions = {}): AsyncGenerator<RowBatch> {
  const name = basename(path);
  assertNotEmpty(path, name, opts);
  if (statSync(path).size === 0) return; // allowEmpty
  const splitter = new JsonRowSplitter({ rowsKey: "any" });
  const utf8 = new StrictUtf8(name);
  const size = opts.batchSize ?? 4096;
  let rows: Record<string, unknown>[] = [];
  let first = 1;
  let rowNo = 0;
  const rules = opts.schema ? new JsonSourceRules(opts.schema, opts.mapping) : undefined;
  const issues = new IssueCollector();
  const located = (e: unknown): unknown => {
    if (!(e instanceof JsonRowsError)) return e;
    if (e.kind === "syntax")
      return sourceError(name, 0, "valid JSON", `${e.message} (line ${e.line})`, "(json)");
    return sourceError(
      name,
      0,
      'a JSON array of rows or {"rows": [...]}',
      e.kind === "start" ? "neither an array nor an object" : "an object without a 'rows' array",
      "(json)",
    );
  };
  const take = (found: JsonRow[]) => {
    for (const r of found) {
      rowNo++;
      // Checked before parsing: the exact-number parse recurses and would overflow the stack.
      const deep = findDeepNesting(r.text, MAX_JSON_NESTING + 1, 1);
      if (deep)
        throw sourceError(
          name,
          rowNo,
          nestingExpected(),
          `deeper nesting on line ${r.line + lineAt(r.text, deep.offset) - 1}`,
          typeof deep.path[0] === "string" ? deep.path[0] : "(json)",
        );
      let v: unknown;
      try {
        v = parseJsonExact(r.text, rules?.record);
      } catch (e) {
        throw sourceError(name, rowNo, "valid JSON", `${(e as Error).message} (line ${r.line})`, "(json)");
      }
      rules?.check(v, { file: name, row: rowNo }, issues);
      rows.push(v as Record<string, unknown>);
    }
    if (issues.full) throw new DataValidationError(issues.issues, issues.total);
  };
  /** Feeds bytes to the splitter; returns the failure (located) instead of throwing it. */
  const feed = (bytes: Uint8Array, final: boolean): unknown => {
    try {
      take(splitter.push(bytes, final));
      return undefined;
    } catch (e) {
      return located(e);
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    let failure: unknown;
    try {
      utf8.decode(bytes);
      utf8.countLines(bytes);
    } catch (e) {
      if (!(e instanceof InvalidUtf8Error)) throw e;
      // The rows before the bad bytes are read as usual; the bad bytes are in the row being read.
      const clean = e.before === undefined ? undefined : bytes.subarray(0, Buffer.byteLength(e.before));
      failure = (clean && feed(clean, false)) ?? e.located(splitter.inRow ? rowNo + 1 : 0, "(json)");
    }
    failure ??= feed(bytes, false);
    if (failure) {
      if (rows.length) yield { file: name, firstRow: first, rows };
      throw failure;
    }
    if (rows.length >= size) {
      yield { file: name, firstRow: first, rows };
      first = rowNo + 1;
      rows = [];
    }
  }
  let failure: unknown;
  try {
    utf8.decode(new Uint8Array(0), true);
  } catch (e) {
    failure = e instanceof InvalidUtf8Error ? e.located(splitter.inRow ? rowNo + 1 : 0, "(json)") : e;
  }
  failure ??= feed(new Uint8Array(0), true);
  if (!failure) issues.throwIfAny();
  if (rows.length) yield { file: name, firstRow: first, rows };
  if (failure) throw failure;
}
