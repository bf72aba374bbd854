/**
 * The collection schema model: what a user writes in code (Pulumi args, CLI config, library calls).
 * Plain JSON-compatible data so it can travel through Pulumi inputs/state unchanged; INT64 defaults
 * may be given as decimal strings to keep precision (JSON numbers stop at 2^53).
 *
 * Type names follow pymilvus's `DataType` (`FLOAT_VECTOR`, `VARCHAR`, ...). The Milvus REST names
 * (`FloatVector`, `VarChar`, ...) are accepted on input and mapped by `normalizeSchema`. What each type
 * is (storage, file encodings, wire names) is in provider/schema/traits.ts.
 */
import type { DataType, ElementType } from "./traits";

export {
  DATA_TYPES,
  type DataType,
  ELEMENT_TYPES,
  type ElementType,
  SCALAR_TYPES,
  type ScalarType,
  VECTOR_TYPES,
  type VectorType,
} from "./traits";

/** A default value as it can be written in JSON. INT64 defaults may be strings ("9007199254740993"). */
export type DefaultValue = boolean | number | string;

export interface FieldSchema {
  name: string;
  dataType: DataType;
  description?: string;
  /** Exactly one field is the primary key; it must be INT64 or VARCHAR. */
  isPrimary?: boolean;
  /** Only on the primary key: Milvus generates the ids, so import files must not contain the field. */
  autoId?: boolean;
  isPartitionKey?: boolean;
  nullable?: boolean;
  defaultValue?: DefaultValue;
  /** VARCHAR (and ARRAY of VARCHAR): maximum length in UTF-8 bytes, 1..65535. */
  maxLength?: number;
  /** Dense vectors: dimension (BINARY_VECTOR: bits, a multiple of 8). Not for SPARSE_FLOAT_VECTOR. */
  dim?: number;
  /** ARRAY only. */
  elementType?: ElementType;
  /** ARRAY only: 1..4096. */
  maxCapacity?: number;
}

export interface CollectionSchema {
  fields: FieldSchema[];
  /** Extra keys of a row go to the hidden `$meta` JSON field. */
  enableDynamicField?: boolean;
  description?: string;
}

export interface IndexSpec {
  fieldName: string;
  indexName?: string;
  /** e.g. AUTOINDEX, HNSW, IVF_FLAT, FLAT, SPARSE_INVERTED_INDEX, BIN_FLAT, INVERTED, STL_SORT */
  indexType: string;
  /** L2, IP, COSINE, HAMMING, JACCARD, BM25 (vectors only). */
  metricType?: string;
  params?: Record<string, string | number | boolean>;
}

/** Name of the hidden JSON field holding dynamic keys. */
export const DYNAMIC_FIELD = "$meta";
