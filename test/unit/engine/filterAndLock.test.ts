import * as fs from "node:fs";
import * as path from "node:path";
import { compileFilter } from "../../../provider/engine/filter";
import { DirLock } from "../../../provider/engine/lock";
import type { StoredValue } from "../../../provider/engine/values";
import { SCHEMA, tempDir } from "./helpers";

const row = (values: Record<string, StoredValue>) => (f: string) => values[f];
const r1 = row({ id: 1n, title: "a'b", n: 5, score: 0.5, $meta: '{"color":"red","size":3}' });
const r2 = row({ id: 9007199254740993n, title: "z", n: null, score: 2, $meta: "{}" });

describe("filter expressions", () => {
  it.each([
    ["id in [1, 2]", true, false],
    ["id not in [1]", false, true],
    ["id == 9007199254740993", false, true],
    ["id >= 1 and score < 1", true, false],
    ["id > 5 or title == 'a\\'b'", true, true],
    ['not (title == "z")', true, false],
    ["n != 5", false, true],
    ["n > 1 && !(score >= 2)", true, false],
    ['color == "red"', true, false],
    ['$meta["size"] == 3', true, false],
    ["", true, true],
  ])("%s", (expr, a, b) => {
    const p = compileFilter(expr, SCHEMA);
    expect([p(r1), p(r2)]).toEqual([a, b]);
  });

  it("rejects what it cannot parse with code 1100, never matching everything", () => {
    for (const bad of ["id in [1", "id ~ 3", "id ==", "id == 1 extra", 'nosuch["k"] == 1']) {
      expect(() => compileFilter(bad, SCHEMA)).toThrow(expect.objectContaining({ code: 1100 }));
    }
    expect(() => compileFilter("ghost == 1", { ...SCHEMA, enableDynamicField: false })).toThrow(
      /field ghost not exist/,
    );
  });
});

describe("directory lock", () => {
  it("serialises holders and takes over a lock left by a dead process", async () => {
    const dir = tempDir("lock-");
    fs.writeFileSync(path.join(dir, "LOCK"), JSON.stringify({ pid: 2 ** 22 + 12345, at: Date.now() }));
    const lock = new DirLock(dir, { timeoutMs: 2000 });
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3].map((i) =>
        lock.run(async () => {
          order.push(i);
          await new Promise((r) => setTimeout(r, 5));
          order.push(-i);
        }),
      ),
    );
    expect(order).toEqual([1, -1, 2, -2, 3, -3]);
    expect(fs.existsSync(path.join(dir, "LOCK"))).toBe(false);
  });

  it("waits for a live holder and times out clearly", async () => {
    const dir = tempDir("lock-");
    fs.writeFileSync(path.join(dir, "LOCK"), JSON.stringify({ pid: process.ppid, at: Date.now() }));
    await expect(new DirLock(dir, { timeoutMs: 100 }).run(() => 1)).rejects.toThrow(
      /timed out waiting for the engine lock/,
    );
  });
});
