/** Engine job records as the shared ImportJobInfo model (progress 0..1, task states mapped). */
import type { ImportFileDetail, ImportJobInfo } from "../contracts";
import type { JobRecord } from "./catalog";
import { goList } from "./fileGroups";

export function toJobInfo(j: JobRecord): ImportJobInfo {
  const details: ImportFileDetail[] = j.details.map((d) => ({
    fileName: d.paths.length === 1 ? d.paths[0] : goList(d.paths),
    fileSize: d.fileSize,
    state: d.state === "InProgress" ? "Importing" : d.state,
    progress: d.progress / 100,
    importedRows: d.importedRows,
    totalRows: d.totalRows,
    ...(d.reason ? { reason: d.reason } : {}),
  }));
  return {
    jobId: j.jobId,
    collectionName: j.collectionName,
    state: j.state,
    progress: j.progress / 100,
    importedRows: j.importedRows,
    totalRows: j.totalRows,
    ...(j.reason ? { reason: j.reason } : {}),
    createTime: j.createTime,
    ...(j.completeTime ? { completeTime: j.completeTime } : {}),
    details,
    rawState: j.state,
  };
}
