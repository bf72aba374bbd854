import { csvEncoder } from "./csvEncoder";
import type { EncoderFactory } from "./encoder";
import { jsonEncoder } from "./jsonEncoder";
import type { FileFormat } from "./manifest";
import { numpyEncoder } from "./numpyEncoder";
import { parquetEncoder } from "./parquetEncoder";

/** Formats this writer produces (JSONL is read by sources but not written: Milvus < 3.x rejects it). */
export type WriterFormat = Exclude<FileFormat, "jsonl">;

export const ENCODERS: Record<WriterFormat, EncoderFactory> = {
  json: jsonEncoder,
  parquet: parquetEncoder,
  numpy: numpyEncoder,
  csv: csvEncoder,
};

/** Accepts our names and pymilvus's BulkFileType names (PARQUET, NUMPY/NPY, JSON/JSON_RB, CSV). */
export function parseFormat(input: string): WriterFormat {
  const k = input.toLowerCase().replace(/^bulkfiletype\./, "");
  const map: Record<string, WriterFormat> = {
    json: "json",
    json_rb: "json",
    parquet: "parquet",
    numpy: "numpy",
    npy: "numpy",
    csv: "csv",
  };
  const f = map[k];
  if (!f) throw new Error(`unknown file type '${input}'; expected one of json, parquet, numpy, csv`);
  return f;
}
