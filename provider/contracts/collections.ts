/**
 * Collection management as the Collection resource and the import's ownership logic need it,
 * implemented over Milvus REST v2 (api/) and by the embedded local engine (engine/).
 */
import type { CollectionSchema, IndexSpec } from "../schema/types";

export type LoadState = "NotExist" | "NotLoad" | "Loading" | "Loaded";

export interface CollectionDescription {
  dbName: string;
  collectionName: string;
  description: string;
  schema: CollectionSchema;
  indexes: IndexSpec[];
  loadState: LoadState;
  partitions: string[];
  properties: Record<string, string>;
}

export interface CollectionApi {
  hasCollection(db: string, name: string): Promise<boolean>;
  createCollection(req: {
    dbName: string;
    collectionName: string;
    schema: CollectionSchema;
    indexes?: IndexSpec[];
    description?: string;
    properties?: Record<string, string>;
  }): Promise<void>;
  describeCollection(db: string, name: string): Promise<CollectionDescription | undefined>;
  dropCollection(db: string, name: string): Promise<void>;
  listCollections(db: string): Promise<string[]>;
  loadCollection(db: string, name: string): Promise<void>;
  releaseCollection(db: string, name: string): Promise<void>;
  /** Sets collection properties (Milvus `collections/alter_properties`, 2.5+); other keys are kept. */
  alterCollectionProperties(db: string, name: string, properties: Record<string, string>): Promise<void>;
  getLoadState(db: string, name: string): Promise<LoadState>;
  createIndex(db: string, name: string, index: IndexSpec): Promise<void>;
  dropIndex(db: string, name: string, indexName: string): Promise<void>;
  createPartition(db: string, name: string, partition: string): Promise<void>;
  listPartitions(db: string, name: string): Promise<string[]>;
  dropPartition(db: string, name: string, partition: string): Promise<void>;
  /** count(*) with an optional filter and partition list. */
  count(db: string, name: string, opts?: { filter?: string; partitionNames?: string[] }): Promise<bigint>;
  /** Rows by filter expression (e.g. `id in [1,2]`), projected to outputFields. */
  query(
    db: string,
    name: string,
    opts: { filter: string; outputFields?: string[]; limit?: number; partitionNames?: string[] },
  ): Promise<Record<string, unknown>[]>;
  deleteEntities(db: string, name: string, opts: { filter: string; partitionName?: string }): Promise<void>;
}
