/**
 * JSON row files (`{"rows": [...]}` or a bare list) and JSON Lines. Milvus's reader takes the first
 * key of an object root as the rows key (case-insensitive `rows`) and otherwise only a list root.
 */
import { type Batch, BatchBuilder, type ReadContext } from "../batch";
import { FileFormatError } from "../errors";
import { type ExactJson, isPlainObject, parseExactJson } from "../jsonExact";
import { addJsonRow } from "./rowObjects";

export function decodeUtf8(buf: Buffer, file: string): string {
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
  try {
    doc = parseExactJson(text);
  } catch (e) {
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

export function readJsonlFile(buf: Buffer, ctx: ReadContext): Batch {
  const lines = decodeUtf8(buf, ctx.file).split("\n");
  const out = new BatchBuilder(ctx.schema);
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    let row: ExactJson;
    try {
      row = parseExactJson(line);
    } catch (e) {
      ctx.problems.add({
        file: ctx.file,
        row: i + 1,
        message: `failed to parse JSON line: ${(e as Error).message}`,
      });
      return;
    }
    addJsonRow(ctx, out, row, i + 1);
  });
  return out.build();
}
