/**
 * `npm run quickstart` as a newcomer runs it: pulumi up of the root project on the embedded engine,
 * count(*) = 5000 and a nearest-neighbour result; the second run changes nothing.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "../helpers/tools";

jest.setTimeout(10 * 60_000);

const runQuickstart = (dir: string) =>
  execFileSync("bash", [path.join(repoRoot, "scripts/quickstart.sh")], {
    cwd: repoRoot,
    env: { ...process.env, PMI_QUICKSTART_DIR: dir, NO_COLOR: "1" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 9 * 60_000,
  });

test("quickstart imports 5000 rows, answers a query, and is a no-op the second time", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-quickstart-"));
  try {
    const first = runQuickstart(dir);
    expect(first).toMatch(/\+ 3 created/);
    expect(first).toContain("count(*) = 5000");
    expect(first).toMatch(/nearest neighbours of article 42/);
    expect(first).toMatch(/^ {2}id=42 ip=1\.0000 /m);
    const outputs = JSON.parse(first.slice(first.indexOf("\n{") + 1, first.indexOf("\n}\n") + 2));
    expect(outputs.importedRows).toBe(5000);
    expect(outputs.state).toBe("Completed");

    const second = runQuickstart(dir);
    expect(second).toMatch(/3 unchanged/);
    expect(second).not.toMatch(/created|replaced|updated/);
    expect(second).toContain("count(*) = 5000");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
