/**
 * The compiled CLI against real servers: upload to MinIO, import through the emulator's Milvus REST v2
 * face (files staged in the MinIO bucket it reads) and its Zilliz Cloud v2 control plane (s3:// URLs,
 * credentials in the request), status/list with --json, API errors (exit 3), progress bars on a TTY
 * and plain lines otherwise — and no secret in any output.
 */
import fs from "node:fs";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { type RunningEmulator, startEmulator } from "../../../emulator";
import { S3Store } from "../../../provider/storage/s3";
import { minioEnv } from "../../helpers/env";
import { assertBuilt, fixtureDir, json, milvusImport, milvusImportTty, tempDir } from "./helpers";

jest.setTimeout(180_000);

const m = minioEnv();
const BUCKET = "pmi-cli-milvus";
const CLOUD_BUCKET = "pmi-cli-cloud";
const API_KEY = "zk-cli-test-api-key-5f1e2d";
const storageEnv = { AWS_ACCESS_KEY_ID: m.accessKey, AWS_SECRET_ACCESS_KEY: m.secretKey };
const s3Flags = (bucket: string) => [
  "--storage-provider",
  "s3",
  "--bucket",
  bucket,
  "--storage-endpoint",
  m.endpoint,
  "--storage-region",
  m.region,
  "--force-path-style",
];
const s3Config = (bucket: string) => ({
  provider: "s3" as const,
  bucket,
  endpoint: m.endpoint,
  region: m.region,
  forcePathStyle: true,
});

let dir: string;
let emu: RunningEmulator;

beforeAll(async () => {
  assertBuilt();
  dir = fixtureDir();
  const admin = new S3Client({
    endpoint: m.endpoint,
    region: m.region,
    forcePathStyle: true,
    credentials: { accessKeyId: m.accessKey, secretAccessKey: m.secretKey },
  });
  for (const Bucket of [BUCKET, CLOUD_BUCKET])
    await admin.send(new CreateBucketCommand({ Bucket })).catch(() => undefined);
  admin.destroy();
  emu = await startEmulator({
    dataDir: tempDir("pmi-cli-emu-"),
    apiKeys: [API_KEY],
    // Milvus reads bucket-relative keys from its own bucket (here: MinIO, with Milvus's own credentials).
    bucketStore: new S3Store({ ...s3Config(BUCKET), accessKeyId: m.accessKey, secretAccessKey: m.secretKey }),
    // Zilliz reads s3:// URLs with the credentials sent in the import request.
    mounts: [{ prefix: `s3://${CLOUD_BUCKET}/`, storage: s3Config(CLOUD_BUCKET) }],
  });
});
afterAll(async () => {
  await emu?.stop();
});

const run = (args: string[], env: Record<string, string> = {}) =>
  milvusImport(args, { cwd: dir, env: { ...storageEnv, ...env } });
const secretsIn = (text: string) => [m.secretKey, API_KEY].filter((s) => text.includes(s));

describe("upload to MinIO", () => {
  test("uploads a written folder, prints its object URLs, skips identical objects on a re-run", async () => {
    const w = json(
      await run([
        "write",
        "good.csv",
        "-c",
        "milvus-import.json",
        "--format",
        "parquet",
        "--out",
        "out",
        "--json",
      ]),
    );
    const up = await run(["upload", w.dir, ...s3Flags(BUCKET), "--remote-path", "staged", "--json"]);
    expect(up.code).toBe(0);
    const doc = json(up);
    expect(doc).toMatchObject({
      ok: true,
      command: "upload",
      identity: w.identity,
      uploaded: 1,
      skipped: 0,
      rows: 3,
      prefix: `staged/${w.identity}`,
    });
    expect(doc.objectUrls).toEqual([`s3://${BUCKET}/staged/${w.identity}/data/1.parquet`]);
    expect(doc.folderUrl).toBe(`s3://${BUCKET}/staged/${w.identity}/data/`);
    // Non-TTY progress: plain lines, no terminal control codes.
    expect(up.stderr).toMatch(/^upload to s3:\/\/pmi-cli-milvus: 1 uploaded, 0 already present \(.+\)$/m);
    expect(up.stderr).not.toContain(`${String.fromCharCode(27)}[`);
    expect(up.stderr).not.toContain("\u2588");

    const store = new S3Store({
      ...s3Config(BUCKET),
      accessKeyId: m.accessKey,
      secretAccessKey: m.secretKey,
    });
    const listed = (await store.list(`staged/${w.identity}/`)).map((o) => o.key).sort();
    expect(listed).toEqual([`staged/${w.identity}/_manifest.json`, `staged/${w.identity}/data/1.parquet`]);
    const local = fs.readFileSync(path.join(w.dir, "1.parquet"));
    expect(Buffer.compare(await store.getBuffer(`staged/${w.identity}/data/1.parquet`), local)).toBe(0);

    const again = json(await run(["upload", w.dir, ...s3Flags(BUCKET), "--remote-path", "staged", "--json"]));
    expect(again).toMatchObject({ uploaded: 0, skipped: 1 });
    expect(secretsIn(up.stdout + up.stderr)).toEqual([]);
  });

  test("wrong storage credentials: exit 3, the secret never printed", async () => {
    const w = json(
      await run([
        "write",
        "good.csv",
        "-c",
        "milvus-import.json",
        "--format",
        "json",
        "--out",
        "out",
        "--json",
      ]),
    );
    const bad = "wrong-secret-value-7c1d9a";
    const r = await run(["upload", w.dir, ...s3Flags(BUCKET), "--json"], { AWS_SECRET_ACCESS_KEY: bad });
    expect(r.code).toBe(3);
    expect(json(r).error.kind).toBe("storage");
    expect(r.stdout + r.stderr).not.toContain(bad);
  });
});

describe("import through the emulator's Milvus REST v2 face", () => {
  const milvus = () => ["--target", "milvus-v2", "--uri", emu.url];

  test("CSV -> parquet in MinIO -> import --wait, verified by count; status and list with --json", async () => {
    const r = await run([
      "import",
      "good.csv",
      "-c",
      "milvus-import.json",
      ...milvus(),
      ...s3Flags(BUCKET),
      "--create-collection",
      "--wait",
      "--poll-interval",
      "0.1",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const doc = json(r);
    expect(doc).toMatchObject({
      ok: true,
      waited: true,
      state: "Completed",
      importedRows: 3,
      verifiedBy: "count",
    });
    expect(doc.objectUrls).toEqual([`s3://${BUCKET}/milvus-import/${doc.identity}/data/1.parquet`]);
    // Milvus got the bucket-relative key, not a URL.
    const sent = JSON.stringify(emu.requests.entries, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    expect(sent).toContain(`milvus-import/${doc.identity}/data/1.parquet`);

    const status = json(await run(["status", doc.jobId, ...milvus(), "--json"]));
    expect(status.job).toMatchObject({ jobId: doc.jobId, state: "Completed", progress: 1, importedRows: 3 });
    const list = json(await run(["list", ...milvus(), "--collection", "articles", "--json"]));
    expect(list.jobs.map((j: { jobId: string }) => j.jobId)).toContain(doc.jobId);
  });

  test("the object URLs printed by `upload` import as prepared files", async () => {
    const w = json(
      await run([
        "write",
        "good.csv",
        "-c",
        "milvus-import.json",
        "--format",
        "json",
        "--out",
        "out-prepared",
        "--json",
      ]),
    );
    const up = json(await run(["upload", w.dir, ...s3Flags(BUCKET), "--remote-path", "prepared", "--json"]));
    const r = await run([
      "import",
      ...up.objectUrls.flatMap((u: string) => ["--object-url", u]),
      ...milvus(),
      ...s3Flags(BUCKET),
      "--collection",
      "articles",
      "--wait",
      "--poll-interval",
      "0.1",
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ state: "Completed", importedRows: 3, objectUrls: up.objectUrls });
  });

  test("an import job failing on the server exits 3 with the server's reason", async () => {
    emu.faults.apply({ failNextJob: "injected: segment write failed" });
    const r = await run([
      "import",
      "good.csv",
      "-c",
      "milvus-import.json",
      ...milvus(),
      ...s3Flags(BUCKET),
      "--trigger",
      "fail-once",
      "--wait",
      "--poll-interval",
      "0.1",
      "--json",
    ]);
    expect(r.code).toBe(3);
    expect(json(r).error).toMatchObject({ kind: "import-failed", stage: "wait" });
    expect(json(r).error.message).toContain("injected: segment write failed");
  });
});

describe("import through the emulator's Zilliz Cloud v2 control plane", () => {
  const zilliz = () => [
    "--target",
    "zilliz-v2",
    "--uri",
    emu.clusterUrl(emu.clusters[0].clusterId),
    "--cluster-id",
    emu.clusters[0].clusterId,
    "--control-plane-url",
    emu.controlPlaneUrl,
  ];

  test("s3:// URLs with the storage key pair in the request; no secret in any output", async () => {
    const r = await run(
      [
        "import",
        "good.csv",
        "-c",
        "milvus-import.json",
        "--collection",
        "cloud_articles",
        ...zilliz(),
        ...s3Flags(CLOUD_BUCKET),
        "--create-collection",
        "--wait",
        "--poll-interval",
        "0.1",
        "--json",
      ],
      {
        MILVUS_IMPORT_API_KEY: API_KEY,
      },
    );
    expect(r.code).toBe(0);
    const doc = json(r);
    expect(doc).toMatchObject({ state: "Completed", importedRows: 3 });
    expect(doc.objectUrls[0]).toMatch(
      new RegExp(`^s3://${CLOUD_BUCKET}/milvus-import/${doc.identity}/data/1\\.parquet$`),
    );
    const status = await run(["status", doc.jobId, ...zilliz(), "--json"], {
      MILVUS_IMPORT_API_KEY: API_KEY,
    });
    expect(json(status).job).toMatchObject({ state: "Completed" });
    const list = await run(["list", ...zilliz(), "--json"], { MILVUS_IMPORT_API_KEY: API_KEY });
    expect(json(list).jobs.map((j: { jobId: string }) => j.jobId)).toContain(doc.jobId);
    for (const x of [r, status, list]) expect(secretsIn(x.stdout + x.stderr)).toEqual([]);
  });

  test("a wrong API key is a remote error (exit 3) and is not printed", async () => {
    const wrong = "zk-wrong-key-0000-aaaa";
    const r = await run(["list", ...zilliz(), "--json"], { MILVUS_IMPORT_API_KEY: wrong });
    expect(r.code).toBe(3);
    expect(json(r).error.kind).toBe("api");
    expect(r.stdout + r.stderr).not.toContain(wrong);
  });

  test("a missing API key is a usage error naming the variable", async () => {
    const r = await run(["list", ...zilliz()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("MILVUS_IMPORT_API_KEY");
  });
});

test("on a terminal: progress bars for write, upload and the import wait", async () => {
  const r = await milvusImportTty(
    [
      "import",
      "good.csv",
      "-c",
      "milvus-import.json",
      "--collection",
      "tty_articles",
      "--target",
      "milvus-v2",
      "--uri",
      emu.url,
      ...s3Flags(BUCKET),
      "--create-collection",
      "--wait",
      "--poll-interval",
      "0.1",
    ],
    { cwd: dir, env: storageEnv },
  );
  expect(r.code).toBe(0);
  const out = r.stdout + r.stderr;
  expect(out).toMatch(/import \d+ \[[\u2588\u2591]+\] 100%/);
  expect(out).toContain("\u2588");
  expect(out).toMatch(/import job \d+ Completed: 3 row\(s\)/);
  // The same upload on a terminal draws a bar instead of lines.
  const w = json(
    await run([
      "write",
      "good.csv",
      "-c",
      "milvus-import.json",
      "--format",
      "csv",
      "--out",
      "out-tty",
      "--json",
    ]),
  );
  const up = await milvusImportTty(["upload", w.dir, ...s3Flags(BUCKET)], { cwd: dir, env: storageEnv });
  expect(up.code).toBe(0);
  expect(up.stdout + up.stderr).toMatch(
    /upload to s3:\/\/pmi-cli-milvus \[[\u2588\u2591]+\] 100% \| \d+ B \/ \d+ B/,
  );
});
