/**
 * The behaviour every ObjectStore must show against its real server, run once per backend:
 * byte-for-byte round trips (single part and >= 3 parts), progress events, resume skips that send
 * no body, prefix delete, missing keys, and checksum refusal. Each backend's test file adds its
 * server-side evidence (object mtime / etag / request log) through `serverState`.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { StorageError } from "../../../provider/storage/errors";
import type { ObjectStore, TransferProgress } from "../../../provider/storage/types";

export interface ContractTarget {
  /** A store for a fresh, existing, empty bucket (or prefix namespace). */
  store: () => ObjectStore;
  /** Part size the store was configured with (the multipart test uploads >= 3 parts of it). */
  partSize: number;
  /** Something the server changes whenever the object is written (mtime, etag, write count). */
  serverState: (key: string) => Promise<string>;
}

export const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

export function tempFile(bytes: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-store-test-"));
  const file = path.join(dir, "data.bin");
  fs.writeFileSync(file, bytes);
  return file;
}

export function describeStoreContract(name: string, target: () => ContractTarget): void {
  describe(`${name}: ObjectStore contract`, () => {
    let t: ContractTarget;
    let store: ObjectStore;
    beforeAll(() => {
      t = target();
      store = t.store();
    });

    test("small object round-trips byte for byte, with size and SHA-256 recorded", async () => {
      const body = randomBytes(10_000);
      const r = await store.putStream("small/a.bin", body, body.length);
      expect(r).toEqual({ key: "small/a.bin", size: body.length, skipped: false });
      expect((await store.getBuffer("small/a.bin")).equals(body)).toBe(true);
      const info = await store.head("small/a.bin");
      expect(info?.size).toBe(body.length);
      expect(info?.sha256).toBe(sha256(body));
      expect((await store.list("small/")).map((o) => o.key)).toEqual(["small/a.bin"]);
    });

    test("multipart file (>= 3 parts) round-trips byte for byte with monotonic progress", async () => {
      const size = t.partSize * 3 + 12_345;
      const body = randomBytes(size);
      const file = tempFile(body);
      const events: TransferProgress[] = [];
      const r = await store.putFile("multi/big.bin", file, { onProgress: (p) => events.push(p) });
      expect(r.skipped).toBe(false);
      expect(r.size).toBe(size);
      const back = await store.getBuffer("multi/big.bin");
      expect(back.length).toBe(size);
      expect(sha256(back)).toBe(sha256(body));
      expect((await store.head("multi/big.bin"))?.sha256).toBe(sha256(body));
      expect(events.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < events.length; i++)
        expect(events[i].bytesDone).toBeGreaterThanOrEqual(events[i - 1].bytesDone);
      expect(events.at(-1)).toEqual({ key: "multi/big.bin", bytesDone: size, bytesTotal: size });
      fs.rmSync(path.dirname(file), { recursive: true });
    });

    test("a second put of the same content is skipped and does not rewrite the object", async () => {
      const body = randomBytes(t.partSize + 1000);
      const file = tempFile(body);
      expect((await store.putFile("resume/x.bin", file)).skipped).toBe(false);
      const before = await t.serverState("resume/x.bin");
      await new Promise((r) => setTimeout(r, 1100)); // outlast 1-second mtime granularity
      expect((await store.putFile("resume/x.bin", file)).skipped).toBe(true);
      // With the caller's SHA-256 the skip happens before the file is even read.
      expect((await store.putFile("resume/x.bin", file, { sha256: sha256(body) })).skipped).toBe(true);
      expect(await t.serverState("resume/x.bin")).toBe(before);
      // Different content under the same key is uploaded (and changes the server state).
      const other = randomBytes(500);
      expect((await store.putStream("resume/x.bin", other, other.length)).skipped).toBe(false);
      expect(await t.serverState("resume/x.bin")).not.toBe(before);
      expect((await store.getBuffer("resume/x.bin")).equals(other)).toBe(true);
      fs.rmSync(path.dirname(file), { recursive: true });
    });

    test("an empty object round-trips and is skipped on re-upload", async () => {
      const empty = Buffer.alloc(0);
      expect((await store.putStream("empty/e.bin", empty, 0)).skipped).toBe(false);
      expect((await store.getBuffer("empty/e.bin")).length).toBe(0);
      expect(await store.head("empty/e.bin")).toMatchObject({ size: 0, sha256: sha256(empty) });
      expect((await store.putStream("empty/e.bin", empty, 0)).skipped).toBe(true);
    });

    test("a Readable body is accepted and verified against the declared size", async () => {
      const { Readable } = await import("node:stream");
      const body = randomBytes(70_000);
      const r = await store.putStream(
        "stream/s.bin",
        Readable.from([body.subarray(0, 30_000), body.subarray(30_000)]),
        body.length,
      );
      expect(r.skipped).toBe(false);
      expect((await store.getBuffer("stream/s.bin")).equals(body)).toBe(true);
      // Known SHA-256 and already stored: the stream is not consumed.
      let pulled = 0;
      const lazy = new Readable({
        read() {
          pulled++;
          this.push(null);
        },
      });
      const skipped = await store.putStream("stream/s.bin", lazy, body.length, { sha256: sha256(body) });
      expect(skipped.skipped).toBe(true);
      expect(pulled).toBe(0);
      const err = await store
        .putStream("stream/t.bin", Readable.from([body]), body.length + 1)
        .catch((e) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect(err.code).toBe("IntegrityMismatch");
    });

    test("deletePrefix removes exactly the objects under the prefix", async () => {
      for (const k of ["del/p/1", "del/p/2", "del/p/sub/3", "del/q/4"])
        await store.putStream(k, Buffer.from(k), k.length);
      expect(await store.deletePrefix("del/p/")).toBe(3);
      expect(await store.list("del/p/")).toEqual([]);
      expect((await store.list("del/")).map((o) => o.key)).toEqual(["del/q/4"]);
      await expect(store.deletePrefix("")).rejects.toMatchObject({ code: "InvalidConfig" });
    });

    test("missing key: head is undefined, get is a NoSuchKey StorageError naming bucket and key", async () => {
      expect(await store.head("nope/missing.bin")).toBeUndefined();
      const err = await store.getBuffer("nope/missing.bin").catch((e) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect(err.code).toBe("NoSuchKey");
      expect(err.message).toContain(store.bucket);
      expect(err.message).toContain("nope/missing.bin");
    });

    test("a wrong expected SHA-256 is refused before anything is stored", async () => {
      const body = randomBytes(2000);
      const err = await store
        .putStream("bad/sha.bin", body, body.length, { sha256: "0".repeat(64) })
        .catch((e) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect(err.code).toBe("IntegrityMismatch");
      expect(await store.head("bad/sha.bin")).toBeUndefined();
    });

    test("a missing local file is an InvalidConfig error naming the file", async () => {
      const err = await store.putFile("x/y.bin", "/nonexistent/pmi/file.bin").catch((e) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect(err.code).toBe("InvalidConfig");
      expect(err.message).toContain("/nonexistent/pmi/file.bin");
    });

    test("objectUrl names the bucket and key", () => {
      const url = store.objectUrl("dir/file.parquet");
      expect(url).toContain("dir/file.parquet");
      expect(url).toContain(store.provider === "local" ? "file://" : store.bucket);
    });
  });
}

/** Asserts a failure is a StorageError naming provider, bucket and key, with no secret anywhere. */
export function expectCleanError(
  err: unknown,
  want: { provider: string; bucket: string; key: string; code: string[]; secrets: string[] },
): void {
  expect(err).toBeInstanceOf(StorageError);
  const e = err as StorageError;
  expect(want.code).toContain(e.code);
  expect(e.provider).toBe(want.provider);
  expect(e.message).toContain(want.provider);
  expect(e.message).toContain(want.bucket);
  expect(e.message).toContain(want.key);
  const { inspect } = require("node:util") as typeof import("node:util");
  const everything = `${e.message}\n${e.stack}\n${JSON.stringify(e)}\n${inspect(e, { depth: 10 })}`;
  for (const s of want.secrets) expect(everything).not.toContain(s);
}
