/**
 * The synchronous checks Milvus runs on an import request's file groups before creating a job
 * (proxy importTask.PreExecute / importutilv2.GetFileType), with its codes and messages.
 */
import { type EngineError, importFailed, invalidParameter } from "./errors";

export type ImportFileType = "json" | "jsonl" | "parquet" | "csv" | "numpy";

export const LIMITS = {
  /** dataCoord.import.maxImportFileNumPerReq */
  maxFileGroups: 1024,
  /** dataCoord.import.maxImportJobNum */
  maxUnfinishedJobs: 1024,
  /** dataNode.import.maxImportFileSizeInGB = 16 */
  maxFileSizeBytes: 16 * 1024 ** 3,
};

const EXT: Record<string, ImportFileType> = {
  ".json": "json",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".parquet": "parquet",
  ".csv": "csv",
  ".npy": "numpy",
};

/** Case-sensitive extension, like Go's filepath.Ext. */
function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? "" : base.slice(dot);
}

export function fileTypeOf(path: string): ImportFileType | undefined {
  return EXT[extensionOf(path)];
}

const TYPE_LABEL: Record<ImportFileType, string> = {
  json: "JSON",
  jsonl: "JSONL",
  parquet: "Parquet",
  csv: "CSV",
  numpy: "Numpy",
};

/** Type of one group; throws Milvus's 2100 errors. Folder URLs (trailing "/") are typed after listing. */
export function groupType(group: string[]): ImportFileType | "folder" {
  if (group.length === 0) throw importFailed("no file to import");
  if (group.length === 1 && group[0].endsWith("/")) return "folder";
  const types = group.map((p) => {
    const t = fileTypeOf(p);
    if (!t) throw importFailed(`unexpect file type, files=[${group.join(" ")}]`);
    return t;
  });
  const first = types[0];
  for (let i = 1; i < types.length; i++) {
    if (types[i] !== first) throw importFailed(`inconsistency in file types, (${group[0]}) vs (${group[i]})`);
  }
  if (first !== "numpy" && group.length > 1)
    throw importFailed(`for ${TYPE_LABEL[first]} import, accepts only one file`);
  return first;
}

/** Drops empty inner lists, then applies the request-level limits. Returns the groups to import. */
export function checkImportFiles(files: string[][], maxGroups = LIMITS.maxFileGroups): string[][] {
  const groups = files.map((g) => g.filter((p) => p !== "")).filter((g) => g.length > 0);
  if (groups.length === 0) throw invalidParameter("import request is empty");
  if (groups.length > maxGroups) {
    throw importFailed(
      `The max number of import files should not exceed ${maxGroups}, but got ${groups.length}`,
    );
  }
  for (const g of groups) groupType(g);
  return groups;
}

export function tooManyJobs(): EngineError {
  return importFailed(
    "The number of jobs has reached the limit, please try again later. If your request is set to only import a single file, please consider importing multiple files in one request for better efficiency.",
  );
}

export function fileTooLarge(size: number, max: number): string {
  return `The import file size has reached the maximum limit allowed for importing, fileSize=${size}, maxSize=${max}`;
}

/** Go's fmt of a []string: "[a b c]" — Milvus reports detail file names this way. */
export function goList(paths: string[]): string {
  return `[${paths.join(" ")}]`;
}
