import { createReadStream, readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { IssueCollector } from "../validate/issues";
import { parseJsonExact } from "../validate/jsonText";
import { csvCellDecoder } from "./csvCells";
import { CsvParser } from "./csvParser";
import { JsonSourceRules } from "./jsonSourceRules";
import { sourceError } from "./sourceError";
import type { RowBatch, SourceOptions } from "./types";
import { StrictUtf8 } from "./utf8";

async function* textChunks(path: string, name: string): AsyncGenerator<string> {
  const utf8 = new StrictUtf8(name);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    yield utf8.decode(bytes);
    utf8.countLines(bytes);
  }
  yield utf8.decode(new Uint8Array(0), true);
}

function assertNotEmpty(path: string, name: string): void {
  if (statSync(path).size === 0) throw sourceError(name, 0, "data", "an empty file");
}

/** CSV with a header row; cells typed per the schema (if given) like Milvus's CSV reader. */
export async function* readCsv(path: string, opts: SourceOptions = {}): AsyncGenerator<RowBatch> {
  const name = basename(path);
  assertNotEmpty(path, name);
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
  while (!done) {
    const next = await chunks.next();
    done = next.done === true;
    const records = parser.push(next.done ? "" : next.value, done);
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
  }
  if (!header) throw sourceError(name, 0, "a header row", "no records");
  if (rows.length) yield { file: name, firstRow: first, rows };
}

/** JSON Lines: one row object per line, numbers exact (INT64 as BigInt). */
export async function* readJsonl(path: string, opts: SourceOptions = {}): AsyncGenerator<RowBatch> {
  const name = basename(path);
  assertNotEmpty(path, name);
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
  for await (const chunk of textChunks(path, name)) {
    const text = carry + chunk;
    const parts = text.split("\n");
    carry = parts.pop() ?? "";
    for (const p of parts) handle(p);
    if (issues.full) issues.throwIfAny();
    if (rows.length >= size) {
      yield { file: name, firstRow: first, rows };
      first = rowNo + 1;
      rows = [];
    }
  }
  if (carry) handle(carry);
  issues.throwIfAny();
  if (rowNo === 0) throw sourceError(name, 0, "at least one row", "no rows");
  if (rows.length) yield { file: name, firstRow: first, rows };
}

/**
 * A JSON array of rows, or Milvus's `{"rows": [...]}`. Parsed whole (use JSONL or Parquet for files
 * larger than memory); numbers exact.
 */
export async function* readJson(path: string, opts: SourceOptions = {}): AsyncGenerator<RowBatch> {
  const name = basename(path);
  assertNotEmpty(path, name);
  const utf8 = new StrictUtf8(name);
  const text = utf8.decode(readFileSync(path), true);
  let doc: unknown;
  const rules = opts.schema ? new JsonSourceRules(opts.schema, opts.mapping) : undefined;
  try {
    doc = parseJsonExact(text, rules?.record);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split("\n").length : undefined;
    throw sourceError(
      name,
      0,
      "valid JSON",
      `${(e as Error).message}${line ? ` (line ${line})` : ""}`,
      "(json)",
    );
  }
  const rows = Array.isArray(doc)
    ? doc
    : typeof doc === "object" && doc !== null && Array.isArray((doc as { rows?: unknown }).rows)
      ? (doc as { rows: unknown[] }).rows
      : undefined;
  if (!rows)
    throw sourceError(
      name,
      0,
      'a JSON array of rows or {"rows": [...]}',
      Array.isArray(doc)
        ? "an array"
        : typeof doc === "object"
          ? "an object without a 'rows' array"
          : String(doc),
      "(json)",
    );
  if (rules) {
    const issues = new IssueCollector();
    for (let i = 0; i < rows.length && !issues.full; i++)
      rules.check(rows[i], { file: name, row: i + 1 }, issues);
    issues.throwIfAny();
  }
  const size = opts.batchSize ?? 4096;
  for (let i = 0; i < rows.length; i += size) {
    yield { file: name, firstRow: i + 1, rows: rows.slice(i, i + size) as Record<string, unknown>[] };
  }
}
