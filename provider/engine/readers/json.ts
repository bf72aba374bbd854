/**
 * JSON row files (`{"rows": [...]}` or a bare list) and JSON Lines. Milvus's reader takes the first
 * key of an object root as the rows key (case-insensitive `rows`) and otherwise only a list root.
 */
import { type Batch, BatchBuilder, type ReadContext } from "../batch";
import { FileFormatError } from "../errors";
import { type ExactJson, isPlainObject, JsonNestingError, parseExactJson } from "../jsonExact";
import { addJsonRow } from "./rowObjects";

/** V8's longest string (2^29 - 24 UTF-16 units); a whole-file decode beyond it cannot work. */
const MAX_STRING = 0x1fffffe8;

export function decodeUtf8(buf: Buffer, file: string): string {
  if (buf.length > MAX_STRING) {
    throw new FileFormatError(
      `file '${file}' is ${buf.length} bytes; the local engine reads JSON and CSV files of at most ${MAX_STRING} bytes in one piece: write smaller segments (BulkWriter segmentSize), or use JSONL, Parquet or NumPy`,
    );
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    throw new FileFormatError(`file '${file}' is not valid UTF-8`);
  }
}

export function readJsonFile(buf: Buffer, ctx: ReadContext): Batch {
  const text = decodeUtf8(buf, ctx.file);
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") {
    throw new FileFormatError("invalid JSON format, the content should be started with '{' or '['");
  }
  let doc: ExactJson;
  const wrapperLevels = first === "{" ? 3 : 2;
  try {
    doc = parseExactJson(text, wrapperLevels);
  } catch (e) {
    if (e instanceof JsonNestingError) {
      const [row, field] = e.path.slice(wrapperLevels - 2);
      const where =
        typeof row === "number"
          ? ` in row ${row + 1}${typeof field === "string" ? `, field '${field}'` : ""}`
          : "";
      throw new FileFormatError(`failed to parse JSON file: ${e.message}${where}`);
    }
    throw new FileFormatError(`failed to parse JSON file: ${(e as Error).message}`);
  }
  let rows: ExactJson;
  if (isPlainObject(doc)) {
    const key = Object.keys(doc)[0];
    if (key === undefined || key.toLowerCase() !== "rows") {
      throw new FileFormatError(`invalid JSON format, the root key should be 'rows', but get '${key ?? ""}'`);
    }
    rows = doc[key];
    if (!Array.isArray(rows))
      throw new FileFormatError("invalid JSON format, rows list should begin with '['");
  } else {
    rows = doc;
  }
  const out = new BatchBuilder(ctx.schema);
  for (const [i, r] of (rows as ExactJson[]).entries()) addJsonRow(ctx, out, r, i + 1);
  return out.build();
}

/** JSON Lines, decoded line by line straight from the buffer (no whole-file string, so no size cap). */
export function readJsonlFile(buf: Buffer, ctx: ReadContext): Batch {
  const out = new BatchBuilder(ctx.schema);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let lineNo = 0;
  for (let pos = 0; pos < buf.length; ) {
    const nl = buf.indexOf(10, pos);
    const end = nl < 0 ? buf.length : nl;
    lineNo++;
    const bytes = buf.subarray(pos, end);
    pos = end + 1;
    let line: string;
    try {
      line = decoder.decode(bytes);
    } catch {
      ctx.problems.add({ file: ctx.file, row: lineNo, message: "line is not valid UTF-8" });
      continue;
    }
    if (line.trim() === "") continue;
    let row: ExactJson;
    try {
      row = parseExactJson(line, 1);
    } catch (e) {
      ctx.problems.add({
        file: ctx.file,
        row: lineNo,
        message: `failed to parse JSON line: ${(e as Error).message}${e instanceof JsonNestingError && typeof e.path[0] === "string" ? `, field '${e.path[0]}'` : ""}`,
      });
      continue;
    }
    addJsonRow(ctx, out, row, lineNo);
  }
  return out.build();
}
