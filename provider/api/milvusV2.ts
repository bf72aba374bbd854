/**
 * Milvus RESTful API v2 (self-hosted Milvus, and the cluster endpoint of a Zilliz cluster): import
 * jobs plus the collection, index, partition and entity calls the Collection and ImportJob resources
 * need. Every route is POST under /v2/vectordb; success code 0.
 */
import { hasInt64Elements, isInt64Valued } from "../schema/traits";
import type { CollectionSchema, IndexSpec } from "../schema/types";
import { ApiError } from "./errors";
import { HttpClient, type HttpClientOptions } from "./http";
import { jobFromListRecord, jobFromV2Progress } from "./jobModel";
import { toBigInt } from "./json";
import { PathFallback } from "./pathFallback";
import {
  fromDescribedIndex,
  fromDescribedSchema,
  kvListToMap,
  toRestIndex,
  toRestSchema,
} from "./schemaMapping";
import type {
  CollectionApi,
  CollectionDescription,
  ImportApi,
  ImportJobInfo,
  LoadState,
  StartImportRequest,
} from "./types";
import { asObject, readJobId } from "./zillizV1";

export interface MilvusV2Options extends Omit<HttpClientOptions, "api"> {
  /**
   * Send StartImportRequest.idempotencyKey as the `Idempotency-Key` header on jobs/import/create.
   * Servers from Milvus 2.6.24 / 3.0.2 deduplicate on it; older servers ignore unknown headers. Off
   * by default because the server release in use must be checked first (no released Milvus client
   * sends it). When on, create becomes safe to retry.
   */
  idempotencyHeader?: boolean;
}

export interface IndexDescription extends IndexSpec {
  indexState?: string;
  totalRows?: number;
  indexedRows?: number;
  pendingRows?: number;
  failReason?: string;
}

const V = "/v2/vectordb";
const COLLECTION_NOT_FOUND = 100;
const LOAD_STATES: Record<string, LoadState> = {
  LoadStateNotExist: "NotExist",
  LoadStateNotLoad: "NotLoad",
  LoadStateLoading: "Loading",
  LoadStateLoaded: "Loaded",
};

function parseLoadState(raw: unknown): LoadState {
  if (typeof raw !== "string") return "NotLoad";
  return LOAD_STATES[raw] ?? LOAD_STATES[`LoadState${raw}`] ?? "NotLoad";
}

/** Idempotency keys: at most 256 bytes of printable ASCII (the server's rule for the header). */
function checkIdempotencyKey(key: string): void {
  if (!/^[\x20-\x7e]{1,256}$/.test(key)) {
    throw new ApiError({
      kind: "client",
      api: "milvus-v2",
      code: "BAD_IDEMPOTENCY_KEY",
      meaning: "Invalid idempotency key",
      hint: `Use 1..256 printable ASCII characters; got ${key.length} characters.`,
    });
  }
}

export class MilvusV2Client implements ImportApi, CollectionApi {
  readonly kind = "milvus-v2" as const;
  readonly http: HttpClient;
  private readonly idempotencyHeader: boolean;
  private readonly schemas = new Map<string, CollectionSchema>();
  // 2.5+ serves both; 2.4 documents only get_progress.
  private readonly importProgressPaths = new PathFallback(["describe", "get_progress"]);

  constructor(opts: MilvusV2Options) {
    this.http = new HttpClient({ ...opts, api: "milvus-v2" });
    this.idempotencyHeader = opts.idempotencyHeader ?? false;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async post<T = unknown>(
    path: string,
    body: Record<string, unknown>,
    opts: { idempotent?: boolean; headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<T> {
    const res = await this.http.call<T>({
      method: "POST",
      path: V + path,
      body: dropUndefined(body),
      headers: opts.headers,
      signal: opts.signal,
      idempotent: opts.idempotent ?? true,
    });
    return res.data;
  }

  // ---- import jobs ----

  async startImport(req: StartImportRequest, signal?: AbortSignal): Promise<{ jobId: string }> {
    const headers: Record<string, string> = {};
    let idempotent = false;
    if (this.idempotencyHeader && req.idempotencyKey) {
      checkIdempotencyKey(req.idempotencyKey);
      headers["Idempotency-Key"] = req.idempotencyKey;
      idempotent = true;
    }
    const data = await this.post(
      "/jobs/import/create",
      {
        dbName: req.dbName || undefined,
        collectionName: req.collectionName,
        partitionName: req.partitionName || undefined,
        files: req.files,
        options: req.options && Object.keys(req.options).length ? req.options : undefined,
      },
      { idempotent, headers, signal },
    );
    return { jobId: readJobId(data, "milvus-v2") };
  }

  async getJob(jobId: string, signal?: AbortSignal): Promise<ImportJobInfo> {
    return this.importProgressPaths.call(async (path) =>
      jobFromV2Progress(asObject(await this.post(`/jobs/import/${path}`, { jobId }, { signal })), jobId),
    );
  }

  async listJobs(
    opts: { collectionName?: string; dbName?: string } = {},
    signal?: AbortSignal,
  ): Promise<ImportJobInfo[]> {
    const data = asObject(
      await this.post(
        "/jobs/import/list",
        { collectionName: opts.collectionName, dbName: opts.dbName },
        { signal },
      ),
    );
    const records = Array.isArray(data.records) ? (data.records as Record<string, unknown>[]) : [];
    return records.map((r) => jobFromListRecord(r));
  }

  // ---- collections ----

  async hasCollection(db: string, name: string): Promise<boolean> {
    const data = asObject(await this.post("/collections/has", { dbName: db, collectionName: name }));
    return data.has === true;
  }

  async createCollection(req: {
    dbName: string;
    collectionName: string;
    schema: CollectionSchema;
    indexes?: IndexSpec[];
    description?: string;
    properties?: Record<string, string>;
  }): Promise<void> {
    this.schemas.delete(key(req.dbName, req.collectionName));
    await this.post("/collections/create", {
      dbName: req.dbName,
      collectionName: req.collectionName,
      description: req.description ?? req.schema.description,
      schema: toRestSchema(req.schema),
      indexParams: req.indexes?.length ? req.indexes.map(toRestIndex) : undefined,
      params: req.properties && Object.keys(req.properties).length ? req.properties : undefined,
    });
  }

  async describeCollection(db: string, name: string): Promise<CollectionDescription | undefined> {
    let data: Record<string, unknown>;
    try {
      data = asObject(await this.post("/collections/describe", { dbName: db, collectionName: name }));
    } catch (err) {
      if (isCollectionNotFound(err)) return undefined;
      throw err;
    }
    const schema = fromDescribedSchema(data);
    this.schemas.set(key(db, name), schema);
    const listed = Array.isArray(data.indexes) ? (data.indexes as Record<string, unknown>[]) : [];
    const indexes: IndexSpec[] = [];
    for (const raw of listed) {
      const brief = fromDescribedIndex(raw);
      // describe lists name, field and metric only; indexes/describe adds the type and params.
      const full = brief.indexName
        ? await this.describeIndex(db, name, brief.indexName).catch(() => undefined)
        : undefined;
      indexes.push(full ? stripIndexState(full) : brief);
    }
    const partitions = await this.listPartitions(db, name);
    return {
      dbName: db,
      collectionName: String(data.collectionName ?? name),
      description: typeof data.description === "string" ? data.description : "",
      schema,
      indexes,
      loadState: parseLoadState(data.load),
      partitions,
      properties: kvListToMap(data.properties),
    };
  }

  async dropCollection(db: string, name: string): Promise<void> {
    this.schemas.delete(key(db, name));
    await this.post("/collections/drop", { dbName: db, collectionName: name });
  }

  async listCollections(db: string): Promise<string[]> {
    const data = await this.post("/collections/list", { dbName: db });
    return Array.isArray(data) ? data.map(String) : [];
  }

  async loadCollection(db: string, name: string): Promise<void> {
    await this.post("/collections/load", { dbName: db, collectionName: name });
  }

  async releaseCollection(db: string, name: string): Promise<void> {
    await this.post("/collections/release", { dbName: db, collectionName: name });
  }

  async alterCollectionProperties(
    db: string,
    name: string,
    properties: Record<string, string>,
  ): Promise<void> {
    await this.post("/collections/alter_properties", { dbName: db, collectionName: name, properties });
  }

  async getLoadState(db: string, name: string): Promise<LoadState> {
    try {
      const data = asObject(
        await this.post("/collections/get_load_state", { dbName: db, collectionName: name }),
      );
      return parseLoadState(data.loadState);
    } catch (err) {
      if (isCollectionNotFound(err)) return "NotExist";
      throw err;
    }
  }

  /** Load progress 0..100 as reported with LoadStateLoading/Loaded. */
  async getLoadProgress(db: string, name: string): Promise<{ state: LoadState; progress?: number }> {
    const data = asObject(
      await this.post("/collections/get_load_state", { dbName: db, collectionName: name }),
    );
    const p = data.loadProgress;
    return { state: parseLoadState(data.loadState), progress: typeof p === "number" ? p : undefined };
  }

  // ---- indexes ----

  async createIndex(db: string, name: string, index: IndexSpec): Promise<void> {
    await this.post("/indexes/create", {
      dbName: db,
      collectionName: name,
      indexParams: [toRestIndex(index)],
    });
  }

  async listIndexes(db: string, name: string): Promise<string[]> {
    const data = await this.post("/indexes/list", { dbName: db, collectionName: name });
    return Array.isArray(data) ? data.map(String) : [];
  }

  async describeIndex(db: string, name: string, indexName: string): Promise<IndexDescription> {
    const data = await this.post("/indexes/describe", { dbName: db, collectionName: name, indexName });
    const raw = asObject(Array.isArray(data) ? data[0] : data);
    const spec: IndexDescription = fromDescribedIndex(raw);
    const n = (v: unknown) => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : undefined);
    if (typeof raw.indexState === "string") spec.indexState = raw.indexState;
    spec.totalRows = n(raw.totalRows);
    spec.indexedRows = n(raw.indexedRows);
    spec.pendingRows = n(raw.pendingRows);
    if (typeof raw.failReason === "string" && raw.failReason) spec.failReason = raw.failReason;
    return dropUndefined(spec as unknown as Record<string, unknown>) as unknown as IndexDescription;
  }

  async dropIndex(db: string, name: string, indexName: string): Promise<void> {
    await this.post("/indexes/drop", { dbName: db, collectionName: name, indexName });
  }

  // ---- partitions ----

  async createPartition(db: string, name: string, partition: string): Promise<void> {
    await this.post("/partitions/create", { dbName: db, collectionName: name, partitionName: partition });
  }

  async hasPartition(db: string, name: string, partition: string): Promise<boolean> {
    const data = asObject(
      await this.post("/partitions/has", { dbName: db, collectionName: name, partitionName: partition }),
    );
    return data.has === true;
  }

  async listPartitions(db: string, name: string): Promise<string[]> {
    const data = await this.post("/partitions/list", { dbName: db, collectionName: name });
    return Array.isArray(data) ? data.map(String) : [];
  }

  async dropPartition(db: string, name: string, partition: string): Promise<void> {
    await this.post("/partitions/drop", { dbName: db, collectionName: name, partitionName: partition });
  }

  // ---- entities ----

  /**
   * count(*) without limit/offset (the proxy rejects pagination with count). An empty filter works on
   * 2.5+; early 2.4 builds need an always-true filter such as `id >= 0` (milvus#31224).
   */
  async count(
    db: string,
    name: string,
    opts: { filter?: string; partitionNames?: string[] } = {},
  ): Promise<bigint> {
    const data = await this.post<unknown[]>(
      "/entities/query",
      {
        dbName: db,
        collectionName: name,
        filter: opts.filter ?? "",
        outputFields: ["count(*)"],
        partitionNames: opts.partitionNames?.length ? opts.partitionNames : undefined,
      },
      { headers: { "Accept-Type-Allow-Int64": "false" } },
    );
    const row = asObject(Array.isArray(data) ? data[0] : undefined);
    const n = toBigInt(row["count(*)"]);
    if (n === undefined) {
      throw new ApiError({
        kind: "protocol",
        api: "milvus-v2",
        code: "BAD_COUNT",
        meaning: "count(*) query returned no count",
        hint: "The server may be an early 2.4 build; pass an always-true filter such as `id >= 0`.",
      });
    }
    return n;
  }

  /**
   * Rows matching `filter`. int64 values come back as strings (Accept-Type-Allow-Int64: false) or as
   * lossless numbers and are returned as BigInt for INT64 fields (and ARRAY<INT64> elements).
   */
  async query(
    db: string,
    name: string,
    opts: { filter: string; outputFields?: string[]; limit?: number; partitionNames?: string[] },
  ): Promise<Record<string, unknown>[]> {
    const schema = await this.schemaFor(db, name);
    const data = await this.post<unknown[]>(
      "/entities/query",
      {
        dbName: db,
        collectionName: name,
        filter: opts.filter,
        outputFields: opts.outputFields,
        limit: opts.limit,
        partitionNames: opts.partitionNames?.length ? opts.partitionNames : undefined,
      },
      { headers: { "Accept-Type-Allow-Int64": "false" } },
    );
    const rows = Array.isArray(data) ? (data as Record<string, unknown>[]) : [];
    return rows.map((r) => convertInt64(r, schema));
  }

  async deleteEntities(
    db: string,
    name: string,
    opts: { filter: string; partitionName?: string },
  ): Promise<void> {
    if (!opts.filter.trim()) {
      throw new ApiError({
        kind: "client",
        api: "milvus-v2",
        code: "EMPTY_DELETE_FILTER",
        meaning: "Refusing to delete with an empty filter",
        hint: "Pass an explicit filter (e.g. `id in [1, 2]`); drop the partition or collection to remove everything.",
      });
    }
    await this.post("/entities/delete", {
      dbName: db,
      collectionName: name,
      filter: opts.filter,
      partitionName: opts.partitionName,
    });
  }

  private async schemaFor(db: string, name: string): Promise<CollectionSchema | undefined> {
    const cached = this.schemas.get(key(db, name));
    if (cached) return cached;
    const data = asObject(await this.post("/collections/describe", { dbName: db, collectionName: name }));
    const schema = fromDescribedSchema(data);
    this.schemas.set(key(db, name), schema);
    return schema;
  }
}

function key(db: string, name: string): string {
  return `${db}\u0000${name}`;
}

function isCollectionNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.kind === "business" && err.code === COLLECTION_NOT_FOUND;
}

function stripIndexState(d: IndexDescription): IndexSpec {
  const { indexState, totalRows, indexedRows, pendingRows, failReason, ...spec } = d;
  void indexState;
  void totalRows;
  void indexedRows;
  void pendingRows;
  void failReason;
  return spec;
}

function dropUndefined(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out;
}

/** INT64 fields (and ARRAY<INT64> elements) of a row -> BigInt; other values untouched. */
function convertInt64(row: Record<string, unknown>, schema?: CollectionSchema): Record<string, unknown> {
  if (!schema) return row;
  const out: Record<string, unknown> = { ...row };
  for (const f of schema.fields) {
    if (!(f.name in out)) continue;
    const v = out[f.name];
    if (isInt64Valued(f.dataType)) out[f.name] = v === null ? null : (toBigInt(v) ?? v);
    else if (hasInt64Elements(f) && Array.isArray(v)) {
      out[f.name] = v.map((x) => toBigInt(x) ?? x);
    }
  }
  return out;
}
