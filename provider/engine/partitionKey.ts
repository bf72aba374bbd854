/**
 * Partition-key collections, as Milvus 2.x lays them out: the collection gets `numPartitions`
 * partitions named `_default_0` .. `_default_{n-1}` (16 unless the request says otherwise), and each
 * row goes to partition hash(key) % n, where hash is Milvus's typeutil hash: INT64 keys —
 * murmur3 (32-bit, seed 0) of the 8 little-endian bytes, masked to 31 bits (Hash32Int64); VARCHAR
 * keys — CRC-32 (IEEE) of the first 100 bytes of the UTF-8 text (HashString2Uint32).
 */
import { crc32 } from "node:zlib";
import { isInt64Valued } from "../schema/traits";
import type { CollectionSchema, FieldSchema } from "../schema/types";
import type { Batch } from "./batch";
import type { StoredValue } from "./values";

/** Milvus's common.DefaultPartitionsWithPartitionKey. */
export const DEFAULT_KEY_PARTITIONS = 16;
/** Milvus's rootCoord.maxPartitionNum default. */
export const MAX_PARTITIONS = 1024;
const DEFAULT_PARTITION = "_default";

export function partitionKeyField(schema: CollectionSchema): FieldSchema | undefined {
  return schema.fields.find((f) => f.isPartitionKey);
}

/** The partitions a partition-key collection is created with. */
export function keyPartitionNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${DEFAULT_PARTITION}_${i}`);
}

/**
 * Partition names in hash order (`_default_<i>` at index i), like Milvus's
 * RearrangePartitionsForPartitionKey; undefined when the names do not form that sequence.
 */
export function partitionsInKeyOrder(partitions: string[]): string[] | undefined {
  const out: string[] = new Array(partitions.length);
  for (const p of partitions) {
    const m = /_(\d+)$/.exec(p);
    const i = m ? Number(m[1]) : -1;
    if (i < 0 || i >= partitions.length || out[i] !== undefined) return undefined;
    out[i] = p;
  }
  return out;
}

/** murmur3 x86 32-bit, seed 0, of an int64's 8 little-endian bytes, & 0x7fffffff (Milvus Hash32Int64). */
export function hashInt64Key(v: bigint): number {
  const u = BigInt.asUintN(64, v);
  let h = 0;
  h = mixBlock(h, Number(u & 0xffffffffn) | 0);
  h = mixBlock(h, Number(u >> 32n) | 0);
  h ^= 8;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h & 0x7fffffff) >>> 0;
}

function mixBlock(h: number, block: number): number {
  let k = Math.imul(block, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let x = h ^ k;
  x = (x << 13) | (x >>> 19);
  return (Math.imul(x, 5) + 0xe6546b64) | 0;
}

/** CRC-32 (IEEE) of the first 100 bytes of the UTF-8 text (Milvus HashString2Uint32). */
export function hashVarcharKey(s: string): number {
  const bytes = Buffer.from(s, "utf8");
  return crc32(bytes.length > 100 ? bytes.subarray(0, 100) : bytes) >>> 0;
}

/** Index of the partition a key value goes to, out of n. */
export function keyPartitionIndex(field: FieldSchema, v: StoredValue, n: number): number {
  // A null or missing key (nullable/default fields are not allowed as keys, but be total) hashes as 0/"".
  if (isInt64Valued(field.dataType))
    return hashInt64Key(typeof v === "bigint" ? v : BigInt((v as number) ?? 0)) % n;
  return hashVarcharKey(typeof v === "string" ? v : "") % n;
}

/** The rows of a batch split by partition: [index into partitions, rows of that partition]. */
export function splitByKey(batch: Batch, field: FieldSchema, n: number): [number, Batch][] {
  const keys = batch.columns.get(field.name) ?? [];
  const rowsOf = new Map<number, number[]>();
  for (let r = 0; r < batch.rowCount; r++) {
    const p = keyPartitionIndex(field, keys[r] ?? null, n);
    const list = rowsOf.get(p);
    if (list) list.push(r);
    else rowsOf.set(p, [r]);
  }
  if (rowsOf.size === 1) {
    const [p] = rowsOf.keys();
    return [[p, batch]];
  }
  return [...rowsOf.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([p, rows]) => {
      const columns = new Map<string, StoredValue[]>();
      for (const [name, values] of batch.columns)
        columns.set(
          name,
          rows.map((r) => values[r]),
        );
      return [p, { rowCount: rows.length, columns }];
    });
}
