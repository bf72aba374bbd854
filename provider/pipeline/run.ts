/**
 * The whole import, resumable: plan -> write -> upload -> start -> wait -> verify. Every side effect
 * is keyed by the identity, so running it again after a crash or a failure continues where the last
 * run stopped: uploaded files are skipped, a started job is found (marker object, then the job list)
 * and waited for instead of being started twice.
 */
import fs from "node:fs";
import type { ImportJobInfo } from "../api/types";
import { waitForImport } from "../api/waiter";
import { primaryField } from "../schema/fields";
import { normalizeSchema } from "../schema/normalize";
import type { ObjectStore } from "../storage/types";
import type { Collaborators, Target } from "./deps";
import type { HashOptions } from "./hashSource";
import { ensurePartition, removeOwnedRows } from "./ownership";
import { dataInputOf, plan as makePlan } from "./plan";
import {
  dataPrefix,
  importGroups,
  readJobMarker,
  readManifestMarker,
  singleFolderGroup,
  uploadFiles,
  workDirFor,
  writeFiles,
  writeJobMarker,
  writeKeysMarker,
} from "./staging";
import type { ImportPlan, ImportResult, ImportSpec, ProgressFn, StageTimings } from "./types";

export interface RunOptions {
  onProgress?: ProgressFn;
  hash?: HashOptions;
  /** Overall wait timeout (default 1 h). */
  timeoutMs?: number;
  /** First poll interval (default 1 s). */
  pollIntervalMs?: number;
  signal?: AbortSignal;
  /** A plan computed earlier (e.g. by `pulumi preview`'s check) to skip planning again. */
  plan?: ImportPlan;
}

/** What a failed run had already done: enough for the next run (or Pulumi state) to resume. */
export interface RunProgress {
  identity?: string;
  dataHash?: string;
  partition?: string;
  ownership?: string;
  prefix?: string;
  jobId?: string;
  stage: "plan" | "write" | "upload" | "start" | "wait" | "verify";
  job?: ImportJobInfo;
  objectUrls?: string[];
}

export class ImportRunError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly progress: RunProgress,
  ) {
    super(
      `${progress.stage} failed${progress.jobId ? ` (job ${progress.jobId})` : ""}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = "ImportRunError";
  }
  /** true once anything exists outside this process (files staged, partition created, job started). */
  get hadSideEffects(): boolean {
    return this.progress.stage !== "plan";
  }
}

const elapsed = (t: number) => Date.now() - t;

export async function runImport(
  spec: ImportSpec,
  deps: Collaborators,
  opts: RunOptions = {},
): Promise<ImportResult> {
  const say = opts.onProgress ?? (() => {});
  const timings: StageTimings = { planMs: 0, writeMs: 0, uploadMs: 0, startMs: 0, waitMs: 0, verifyMs: 0 };
  const progress: RunProgress = { stage: "plan" };
  let target: Target | undefined;
  try {
    let t = Date.now();
    const schema = normalizeSchema(spec.schema);
    const p = opts.plan ?? (await makePlan(spec, deps, opts.hash));
    Object.assign(progress, {
      identity: p.identity,
      dataHash: p.dataHash,
      partition: p.partition,
      ownership: p.ownership,
      prefix: p.prefix,
    });
    timings.planMs = elapsed(t);
    say({
      stage: "plan",
      message: `identity ${p.identity.slice(0, 16)}, ${p.sourceRows ?? "?"} source row(s), ownership ${p.ownership}`,
    });

    target = deps.openTarget(spec.connection, spec.apiKind);
    const store = deps.openStore(spec.storage);
    const { dbName: db, collectionName: name } = spec;
    if (!(await target.collections.hasCollection(db, name))) {
      throw new Error(
        `collection ${db}.${name} does not exist (create it first, e.g. with the Collection resource)`,
      );
    }

    // A job started by an earlier run for this identity is reused, unless its rows are gone.
    progress.stage = "start";
    let jobId = await findExistingJob(target, store, p, spec);
    let resumed = false;
    if (jobId) {
      const job = await target.imports.getJob(jobId).catch(() => undefined);
      if (!job || job.state === "Failed") jobId = undefined;
      else if (job.state === "Completed" && !(await rowsPresent(target, p, spec, job))) {
        say({
          stage: "start",
          message: `job ${jobId} completed earlier but its rows are gone; importing again`,
        });
        await removeOwnedRows(target.collections, store, { ...spec, ...p, prefix: p.prefix });
        jobId = undefined;
      } else resumed = true;
    }

    let objectUrls: string[];
    let files: number;
    if (p.ownership === "partition" && p.partition)
      await ensurePartition(target.collections, db, name, p.partition);
    else if (p.partition) await ensurePartition(target.collections, db, name, p.partition);

    if (p.sourceKind === "objects") {
      objectUrls = p.prepared.map((o) => o.url);
      files = objectUrls.length;
      if (!jobId) {
        const groups =
          target.fileRefs === "key" ? objectUrls.map((u) => [keyOfUrl(u)]) : objectUrls.map((u) => [u]);
        t = Date.now();
        jobId = await startJob(target, store, p, spec, groups);
        timings.startMs = elapsed(t);
      }
    } else {
      progress.stage = "upload";
      let manifest = await readManifestMarker(store, p);
      if (!manifest && !jobId) {
        progress.stage = "write";
        t = Date.now();
        const written = await writeFiles(
          schema,
          dataInputOf(spec, p),
          p,
          spec.writer,
          deps.data,
          spec.workDir,
        );
        timings.writeMs = elapsed(t);
        say({
          stage: "write",
          message: `${written.manifest.files.length} file(s), ${written.manifest.totalRows} row(s)`,
        });
        const dup = written.manifest.duplicatePrimaryKeys;
        if (dup)
          say({
            stage: "write",
            message: `warning: ${dup.count} row(s) repeat a primary key (first: ${dup.first.join(", ")}); Milvus imports every copy (set onDuplicatePk: "error" to refuse them)`,
          });
        progress.stage = "upload";
        t = Date.now();
        const up = await uploadFiles(store, written, p);
        // The store holds them now; local copies of a large source would only fill the disk.
        fs.rmSync(workDirFor(p, spec.workDir), { recursive: true, force: true });
        timings.uploadMs = elapsed(t);
        say({
          stage: "upload",
          message: `${up.uploaded} uploaded, ${up.skipped} already present (${up.bytes} bytes) under ${p.prefix}/`,
        });
        manifest = written.manifest;
      }
      if (!manifest)
        throw new Error(`job ${jobId} exists but ${p.prefix}/_manifest.json is missing from the store`);
      const refs = importGroups(store, target, p, manifest);
      objectUrls = refs.objectUrls;
      files = manifest.files.length;
      if (!jobId) {
        progress.stage = "start";
        if (p.ownership === "primaryKeys") {
          const pk = primaryField(schema)!;
          await writeKeysMarker(store, p, pk.name, await deps.data.primaryKeys(schema, dataInputOf(spec, p)));
        }
        const groups = spec.apiKind === "zilliz-v1" ? singleFolderGroup(store, p) : refs.groups;
        t = Date.now();
        jobId = await startJob(target, store, p, spec, groups);
        timings.startMs = elapsed(t);
      }
    }
    progress.jobId = jobId;
    progress.objectUrls = objectUrls;
    say({ stage: "start", message: `${resumed ? "resuming" : "started"} job ${jobId}` });

    progress.stage = "wait";
    t = Date.now();
    const job = await waitForImport(target.imports, jobId, {
      timeoutMs: opts.timeoutMs ?? 3_600_000,
      initialIntervalMs: opts.pollIntervalMs ?? 1000,
      maxIntervalMs: Math.max(opts.pollIntervalMs ?? 1000, 15_000),
      signal: opts.signal,
      onProgress: (j) => {
        progress.job = j;
        say({ stage: "wait", message: `job ${jobId}: ${j.state} ${Math.round(j.progress * 100)}%`, job: j });
      },
    });
    timings.waitMs = elapsed(t);

    progress.stage = "verify";
    t = Date.now();
    const expected = p.sourceRows ?? job.totalRows ?? job.importedRows;
    const verified = await verifyRows(target, p, spec, job, expected);
    timings.verifyMs = elapsed(t);
    say({ stage: "verify", message: `${verified.count} row(s) (${verified.by})` });
    return {
      plan: p,
      jobId,
      state: job.state,
      importedRows: verified.count,
      totalRows: expected ?? verified.count,
      files,
      objectUrls,
      resumed,
      verifiedBy: verified.by,
      timings,
    };
  } catch (err) {
    throw err instanceof ImportRunError ? err : new ImportRunError(err, progress);
  } finally {
    await target?.close().catch(() => {});
  }
}

async function findExistingJob(
  target: Target,
  store: ObjectStore,
  p: ImportPlan,
  spec: ImportSpec,
): Promise<string | undefined> {
  const marker = await readJobMarker(store, p);
  if (marker?.identity === p.identity && marker.apiKind === spec.apiKind) return marker.jobId;
  // Crash between start and marker: the job's file names carry the identity.
  const jobs = await target.imports
    .listJobs({ collectionName: spec.collectionName, dbName: spec.dbName })
    .catch(() => []);
  const ours = jobs.filter(
    (j) =>
      j.state !== "Failed" &&
      (j.details.some((d) => d.fileName.includes(p.identity)) ||
        (j as { fileName?: string }).fileName?.includes(p.identity)),
  );
  return ours[0]?.jobId;
}

async function startJob(
  target: Target,
  store: ObjectStore,
  p: ImportPlan,
  spec: ImportSpec,
  groups: string[][],
): Promise<string> {
  const creds = storageCredentials(spec);
  const { jobId } = await target.imports.startImport({
    dbName: spec.dbName,
    collectionName: spec.collectionName,
    partitionName: p.partition,
    files: groups,
    idempotencyKey: p.identity,
    storageCredentials: creds,
  });
  await writeJobMarker(store, p, {
    jobId,
    identity: p.identity,
    apiKind: spec.apiKind,
    startedAt: new Date().toISOString(),
  });
  return jobId;
}

/** Zilliz reads the staged files with these; self-hosted Milvus and the local engine use their own access. */
function storageCredentials(spec: ImportSpec) {
  if (spec.apiKind !== "zilliz-v1" && spec.apiKind !== "zilliz-v2") return undefined;
  const s = spec.storage as unknown as Record<string, string | undefined>;
  const accessKey = s.accessKeyId ?? s.accountName;
  const secretKey = s.secretAccessKey ?? s.accessKeySecret ?? s.accountKey;
  const token = s.sessionToken ?? s.sasToken ?? s.securityToken;
  return accessKey || secretKey || token ? { accessKey, secretKey, token } : undefined;
}

function keyOfUrl(url: string): string {
  const { parseObjectUrl } = require("../storage/urls") as typeof import("../storage/urls");
  return parseObjectUrl(url).key;
}

async function countOwned(target: Target, p: ImportPlan, spec: ImportSpec): Promise<bigint | undefined> {
  if (p.ownership !== "partition" || !p.partition) return undefined;
  try {
    return await target.collections.count(spec.dbName, spec.collectionName, {
      partitionNames: [p.partition],
    });
  } catch {
    return undefined;
  }
}

async function rowsPresent(
  target: Target,
  p: ImportPlan,
  spec: ImportSpec,
  job: ImportJobInfo,
): Promise<boolean> {
  if (p.ownership !== "partition" || !p.partition) return true;
  const parts = await target.collections.listPartitions(spec.dbName, spec.collectionName);
  if (!parts.includes(p.partition)) return false;
  const n = await countOwned(target, p, spec);
  const expected = p.sourceRows ?? job.importedRows;
  return n === undefined || expected === undefined || Number(n) === expected;
}

async function verifyRows(
  target: Target,
  p: ImportPlan,
  spec: ImportSpec,
  job: ImportJobInfo,
  expected: number | undefined,
): Promise<{ count: number; by: "count" | "job" }> {
  const n = await countOwned(target, p, spec);
  const count = n !== undefined ? Number(n) : job.importedRows;
  if (count === undefined) return { count: expected ?? 0, by: "job" };
  if (expected !== undefined && count !== expected) {
    throw new Error(
      `row count mismatch after import: ${n !== undefined ? `count(*) in partition ${p.partition}` : "job report"} says ${count}, the source has ${expected}`,
    );
  }
  return { count, by: n !== undefined ? "count" : "job" };
}

export { dataPrefix };
