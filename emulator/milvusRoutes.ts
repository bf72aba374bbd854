/**
 * Milvus REST API v2 (the cluster face): collections, indexes, partitions, import jobs and entities,
 * all POST under /v2/vectordb, success code 0, business errors as HTTP 200 + non-zero code.
 */
import type { IncomingMessage } from "node:http";
import type { LocalEngine, OpenedLocalEngine } from "../provider/engine";
import type { JobRecord } from "../provider/engine/catalog";
import {
  CODES,
  collectionNotFound,
  EngineError,
  importFailed,
  invalidParameter,
} from "../provider/engine/errors";
import { goList } from "../provider/engine/fileGroups";
import { bind, type FieldSpec, type StructSpec, str } from "./bind";
import type { FaultState } from "./faults";
import { describe, indexFromRest, parseCreate } from "./restSchema";

type Handler = (
  body: Record<string, unknown>,
  db: string,
  headers: IncomingMessage["headers"],
) => Promise<unknown>;

interface Route {
  spec: StructSpec;
  handler: Handler;
  /** Envelope carries "cost": 0 (entities routes). */
  cost?: boolean;
}

const S = (kind: FieldSpec["kind"], required = false): FieldSpec => ({ kind, required });
const base = { dbName: S("string") };
const coll = { ...base, collectionName: S("string", true) };

function iso(t?: string): string {
  return t ? new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z") : "";
}

/** Milvus job-progress shape: reason omitted when empty, detail file names as Go lists. */
function milvusProgress(j: JobRecord): Record<string, unknown> {
  const fileSize = j.details.reduce((n, d) => n + d.fileSize, 0);
  return {
    jobId: j.jobId,
    collectionName: j.collectionName,
    createTime: iso(j.createTime),
    completeTime: j.state === "Completed" || j.state === "Failed" ? iso(j.completeTime) : "",
    state: j.state,
    progress: j.progress,
    importedRows: j.importedRows,
    totalRows: j.totalRows,
    fileSize,
    ...(j.reason ? { reason: j.reason } : {}),
    details: j.details.map((d) => ({
      fileName: goList(d.paths),
      fileSize: d.fileSize,
      progress: d.progress,
      completeTime: d.completeTime ? iso(d.completeTime) : "",
      state: d.state,
      importedRows: d.importedRows,
      totalRows: d.totalRows,
      ...(d.reason ? { reason: d.reason } : {}),
    })),
  };
}

function int64Output(
  headers: IncomingMessage["headers"],
  rows: Record<string, unknown>[],
): Record<string, unknown>[] {
  // Without Accept-Type-Allow-Int64: true, int64 values go out as strings so JSON clients keep every digit.
  if (String(headers["accept-type-allow-int64"] ?? "").toLowerCase() === "true") return rows;
  const conv = (v: unknown): unknown =>
    typeof v === "bigint" ? v.toString() : Array.isArray(v) ? v.map(conv) : v;
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, conv(v)])));
}

export function milvusRoutes(opened: OpenedLocalEngine, faults: FaultState): Map<string, Route> {
  const engine: LocalEngine = opened.engine;
  const jobs = opened.jobs;
  const existing = (db: string, name: string) => {
    const c = engine.record(db, name);
    if (!c) throw collectionNotFound(db, name);
    return c;
  };
  const r = new Map<string, Route>();
  const add = (
    path: string,
    name: string,
    fields: Record<string, FieldSpec>,
    handler: Handler,
    cost = false,
  ) => r.set(`/v2/vectordb/${path}`, { spec: { name, fields }, handler, cost });

  // ---- collections
  add(
    "collections/create",
    "CollectionReq",
    {
      ...coll,
      dimension: S("int"),
      metricType: S("string"),
      idType: S("string"),
      autoID: S("bool"),
      primaryFieldName: S("string"),
      vectorFieldName: S("string"),
      description: S("string"),
      schema: S("object"),
      indexParams: S("array"),
      params: S("object"),
    },
    async (b, db) => {
      if (!(await engine.listDatabases()).includes(db))
        throw new EngineError(CODES.databaseNotFound, `database not found[database=${db}]`);
      const p = parseCreate(b);
      await engine.createCollection({
        dbName: db,
        collectionName: str(b.collectionName),
        schema: p.schema,
        indexes: p.indexes,
        description: p.description,
        properties: p.properties,
        load: p.load,
      });
      return {};
    },
  );
  add("collections/describe", "CollectionNameReq", coll, async (b, db) =>
    describe(existing(db, str(b.collectionName)), db),
  );
  add("collections/has", "CollectionNameReq", coll, async (b, db) => ({
    has: await engine.hasCollection(db, str(b.collectionName)),
  }));
  add("collections/drop", "CollectionNameReq", coll, async (b, db) => {
    await engine.dropCollection(db, str(b.collectionName));
    return {};
  });
  add("collections/list", "DatabaseReq", base, async (_b, db) => engine.listCollections(db));
  add("collections/load", "CollectionNameReq", coll, async (b, db) => {
    existing(db, str(b.collectionName));
    await engine.loadCollection(db, str(b.collectionName));
    return {};
  });
  add(
    "collections/alter_properties",
    "AlterCollectionPropertiesReq",
    { ...coll, properties: S("object", true) },
    async (b, db) => {
      existing(db, str(b.collectionName));
      // Milvus stores every property value as a string.
      const props = Object.fromEntries(
        Object.entries(b.properties as Record<string, unknown>).map(([k, v]) => [
          k,
          typeof v === "string" ? v : JSON.stringify(v),
        ]),
      );
      await engine.alterCollectionProperties(db, str(b.collectionName), props);
      return {};
    },
  );
  add("collections/release", "CollectionNameReq", coll, async (b, db) => {
    existing(db, str(b.collectionName));
    await engine.releaseCollection(db, str(b.collectionName));
    return {};
  });
  add(
    "collections/get_load_state",
    "GetCollectionLoadStateReq",
    { ...coll, partitionNames: S("strings") },
    async (b, db) => {
      const c = existing(db, str(b.collectionName));
      return c.loaded
        ? { loadState: "LoadStateLoaded", loadProgress: 100, message: "" }
        : { loadState: "LoadStateNotLoad" };
    },
  );
  add("collections/get_stats", "CollectionNameReq", coll, async (b, db) => {
    const c = existing(db, str(b.collectionName));
    return { rowCount: c.segments.reduce((n, s) => n + s.rows - s.deleted, 0) };
  });

  // ---- databases (minimal)
  add("databases/create", "DatabaseReqRequiredName", { dbName: S("string", true) }, async (b) => {
    await engine.createDatabase(str(b.dbName));
    return {};
  });
  add("databases/list", "EmptyReq", {}, async () => engine.listDatabases());

  // ---- aliases
  const alias = { ...base, aliasName: S("string", true) };
  add("aliases/create", "AliasCollectionReq", { ...coll, aliasName: S("string", true) }, async (b, db) => {
    await engine.createAlias(db, str(b.collectionName), str(b.aliasName));
    return {};
  });
  add("aliases/alter", "AliasCollectionReq", { ...coll, aliasName: S("string", true) }, async (b, db) => {
    await engine.createAlias(db, str(b.collectionName), str(b.aliasName), true);
    return {};
  });
  add("aliases/list", "OptionalCollectionNameReq", { ...base, collectionName: S("string") }, async (b, db) =>
    engine.listAliases(db, str(b.collectionName) || undefined),
  );
  add("aliases/describe", "AliasReq", alias, async (b, db) => {
    const target = await engine.describeAlias(db, str(b.aliasName));
    if (!target)
      throw new EngineError(CODES.unexpected, `alias not found[database=${db}][alias=${str(b.aliasName)}]`);
    return { aliasName: str(b.aliasName), collectionName: target, dbName: db };
  });
  add("aliases/drop", "AliasReq", alias, async (b, db) => {
    await engine.dropAlias(db, str(b.aliasName));
    return {};
  });

  // ---- indexes
  add("indexes/create", "IndexParamReq", { ...coll, indexParams: S("array", true) }, async (b, db) => {
    existing(db, str(b.collectionName));
    for (const raw of b.indexParams as Record<string, unknown>[]) {
      if (!raw || typeof raw.fieldName !== "string" || raw.fieldName === "") {
        throw new EngineError(
          1802,
          "missing required parameters, error: Key: 'IndexParam.FieldName' Error:Field validation for 'FieldName' failed on the 'required' tag",
        );
      }
      await engine.createIndex(db, str(b.collectionName), indexFromRest(raw));
    }
    return {};
  });
  add("indexes/list", "CollectionNameReq", coll, async (b, db) =>
    existing(db, str(b.collectionName)).indexes.map((ix) => ix.indexName),
  );
  add("indexes/describe", "IndexReq", { ...coll, indexName: S("string", true) }, async (b, db) => {
    const c = existing(db, str(b.collectionName));
    const ix = c.indexes.find((x) => x.indexName === b.indexName);
    if (!ix) throw new EngineError(CODES.indexNotFound, `index not found[indexName=${str(b.indexName)}]`);
    const rows = c.segments.reduce((n, s) => n + s.rows - s.deleted, 0);
    return [
      {
        indexName: ix.indexName,
        fieldName: ix.fieldName,
        indexType: ix.indexType,
        metricType: ix.metricType ?? "",
        indexState: "Finished",
        totalRows: rows,
        indexedRows: rows,
        pendingRows: 0,
        failReason: "",
        indexParams: ix.params ?? {},
      },
    ];
  });
  add("indexes/drop", "IndexReq", { ...coll, indexName: S("string", true) }, async (b, db) => {
    existing(db, str(b.collectionName));
    await engine.dropIndex(db, str(b.collectionName), str(b.indexName));
    return {};
  });

  // ---- partitions
  const part = { ...coll, partitionName: S("string", true) };
  add("partitions/create", "PartitionReq", part, async (b, db) => {
    existing(db, str(b.collectionName));
    await engine.createPartition(db, str(b.collectionName), str(b.partitionName));
    return {};
  });
  add("partitions/drop", "PartitionReq", part, async (b, db) => {
    existing(db, str(b.collectionName));
    await engine.dropPartition(db, str(b.collectionName), str(b.partitionName));
    return {};
  });
  add(
    "partitions/list",
    "CollectionNameReq",
    coll,
    async (b, db) => existing(db, str(b.collectionName)).partitions,
  );
  add("partitions/has", "PartitionReq", part, async (b, db) => ({
    has: existing(db, str(b.collectionName)).partitions.includes(str(b.partitionName)),
  }));
  add("partitions/get_stats", "PartitionReq", part, async (b, db) => {
    const c = existing(db, str(b.collectionName));
    if (!c.partitions.includes(str(b.partitionName)))
      throw new EngineError(
        CODES.partitionNotFound,
        `partition not found[partition=${str(b.partitionName)}]`,
      );
    return {
      rowCount: c.segments
        .filter((s) => s.partition === b.partitionName)
        .reduce((n, s) => n + s.rows - s.deleted, 0),
    };
  });

  // ---- import jobs
  add(
    "jobs/import/create",
    "ImportReq",
    { ...coll, partitionName: S("string"), files: S("stringGrid", true), options: S("stringMap") },
    async (b, db, headers) => {
      if (
        faults.maxConcurrentImports !== undefined &&
        jobs.unfinishedCount() >= faults.maxConcurrentImports
      ) {
        throw importFailed(
          "The number of jobs has reached the limit, please try again later. If your request is set to only import a single file, please consider importing multiple files in one request for better efficiency.",
        );
      }
      const key = headers["idempotency-key"];
      const jobId = await jobs.start({
        dbName: db,
        collectionName: str(b.collectionName),
        partitionName: str(b.partitionName),
        files: (b.files as (string[] | null)[]).map((g) => (g ?? []).map((p) => p ?? "")),
        options: (b.options ?? {}) as Record<string, string>,
        labels: typeof key === "string" ? { idempotencyKey: key } : undefined,
      });
      return { jobId };
    },
  );
  const progress: Handler = async (b) => {
    const id = str(b.jobId);
    if (!/^-?\d+$/.test(id)) {
      throw importFailed(
        `parse job id failed, err=%wstrconv.ParseInt: parsing ${JSON.stringify(id)}: invalid syntax`,
      );
    }
    const job = await jobs.get(id);
    if (!job) throw importFailed(`import job does not exist, jobID=${id}`);
    return milvusProgress(job);
  };
  add("jobs/import/get_progress", "GetImportReq", { ...base, jobId: S("string", true) }, progress);
  add("jobs/import/describe", "GetImportReq", { ...base, jobId: S("string", true) }, progress);
  add("jobs/import/list", "ListImportReq", { ...base, collectionName: S("string") }, async (b, db) => ({
    records: jobs.list({ dbName: db, collectionName: str(b.collectionName) || undefined }).map((j) => ({
      jobId: j.jobId,
      collectionName: j.collectionName,
      state: j.state,
      progress: j.progress,
      ...(j.reason ? { reason: j.reason } : {}),
    })),
  }));

  // ---- entities
  add(
    "entities/query",
    "QueryReqV2",
    {
      ...coll,
      filter: S("string"),
      outputFields: S("strings"),
      limit: S("int"),
      offset: S("int"),
      partitionNames: S("strings"),
    },
    async (b, db, headers) => {
      const name = str(b.collectionName);
      const c = existing(db, name);
      const out = (b.outputFields ?? []) as string[];
      const limit = b.limit === undefined || b.limit === null ? undefined : Number(b.limit);
      const partitionNames = (b.partitionNames ?? undefined) as string[] | undefined;
      if (out.length === 1 && out[0].toLowerCase() === "count(*)") {
        if (limit !== undefined && limit > 0)
          throw invalidParameter("count entities with pagination is not allowed");
        engine.requireLoaded(c, "query");
        return [{ "count(*)": await engine.count(db, name, { filter: str(b.filter), partitionNames }) }];
      }
      const rows = await engine.query(db, name, {
        filter: str(b.filter),
        outputFields: out.length ? out : ["*"],
        limit: limit && limit > 0 ? limit : 100,
        offset: b.offset ? Number(b.offset) : 0,
        partitionNames,
      });
      return int64Output(headers, rows);
    },
    true,
  );
  add(
    "entities/delete",
    "CollectionFilterReq",
    { ...coll, filter: S("string", true), partitionName: S("string") },
    async (b, db) => {
      existing(db, str(b.collectionName));
      await engine.deleteEntities(db, str(b.collectionName), {
        filter: str(b.filter),
        partitionName: str(b.partitionName) || undefined,
      });
      return {};
    },
    true,
  );
  add(
    "entities/search",
    "SearchReqV2",
    {
      ...coll,
      data: S("floatGrid", true),
      annsField: S("string"),
      filter: S("string"),
      limit: S("int"),
      outputFields: S("strings"),
      partitionNames: S("strings"),
      searchParams: S("object"),
    },
    async (b, db, headers) => {
      const sp = (b.searchParams ?? {}) as Record<string, unknown>;
      const hits = await engine.search(db, str(b.collectionName), {
        vectors: (b.data as unknown[][]).map((v) => v.map(Number)),
        annsField: str(b.annsField) || undefined,
        limit: b.limit ? Number(b.limit) : 100,
        metricType: sp.metricType ? (String(sp.metricType) as "L2") : undefined,
        filter: str(b.filter),
        outputFields: (b.outputFields ?? []) as string[],
        partitionNames: (b.partitionNames ?? undefined) as string[] | undefined,
      });
      return int64Output(
        headers,
        hits.flat().map((h) => ({ ...h.entity, distance: h.distance })),
      );
    },
    true,
  );
  return r;
}

export async function handleMilvus(
  routes: Map<string, Route>,
  path: string,
  raw: string,
  headers: IncomingMessage["headers"],
): Promise<Record<string, unknown>> {
  const route = routes.get(path);
  if (!route) return { code: 404, message: `404 page not found: ${path}` };
  try {
    const body = bind(raw, route.spec);
    const db =
      str(body.dbName) || (typeof headers["db-name"] === "string" ? headers["db-name"] : "") || "default";
    const data = await route.handler(body, db, headers);
    return route.cost ? { code: 0, cost: 0, data } : { code: 0, data };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return { code: typeof code === "number" ? code : 65535, message: (e as Error).message };
  }
}

export { CODES };
