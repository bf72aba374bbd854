/** Reads one import file group with the reader for its type. */
import type { Batch, ReadContext } from "../batch";
import type { ImportFileType } from "../fileGroups";
import { readCsvFile } from "./csv";
import { readJsonFile, readJsonlFile } from "./json";
import { readNumpyGroup } from "./numpy";

export interface GroupFile {
  key: string;
  buf: Buffer;
}

export function readFileGroup(type: ImportFileType | undefined, files: GroupFile[], ctx: ReadContext): Batch {
  switch (type) {
    case "numpy":
      return readNumpyGroup(files, ctx);
    case "parquet":
      // Loaded on first use: apache-arrow costs ~70 ms to load and most runs read no Parquet.
      return (require("./parquet") as typeof import("./parquet")).readParquetFile(files[0].buf, ctx);
    case "csv":
      return readCsvFile(files[0].buf, ctx);
    case "jsonl":
      return readJsonlFile(files[0].buf, ctx);
    default:
      return readJsonFile(files[0].buf, ctx);
  }
}
