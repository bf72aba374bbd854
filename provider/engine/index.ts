/** Local import engine: strict Milvus-compatible readers, on-disk catalog and row store, the embedded target. */
export { type Batch, DEFAULT_READER_OPTIONS, type ReaderOptions } from "./batch";
export { DEFAULT_DB, DEFAULT_PARTITION, LocalEngine, type SearchHit } from "./engine";
export { EngineError, type FileProblem, formatProblem } from "./errors";
export { checkImportFiles, fileTypeOf, LIMITS as IMPORT_LIMITS } from "./fileGroups";
export { type ReadOnlyStore, SourceResolver, type StoreMount } from "./importSource";
export { toJobInfo } from "./jobInfo";
export { ImportRunner, type JobFaults } from "./jobs";
export { type LocalEngineOptions, type OpenedLocalEngine, openLocalEngine } from "./localApi";
export type { Metric } from "./search";
