/**
 * ImportJob behind the Pulumi dynamic provider and the provider plugin (library code; importJob.ts's
 * serialized provider and plugin/provider.ts only call these functions).
 *   check:  args (ajv) + source data validated against the schema + identity/dataHash, so a preview
 *           fails on a bad row and shows a data change as a dataHash diff
 *   create: the pipeline end to end; a failure after side effects is a partial failure (state keeps
 *           the identity and job id, status != Completed) so the next up resumes instead of re-importing
 *   diff:   identity/storage location change => replace (delete first); status != Completed => update
 *           (resume); wait settings, onDelete, credentials => update that touches no data
 *   read:   collection or owned partition gone => id "" (next up imports again)
 *   delete: removes the owned rows and staged files unless onDelete is "retain"
 */
import { PlanError, plan } from "../pipeline/plan";
import { removeImport } from "../pipeline/remove";
import { ImportRunError, runImport } from "../pipeline/run";
import type { ImportSpec, OwnershipMode, StagingConfig } from "../pipeline/types";
import { stableStringify } from "../schema/fingerprint";
import type { CollectionSchema } from "../schema/types";
import { isStorageProvider, storeDescriptor } from "../storage/stores";
import { defaultApiKind, defaultLocalStagingRoot } from "../targets";
import {
  argAndNameProblems,
  argsDigest,
  type CheckFailure,
  containsUnknown,
  errorMessage,
  log,
  providerCollaborators,
  sanitize,
  staticDefaults,
  storageWithCredentials,
  UNKNOWN,
  withCredentials,
} from "./common";
import type { CollectionRef, ImportJobInputs, ImportJobOutputs } from "./shapes/generated";
import { replacedProperties } from "./shapes/replaces";
import { IMPORT_JOB } from "./shapes/table";

export type { CollectionRef, ImportJobInputs, ImportJobOutputs };

const DEFAULT_TIMEOUT_S = 3600;
const DEFAULT_POLL_S = 2;

function withDefaults(news: Record<string, unknown>): Record<string, unknown> {
  const inputs: Record<string, unknown> = { ...staticDefaults(IMPORT_JOB), ...news };
  const col = inputs.collection as CollectionRef | undefined;
  const conn = col && typeof col === "object" ? col.connection : undefined;
  if (col && typeof col === "object" && col.dbName === undefined)
    inputs.collection = { ...col, dbName: "default" };
  if (inputs.api === undefined && conn && typeof conn === "object" && !containsUnknown(conn)) {
    try {
      inputs.api = defaultApiKind(conn);
    } catch {
      // reported by ajv / the spec below
    }
  }
  if (
    inputs.storage === undefined &&
    conn &&
    typeof conn === "object" &&
    typeof conn.localDir === "string" &&
    conn.localDir !== UNKNOWN
  ) {
    inputs.storage = { provider: "local", root: defaultLocalStagingRoot(conn.localDir) };
  }
  return inputs;
}

function toSpec(inputs: ImportJobInputs, schema?: CollectionSchema): ImportSpec {
  const s = schema ?? inputs.collection.schema;
  if (!s)
    throw new PlanError(
      "collection.schema is unknown: pass the Collection resource (or its schema) as collection",
      "collection",
    );
  return {
    connection: withCredentials(inputs.collection.connection),
    apiKind: inputs.api,
    dbName: inputs.collection.dbName ?? "default",
    collectionName: inputs.collection.name,
    schema: s,
    source: inputs.source,
    writer: {
      format: inputs.format,
      segmentSizeMb: inputs.segmentSizeMb,
      onDuplicatePk: inputs.onDuplicatePk,
    },
    storage: storageWithCredentials(inputs.storage),
    partition: inputs.partition,
    onDelete: inputs.onDelete,
    trigger: inputs.trigger === undefined ? undefined : String(inputs.trigger),
  };
}

/** Reads the schema from the target when only a name was given. */
async function resolveSchema(inputs: ImportJobInputs): Promise<CollectionSchema | undefined> {
  if (inputs.collection.schema) return inputs.collection.schema;
  const conn = withCredentials(inputs.collection.connection);
  const t = providerCollaborators().openTarget(conn, defaultApiKind(conn));
  try {
    return (
      await t.collections.describeCollection(inputs.collection.dbName ?? "default", inputs.collection.name)
    )?.schema;
  } finally {
    await t.close();
  }
}

export async function check(olds: Record<string, unknown> | undefined, news: Record<string, unknown>) {
  const inputs = withDefaults(news);
  const failures: CheckFailure[] = [];
  const {
    resourceName: _r,
    __provider: _p,
    identity: _i,
    dataHash: _d,
    sourceRows: _s,
    argsDigest: _a,
    ...args
  } = inputs;
  if (containsUnknown(args)) {
    // Preview with values from resources not created yet: the identity is decided at apply time.
    return { inputs: { ...inputs, identity: UNKNOWN, dataHash: UNKNOWN, sourceRows: -1 }, failures };
  }
  const digest = argsDigest(args);
  if (olds?.argsDigest !== digest) {
    const c = (args as { collection?: { name?: unknown; dbName?: unknown } }).collection;
    failures.push(
      ...argAndNameProblems(IMPORT_JOB, args, [
        ["collection.name", "collection", c?.name],
        ["collection.dbName", "database", c?.dbName],
        ["partition", "partition", (args as { partition?: unknown }).partition],
      ]),
    );
  }
  if (failures.length) return { inputs, failures };
  inputs.argsDigest = digest;
  const typed = inputs as unknown as ImportJobInputs;
  try {
    const schema = await resolveSchema(typed);
    if (!schema) {
      failures.push({
        property: "collection",
        reason: `collection ${typed.collection.dbName}.${typed.collection.name} not found and no schema given: pass the Collection resource as collection`,
      });
      return { inputs, failures };
    }
    const p = await plan({ ...toSpec(typed, schema), baseDir: process.cwd() }, providerCollaborators());
    return {
      inputs: { ...inputs, identity: p.identity, dataHash: p.dataHash, sourceRows: p.sourceRows ?? -1 },
      failures,
    };
  } catch (e) {
    const property = e instanceof PlanError ? e.property : "source";
    failures.push({ property, reason: errorMessage(e) });
    return { inputs, failures };
  }
}

/** Where staged files live, as their store identifies it (a change moves them: replace). */
const storageLocation = (s: StagingConfig | undefined) => {
  if (!s) return "";
  const place = isStorageProvider(s.provider) ? storeDescriptor(s.provider).locationKey(s) : [];
  return stableStringify([s.provider, ...place, s.remotePath ?? ""]);
};

export async function diff(_id: string, olds: ImportJobOutputs, news: ImportJobInputs) {
  const replaces = replacedProperties(IMPORT_JOB, olds, news, {
    storage: (p) => storageLocation(p.storage),
  });
  const settings = (["wait", "onDelete", "storage", "collection"] as const).some(
    (k) => stableStringify(olds[k] ?? null) !== stableStringify(news[k] ?? null),
  );
  const incomplete = olds.status !== "Completed";
  return { changes: replaces.length > 0 || settings || incomplete, replaces, deleteBeforeReplace: true };
}

function emptyOutputs(): Omit<ImportJobOutputs, keyof ImportJobInputs> {
  return {
    status: "Pending",
    jobId: "",
    state: "",
    importedRows: 0,
    totalRows: 0,
    files: 0,
    objectUrls: [],
    targetPartition: "",
    ownership: "none",
    prefix: "",
    resumed: false,
    verifiedBy: "",
    timings: {},
  };
}

async function runAndDescribe(inputs: ImportJobInputs & { __provider?: string }): Promise<ImportJobOutputs> {
  const who = `ImportJob ${inputs.resourceName ?? inputs.collection.name}`;
  const spec = { ...toSpec(inputs, await resolveSchema(inputs)), baseDir: process.cwd() };
  const timeoutS = inputs.wait?.timeoutSeconds ?? DEFAULT_TIMEOUT_S;
  const pollS = inputs.wait?.pollIntervalSeconds ?? DEFAULT_POLL_S;
  let lastWait = "";
  try {
    const r = await runImport(spec, providerCollaborators(), {
      timeoutMs: timeoutS * 1000,
      pollIntervalMs: pollS * 1000,
      onProgress: (e) => {
        // Waiting polls often: log only when the line changes.
        if (e.stage === "wait" && e.message === lastWait) return;
        if (e.stage === "wait") lastWait = e.message;
        log(who, e.message);
      },
    });
    return sanitize({
      ...inputs,
      identity: r.plan.identity,
      dataHash: r.plan.dataHash,
      status: "Completed",
      jobId: r.jobId,
      state: r.state,
      importedRows: r.importedRows,
      totalRows: r.totalRows,
      files: r.files,
      objectUrls: r.objectUrls,
      targetPartition: r.plan.partition ?? "",
      ownership: r.plan.ownership,
      prefix: r.plan.prefix,
      resumed: r.resumed,
      verifiedBy: r.verifiedBy,
      timings: { ...r.timings },
    });
  } catch (e) {
    if (!(e instanceof ImportRunError) || !e.hadSideEffects || !e.progress.identity) {
      throw new Error(errorMessage(e));
    }
    const p = e.progress;
    const properties = sanitize({
      ...inputs,
      ...emptyOutputs(),
      identity: p.identity,
      dataHash: p.dataHash ?? inputs.dataHash,
      status: p.job?.state === "Failed" ? "Failed" : "Incomplete",
      jobId: p.jobId ?? "",
      state: p.job?.state ?? "",
      importedRows: p.job?.importedRows ?? 0,
      totalRows: p.job?.totalRows ?? 0,
      objectUrls: p.objectUrls ?? [],
      targetPartition: p.partition ?? "",
      ownership: (p.ownership as OwnershipMode) ?? "none",
      prefix: p.prefix ?? "",
    });
    // Partial failure: Pulumi records the resource with these outputs and the reason, so the next up
    // diffs on status and resumes the same identity instead of importing a second time.
    throw { message: e.message, id: p.identity, properties, reasons: [e.message] };
  }
}

export async function create(inputs: ImportJobInputs & { __provider?: string }) {
  const outs = await runAndDescribe(inputs);
  return { id: outs.identity, outs };
}

export async function update(
  _id: string,
  olds: ImportJobOutputs,
  news: ImportJobInputs & { __provider?: string },
) {
  if (olds.status !== "Completed") {
    log(
      `ImportJob ${news.resourceName ?? news.collection.name}`,
      `previous run ended ${olds.status}; resuming`,
    );
    return { outs: await runAndDescribe(news) };
  }
  // Settings only (wait, onDelete, credentials): no data is touched; every output is kept.
  const computed: Partial<ImportJobOutputs> = {};
  for (const k of Object.keys(emptyOutputs()) as (keyof ImportJobOutputs)[]) {
    (computed as Record<string, unknown>)[k] = olds[k] ?? (emptyOutputs() as Record<string, unknown>)[k];
  }
  return { outs: sanitize({ ...computed, ...news }) };
}

export async function read(id: string, props: ImportJobOutputs) {
  const conn = withCredentials(props.collection.connection);
  const t = providerCollaborators().openTarget(conn, props.api);
  try {
    const db = props.collection.dbName ?? "default";
    const name = props.collection.name;
    if (!(await t.collections.hasCollection(db, name))) return { id: "", props: {} };
    if (props.ownership === "partition" && props.targetPartition) {
      const parts = await t.collections.listPartitions(db, name);
      if (!parts.includes(props.targetPartition)) return { id: "", props: {} };
    }
    let next = props;
    if (props.status !== "Completed" && props.jobId) {
      const job = await t.imports.getJob(props.jobId).catch(() => undefined);
      if (job) next = { ...props, state: job.state, importedRows: job.importedRows ?? props.importedRows };
    }
    return { id, props: sanitize(next) };
  } finally {
    await t.close();
  }
}

export async function remove(_id: string, props: ImportJobOutputs) {
  const who = `ImportJob ${props.resourceName ?? props.collection.name}`;
  if (!props.prefix) return;
  const done = await removeImport(
    {
      connection: withCredentials(props.collection.connection),
      apiKind: props.api,
      dbName: props.collection.dbName ?? "default",
      collectionName: props.collection.name,
      storage: storageWithCredentials(props.storage),
      onDelete: props.onDelete,
      ownership: props.ownership,
      partition: props.targetPartition || undefined,
      prefix: props.prefix,
    },
    providerCollaborators(),
  );
  for (const d of done) log(who, d);
}
