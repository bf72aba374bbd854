/**
 * LocalStore (a directory standing in for a bucket) under the shared contract, plus what is
 * specific to it: atomic writes, file:// URLs, missing root = NoSuchBucket, createRoot.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LocalStore } from "../../../provider/storage/local";
import { parseObjectUrl } from "../../../provider/storage/urls";
import { describeStoreContract, expectCleanError } from "./contract";

// Real servers shared with other suites: keep slow machines from failing on time, not behaviour.
jest.setTimeout(30_000);

const root = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-local-store-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describeStoreContract("local", () => ({
  store: () => new LocalStore({ provider: "local", root }),
  partSize: 1024 * 1024 + 1, // local has no parts; progress comes per 1 MiB chunk read
  serverState: async (key) => {
    const st = fs.statSync(path.join(root, key));
    return `${st.mtimeMs}:${st.ino}`;
  },
}));

describe("local: specifics", () => {
  test("files land at root/key, list skips in-flight temp files, URL is file:// and parses back", async () => {
    const store = new LocalStore({ provider: "local", root });
    await store.putStream("spec/a b.json", Buffer.from("{}"), 2);
    expect(fs.readFileSync(path.join(root, "spec", "a b.json"), "utf8")).toBe("{}");
    fs.writeFileSync(path.join(root, "spec", ".pmi-tmp-abandoned"), "partial");
    expect((await store.list("spec/")).map((o) => o.key)).toEqual(["spec/a b.json"]);
    const url = store.objectUrl("spec/a b.json");
    expect(url).toBe(`file://${root}/spec/a%20b.json`);
    const loc = parseObjectUrl(url);
    expect(loc.provider).toBe("local");
    expect(path.join(loc.bucket, loc.key)).toBe(path.join(root, "spec", "a b.json"));
    expect(store.objectUrl("spec/")).toMatch(/\/spec\/$/);
  });

  test("a missing root directory is NoSuchBucket, unless createRoot is set", async () => {
    const missing = path.join(root, "does-not-exist");
    const err = await new LocalStore({ provider: "local", root: missing })
      .putStream("k/x", Buffer.from("x"), 1)
      .catch((e) => e);
    expectCleanError(err, {
      provider: "local",
      bucket: missing,
      key: "k/x",
      code: ["NoSuchBucket"],
      secrets: [],
    });
    const created = new LocalStore({ provider: "local", root: missing, createRoot: true });
    expect((await created.putStream("k/x", Buffer.from("x"), 1)).skipped).toBe(false);
    expect(fs.readFileSync(path.join(missing, "k", "x"), "utf8")).toBe("x");
  });

  test("keys that could escape the root are refused", async () => {
    const store = new LocalStore({ provider: "local", root });
    for (const key of ["../evil", "a/../../evil", "/abs", "dir/"]) {
      await expect(store.putStream(key, Buffer.from("x"), 1)).rejects.toMatchObject({
        code: "InvalidConfig",
      });
    }
    expect(fs.existsSync(path.join(root, "..", "evil"))).toBe(false);
  });

  test("deletePrefix removes directories it emptied", async () => {
    const store = new LocalStore({ provider: "local", root });
    await store.putStream("gone/x/y/z.bin", Buffer.from("z"), 1);
    expect(await store.deletePrefix("gone/")).toBe(1);
    expect(fs.existsSync(path.join(root, "gone"))).toBe(false);
  });
});
