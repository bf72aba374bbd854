/**
 * Milvus import only appends, so an import owns the rows it adds: by default a partition named from
 * its identity, else its primary keys. Preparing ownership happens before the import; removing it
 * (replace, destroy) deletes exactly those rows and nothing else.
 */
import type { CollectionApi } from "../contracts";
import { kindOf } from "../schema/traits";
import type { ObjectStore } from "../storage/types";
import { readKeysMarker } from "./staging";
import type { OwnershipMode } from "./types";

const DELETE_BATCH = 1000;

export interface OwnedRows {
  dbName: string;
  collectionName: string;
  ownership: OwnershipMode;
  partition?: string;
  /** Store prefix of the identity (holds _keys.json for key ownership). */
  prefix: string;
}

export async function ensurePartition(
  api: CollectionApi,
  db: string,
  name: string,
  partition: string,
): Promise<void> {
  const parts = await api.listPartitions(db, name);
  if (!parts.includes(partition)) await api.createPartition(db, name, partition);
}

/** A Milvus filter literal for a primary-key value. */
function pkLiteral(value: string, isString: boolean): string {
  return isString ? JSON.stringify(value) : /^-?\d+$/.test(value) ? value : JSON.stringify(value);
}

/** Removes the rows an import owns. Returns a description of what was removed (for logs). */
export async function removeOwnedRows(
  api: CollectionApi,
  store: ObjectStore | undefined,
  owned: OwnedRows,
): Promise<string> {
  const { dbName: db, collectionName: name } = owned;
  if (owned.ownership === "none") return "rows retained (no ownership)";
  if (!(await api.hasCollection(db, name))) return `collection ${name} is gone; nothing to remove`;
  if (owned.ownership === "partition") {
    const partition = owned.partition!;
    const parts = await api.listPartitions(db, name);
    if (!parts.includes(partition)) return `partition ${partition} is gone; nothing to remove`;
    // Milvus drops only released partitions: release, drop, load again if it was loaded.
    const loaded = (await api.getLoadState(db, name)) === "Loaded";
    if (loaded) await api.releaseCollection(db, name);
    try {
      await api.dropPartition(db, name, partition);
    } finally {
      if (loaded) await api.loadCollection(db, name);
    }
    return `dropped partition ${partition}`;
  }
  if (!store)
    throw new Error("removing rows owned by primary key needs the staging store (it holds _keys.json)");
  const marker = await readKeysMarker(store, owned.prefix);
  if (!marker) return "no key list was recorded; nothing to remove";
  const desc = await api.describeCollection(db, name);
  const pkField = desc?.schema.fields.find((f) => f.name === marker.field);
  const isString = pkField !== undefined && kindOf(pkField.dataType) === "varchar";
  for (let i = 0; i < marker.keys.length; i += DELETE_BATCH) {
    const batch = marker.keys.slice(i, i + DELETE_BATCH).map((k) => pkLiteral(k, isString));
    await api.deleteEntities(db, name, {
      filter: `${marker.field} in [${batch.join(",")}]`,
      partitionName: owned.partition,
    });
  }
  return `deleted ${marker.keys.length} row(s) by primary key`;
}
