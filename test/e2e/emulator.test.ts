/**
 * Collection + ImportJob through the real Pulumi CLI against the emulator (Milvus REST v2 face and
 * the Zilliz Cloud v1 / v2 control planes) with files staged in MinIO. Credentials come from stack
 * config secrets only; afterwards `pulumi stack export` and every captured log line are scanned for
 * each credential: zero hits.
 */
import fs from "node:fs";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { S3Store } from "../../provider/storage/s3";
import { createMinioBucket, minioEnv } from "../helpers/env";
import { PulumiProject } from "../helpers/pulumi";

jest.setTimeout(10 * 60_000);

const API_KEY = `zk-${Math.random().toString(36).slice(2)}-e2e`;
const MILVUS_PASSWORD = `pw${Math.random().toString(36).slice(2)}`;
const CLUSTER = { clusterId: "in03-0123456789abcde", region: "aws-us-west-2" };

let emu: RunningEmulator;
let bucket: string;
let dataDir: string;
const emulatorLog: string[] = [];

beforeAll(async () => {
  const m = minioEnv();
  bucket = `e2e-${Date.now().toString(36)}`;
  await createMinioBucket(bucket);
  const storage = {
    provider: "s3" as const,
    bucket,
    endpoint: m.endpoint,
    region: m.region,
    forcePathStyle: true,
  };
  dataDir = fs.mkdtempSync(path.join(process.env.PMI_CONSUMER_DIR!, "emu-data-"));
  emu = await startEmulator({
    port: 0,
    dataDir,
    apiKeys: [API_KEY],
    users: { root: MILVUS_PASSWORD },
    clusters: [CLUSTER],
    // The Milvus face reads bucket-relative keys from its own bucket (MinIO, with the cluster's keys).
    bucketStore: new S3Store({ ...storage, accessKeyId: m.accessKey, secretAccessKey: m.secretKey }),
    // The control plane reads s3:// URLs with the credentials each import request carries.
    mounts: [{ prefix: `s3://${bucket}/`, storage }],
    log: (l) => emulatorLog.push(l),
  });
});

afterAll(async () => {
  await emu?.stop();
});

const schema = {
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "vec", dataType: "FLOAT_VECTOR", dim: 3 },
    { name: "title", dataType: "VARCHAR", maxLength: 64 },
  ],
};

function program(api: string, collection: string): string {
  const m = minioEnv();
  const connection =
    api === "milvus-v2"
      ? `{ uri: ${JSON.stringify(emu.url)} }`
      : `{ endpoint: ${JSON.stringify(emu.clusterUrl(CLUSTER.clusterId))}, clusterId: ${JSON.stringify(CLUSTER.clusterId)}, controlPlaneUrl: ${JSON.stringify(
          api === "zilliz-v1" ? emu.controlPlaneUrlFor(CLUSTER.region) : emu.controlPlaneUrl,
        )} }`;
  return `
const pulumi = require("@pulumi/pulumi");
const { Collection, ImportJob } = require("pulumi-milvus-import");
const timeoutSeconds = Number(new pulumi.Config().get("timeoutSeconds") ?? 300);
const docs = new Collection("docs", { connection: ${connection}, name: ${JSON.stringify(collection)}, schema: ${JSON.stringify(schema)} });
const load = new ImportJob("load", {
  collection: docs,
  api: ${JSON.stringify(api)},
  source: { files: ["data/*.jsonl"] },
  storage: { provider: "s3", bucket: ${JSON.stringify(bucket)}, endpoint: ${JSON.stringify(m.endpoint)}, region: ${JSON.stringify(m.region)}, forcePathStyle: true, remotePath: "imports" },
  wait: { timeoutSeconds, pollIntervalSeconds: 0.2 },
});
exports.importedRows = load.importedRows;
exports.prefix = load.prefix;
exports.partition = load.targetPartition;
`;
}

const jsonl = (n: number) =>
  `${Array.from({ length: n }, (_, i) => JSON.stringify({ id: i + 1, vec: [i, 1, 2], title: `t${i}` })).join("\n")}\n`;

async function objectsUnder(prefix: string): Promise<number> {
  const m = minioEnv();
  const store = new S3Store({
    provider: "s3",
    bucket,
    endpoint: m.endpoint,
    region: m.region,
    forcePathStyle: true,
    accessKeyId: m.accessKey,
    secretAccessKey: m.secretKey,
  });
  return (await store.list(prefix)).length;
}

describe.each(["milvus-v2", "zilliz-v2", "zilliz-v1"])("%s through the emulator, staged in MinIO", (api) => {
  test("up imports, preview is clean, destroy removes rows and files; no credential in state or logs", async () => {
    const m = minioEnv();
    const collection = `docs_${api.replace(/-/g, "_")}`;
    const p = PulumiProject.create(process.env.PMI_CONSUMER_DIR!, `pmi-${api}`, program(api, collection));
    p.env.PMI_CACHE_DIR = path.join(p.dir, ".cache");
    fs.mkdirSync(path.join(p.dir, "data"));
    fs.writeFileSync(path.join(p.dir, "data", "rows.jsonl"), jsonl(40));
    const secrets: Record<string, string> = {
      "milvus-import:storageAccessKey": m.accessKey,
      "milvus-import:storageSecretKey": m.secretKey,
    };
    if (api === "milvus-v2") secrets["milvus-import:token"] = `root:${MILVUS_PASSWORD}`;
    // Zilliz: one API key for the control plane and the cluster endpoint.
    else secrets["milvus-import:apiKey"] = API_KEY;
    const logs: string[] = [];
    try {
      await p.init({}, secrets);
      const up = await p.up();
      logs.push(...up.diagnostics, JSON.stringify(up.events));
      expect(up.result).toBe("succeeded");
      const outs = await p.outputs();
      expect(outs.importedRows).toBe(40);
      const c = emu.opened.collectionApi;
      expect(await c.count("default", collection, { partitionNames: [outs.partition as string] })).toBe(40n);
      expect(await objectsUnder(`${outs.prefix}/data/`)).toBeGreaterThan(0);

      const pv = await p.preview();
      expect(pv.changeSummary).toEqual({ same: 3 });
      logs.push(JSON.stringify(pv));

      const exported = (await p.ok(["stack", "export"])).stdout;
      const down = await p.destroy();
      logs.push(...down.diagnostics, JSON.stringify(down.events));
      expect(await c.hasCollection("default", collection)).toBe(false);
      expect(await objectsUnder(`${outs.prefix}/`)).toBe(0);

      // Zero hits for every credential used, in state and in everything the CLI and emulator printed.
      const haystack = [exported, ...logs, ...emulatorLog].join("\n");
      for (const [key, value] of Object.entries(secrets)) {
        const secret = value.includes(":") ? value.split(":")[1] : value;
        expect({ key, hits: haystack.split(secret).length - 1 }).toEqual({ key, hits: 0 });
      }
    } finally {
      p.cleanup();
    }
  });
});

test("a failed job and a wait timeout are partial failures; the next up resumes without a second import", async () => {
  const m = minioEnv();
  const collection = "docs_partial";
  const p = PulumiProject.create(
    process.env.PMI_CONSUMER_DIR!,
    "pmi-partial",
    program("milvus-v2", collection),
  );
  p.env.PMI_CACHE_DIR = path.join(p.dir, ".cache");
  fs.mkdirSync(path.join(p.dir, "data"));
  fs.writeFileSync(path.join(p.dir, "data", "rows.jsonl"), jsonl(25));
  const c = emu.opened.collectionApi;
  const jobsOf = async () =>
    (await emu.opened.importApi.listJobs({ collectionName: collection })).map((j) => j.state);
  const importJobState = async () =>
    (await p.stackExport()).deployment.resources.find((r: { type: string }) => r.type.endsWith(":ImportJob"));
  try {
    await p.init(
      { timeoutSeconds: "3" },
      {
        "milvus-import:token": `root:${MILVUS_PASSWORD}`,
        "milvus-import:storageAccessKey": m.accessKey,
        "milvus-import:storageSecretKey": m.secretKey,
      },
    );
    // 1. The job fails: the resource is recorded with its init error and status Failed.
    emu.faults.apply({ failNextJob: "injected: segment 1 is corrupt" });
    const failed = await p.run(["up", "--yes", "--skip-preview"]);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout).toContain("injected: segment 1 is corrupt");
    let state = await importJobState();
    expect(state.outputs.status).toBe("Failed");
    expect(state.outputs.__provider).toContain("importJobProvider");
    expect(state.initErrors.join("\n")).toContain("injected");
    expect(await jobsOf()).toEqual(["Failed"]);

    // 2. The next job stalls past our own timeout: partial failure again, status Incomplete.
    emu.faults.apply({ stallAtProgress: 50 });
    const timedOut = await p.run(["up", "--yes", "--skip-preview"]);
    expect(timedOut.code).not.toBe(0);
    state = await importJobState();
    expect(state.outputs.status).toBe("Incomplete");
    const stalledJob = state.outputs.jobId;
    expect(await jobsOf()).toEqual(["Failed", "Importing"]);

    // 3. Unstalled, the next up resumes that same job: one import, rows exact.
    emu.faults.apply({ stallAtProgress: null });
    const up = await p.up();
    expect(up.result).toBe("succeeded");
    const outs = await p.outputs();
    expect(outs.importedRows).toBe(25);
    state = await importJobState();
    expect(state.outputs.jobId).toBe(stalledJob);
    expect(state.outputs.resumed).toBe(true);
    expect(await jobsOf()).toEqual(["Failed", "Completed"]);
    expect(await c.count("default", collection)).toBe(25n);
    expect((await p.preview()).changeSummary).toEqual({ same: 3 });
    await p.destroy();
  } finally {
    emu.faults.reset();
    p.cleanup();
  }
});
