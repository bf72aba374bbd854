import { crc32 } from "node:zlib";
import { openLocalEngine } from "../../../provider/engine";
import { EngineError } from "../../../provider/engine/errors";
import { hashInt64Key, hashVarcharKey, partitionsInKeyOrder } from "../../../provider/engine/partitionKey";
import type { CollectionSchema } from "../../../provider/schema/types";
import { fileUrl, tempDir, waitJob, writeFile } from "./helpers";

/** MurmurHash3 x86 32-bit over any bytes, straight from the algorithm's definition (seed 0). */
function murmur3(bytes: Uint8Array): number {
  let h = 0;
  const nblocks = bytes.length >> 2;
  const mix = (k: number) => {
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    return Math.imul(k, 0x1b873593);
  };
  for (let i = 0; i < nblocks; i++) {
    const k = bytes[4 * i] | (bytes[4 * i + 1] << 8) | (bytes[4 * i + 2] << 16) | (bytes[4 * i + 3] << 24);
    h ^= mix(k);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = nblocks * 4;
  const rest = bytes.length & 3;
  if (rest > 0) {
    let k = 0;
    for (let i = rest - 1; i >= 0; i--) k = (k << 8) | bytes[tail + i];
    h ^= mix(k);
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

describe("partition key hashing (Milvus typeutil)", () => {
  it("the reference murmur3 gives the published MurmurHash3_x86_32 values", () => {
    expect(murmur3(Buffer.alloc(0))).toBe(0);
    expect(murmur3(Buffer.alloc(4))).toBe(0x2362f9de);
    expect(murmur3(Buffer.from("hello"))).toBe(0x248bfa47);
    expect(murmur3(Buffer.from("The quick brown fox jumps over the lazy dog"))).toBe(0x2e4ff723);
  });

  it("INT64 keys: murmur3 of the 8 little-endian bytes, masked to 31 bits (Hash32Int64)", () => {
    const keys = [0n, 1n, 0x12n, -1n, 42n, 9223372036854775807n, -9223372036854775808n, 1234567890123n];
    for (let i = 0; i < 200; i++) keys.push(BigInt(i * 7919) * 1000003n - 5000000n);
    for (const v of keys) {
      const le = Buffer.alloc(8);
      le.writeBigInt64LE(v);
      expect([v, hashInt64Key(v)]).toEqual([v, (murmur3(le) & 0x7fffffff) >>> 0]);
    }
  });

  it("VARCHAR keys: CRC-32 IEEE of the first 100 UTF-8 bytes (HashString2Uint32)", () => {
    expect(hashVarcharKey("abc")).toBe(0x352441c2);
    expect(hashVarcharKey("é".repeat(80))).toBe(crc32(Buffer.from("é".repeat(50))));
    expect(hashVarcharKey("x".repeat(150))).toBe(hashVarcharKey("x".repeat(100)));
  });

  it("orders partitions by their numeric suffix", () => {
    expect(partitionsInKeyOrder(["_default_1", "_default_0"])).toEqual(["_default_0", "_default_1"]);
    expect(partitionsInKeyOrder(["_default"])).toBeUndefined();
  });
});

const KEYED: CollectionSchema = {
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "vec", dataType: "FLOAT_VECTOR", dim: 2 },
    { name: "tenant", dataType: "VARCHAR", maxLength: 16, isPartitionKey: true },
    { name: "shard", dataType: "INT64" },
  ],
};
const INDEX = { fieldName: "vec", indexType: "AUTOINDEX", metricType: "L2" };

describe("partition-key collections in the embedded engine", () => {
  it("create 16 partitions _default_0..15, hash imported rows into them and find them by key", async () => {
    const dir = tempDir();
    const files = tempDir("files-");
    const { importApi, collectionApi } = openLocalEngine(dir);
    await collectionApi.createCollection({
      dbName: "default",
      collectionName: "c",
      schema: KEYED,
      indexes: [INDEX],
    });
    await collectionApi.loadCollection("default", "c");
    const partitions = (await collectionApi.describeCollection("default", "c"))?.partitions ?? [];
    expect(partitions).toEqual(Array.from({ length: 16 }, (_, i) => `_default_${i}`));

    const rows = Array.from({ length: 300 }, (_, i) => ({
      id: i,
      vec: [i, 1],
      tenant: `t${i % 37}`,
      shard: i,
    }));
    const csv = [
      "id,vec,tenant,shard",
      ...rows.map((r) => `${r.id},"[${r.vec}]",${r.tenant},${r.shard}`),
    ].join("\n");
    const { jobId } = await importApi.startImport({
      collectionName: "c",
      files: [[fileUrl(writeFile(files, "a.csv", csv))]],
    });
    expect(await waitJob(importApi, jobId)).toMatchObject({ state: "Completed", importedRows: 300 });

    // Every row sits in partition crc32(tenant) % 16, and only there.
    let total = 0n;
    for (const [i, p] of partitions.entries()) {
      const got = await collectionApi.query("default", "c", {
        filter: "id >= 0",
        outputFields: ["tenant"],
        partitionNames: [p],
      });
      for (const r of got) expect(hashVarcharKey(r.tenant as string) % 16).toBe(i);
      total += await collectionApi.count("default", "c", { partitionNames: [p] });
    }
    expect(total).toBe(300n);
    const used = new Set(rows.map((r) => hashVarcharKey(r.tenant) % 16));
    expect(used.size).toBeGreaterThan(8);

    // A filter on the key finds its rows (all of them, across the collection).
    const t5 = await collectionApi.query("default", "c", { filter: 'tenant == "t5"', outputFields: ["id"] });
    expect(t5.map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual(
      rows.filter((r) => r.tenant === "t5").map((r) => r.id),
    );
    expect(await collectionApi.count("default", "c", { filter: 'tenant in ["t5", "t6"]' })).toBe(
      BigInt(rows.filter((r) => r.tenant === "t5" || r.tenant === "t6").length),
    );
    await expect(collectionApi.dropPartition("default", "c", "_default_3")).rejects.toThrow(
      "disable drop partition if partition key mode is used",
    );
  });

  it("takes numPartitions only with a partition key, within 1..1024, and hashes INT64 keys with murmur3", async () => {
    const dir = tempDir();
    const files = tempDir("files-");
    const { importApi, engine } = openLocalEngine(dir);
    const intKeyed: CollectionSchema = {
      fields: KEYED.fields.map((f) => ({ ...f, isPartitionKey: f.name === "shard" })),
    };
    await engine.createCollection({
      collectionName: "c",
      schema: intKeyed,
      indexes: [INDEX],
      numPartitions: 4,
      load: true,
    });
    expect(engine.record("default", "c")?.partitions).toEqual([
      "_default_0",
      "_default_1",
      "_default_2",
      "_default_3",
    ]);
    const rows = Array.from({ length: 100 }, (_, i) => ({
      id: i,
      vec: [1, i],
      tenant: "x",
      shard: i * 1000,
    }));
    const { jobId } = await importApi.startImport({
      collectionName: "c",
      files: [[fileUrl(writeFile(files, "a.json", JSON.stringify(rows)))]],
    });
    expect(await waitJob(importApi, jobId)).toMatchObject({ state: "Completed", importedRows: 100 });
    const segs = engine.record("default", "c")?.segments ?? [];
    for (const s of segs) {
      const got = await engine.query("default", "c", {
        filter: "id >= 0",
        outputFields: ["shard"],
        partitionNames: [s.partition],
      });
      for (const r of got) expect(`_default_${hashInt64Key(r.shard as bigint) % 4}`).toBe(s.partition);
    }
    expect(segs.reduce((n, s) => n + s.rows, 0)).toBe(100);

    const bad = (schema: CollectionSchema, numPartitions: number) =>
      engine
        .createCollection({
          collectionName: `b${Math.abs(numPartitions)}`,
          schema,
          indexes: [INDEX],
          numPartitions,
        })
        .catch((e) => e);
    const plain: CollectionSchema = { fields: KEYED.fields.map((f) => ({ ...f, isPartitionKey: false })) };
    expect((await bad(plain, 4)).message).toMatch(
      /^num_partitions should only be specified with partition key field enabled/,
    );
    expect(await bad(intKeyed, 1025)).toBeInstanceOf(EngineError);
    expect((await bad(intKeyed, -1)).message).toMatch(/greater than 0/);
  });
});
