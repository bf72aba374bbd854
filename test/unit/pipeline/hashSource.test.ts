/** Content hashes with the stat cache: hits skip reading, any rewrite (even same size + mtime) misses. */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { hashFile } from "../../../provider/pipeline/hashSource";

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-hash-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

test("hashes match sha256 across block boundaries and are cached by stat", () => {
  const file = path.join(tmp, "data.bin");
  const body = Buffer.alloc(9 * 1024 * 1024 + 17, 7);
  fs.writeFileSync(file, body);
  const cacheDir = path.join(tmp, "cache");
  const first = hashFile(file, { cacheDir });
  expect(first).toEqual({ path: file, size: body.length, sha256: sha(body) });
  expect(fs.readdirSync(path.join(cacheDir, "hash"))).toHaveLength(1);

  // A cache hit does not read the file: a doctored entry is returned as is.
  const entry = path.join(cacheDir, "hash", fs.readdirSync(path.join(cacheDir, "hash"))[0]);
  const cached = JSON.parse(fs.readFileSync(entry, "utf8"));
  fs.writeFileSync(entry, JSON.stringify({ ...cached, sha256: "f".repeat(64) }));
  expect(hashFile(file, { cacheDir }).sha256).toBe("f".repeat(64));
});

test("a same-size rewrite with the old mtime restored is detected (ctime changes)", async () => {
  const file = path.join(tmp, "a.csv");
  fs.writeFileSync(file, "id\n1\n");
  const cacheDir = path.join(tmp, "cache");
  const before = hashFile(file, { cacheDir });
  const st = fs.statSync(file);
  await new Promise((r) => setTimeout(r, 20));
  fs.writeFileSync(file, "id\n2\n");
  fs.utimesSync(file, st.atime, st.mtime);
  const after = hashFile(file, { cacheDir });
  expect(after.size).toBe(before.size);
  expect(after.sha256).toBe(sha("id\n2\n"));
});

test("without a cache dir every call hashes", () => {
  const file = path.join(tmp, "x");
  fs.writeFileSync(file, "abc");
  expect(hashFile(file, { cacheDir: false }).sha256).toBe(sha("abc"));
  expect(fs.existsSync(path.join(tmp, "cache"))).toBe(false);
});
