/**
 * Collection CRUD behind the Pulumi dynamic provider (library code; the serialized provider in
 * collection.ts only requires this module by package name and delegates).
 *   replace (delete first): name, dbName, connection address, schema (compared by fingerprint)
 *   in place: indexes, load, description, properties
 *   read: gone => id "" (refresh drops it, next up recreates); schema drift => live schema in props/inputs
 *   create: adopts an existing collection with the identical schema instead of failing or dropping it
 */
import type { CollectionApi } from "../contracts";
import { connectionAddress, connectionKind } from "../contracts/connection";
import type { ConnectionConfig } from "../pipeline/types";
import { SchemaValidationError } from "../schema/errors";
import { isVectorType } from "../schema/fields";
import { schemaFingerprint, stableStringify } from "../schema/fingerprint";
import type { NameKind } from "../schema/names";
import { normalizeSchema } from "../schema/normalize";
import { defaultMetric } from "../schema/traits";
import type { CollectionSchema, IndexSpec } from "../schema/types";
import { defaultApiKind, openTarget } from "../targets";
import {
  argAndNameProblems,
  argsDigest,
  type CheckFailure,
  containsUnknown,
  errorMessage,
  log,
  sanitize,
  staticDefaults,
  UNKNOWN,
  withCredentials,
} from "./common";
import type { CollectionInputs, CollectionOutputs } from "./shapes/generated";
import { inPlaceInputs, replacedProperties } from "./shapes/replaces";
import { COLLECTION } from "./shapes/table";

export type { CollectionInputs, CollectionOutputs };

/** AUTOINDEX per vector field when none is given, so the collection can be loaded. */
function defaultIndexes(schema: CollectionSchema): IndexSpec[] {
  return schema.fields
    .filter((f) => isVectorType(f.dataType))
    .map((f) => ({ fieldName: f.name, indexType: "AUTOINDEX", metricType: defaultMetric(f.dataType) }));
}

export async function check(olds: Record<string, unknown> | undefined, news: Record<string, unknown>) {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = { ...staticDefaults(COLLECTION), ...news };
  if (!containsUnknown(inputs)) {
    const digest = argsDigest(stripMeta(inputs));
    if (olds?.argsDigest !== digest) {
      const indexes = Array.isArray(inputs.indexes) ? (inputs.indexes as Array<{ indexName?: unknown }>) : [];
      failures.push(
        ...argAndNameProblems(COLLECTION, stripMeta(inputs), [
          ["name", "collection", inputs.name],
          ["dbName", "database", inputs.dbName],
          ...indexes.map((ix, i): [string, NameKind, unknown] => [
            `indexes.${i}.indexName`,
            "index",
            ix?.indexName,
          ]),
        ]),
      );
    }
    inputs.argsDigest = digest;
  }
  if (inputs.schema === UNKNOWN || containsUnknown(inputs.schema)) {
    inputs.schemaFingerprint = UNKNOWN;
  } else {
    try {
      const schema = normalizeSchema(inputs.schema);
      inputs.schema = schema;
      inputs.schemaFingerprint = schemaFingerprint(schema);
      if (inputs.indexes === undefined) inputs.indexes = defaultIndexes(schema);
    } catch (e) {
      const problems = e instanceof SchemaValidationError ? e.problems : [errorMessage(e)];
      for (const p of problems) failures.push({ property: "schema", reason: p });
    }
  }
  inputs.indexes ??= [];
  return { inputs, failures };
}

function stripMeta(inputs: Record<string, unknown>) {
  const { resourceName: _r, schemaFingerprint: _f, __provider: _p, argsDigest: _a, ...rest } = inputs;
  return rest;
}

const addr = (c: ConnectionConfig | undefined) => {
  try {
    return c ? connectionAddress(c) : "";
  } catch {
    return stableStringify(c);
  }
};

export async function diff(_id: string, olds: CollectionOutputs, news: CollectionInputs) {
  const replaces = replacedProperties(COLLECTION, olds, news, {
    connection: (p) => addr(p.connection),
    schema: (p) => p.schemaFingerprint,
  });
  const inPlace = inPlaceInputs(COLLECTION).filter(
    (k) =>
      stableStringify((olds as unknown as Record<string, unknown>)[k] ?? null) !==
      stableStringify((news as unknown as Record<string, unknown>)[k] ?? null),
  );
  // Credentials changing is an update that touches nothing remote.
  const creds = stableStringify(olds.connection ?? null) !== stableStringify(news.connection ?? null);
  return {
    changes: replaces.length > 0 || inPlace.length > 0 || creds,
    replaces,
    deleteBeforeReplace: true,
  };
}

function api(inputs: Pick<CollectionInputs, "connection">): {
  collections: CollectionApi;
  close(): Promise<void>;
} {
  const connection = withCredentials(inputs.connection);
  return openTarget(connection, defaultApiKind(connection));
}

async function applyIndexesAndLoad(
  c: CollectionApi,
  inputs: CollectionInputs,
  current: IndexSpec[],
): Promise<string> {
  const { dbName: db, name } = inputs;
  // Compared on what identifies an index; servers fill in params, so those are not compared.
  const key = (i: IndexSpec) =>
    `${i.fieldName}|${i.indexName ?? i.fieldName}|${i.indexType.toUpperCase()}|${(i.metricType ?? "").toUpperCase()}`;
  const want = new Map(inputs.indexes.map((i) => [key(i), i]));
  const have = new Map(current.map((i) => [key(i), i]));
  const drop = [...have.entries()].filter(([k]) => !want.has(k)).map(([, i]) => i);
  const add = [...want.entries()].filter(([k]) => !have.has(k)).map(([, i]) => i);
  let state = await c.getLoadState(db, name);
  if ((drop.length || add.length) && state === "Loaded") {
    // Milvus changes indexes only on released collections.
    await c.releaseCollection(db, name);
    state = "NotLoad";
  }
  for (const i of drop) await c.dropIndex(db, name, i.indexName ?? i.fieldName);
  for (const i of add) await c.createIndex(db, name, i);
  if (inputs.load && state !== "Loaded") await c.loadCollection(db, name);
  if (!inputs.load && state === "Loaded") await c.releaseCollection(db, name);
  return c.getLoadState(db, name);
}

export async function create(inputs: CollectionInputs) {
  const who = `Collection ${inputs.resourceName ?? inputs.name}`;
  const t = api(inputs);
  try {
    const c = t.collections;
    const { dbName: db, name } = inputs;
    let adopted = false;
    const existing = await c.describeCollection(db, name);
    if (existing) {
      const liveFp = schemaFingerprint(normalizeSchema(existing.schema));
      if (liveFp !== inputs.schemaFingerprint) {
        throw new Error(
          `collection ${db}.${name} already exists with a different schema (fingerprint ${liveFp.slice(0, 12)} vs ${inputs.schemaFingerprint.slice(0, 12)}); refusing to drop it. Rename the resource's collection or drop it yourself.`,
        );
      }
      adopted = true;
      log(who, `adopting existing collection ${db}.${name} (identical schema)`);
      const loadState = await applyIndexesAndLoad(c, inputs, existing.indexes);
      return { id: `${db}/${name}`, outs: sanitize({ ...inputs, loadState, adopted }) };
    }
    await c.createCollection({
      dbName: db,
      collectionName: name,
      schema: inputs.schema,
      indexes: inputs.indexes,
      description: inputs.description || undefined,
      properties: Object.keys(inputs.properties).length ? inputs.properties : undefined,
    });
    let loadState = await c.getLoadState(db, name);
    if (inputs.load && loadState !== "Loaded") {
      await c.loadCollection(db, name);
      loadState = await c.getLoadState(db, name);
    }
    log(who, `created ${db}.${name} (${inputs.schema.fields.length} fields, ${loadState})`);
    return { id: `${db}/${name}`, outs: sanitize({ ...inputs, loadState, adopted }) };
  } finally {
    await t.close();
  }
}

export async function read(id: string, props: CollectionOutputs) {
  const t = api(props);
  try {
    const live = await t.collections.describeCollection(props.dbName, props.name);
    if (!live) return { id: "", props: {} };
    const liveSchema = normalizeSchema(live.schema);
    const liveFp = schemaFingerprint(liveSchema);
    const next: CollectionOutputs = {
      ...props,
      loadState: live.loadState,
      load: live.loadState === "Loaded" || live.loadState === "Loading",
    };
    if (liveFp !== props.schemaFingerprint) {
      // Drift: report the live schema so the next diff shows the replace it takes to converge.
      next.schema = liveSchema;
      next.schemaFingerprint = liveFp;
    }
    const { loadState: _l, adopted: _a, ...inputs } = next;
    return { id, props: sanitize(next), inputs: sanitize(inputs) };
  } finally {
    await t.close();
  }
}

export async function update(_id: string, olds: CollectionOutputs, news: CollectionInputs) {
  const t = api(news);
  try {
    const c = t.collections;
    const live = await c.describeCollection(news.dbName, news.name);
    if (!live)
      throw new Error(
        `collection ${news.dbName}.${news.name} is gone; run pulumi refresh, then up to recreate it`,
      );
    await applyProperties(c, olds, news, live.properties);
    const loadState = await applyIndexesAndLoad(c, news, live.indexes);
    return { outs: sanitize({ ...news, loadState, adopted: olds.adopted ?? false }) };
  } finally {
    await t.close();
  }
}

/** Changed or added properties are set on the server; description and removed keys can't be changed there. */
async function applyProperties(
  c: CollectionApi,
  olds: CollectionOutputs,
  news: CollectionInputs,
  live: Record<string, string>,
) {
  const who = `Collection ${news.resourceName ?? news.name}`;
  const wanted = news.properties ?? {};
  const changed = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => live[k] !== v));
  if (Object.keys(changed).length > 0) {
    await c.alterCollectionProperties(news.dbName, news.name, changed);
    log(who, `properties set: ${Object.keys(changed).join(", ")}`);
  }
  const dropped = Object.keys(olds.properties ?? {}).filter((k) => !(k in wanted));
  if (dropped.length > 0)
    log(who, `properties ${dropped.join(", ")} are no longer declared; they keep their value on the server`);
  if ((olds.description ?? "") !== (news.description ?? ""))
    log(who, "the description is set when a collection is created; Milvus has no call to change it later");
}

export async function remove(_id: string, props: CollectionOutputs) {
  const t = api(props);
  try {
    if (await t.collections.hasCollection(props.dbName, props.name)) {
      await t.collections.dropCollection(props.dbName, props.name);
      log(`Collection ${props.resourceName ?? props.name}`, `dropped ${props.dbName}.${props.name}`);
    }
  } finally {
    await t.close();
  }
}

export { connectionKind };
