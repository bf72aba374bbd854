/**
 * The runnable examples under the real Pulumi CLI, as a user runs them: the example's index.ts
 * (transpiled, unchanged) in a project that depends on the packed package, configured only through
 * stack config (credentials as secrets). milvus-minio imports the seed's medium_articles CSV (768-dim
 * vectors) through the emulator's Milvus REST v2 face with files staged in a real MinIO; prepared-parquet
 * imports Parquet files written by pyarrow ("produced elsewhere") from MinIO by object URL.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { writeMediumArticlesCsv } from "../../provider/datasets/mediumArticles";
import { S3Store } from "../../provider/storage/s3";
import { createMinioBucket, minioEnv } from "../helpers/env";
import { PulumiProject } from "../helpers/pulumi";

jest.setTimeout(10 * 60_000);

const repo = path.resolve(__dirname, "../..");
const m = minioEnv();
const bucket = `examples-${Date.now().toString(36)}`;
const s3Config = {
  provider: "s3" as const,
  bucket,
  endpoint: m.endpoint,
  region: m.region,
  forcePathStyle: true,
};
const store = () => new S3Store({ ...s3Config, accessKeyId: m.accessKey, secretAccessKey: m.secretKey });
let emu: RunningEmulator;

beforeAll(async () => {
  await createMinioBucket(bucket);
  emu = await startEmulator({
    dataDir: fs.mkdtempSync(path.join(process.env.PMI_CONSUMER_DIR!, "examples-emu-")),
    // Like Milvus: import keys are relative to its own bucket, read with its own credentials.
    bucketStore: store(),
  });
});
afterAll(async () => {
  await emu?.stop();
});

/** A project under the consumer running examples/<name>/index.ts as shipped. */
function exampleProject(name: string): PulumiProject {
  const source = fs.readFileSync(path.join(repo, "examples", name, "index.ts"), "utf8");
  const js = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText;
  const p = PulumiProject.create(process.env.PMI_CONSUMER_DIR!, `milvus-import-${name}`, js);
  p.env.PMI_CACHE_DIR = path.join(p.dir, ".cache");
  return p;
}

const storageSecrets = {
  "milvus-import:storageAccessKey": m.accessKey,
  "milvus-import:storageSecretKey": m.secretKey,
};

function expectNoSecrets(texts: string[]): void {
  for (const t of texts) expect(t).not.toContain(m.secretKey);
}

test("examples/milvus-minio: up imports the medium_articles CSV, preview is clean, destroy removes rows and files", async () => {
  const p = exampleProject("milvus-minio");
  const csv = writeMediumArticlesCsv(path.join(p.dir, "data", "medium_articles_partial.csv"), 60, 7);
  const logs: string[] = [];
  try {
    await p.init({ milvusUri: emu.url, minioEndpoint: m.endpoint, bucket, dataFile: csv }, storageSecrets);
    const up = await p.up();
    logs.push(...up.diagnostics);
    expect(up.result).toBe("succeeded");
    const outs = await p.outputs();
    expect(outs).toMatchObject({ collectionName: "medium_articles", importedRows: 60 });
    expect(String(outs.jobId)).toMatch(/^\d+$/);
    const c = emu.opened.collectionApi;
    expect(await c.count("default", "medium_articles", { partitionNames: [outs.partition as string] })).toBe(
      60n,
    );
    // The dynamic field carried the CSV's extra columns; the index is the tutorial's.
    const [row] = await c.query("default", "medium_articles", {
      filter: "id == 0",
      outputFields: ["id", "title", "claps", "reading_time"],
    });
    expect(row).toHaveProperty("claps");
    const desc = await c.describeCollection("default", "medium_articles");
    expect(desc?.indexes).toEqual([
      expect.objectContaining({ fieldName: "title_vector", indexType: "AUTOINDEX", metricType: "IP" }),
    ]);
    const staged = (outs.objectUrls as string[]).map((u) => u.replace(`s3://${bucket}/`, ""));
    expect(staged.length).toBeGreaterThan(0);
    for (const k of staged) expect(await store().head(k)).toBeDefined();

    const pv = await p.preview();
    expect(pv.changeSummary).toEqual({ same: 3 });
    // State as stored (no --show-secrets): the credentials exist only as ciphertext.
    expectNoSecrets([(await p.ok(["stack", "export"])).stdout]);

    const down = await p.destroy();
    logs.push(...down.diagnostics);
    expect(down.changes).toEqual({ delete: 3 });
    expect(await c.hasCollection("default", "medium_articles")).toBe(false);
    for (const k of staged) expect(await store().head(k)).toBeUndefined();
  } finally {
    expectNoSecrets(logs);
    p.cleanup();
  }
});

test("examples/prepared-parquet: Parquet written by pyarrow imports by object URL; a changed file shows in preview", async () => {
  const python = process.env.PMI_ORACLE_PYTHON;
  if (!python) throw new Error("PMI_ORACLE_PYTHON is not set (globalSetup builds the oracle venv)");
  const p = exampleProject("prepared-parquet");
  const dim = 8;
  const write = (file: string, start: number, n: number) =>
    execFileSync(
      python,
      [
        "-c",
        `import sys, pyarrow as pa, pyarrow.parquet as pq
start, n, dim, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
ids = list(range(start, start + n))
pq.write_table(pa.table({
  "id": pa.array(ids, pa.int64()),
  "title_vector": pa.array([[float(i % 7) / 7 + j for j in range(dim)] for i in ids], pa.list_(pa.float32())),
  "title": pa.array([f"title {i}" for i in ids]),
  "link": pa.array([f"https://medium.com/p/{i}" for i in ids]),
}), out)`,
        String(start),
        String(n),
        String(dim),
        file,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
  const parts = [path.join(p.dir, "part-00000.parquet"), path.join(p.dir, "part-00001.parquet")];
  write(parts[0], 0, 25);
  write(parts[1], 25, 15);
  const keys = ["spark-out/part-00000.parquet", "spark-out/part-00001.parquet"];
  for (const [i, k] of keys.entries()) await store().putFile(k, parts[i]);
  const urls = keys.map((k) => `s3://${bucket}/${k}`);
  const logs: string[] = [];
  try {
    await p.init(
      {
        bucket,
        storageEndpoint: m.endpoint,
        milvusUri: emu.url,
        dim: String(dim),
        collectionName: "spark_articles",
        objectUrls: JSON.stringify(urls),
      },
      storageSecrets,
    );
    const up = await p.up();
    logs.push(...up.diagnostics);
    expect(up.result).toBe("succeeded");
    const outs = await p.outputs();
    expect(outs.importedRows).toBe(40);
    const c = emu.opened.collectionApi;
    expect(await c.count("default", "spark_articles", { partitionNames: [outs.partition as string] })).toBe(
      40n,
    );

    expect((await p.preview()).changeSummary).toEqual({ same: 3 });
    expectNoSecrets([(await p.ok(["stack", "export"])).stdout]);
    // The producer rewrites one part: the ImportJob's identity changes, so preview shows a replacement.
    write(parts[1], 25, 20);
    await store().putFile(keys[1], parts[1]);
    const pv = await p.preview();
    const importStep = pv.steps.find((s) => s.urn.endsWith("spark-parquet"));
    expect(importStep?.op).toMatch(/replace|update/);

    const down = await p.destroy();
    logs.push(...down.diagnostics);
    expect(down.result).toBe("succeeded");
    expect(await c.hasCollection("default", "spark_articles")).toBe(false);
    // Prepared files belong to their producer: the import never deletes them.
    for (const k of keys) expect(await store().head(k)).toBeDefined();
  } finally {
    expectNoSecrets(logs);
    p.cleanup();
  }
});
