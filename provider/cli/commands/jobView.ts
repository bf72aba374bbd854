/** How a job is shown: one line for humans, a stable object for --json. */
import type { ImportJobInfo } from "../../api/types";

export function describeJob(j: ImportJobInfo): string {
  const rows =
    j.importedRows !== undefined ? `, ${j.importedRows}${j.totalRows ? `/${j.totalRows}` : ""} rows` : "";
  return `${j.state} ${Math.round(j.progress * 100)}%${rows}${j.reason ? `, reason: ${j.reason}` : ""}`;
}

export function jobDoc(j: ImportJobInfo): Record<string, unknown> {
  return {
    jobId: j.jobId,
    collectionName: j.collectionName,
    state: j.state,
    progress: j.progress,
    importedRows: j.importedRows ?? null,
    totalRows: j.totalRows ?? null,
    reason: j.reason ?? null,
    createTime: j.createTime ?? null,
    completeTime: j.completeTime ?? null,
    rawState: j.rawState ?? null,
    details: j.details,
  };
}
