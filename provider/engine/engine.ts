/**
 * The local engine: collections, partitions, indexes, load state, row storage, count/query/delete and
 * brute-force search over a data directory. Import jobs are run by ImportRunner (jobs.ts) and committed
 * here. All state lives on disk (catalog.json + segments/), so another process sees the same data.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import type { CollectionDescription, LoadState } from "../contracts";
import { isVectorType, primaryField } from "../schema/fields";
import { isInt64Valued, kindOf } from "../schema/traits";
import { type CollectionSchema, DYNAMIC_FIELD, type IndexSpec } from "../schema/types";
import type { Batch } from "./batch";
import {
  Catalog,
  type CatalogDoc,
  type CollectionRecord,
  findCollection,
  type JobRecord,
  type SegmentRecord,
} from "./catalog";
import { CODES, collectionNotFound, EngineError, invalidParameter } from "./errors";
import { compileFilter } from "./filter";
import { parseForOutput } from "./jsonExact";
import {
  DEFAULT_KEY_PARTITIONS,
  keyPartitionNames,
  MAX_PARTITIONS,
  partitionKeyField,
  partitionsInKeyOrder,
  splitByKey,
} from "./partitionKey";
import {
  canonical,
  checkCollectionName,
  checkName,
  checkSchema,
  duplicateCollection,
  indexNameOf,
  sameIndex,
} from "./schemaCheck";
import { type Metric, parseMetric, searchField, topK } from "./search";
import {
  isDeleted,
  type LoadedSegment,
  markDeleted,
  readDeleted,
  readSegment,
  rewriteColumn,
  writeDeleted,
  writeSegment,
} from "./segments";
import { isDenseVector, type StoredValue } from "./values";

export const DEFAULT_DB = "default";
export const DEFAULT_PARTITION = "_default";

export interface CreateCollectionRequest {
  dbName?: string;
  collectionName: string;
  schema: CollectionSchema;
  indexes?: IndexSpec[];
  description?: string;
  properties?: Record<string, string>;
  /** Load after creating (the REST API does this when indexParams are given). */
  load?: boolean;
  /** Partitions of a partition-key collection (Milvus default 16); only allowed with a partition key. */
  numPartitions?: number;
}

export interface ScanRow {
  segment: SegmentRecord;
  row: number;
  get: (field: string) => StoredValue | undefined;
}

export interface SearchHit {
  id: bigint | string;
  distance: number;
  entity: Record<string, unknown>;
}

export class LocalEngine {
  readonly catalog: Catalog;
  /** Distinguishes engine instances in one process (job ownership). */
  readonly instance = randomBytes(6).toString("hex");
  private readonly segmentCache = new Map<string, LoadedSegment>();
  private readonly deletedCache = new Map<string, Uint8Array>();

  constructor(readonly dir: string) {
    this.catalog = new Catalog(dir);
  }

  // ---- lookups -------------------------------------------------------------------------------

  read(): CatalogDoc {
    return this.catalog.read();
  }

  collection(db: string, name: string, doc = this.read()): CollectionRecord {
    const c = findCollection(doc, db, name);
    if (!c) throw collectionNotFound(db, name);
    return c;
  }

  // ---- collections ---------------------------------------------------------------------------

  async hasCollection(db: string, name: string): Promise<boolean> {
    return findCollection(this.read(), db, name) !== undefined;
  }

  async listCollections(db: string): Promise<string[]> {
    return Object.keys(this.read().databases[db]?.collections ?? {}).sort();
  }

  async listDatabases(): Promise<string[]> {
    return Object.keys(this.read().databases).sort();
  }

  async createDatabase(db: string): Promise<void> {
    checkName("database", db);
    await this.catalog.mutate((doc) => {
      doc.databases[db] ??= { collections: {} };
    });
  }

  async createCollection(req: CreateCollectionRequest): Promise<void> {
    const db = req.dbName || DEFAULT_DB;
    checkCollectionName(req.collectionName);
    checkSchema(req.schema);
    for (const ix of req.indexes ?? []) {
      checkName("index", ix.indexName ?? "");
      this.checkIndexField(req.schema, ix);
    }
    const partitions = initialPartitions(req.schema, req.numPartitions);
    await this.catalog.mutate((doc) => {
      doc.databases[db] ??= { collections: {} };
      const dbRec = doc.databases[db];
      const existing = dbRec.collections[req.collectionName];
      if (existing) {
        if (canonical(existing.schema) !== canonical(req.schema))
          throw duplicateCollection(req.collectionName);
        return;
      }
      const indexes = (req.indexes ?? []).map((ix) => ({ ...ix, indexName: indexNameOf(ix) }));
      dbRec.collections[req.collectionName] = {
        id: String(BigInt(Date.now()) * 1000n + BigInt(doc.nextId++)),
        name: req.collectionName,
        description: req.description ?? req.schema.description ?? "",
        schema: req.schema,
        indexes,
        loaded: false,
        partitions,
        aliases: [],
        properties: req.properties ?? {},
        createdAt: new Date().toISOString(),
        segments: [],
        nextAutoId: String(BigInt(Date.now()) << 18n),
      };
    });
    if (req.load) await this.loadCollection(db, req.collectionName);
  }

  async describeCollection(db: string, name: string): Promise<CollectionDescription | undefined> {
    const c = findCollection(this.read(), db, name);
    if (!c) return undefined;
    return {
      dbName: db,
      collectionName: c.name,
      description: c.description,
      schema: c.schema,
      indexes: c.indexes,
      loadState: c.loaded ? "Loaded" : "NotLoad",
      partitions: [...c.partitions],
      properties: { ...c.properties },
    };
  }

  record(db: string, name: string): CollectionRecord | undefined {
    return findCollection(this.read(), db, name);
  }

  async dropCollection(db: string, name: string): Promise<void> {
    const dropped = await this.catalog.mutate((doc) => {
      const c = findCollection(doc, db, name);
      if (!c) return undefined;
      if (c.name !== name) throw invalidParameter(`cannot drop the collection via alias = ${name}`);
      delete doc.databases[db].collections[c.name];
      return c;
    });
    for (const s of dropped?.segments ?? []) this.removeSegment(s.id);
  }

  async loadCollection(db: string, name: string): Promise<void> {
    await this.catalog.mutate((doc) => {
      const c = this.collection(db, name, doc);
      const missing = c.schema.fields.find(
        (f) => isVectorType(f.dataType) && !c.indexes.some((ix) => ix.fieldName === f.name),
      );
      if (missing) {
        throw new EngineError(
          CODES.indexNotFound,
          `index not found[collection=${c.name}], there is no vector index on field: [${missing.name}], please create index firstly`,
        );
      }
      c.loaded = true;
    });
  }

  async alterCollectionProperties(
    db: string,
    name: string,
    properties: Record<string, string>,
  ): Promise<void> {
    await this.catalog.mutate((doc) => {
      const c = this.collection(db, name, doc);
      c.properties = { ...c.properties, ...properties };
    });
  }

  async releaseCollection(db: string, name: string): Promise<void> {
    await this.catalog.mutate((doc) => {
      this.collection(db, name, doc).loaded = false;
    });
  }

  async getLoadState(db: string, name: string): Promise<LoadState> {
    const c = findCollection(this.read(), db, name);
    return !c ? "NotExist" : c.loaded ? "Loaded" : "NotLoad";
  }

  /** Points `alias` at a collection; `alter` moves an existing alias, plain create refuses to. */
  async createAlias(db: string, name: string, alias: string, alter = false): Promise<void> {
    await this.catalog.mutate((doc) => {
      const c = this.collection(db, name, doc);
      const cols = doc.databases[db].collections;
      if (Object.hasOwn(cols, alias)) throw invalidParameter(`alias and collection name conflict: ${alias}`);
      const holder = Object.values(cols).find((x) => x.aliases.includes(alias));
      if (holder && holder !== c) {
        if (!alter) {
          throw new EngineError(
            CODES.unexpected,
            `alias exists and already aliased to another collection, alias: ${alias}, collection: ${holder.name}`,
          );
        }
        holder.aliases = holder.aliases.filter((a) => a !== alias);
      }
      if (alter && !holder) throw new EngineError(CODES.unexpected, `alias not found[alias=${alias}]`);
      if (!c.aliases.includes(alias)) c.aliases.push(alias);
    });
  }

  async dropAlias(db: string, alias: string): Promise<void> {
    await this.catalog.mutate((doc) => {
      for (const c of Object.values(doc.databases[db]?.collections ?? {}))
        c.aliases = c.aliases.filter((a) => a !== alias);
    });
  }

  async listAliases(db: string, name?: string): Promise<string[]> {
    const cols = Object.values(this.read().databases[db]?.collections ?? {});
    return cols.filter((c) => !name || c.name === name).flatMap((c) => c.aliases);
  }

  /** The collection an alias points to, if any. */
  async describeAlias(db: string, alias: string): Promise<string | undefined> {
    return Object.values(this.read().databases[db]?.collections ?? {}).find((c) => c.aliases.includes(alias))
      ?.name;
  }

  // ---- indexes -------------------------------------------------------------------------------

  private checkIndexField(schema: CollectionSchema, ix: IndexSpec): void {
    if (!schema.fields.some((f) => f.name === ix.fieldName)) {
      throw new EngineError(
        1802,
        `missing required parameters, error: \`${ix.fieldName}\` hasn't defined in schema`,
      );
    }
  }

  async createIndex(db: string, name: string, index: IndexSpec): Promise<void> {
    await this.catalog.mutate((doc) => {
      const c = this.collection(db, name, doc);
      checkName("index", index.indexName ?? "");
      this.checkIndexField(c.schema, index);
      const ix = { ...index, indexName: indexNameOf(index) };
      const onField = c.indexes.find((x) => x.fieldName === ix.fieldName);
      if (onField) {
        if (sameIndex(onField, ix)) return;
        throw new EngineError(
          CODES.unexpected,
          "CreateIndex failed: at most one distinct index is allowed per field",
        );
      }
      if (c.indexes.some((x) => x.indexName === ix.indexName)) {
        throw new EngineError(
          CODES.unexpected,
          `CreateIndex failed: index already exist, but parameters are inconsistent, indexName=${ix.indexName}`,
        );
      }
      c.indexes.push(ix);
    });
  }

  async listIndexes(db: string, name: string): Promise<IndexSpec[]> {
    return this.collection(db, name).indexes;
  }

  async dropIndex(db: string, name: string, indexName: string): Promise<void> {
    await this.catalog.mutate((doc) => {
      const c = this.collection(db, name, doc);
      const i = c.indexes.findIndex((x) => x.indexName === indexName);
      if (i < 0) throw new EngineError(CODES.indexNotFound, `index not found[indexName=${indexName}]`);
      if (c.loaded)
        throw new EngineError(
          CODES.unexpected,
          "index cannot be dropped, collection is loaded, please release it first",
        );
      c.indexes.splice(i, 1);
    });
  }

  // ---- partitions ----------------------------------------------------------------------------

  async createPartition(db: string, name: string, partition: string): Promise<void> {
    await this.catalog.mutate((doc) => {
      const c = this.collection(db, name, doc);
      if (c.schema.fields.some((f) => f.isPartitionKey)) {
        throw invalidParameter("disable create partition if partition key mode is used");
      }
      checkName("partition", partition);
      if (!c.partitions.includes(partition)) c.partitions.push(partition);
    });
  }

  async listPartitions(db: string, name: string): Promise<string[]> {
    return [...this.collection(db, name).partitions];
  }

  async hasPartition(db: string, name: string, partition: string): Promise<boolean> {
    return this.collection(db, name).partitions.includes(partition);
  }

  async dropPartition(db: string, name: string, partition: string): Promise<void> {
    if (partition === DEFAULT_PARTITION) throw invalidParameter("default partition cannot be deleted");
    const removed = await this.catalog.mutate((doc) => {
      const c = this.collection(db, name, doc);
      if (partitionKeyField(c.schema)) {
        throw invalidParameter("disable drop partition if partition key mode is used");
      }
      if (!c.partitions.includes(partition)) return [];
      c.partitions = c.partitions.filter((p) => p !== partition);
      const gone = c.segments.filter((s) => s.partition === partition);
      c.segments = c.segments.filter((s) => s.partition !== partition);
      return gone;
    });
    for (const s of removed) this.removeSegment(s.id);
  }

  // ---- rows ----------------------------------------------------------------------------------

  private loadSegment(c: CollectionRecord, s: SegmentRecord): LoadedSegment {
    let seg = this.segmentCache.get(s.id);
    if (!seg) {
      seg = readSegment(this.catalog.segmentDir(s.id), c.schema);
      this.segmentCache.set(s.id, seg);
    }
    return seg;
  }

  private deletedOf(s: SegmentRecord): Uint8Array {
    const key = `${s.id}:${s.deleted}`;
    let bm = this.deletedCache.get(key);
    if (!bm) {
      bm = readDeleted(this.catalog.segmentDir(s.id), s.rows);
      this.deletedCache.set(key, bm);
    }
    return bm;
  }

  private removeSegment(id: string): void {
    this.segmentCache.delete(id);
    fs.rmSync(this.catalog.segmentDir(id), { recursive: true, force: true });
  }

  private checkPartitions(c: CollectionRecord, partitionNames?: string[]): void {
    for (const p of partitionNames ?? []) {
      if (!c.partitions.includes(p))
        throw new EngineError(CODES.partitionNotFound, `partition not found[partition=${p}]`);
    }
  }

  /** Every live row of the collection (optionally only some partitions). */
  *scan(c: CollectionRecord, partitionNames?: string[]): Generator<ScanRow> {
    this.checkPartitions(c, partitionNames);
    const parts = partitionNames && partitionNames.length > 0 ? new Set(partitionNames) : undefined;
    for (const s of c.segments) {
      if (parts && !parts.has(s.partition)) continue;
      const seg = this.loadSegment(c, s);
      const del = s.deleted > 0 ? this.deletedOf(s) : undefined;
      for (let r = 0; r < s.rows; r++) {
        if (del && isDeleted(del, r)) continue;
        yield { segment: s, row: r, get: (f) => seg.columns.get(f)?.[r] };
      }
    }
  }

  requireLoaded(c: CollectionRecord, op: string): void {
    if (!c.loaded) {
      throw new EngineError(
        CODES.collectionNotLoaded,
        `failed to ${op}: collection not loaded[collection=${c.id}]`,
      );
    }
  }

  async count(
    db: string,
    name: string,
    opts: { filter?: string; partitionNames?: string[] } = {},
  ): Promise<bigint> {
    const c = this.collection(db, name);
    this.requireLoaded(c, "query");
    const pred = compileFilter(opts.filter ?? "", c.schema);
    if (!opts.filter?.trim()) {
      this.checkPartitions(c, opts.partitionNames);
      const parts = opts.partitionNames?.length ? new Set(opts.partitionNames) : undefined;
      return c.segments
        .filter((s) => !parts || parts.has(s.partition))
        .reduce((n, s) => n + BigInt(s.rows - s.deleted), 0n);
    }
    let n = 0n;
    for (const row of this.scan(c, opts.partitionNames)) if (pred(row.get)) n++;
    return n;
  }

  async query(
    db: string,
    name: string,
    opts: {
      filter: string;
      outputFields?: string[];
      limit?: number;
      offset?: number;
      partitionNames?: string[];
    },
  ): Promise<Record<string, unknown>[]> {
    const c = this.collection(db, name);
    this.requireLoaded(c, "query");
    const pred = compileFilter(opts.filter, c.schema);
    const out: Record<string, unknown>[] = [];
    let skip = opts.offset ?? 0;
    for (const row of this.scan(c, opts.partitionNames)) {
      if (!pred(row.get)) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      out.push(this.project(c.schema, row.get, opts.outputFields));
      if (opts.limit !== undefined && out.length >= opts.limit) break;
    }
    return out;
  }

  /** Output row: the pk always, requested fields (`*` = all), dynamic keys flattened like Milvus. */
  project(schema: CollectionSchema, get: ScanRow["get"], outputFields?: string[]): Record<string, unknown> {
    const want = outputFields && outputFields.length > 0 ? outputFields : [];
    const all = want.includes("*");
    const out: Record<string, unknown> = {};
    const pk = primaryField(schema);
    for (const f of schema.fields) {
      if (!(all || want.includes(f.name) || f === pk)) continue;
      const v = get(f.name);
      out[f.name] =
        kindOf(f.dataType) === "json" && typeof v === "string"
          ? parseForOutput(v)
          : isDenseVector(v)
            ? Array.from(v)
            : (v ?? null);
    }
    if (schema.enableDynamicField) {
      const meta = get(DYNAMIC_FIELD);
      const dyn = typeof meta === "string" ? (parseForOutput(meta) as Record<string, unknown>) : {};
      for (const [k, v] of Object.entries(dyn))
        if (all || want.includes(k) || want.includes(DYNAMIC_FIELD)) out[k] = v;
    }
    return out;
  }

  async deleteEntities(
    db: string,
    name: string,
    opts: { filter: string; partitionName?: string },
  ): Promise<number> {
    const c0 = this.collection(db, name);
    const pred = compileFilter(opts.filter, c0.schema);
    return this.catalog.mutate((doc) => {
      const c = this.collection(db, name, doc);
      const parts = opts.partitionName ? [opts.partitionName] : undefined;
      const hits = new Map<SegmentRecord, number[]>();
      for (const row of this.scan(c, parts)) {
        if (!pred(row.get)) continue;
        const list = hits.get(row.segment) ?? [];
        list.push(row.row);
        hits.set(row.segment, list);
      }
      let n = 0;
      for (const [s, rows] of hits) {
        const bm = new Uint8Array(this.deletedOf(s));
        for (const r of rows) markDeleted(bm, r);
        writeDeleted(this.catalog.segmentDir(s.id), bm);
        s.deleted += rows.length;
        n += rows.length;
      }
      return n;
    });
  }

  /** Brute-force nearest neighbours on a dense float vector field (exact, like a FLAT index). */
  async search(
    db: string,
    name: string,
    opts: {
      vectors: number[][];
      annsField?: string;
      limit?: number;
      metricType?: Metric;
      filter?: string;
      outputFields?: string[];
      partitionNames?: string[];
    },
  ): Promise<SearchHit[][]> {
    const c = this.collection(db, name);
    this.requireLoaded(c, "search");
    const vf = searchField(c.schema.fields, opts.annsField);
    const metric = parseMetric(
      opts.metricType ?? c.indexes.find((ix) => ix.fieldName === vf.name)?.metricType ?? "COSINE",
    );
    for (const q of opts.vectors) {
      if (q.length !== vf.dim) {
        throw invalidParameter(
          `the dim (${q.length}) of search data is not equal to the vector dim (${vf.dim}) of field ${vf.name}`,
        );
      }
    }
    const pred = compileFilter(opts.filter ?? "", c.schema);
    const pk = primaryField(c.schema)?.name as string;
    const rows = [...this.scan(c, opts.partitionNames)].filter((row) => pred(row.get));
    return topK(rows, (row) => row.get(vf.name), opts.vectors, metric, opts.limit ?? 10).map((list) =>
      list.map((h) => ({
        id: h.row.get(pk) as bigint | string,
        distance: h.distance,
        entity: this.project(c.schema, h.row.get, opts.outputFields),
      })),
    );
  }

  // ---- import commit -------------------------------------------------------------------------

  /** Where a job's segment waits, written but invisible, until the job commits. */
  stagingDir(jobId: string, index: number | string): string {
    return this.catalog.segmentDir(`.staging-${jobId}-${index}`);
  }

  /**
   * Writes a batch of rows as staged segments right after it is read (one per partition it lands in:
   * rows of a partition-key collection are hashed to their partitions), so an import holds one batch
   * in memory at a time rather than a file or the whole job.
   */
  stageBatch(
    jobId: string,
    key: string,
    c: Pick<CollectionRecord, "schema" | "partitions">,
    partition: string,
    batch: Batch,
  ): StagedSegment[] {
    const field = partitionKeyField(c.schema);
    const order = field ? partitionsInKeyOrder(c.partitions) : undefined;
    const parts: [string, Batch][] =
      field && order
        ? splitByKey(batch, field, order.length).map(([i, b]) => [order[i], b])
        : [[partition, batch]];
    return parts.map(([p, b], k) => {
      const dir = this.stagingDir(jobId, `${key}-${k}`);
      fs.rmSync(dir, { recursive: true, force: true });
      writeSegment(dir, c.schema, b.columns, b.rowCount);
      return { dir, rows: b.rowCount, partition: p };
    });
  }

  discardStaged(staged: StagedSegment[]): void {
    for (const s of staged) fs.rmSync(s.dir, { recursive: true, force: true });
  }

  /**
   * Publishes the staged segments and marks the job Completed in one catalog write: a job's rows
   * appear all at once or not at all. Auto-id keys are assigned here, under the lock. Throws when the
   * collection or partition is gone (the staged segments are then discarded).
   */
  async commitImport(
    jobId: string,
    staged: StagedSegment[],
    finish: (job: JobRecord, doc: CatalogDoc) => void,
  ): Promise<void> {
    const published: string[] = [];
    try {
      await this.catalog.mutate((doc) => {
        const job = doc.jobs[jobId];
        const c = findCollection(doc, job.dbName, job.collectionName);
        if (!c || c.id !== job.collectionId) throw collectionNotFound(job.dbName, job.collectionName);
        for (const p of new Set(staged.map((st) => st.partition ?? job.partitionName))) {
          if (!c.partitions.includes(p))
            throw new EngineError(CODES.partitionNotFound, `partition not found[partition=${p}]`);
        }
        const pk = primaryField(c.schema);
        let next = BigInt(c.nextAutoId);
        for (const st of staged) {
          if (st.rows === 0) continue;
          if (pk?.autoId) {
            const ids: StoredValue[] = [];
            const int64 = isInt64Valued(pk.dataType);
            for (let r = 0; r < st.rows; r++) ids.push(int64 ? next++ : String(next++));
            rewriteColumn(st.dir, c.schema, pk.name, ids);
          }
          const id = `${c.id}-${doc.nextId++}`;
          fs.renameSync(st.dir, this.catalog.segmentDir(id));
          published.push(id);
          c.segments.push({
            id,
            partition: st.partition ?? job.partitionName,
            rows: st.rows,
            deleted: 0,
            jobId,
          });
        }
        c.nextAutoId = String(next);
        finish(job, doc);
      });
    } catch (e) {
      for (const id of published) this.removeSegment(id);
      this.discardStaged(staged);
      throw e;
    }
  }
}

export interface StagedSegment {
  dir: string;
  rows: number;
  /** Partition the rows go to (partition-key collections: the hashed one). */
  partition?: string;
}

/** `_default`, or `_default_0..n-1` for a partition-key collection (Milvus checks, codes and texts). */
function initialPartitions(schema: CollectionSchema, numPartitions: number | undefined): string[] {
  if (!partitionKeyField(schema)) {
    if (numPartitions)
      throw invalidParameter("num_partitions should only be specified with partition key field enabled");
    return [DEFAULT_PARTITION];
  }
  const n = numPartitions ?? DEFAULT_KEY_PARTITIONS;
  if (!Number.isInteger(n) || n <= 0)
    throw invalidParameter("the specified partitions should be greater than 0 if partition key is used");
  if (n > MAX_PARTITIONS)
    throw invalidParameter(`partition number (${n}) exceeds max configuration (${MAX_PARTITIONS})`);
  return keyPartitionNames(n);
}
