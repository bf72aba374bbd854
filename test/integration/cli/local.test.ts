/**
 * The compiled CLI end to end without servers: validate (located errors, exit 1), write in every
 * format, import into the embedded local engine (from CSV and from the written files), status/list
 * with --json, idempotent re-runs, and the timeout exit code.
 */
import fs from "node:fs";
import path from "node:path";
import { runCli } from "../../../provider/cli/run";
import { openLocalEngine } from "../../../provider/engine";
import { defaultCollaborators } from "../../../provider/pipeline/deps";
import { assertBuilt, fixtureDir, json, milvusImport } from "./helpers";

jest.setTimeout(180_000);

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = fixtureDir();
});

const run = (args: string[], env?: Record<string, string>) => milvusImport(args, { cwd: dir, env });

describe("validate", () => {
  test("a good CSV: exit 0 and the row count", async () => {
    const r = await run(["validate", "good.csv", "--schema", "schema.json"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe("OK: 3 row(s) in 1 file(s) match the schema");
    const j = await run(["validate", "good.csv", "-c", "milvus-import.json", "--json"]);
    expect(json(j)).toMatchObject({ ok: true, command: "validate", rows: 3, files: ["good.csv"] });
  });

  test("a bad CSV: exit 1 and every bad value located as file:row:field", async () => {
    const r = await run(["validate", "bad.csv", "--schema", "schema.json"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.split("\n");
    expect(lines).toContain("invalid data: 3 invalid values");
    expect(lines).toContain("bad.csv:1:title_vector: expected FLOAT_VECTOR of length 4, got length 3");
    expect(lines).toContain('bad.csv:2:id: expected INT64, got "x"');
    expect(
      lines.some((l) =>
        /^bad\.csv:2:title: expected VARCHAR of at most 16 UTF-8 bytes, got 27 bytes/.test(l),
      ),
    ).toBe(true);
    // Row 3 is fine and is not reported.
    expect(r.stderr).not.toMatch(/bad\.csv:3:/);

    const j = await run(["validate", "bad.csv", "--schema", "schema.json", "--json"]);
    expect(j.code).toBe(1);
    const doc = json(j);
    expect(doc).toMatchObject({ ok: false, exitCode: 1, error: { kind: "invalid-data", totalIssues: 3 } });
    expect(doc.error.issues.map((i: { row: number; field: string }) => `${i.row}:${i.field}`)).toEqual([
      "1:title_vector",
      "2:id",
      "2:title",
    ]);
  });

  test("a missing source file is a usage error (exit 2), not invalid data", async () => {
    const r = await run(["validate", "nope.csv", "--schema", "schema.json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/source file not found: nope\.csv/);
  });
});

describe("write each format, then import the written files into the local engine", () => {
  const layouts: Record<string, RegExp> = {
    parquet: /^1\.parquet$/,
    json: /^1\.json$/,
    csv: /^1\.csv$/,
    numpy: /^1\/(id|title_vector|title|link|\$meta)\.npy$/,
  };

  test.each(Object.keys(layouts))("%s", async (format) => {
    const out = `out-${format}`;
    const w = await run([
      "write",
      "good.csv",
      "-c",
      "milvus-import.json",
      "--format",
      format,
      "--out",
      out,
      "--json",
    ]);
    expect(w.code).toBe(0);
    const doc = json(w);
    expect(doc).toMatchObject({ ok: true, command: "write", format, rows: 3 });
    const manifest = JSON.parse(fs.readFileSync(path.join(doc.dir, "_manifest.json"), "utf8"));
    expect(manifest.totalRows).toBe(3);
    for (const f of manifest.files) {
      expect(f.path).toMatch(layouts[format]);
      expect(fs.statSync(path.join(doc.dir, f.path)).size).toBe(f.size);
    }
    // The same input again: same identity, same bytes.
    const again = json(
      await run([
        "write",
        "good.csv",
        "-c",
        "milvus-import.json",
        "--format",
        format,
        "--out",
        out,
        "--json",
      ]),
    );
    expect(again.identity).toBe(doc.identity);

    // Import what was written, by URL (NumPy: the segment folder), and read the rows back.
    const urls =
      format === "numpy"
        ? [`file://${path.join(doc.dir, "1")}/`]
        : manifest.files.map((f: { path: string }) => `file://${path.join(doc.dir, f.path)}`);
    const engineDir = path.join(dir, `engine-${format}`);
    const imp = await run([
      "import",
      ...urls.flatMap((u: string) => ["--object-url", u]),
      "-c",
      "milvus-import.json",
      "--target",
      "local",
      "--data-dir",
      engineDir,
      "--create-collection",
      "--wait",
      "--json",
    ]);
    expect(imp.code).toBe(0);
    expect(json(imp)).toMatchObject({ ok: true, state: "Completed", importedRows: 3, verifiedBy: "count" });
    const { collectionApi } = openLocalEngine(engineDir);
    const rows = await collectionApi.query("default", "articles", {
      filter: "id in [9007199254740993, 9007199254740995]",
      outputFields: ["id", "title", "claps"],
    });
    expect(rows.map((r) => String(r.id)).sort()).toEqual(["9007199254740993", "9007199254740995"]);
    expect(rows.find((r) => String(r.id) === "9007199254740995")).toMatchObject({ title: "world" });
  });
});

describe("import into the local engine", () => {
  test("--wait imports, verifies by count, and a re-run resumes instead of importing twice", async () => {
    const args = [
      "import",
      "good.csv",
      "-c",
      "milvus-import.json",
      "--target",
      "local",
      "--data-dir",
      "engine",
      "--create-collection",
      "--wait",
      "--json",
    ];
    const first = await run(args);
    expect(first.code).toBe(0);
    const a = json(first);
    expect(a).toMatchObject({
      ok: true,
      waited: true,
      state: "Completed",
      importedRows: 3,
      totalRows: 3,
      resumed: false,
      verifiedBy: "count",
    });
    expect(a.partition).toBe(`imp_${a.identity.slice(0, 16)}`);
    expect(first.stderr).toMatch(/^start: started job \d+$/m);

    const second = json(await run(args));
    expect(second).toMatchObject({ jobId: a.jobId, resumed: true, importedRows: 3 });
    const { collectionApi } = openLocalEngine(path.join(dir, "engine"));
    expect(await collectionApi.count("default", "articles", {})).toBe(3n);

    const status = await run(["status", a.jobId, "--target", "local", "--data-dir", "engine", "--json"]);
    expect(status.code).toBe(0);
    expect(json(status).job).toMatchObject({
      jobId: a.jobId,
      state: "Completed",
      progress: 1,
      importedRows: 3,
      collectionName: "articles",
    });

    const list = await run([
      "list",
      "--target",
      "local",
      "--data-dir",
      "engine",
      "--collection",
      "articles",
      "--json",
    ]);
    expect(json(list)).toMatchObject({ ok: true, count: 1, jobs: [{ jobId: a.jobId, state: "Completed" }] });
    const human = await run(["list", "--target", "local", "--data-dir", "engine"]);
    expect(human.stdout.trim()).toBe(`${a.jobId}  articles  Completed 100%, 3/3 rows`);
  });

  test("bad data fails the import at plan time with exit 1 and nothing imported", async () => {
    const r = await run([
      "import",
      "bad.csv",
      "-c",
      "milvus-import.json",
      "--target",
      "local",
      "--data-dir",
      "engine-bad",
      "--create-collection",
      "--wait",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.csv:2:id: expected INT64, got "x"');
    const list = json(await run(["list", "--target", "local", "--data-dir", "engine-bad", "--json"]));
    expect(list.count).toBe(0);
  });

  test("a missing collection without --create-collection is a usage error", async () => {
    const r = await run([
      "import",
      "good.csv",
      "-c",
      "milvus-import.json",
      "--target",
      "local",
      "--data-dir",
      "engine-empty",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /collection default\.articles does not exist; create it first or pass --create-collection/,
    );
  });

  test("--wait that runs out of time exits 4; the job is still there and finishes", async () => {
    // In process, so the embedded engine can be injected with a pace slower than the timeout; the
    // job keeps running here while the compiled CLI waits for it.
    let stdout = "";
    const slow = defaultCollaborators({ localEngine: { jobStepDelayMs: 1500 } });
    const code = await runCli(
      [
        "import",
        "good.csv",
        "-c",
        "milvus-import.json",
        "--target",
        "local",
        "--data-dir",
        "engine-slow",
        "--create-collection",
        "--wait",
        "--timeout",
        "0.5",
        "--poll-interval",
        "0.1",
        "--json",
      ],
      {
        stdout: { write: (t: string) => (stdout += t) },
        stderr: { write: () => true },
        env: {},
        cwd: dir,
        isTTY: false,
      },
      { deps: slow },
    );
    expect(code).toBe(4);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ ok: false, exitCode: 4, error: { kind: "timeout", stage: "wait" } });
    expect(doc.error.jobId).toMatch(/^\d+$/);
    expect(doc.error.message).toMatch(/did not finish within/);
    const done = await run([
      "status",
      doc.error.jobId,
      "--target",
      "local",
      "--data-dir",
      "engine-slow",
      "--wait",
      "--poll-interval",
      "0.1",
      "--json",
    ]);
    expect(done.code).toBe(0);
    expect(json(done).job).toMatchObject({ state: "Completed", importedRows: 3 });
  });

  test("without --wait the job is started and reported; status shows it", async () => {
    const r = await run([
      "import",
      "good.csv",
      "-c",
      "milvus-import.json",
      "--target",
      "local",
      "--data-dir",
      "engine-nowait",
      "--create-collection",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const doc = json(r);
    expect(doc).toMatchObject({ ok: true, waited: false, resumed: false });
    expect(doc.jobId).toMatch(/^\d+$/);
    const s = json(
      await run([
        "status",
        doc.jobId,
        "--target",
        "local",
        "--data-dir",
        "engine-nowait",
        "--wait",
        "--json",
      ]),
    );
    expect(s.job).toMatchObject({ jobId: doc.jobId, state: "Completed", importedRows: 3 });
  });
});
