/** BulkWriter: JSON, Parquet, NumPy, CSV files for Milvus import, segmented and content-addressed. */

export {
  BulkWriteError,
  type BulkWriterOptions,
  DEFAULT_SEGMENT_SIZE,
  LocalBulkWriter,
  MB,
} from "./bulkWriter";
export { CsvEncodingError } from "./csvEncoder";
export type { DuplicatePrimaryKeys, OnDuplicatePk } from "./duplicateKeys";
export type { FormatOptions } from "./encoder";
export { parseFormat, type WriterFormat } from "./formats";
export { sha256File } from "./identity";
export type { FileFormat, Manifest, ManifestFile } from "./manifest";
export { npyHeader } from "./npy";
export { formatFloat32 } from "./numberFormat";
export { NumpyUnsupportedError } from "./numpyEncoder";
export { RemoteBulkWriter, type RemoteBulkWriterOptions } from "./remoteBulkWriter";
