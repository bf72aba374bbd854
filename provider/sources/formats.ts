/** Which reader a source file needs: from its extension, or as given. No reader is loaded here. */
import { extname } from "node:path";
import type { SourceFormat } from "./types";

const FORMAT_BY_EXTENSION: Record<string, SourceFormat> = {
  ".csv": "csv",
  ".json": "json",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".parquet": "parquet",
};

/** The source format a file name implies, if any. */
export function sourceFormatOf(path: string): SourceFormat | undefined {
  return FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
}

/** A source whose format cannot be told: the caller's to fix (name the format), not bad data. */
export class SourceFormatError extends Error {
  override readonly name = "SourceFormatError";
}

/** Files whose format is neither given nor implied by their extension: one error naming them all. */
export function checkSourceFormats(paths: string[], format?: SourceFormat): void {
  if (format) return;
  const unknown = paths.filter((p) => !sourceFormatOf(p));
  if (unknown.length) {
    throw new SourceFormatError(
      `cannot tell the source format of ${unknown.map((p) => `'${p}'`).join(", ")} from ${unknown.length === 1 ? "its extension" : "their extensions"}: name files .csv, .json, .jsonl (.ndjson) or .parquet, or give the format (--input-format, source.format)`,
    );
  }
}
