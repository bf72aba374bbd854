/** Streaming readers of user data (CSV, JSON, JSONL, Parquet, inline rows) producing row batches. */

export { csvCellDecoder } from "./csvCells";
export { CsvParser, type CsvRecord } from "./csvParser";
export { compileMapping } from "./mapping";
export {
  appendSource,
  checkSourceFormats,
  type RowSink,
  readSource,
  SourceFormatError,
  sourceFormatOf,
} from "./openSource";
export { readParquet } from "./parquetReader";
export { readCsv, readJson, readJsonl } from "./readers";
export type { ColumnMapping, RowBatch, SourceFormat, SourceOptions } from "./types";
