/**
 * uploadFiles: many files in parallel with one progress stream, and crash-resume: a run that dies
 * part-way leaves the finished objects in place, and the re-run sends only what is missing.
 * Against the OSS test server, whose request log shows exactly what was sent.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { OssStore } from "../../../provider/storage/oss";
import { uploadFiles } from "../../../provider/storage/uploadMany";
import { type OssServer, startOssServer } from "../../helpers/oss-server";

// Real servers shared with other suites: keep slow machines from failing on time, not behaviour.
jest.setTimeout(30_000);

let server: OssServer;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-upload-many-"));
beforeAll(async () => {
  server = await startOssServer({
    accessKeyId: "id-many",
    accessKeySecret: "secret-many",
    buckets: ["many"],
  });
});
afterAll(async () => {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a run that fails part-way is resumed by re-running: finished files are not sent again", async () => {
  const items = Array.from({ length: 12 }, (_, i) => {
    const localPath = path.join(dir, `f${i}.bin`);
    fs.writeFileSync(localPath, randomBytes(1000 + i * 5000));
    return { key: `run/f${i}.bin`, localPath };
  });
  const total = items.reduce((a, i) => a + fs.statSync(i.localPath).size, 0);
  const store = new OssStore({
    provider: "oss",
    bucket: "many",
    endpoint: server.endpoint,
    accessKeyId: "id-many",
    accessKeySecret: "secret-many",
  });

  // "Crash": every PUT of f7 fails.
  server.setFault((r) =>
    r.method === "PUT" && r.key === "run/f7.bin" ? { status: 503, code: "ServiceUnavailable" } : undefined,
  );
  const err = await uploadFiles(store, items, { concurrency: 4 }).catch((e) => e);
  server.setFault(undefined);
  expect(err.name).toBe("StorageError");
  expect(err.message).toContain("run/f7.bin");
  const uploadedFirst = items.filter((i) => server.object("many", i.key)).map((i) => i.key);
  expect(uploadedFirst).not.toContain("run/f7.bin");
  expect(uploadedFirst.length).toBeGreaterThan(0);

  const before = server.requests.length;
  const progress: number[] = [];
  const res = await uploadFiles(store, items, {
    concurrency: 4,
    onProgress: (p) => progress.push(p.bytesDone),
  });
  const puts = server.requests.slice(before).filter((r) => r.method === "PUT" || r.method === "POST");
  // Exactly the files missing after the crash were sent, each once.
  expect(puts.map((p) => p.key).sort()).toEqual(
    items
      .map((i) => i.key)
      .filter((k) => !uploadedFirst.includes(k))
      .sort(),
  );
  expect(res.skipped).toBe(uploadedFirst.length);
  expect(res.uploaded).toBe(items.length - uploadedFirst.length);
  expect(res.bytes).toBe(total);
  expect(progress.at(-1)).toBe(total);
  for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
  for (const i of items)
    expect(server.object("many", i.key)?.body.equals(fs.readFileSync(i.localPath))).toBe(true);
});
