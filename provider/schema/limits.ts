import { type IntegerType, traitsOf } from "./traits";
import { DATA_TYPES } from "./types";

/**
 * Milvus server limits that hold on every supported version (2.4–2.6 and Zilliz Cloud defaults).
 * Where versions differ we pick the value all of them accept, so a valid schema here is valid everywhere.
 */
export const LIMITS = {
  /** proxy.maxNameLength */
  nameMaxLength: 255,
  /** proxy.maxFieldNum */
  maxFields: 64,
  /**
   * proxy.maxVectorFieldNum: a server setting, default 4, configurable up to 10; Zilliz Cloud documents
   * 4; Milvus 2.3 allows only one vector field. Collections are created with the default (the local
   * engine and emulator refuse a 5th vector field like a default server); schemas and files are
   * accepted up to the configurable maximum, since a server may be configured for them.
   */
  maxVectorFields: 4,
  maxVectorFieldsConfigurable: 10,
  /** proxy.maxDimension; Milvus rejects dim < 2 ("should be in range 2 ~ 32768"). */
  minDim: 2,
  maxDim: 32768,
  /** BINARY_VECTOR dim is in bits: a multiple of 8, at most 8 × maxDimension. */
  maxBinaryDim: 32768 * 8,
  /** VARCHAR max_length in UTF-8 bytes (default proxy.maxVarCharLength). */
  maxVarCharLength: 65535,
  /** ARRAY max_capacity. */
  maxArrayCapacity: 4096,
  /** SPARSE_FLOAT_VECTOR indices are uint32 below 2^32-1 (the max value is reserved). */
  maxSparseIndex: 4294967294,
  /**
   * Arrays/objects nested inside one JSON value (a JSON field, a dynamic key, a list cell). Ours, not
   * Milvus's (its decoders allow thousands): recursive JSON code in Node overflows the stack a few
   * thousand levels down, and real data never nests this deep. Refused with the row and field named.
   */
  maxJsonNesting: 256,
} as const;

/** Integer ranges per integer type (from their traits). */
export const INT_RANGES = Object.fromEntries(
  DATA_TYPES.flatMap((t) => {
    const traits = traitsOf(t);
    return traits.kind === "int" ? [[t, traits.range]] : [];
  }),
) as Record<IntegerType, readonly [bigint, bigint]>;
