/**
 * The compiled CLI's contract on the inputs a new user and an adversarial tester tried: one exit code
 * per kind of mistake, the true number of problems, empty sources refused before anything is staged,
 * no collection left behind by a rejected or failed run, one valid --json document even when a server
 * echoes a credential, and progress that moves per batch on a terminal but stays one line per stage
 * in logs.
 */
import fs from "node:fs";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../../emulator";
import { openLocalEngine } from "../../../provider/engine";
import { startScriptedServer } from "../../helpers/scriptedHttpServer";
import { assertBuilt, GOOD_CSV, json, milvusImport, milvusImportTty, SCHEMA, tempDir } from "./helpers";

jest.setTimeout(180_000);

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = tempDir("pmi-cli-contract-");
  fs.writeFileSync(path.join(dir, "schema.json"), JSON.stringify(SCHEMA));
  fs.writeFileSync(path.join(dir, "good.csv"), `${GOOD_CSV}\n`);
  fs.writeFileSync(path.join(dir, "d.txt"), "id,title_vector\n1,[1,2,3,4]\n");
  fs.writeFileSync(path.join(dir, "header-only.csv"), "id,title_vector,title,link\n");
  fs.writeFileSync(path.join(dir, "empty.json"), "[]");
  fs.writeFileSync(path.join(dir, "empty.jsonl"), "");
  const bad = Array.from({ length: 5000 }, (_, i) => `x${i},"[0.1, 0.2, 0.3, 0.4]",t,l`);
  fs.writeFileSync(path.join(dir, "bad5000.csv"), `id,title_vector,title,link\n${bad.join("\n")}\n`);
  const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
  fs.writeFileSync(
    path.join(dir, "deep.jsonl"),
    `{"id": 1, "title_vector": [1, 2, 3, 4], "title": "a", "link": "b"}\n{"id": 2, "title_vector": [1, 2, 3, 4], "title": "a", "link": "b", "extra": ${deep}}\n`,
  );
  fs.writeFileSync(
    path.join(dir, "badutf8.csv"),
    Buffer.concat([
      Buffer.from(`id,title_vector,title,link\n1,"[1, 2, 3, 4]",ok,l\n2,"[1, 2, 3, 4]",a`),
      Buffer.from([0xff]),
      Buffer.from(",l\n"),
    ]),
  );
});

const run = (args: string[], env?: Record<string, string>) => milvusImport(args, { cwd: dir, env });
const local = (dataDir: string) => ["--target", "local", "--data-dir", dataDir];
const collectionsIn = async (dataDir: string) =>
  fs.existsSync(dataDir) ? openLocalEngine(dataDir).collectionApi.listCollections("default") : [];

test("an unknown source format is a usage error (exit 2) for validate, write and import alike", async () => {
  const engine = path.join(tempDir(), "engine");
  const results = await Promise.all([
    run(["validate", "d.txt", "--schema", "schema.json", "--json"]),
    run(["write", "d.txt", "--schema", "schema.json", "--out", "o", "--json"]),
    run([
      "import",
      "d.txt",
      "--schema",
      "schema.json",
      "--collection",
      "c",
      "--create-collection",
      ...local(engine),
      "--json",
    ]),
  ]);
  for (const r of results) {
    expect(r.code).toBe(2);
    expect(json(r).error).toMatchObject({
      kind: "usage",
      message: expect.stringContaining("cannot tell the source format of 'd.txt'"),
    });
  }
  expect(await collectionsIn(engine)).toEqual([]);
  // Naming the format is the way out.
  expect((await run(["validate", "d.txt", "--schema", "schema.json", "--input-format", "csv"])).code).toBe(1);
});

test("5,000 bad rows: the true total, and the list says it is the first 100", async () => {
  const human = await run(["validate", "bad5000.csv", "--schema", "schema.json"]);
  expect(human.code).toBe(1);
  const lines = human.stderr.split("\n");
  expect(lines).toContain("invalid data: 5000 invalid values (the first 100 are listed)");
  expect(lines).toContain("... and 4900 more (only the first 100 are listed)");
  expect(lines.filter((l) => l.startsWith("bad5000.csv:"))).toHaveLength(100);
  const doc = json(await run(["validate", "bad5000.csv", "--schema", "schema.json", "--json"]));
  expect(doc.error).toMatchObject({
    kind: "invalid-data",
    totalIssues: 5000,
    listedIssues: 100,
    totalIsExact: true,
  });
  expect(doc.error.issues).toHaveLength(100);
});

describe("empty sources", () => {
  test.each([
    ["header-only.csv", "a header and no data rows"],
    ["empty.json", "an empty list of rows"],
    ["empty.jsonl", "an empty file"],
  ])("%s: refused locally naming the file (exit 1)", async (file, got) => {
    const r = await run(["validate", file, "--schema", "schema.json", "--json"]);
    expect(r.code).toBe(1);
    expect(json(r).error.issues).toEqual([expect.objectContaining({ file, row: 0, field: "(file)" })]);
    expect(json(r).error.issues[0].got).toContain(got);
    const ok = await run(["validate", file, "--schema", "schema.json", "--allow-empty", "--json"]);
    expect(ok.code).toBe(0);
    expect(json(ok)).toMatchObject({ ok: true, rows: 0 });
  });

  test("import of an empty source stages nothing and creates nothing; --allow-empty imports nothing, successfully", async () => {
    const work = tempDir();
    const engine = path.join(work, "engine");
    const staging = path.join(work, "staging");
    const flags = [
      "--schema",
      "schema.json",
      "--collection",
      "empty_c",
      "--create-collection",
      ...local(engine),
    ];
    const storage = ["--storage-provider", "local", "--storage-root", staging];
    const r = await run(["import", "header-only.csv", ...flags, ...storage, "--wait", "--json"]);
    expect(r.code).toBe(1);
    expect(json(r).error.issues[0]).toMatchObject({ file: "header-only.csv", row: 0 });
    expect(await collectionsIn(engine)).toEqual([]);
    expect(fs.existsSync(staging) ? fs.readdirSync(staging) : []).toEqual([]);

    const allowed = await run([
      "import",
      "header-only.csv",
      ...flags,
      ...storage,
      "--allow-empty",
      "--wait",
      "--json",
    ]);
    expect(allowed.code).toBe(0);
    expect(json(allowed)).toMatchObject({ ok: true, jobId: null, importedRows: 0, createdCollection: true });
    expect(fs.existsSync(staging) ? fs.readdirSync(staging) : []).toEqual([]);
  });
});

test("collection names Milvus refuses are usage errors (exit 2), in validate too", async () => {
  for (const name of ["1coll", "my-coll", "a".repeat(256), "colección"]) {
    const v = await run(["validate", "good.csv", "--schema", "schema.json", "--collection", name, "--json"]);
    expect({ name, code: v.code, kind: json(v).error.kind }).toEqual({ name, code: 2, kind: "usage" });
    const engine = path.join(tempDir(), "engine");
    const i = await run([
      "import",
      "good.csv",
      "--schema",
      "schema.json",
      "--collection",
      name,
      "--create-collection",
      ...local(engine),
    ]);
    expect({ name, code: i.code }).toEqual({ name, code: 2 });
    expect(await collectionsIn(engine)).toEqual([]);
  }
});

test("import --create-collection validates first: rejected data leaves no collection behind", async () => {
  for (const file of ["bad5000.csv", "deep.jsonl", "badutf8.csv", "header-only.csv"]) {
    const engine = path.join(tempDir(), "engine");
    const r = await run([
      "import",
      file,
      "--schema",
      "schema.json",
      "--collection",
      "c",
      "--create-collection",
      ...local(engine),
      "--wait",
    ]);
    expect({ file, code: r.code }).toEqual({ file, code: 1 });
    expect(r.stderr).not.toMatch(/created collection/);
    expect(await collectionsIn(engine)).toEqual([]);
  }
});

test("deep JSON and invalid UTF-8 are located: row, field, limit", async () => {
  const deep = json(await run(["validate", "deep.jsonl", "--schema", "schema.json", "--json"]));
  expect(deep.error.issues).toEqual([
    expect.objectContaining({
      file: "deep.jsonl",
      row: 2,
      field: "extra",
      expected: "JSON nested at most 256 levels deep",
    }),
  ]);
  const utf = json(await run(["validate", "badutf8.csv", "--schema", "schema.json", "--json"]));
  expect(utf.error.issues).toEqual([
    expect.objectContaining({ file: "badutf8.csv", row: 2, field: "title", expected: "UTF-8 text" }),
  ]);
});

describe("progress", () => {
  const rows = 60_000;
  beforeAll(() => {
    const lines = Array.from({ length: rows }, (_, i) => `${i + 1},"[0.1, 0.2, 0.3, 0.4]",t${i},l`);
    fs.writeFileSync(path.join(dir, "big.csv"), `id,title_vector,title,link\n${lines.join("\n")}\n`);
  });

  test("on a terminal, write moves per batch with rows/s and an ETA", async () => {
    const r = await milvusImportTty(["write", "big.csv", "--schema", "schema.json", "--out", "out-tty"], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    const frames = (r.stdout + r.stderr)
      .split(new RegExp(`[\r\n]|${String.fromCharCode(27)}\\[1G`))
      .filter((f) => f.includes("write parquet ["));
    const amounts = new Set(frames.map((f) => /(\d+) rows \/ 60000 rows/.exec(f)?.[1]).filter(Boolean));
    // Between 0 and done there are batch-sized steps, not a jump.
    expect([...amounts].filter((a) => a !== "0" && a !== "60000").length).toBeGreaterThanOrEqual(1);
    expect(frames.some((f) => /\d+ rows\/s \| ETA \d+s/.test(f))).toBe(true);
  });

  test("in logs (no terminal), import prints one line per stage", async () => {
    const work = tempDir();
    const r = await run([
      "import",
      "big.csv",
      "--schema",
      "schema.json",
      "--collection",
      "big",
      "--create-collection",
      ...local(path.join(work, "engine")),
      "--storage-provider",
      "local",
      "--storage-root",
      path.join(work, "staging"),
      "--wait",
    ]);
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split("\n");
    const stages = lines.map(
      (l) => /^(created collection|plan|write|upload|start|verify|import \d+)\b/.exec(l)?.[1] ?? l,
    );
    expect(stages.map((s) => s.replace(/^import \d+$/, "import"))).toEqual([
      "created collection",
      "plan",
      "write",
      "upload",
      "start",
      "verify",
      "import",
    ]);
    expect(lines.find((l) => l.startsWith("write:"))).toMatch(
      /60000 row\(s\) \((\d+ ms|[\d.]+ s|\d+ min \d+ s), \d+ rows\/s\)$/,
    );
    expect(lines.find((l) => l.startsWith("upload:"))).toMatch(/\/s\)$/);
  });
});

describe("against a server", () => {
  let emu: RunningEmulator;
  let bucket: string;
  beforeAll(async () => {
    bucket = tempDir("pmi-cli-bucket-");
    emu = await startEmulator({ dataDir: tempDir("pmi-cli-emu-"), bucketDir: bucket });
  });
  afterAll(async () => {
    await emu?.stop();
  });
  const milvus = () => [
    "--target",
    "milvus-v2",
    "--uri",
    emu.url,
    "--storage-provider",
    "local",
    "--storage-root",
    bucket,
  ];
  const collections = () => emu.opened.collectionApi.listCollections("default");

  test("a collection created by a run whose import job then fails is dropped again", async () => {
    emu.faults.apply({ failNextJob: "injected: segment writer crashed" });
    const r = await run([
      "import",
      "good.csv",
      "--schema",
      "schema.json",
      "--collection",
      "failed_c",
      "--create-collection",
      ...milvus(),
      "--wait",
      "--poll-interval",
      "0.1",
      "--json",
    ]);
    expect(r.code).toBe(3);
    expect(json(r).error.message).toContain("injected: segment writer crashed");
    expect(r.stderr).toMatch(/created collection default\.failed_c/);
    expect(r.stderr).toMatch(/dropped collection default\.failed_c again/);
    expect(await collections()).not.toContain("failed_c");
    // The same run with a healthy server keeps it.
    const ok = await run([
      "import",
      "good.csv",
      "--schema",
      "schema.json",
      "--collection",
      "kept_c",
      "--create-collection",
      ...milvus(),
      "--wait",
      "--poll-interval",
      "0.1",
    ]);
    expect(ok.code).toBe(0);
    expect(await collections()).toContain("kept_c");
  });

  test("--json stays one parseable document when the server's error echoes the Authorization header", async () => {
    const token = "root:Secret-Pass-123";
    const server = await startScriptedServer((req) => ({
      json: {
        code: 1100,
        message: `invalid request, headers: {"Authorization":"${req.headers.authorization}","Content-Type":"application/json"}`,
      },
    }));
    try {
      const r = await run(["status", "42", "--target", "milvus-v2", "--uri", server.url, "--json"], {
        MILVUS_TOKEN: token,
      });
      expect(r.code).toBe(3);
      const doc = json(r);
      expect(doc.error.message).toContain('"Authorization":"Bearer [REDACTED]"');
      expect(r.stdout + r.stderr).not.toContain("Secret-Pass-123");
    } finally {
      await server.close();
    }
  });
});
