/**
 * Stages 2-3, write and upload, plus the small marker objects that make a run resumable. Layout in
 * the store, per identity:
 *   <prefix>/data/...         the import files (a folder of one format only: Zilliz rejects mixed folders)
 *   <prefix>/_manifest.json   written after every data file is uploaded: "upload complete"
 *   <prefix>/_keys.json       primary keys, when the import owns its rows by key
 *   <prefix>/_job.json        the job id, written right after the job is started
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Manifest } from "../bulkwriter/manifest";
import type { CollectionSchema } from "../schema/types";
import type { ObjectStore } from "../storage/types";
import type { Target } from "../targets/types";
import type { DataInput, DataTools, ImportPlan, UploadedFiles, WriterOptions, WrittenFiles } from "./types";

export interface JobMarker {
  /** The job (the first part's, when the import was split over several jobs). */
  jobId: string;
  identity: string;
  apiKind: string;
  startedAt: string;
  /** Split imports: the number of parts and the job of each part started so far, in order. */
  parts?: number;
  jobIds?: string[];
}

export const dataPrefix = (plan: ImportPlan) => `${plan.prefix}/data/`;
const markerKey = (plan: ImportPlan, name: string) => `${plan.prefix}/${name}`;

export async function readJson<T>(store: ObjectStore, key: string): Promise<T | undefined> {
  if (!(await store.head(key))) return undefined;
  return JSON.parse((await store.getBuffer(key)).toString("utf8")) as T;
}

export async function writeJson(store: ObjectStore, key: string, value: unknown): Promise<void> {
  const body = Buffer.from(JSON.stringify(value, null, 1));
  await store.putStream(key, body, body.length, { contentType: "application/json" });
}

export const readManifestMarker = (store: ObjectStore, plan: ImportPlan) =>
  readJson<Manifest>(store, markerKey(plan, "_manifest.json"));
export const readJobMarker = (store: ObjectStore, plan: ImportPlan) =>
  readJson<JobMarker>(store, markerKey(plan, "_job.json"));
export const writeJobMarker = (store: ObjectStore, plan: ImportPlan, m: JobMarker) =>
  writeJson(store, markerKey(plan, "_job.json"), m);
export const readKeysMarker = (store: ObjectStore, prefix: string) =>
  readJson<{ field: string; keys: string[] }>(store, `${prefix}/_keys.json`);
export const writeKeysMarker = (store: ObjectStore, plan: ImportPlan, field: string, keys: string[]) =>
  writeJson(store, markerKey(plan, "_keys.json"), { field, keys });

/** Local folder the files of one identity are written to before upload (removed after upload). */
export function workDirFor(plan: ImportPlan, workDir?: string): string {
  return path.join(workDir ?? path.join(os.tmpdir(), "pulumi-milvus-import"), plan.identity);
}

/** Writes the import files for the plan into a local work directory. */
export async function writeFiles(
  schema: CollectionSchema,
  input: DataInput,
  plan: ImportPlan,
  writer: WriterOptions,
  data: DataTools,
  workDir?: string,
  onRows?: (rows: number) => void,
): Promise<WrittenFiles> {
  const dir = workDirFor(plan, workDir);
  fs.rmSync(dir, { recursive: true, force: true });
  return data.write(schema, input, { ...writer, dir, identity: plan.identity, onRows });
}

/**
 * Uploads written files under `<prefix>/data/` (identical objects are skipped), then the manifest
 * marker. `onBytes` follows the bytes sent (or found already present) across all files.
 */
export async function uploadFiles(
  store: ObjectStore,
  written: WrittenFiles,
  plan: ImportPlan,
  onFile?: (key: string, skipped: boolean) => void,
  onBytes?: (done: number, total: number) => void,
): Promise<{ uploaded: number; skipped: number; bytes: number }> {
  let uploaded = 0;
  let skipped = 0;
  let bytes = 0;
  const total = written.manifest.files.reduce((n, f) => n + f.size, 0);
  let finished = 0;
  for (const f of written.manifest.files) {
    const key = dataPrefix(plan) + f.path;
    const r = await store.putFile(key, path.join(written.dir, ...f.path.split("/")), {
      sha256: f.sha256,
      onProgress: onBytes ? (p) => onBytes(finished + Math.min(p.bytesDone, f.size), total) : undefined,
    });
    finished += f.size;
    onBytes?.(finished, total);
    if (r.skipped) skipped++;
    else {
      uploaded++;
      bytes += f.size;
    }
    onFile?.(key, r.skipped);
  }
  await writeJson(store, markerKey(plan, "_manifest.json"), written.manifest);
  return { uploaded, skipped, bytes };
}

/** File groups for startImport from a manifest: one group per file, NumPy one folder per segment. */
export function importGroups(
  store: ObjectStore,
  target: Pick<Target, "fileRefs">,
  plan: ImportPlan,
  manifest: Manifest,
): Pick<UploadedFiles, "groups" | "objectUrls" | "keys"> & { sizes: number[] } {
  const ref = (key: string) => (target.fileRefs === "key" ? key : store.objectUrl(key));
  const keys = manifest.files.map((f) => dataPrefix(plan) + f.path);
  let groups: string[][];
  let sizes: number[];
  if (manifest.format === "numpy") {
    const segments = [...new Set(manifest.files.map((f) => f.segment))].sort((a, b) => a - b);
    sizes = segments.map((s) =>
      manifest.files.filter((f) => f.segment === s).reduce((n, f) => n + f.size, 0),
    );
    groups = segments.map((s) => {
      const dir = manifest.files
        .find((f) => f.segment === s)!
        .path.split("/")
        .slice(0, -1)
        .join("/");
      return [ref(`${dataPrefix(plan)}${dir}/`)];
    });
  } else {
    groups = keys.map((k) => [ref(k)]);
    sizes = manifest.files.map((f) => f.size);
  }
  return { groups, sizes, keys, objectUrls: keys.map((k) => store.objectUrl(k)) };
}

/** The whole job as one group: the data folder's URL (targets whose fileGrouping is "dataFolder"). */
export function singleFolderGroup(store: ObjectStore, plan: ImportPlan): string[][] {
  return [[store.objectUrl(dataPrefix(plan))]];
}
