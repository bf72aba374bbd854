/**
 * The bench lab for real `pulumi up` runs of ImportJobs against the emulator: MinIO behind a
 * fault-injecting proxy (the stack stages its files through the proxy; the emulator reads them from
 * MinIO directly), the emulator in this process (its fault injection drives the API faults), the
 * real Pulumi CLI, and the packed package installed in a consumer project like a user's. Stacks are
 * written here and inspected afterwards: rows in the collection (total, distinct primary keys), import
 * jobs the emulator saw, and what Pulumi state holds.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, ListMultipartUploadsCommand, S3Client } from "@aws-sdk/client-s3";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { S3Store } from "../../provider/storage/s3";
import { installConsumerProject } from "../../test/helpers/consumer";
import { type FaultProxy, startFaultProxy } from "../../test/helpers/faultProxy";
import { type MinioServer, startMinio } from "../../test/helpers/minio";
import { descendants } from "../../test/helpers/processTree";
import { type CliResult, PulumiProject } from "../../test/helpers/pulumi";
import { pulumiBinDir, repoRoot } from "../../test/helpers/tools";

export type ApiKind = "milvus-v2" | "zilliz-v2" | "zilliz-v1";

export const CLUSTER = { clusterId: "in03-0123456789abcde", region: "aws-us-west-2" };
const API_KEY = `zk-bench-${Math.random().toString(36).slice(2)}`;
const MILVUS_PASSWORD = `pw${Math.random().toString(36).slice(2)}`;
export const MiB = 1024 * 1024;

export interface Lab {
  emu: RunningEmulator;
  proxy: FaultProxy;
  minio: MinioServer;
  bucket: string;
  consumerDir: string;
  /** Every line the emulator logged (request log), for timing and backoff analysis. */
  emulatorLog: string[];
  close(): Promise<void>;
}

/** Builds dist/ and packs it into a consumer project, starts MinIO, the proxy and the emulator. */
export async function startLab(opts: { jobStepDelayMs?: number } = {}): Promise<Lab> {
  process.env.PMI_PULUMI_BIN = pulumiBinDir();
  const built = spawnSync("bash", ["scripts/with-node.sh", "tsc", "-p", "tsconfig.json"], {
    cwd: repoRoot,
    stdio: "inherit",
  });
  if (built.status !== 0) throw new Error("tsc -p tsconfig.json failed");
  const consumerDir = installConsumerProject();
  const minio = await startMinio();
  const proxy = await startFaultProxy(minio.endpoint);
  const bucket = `bench-${Date.now().toString(36)}`;
  const s3 = s3Client(minio);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  s3.destroy();
  const storage = {
    provider: "s3" as const,
    bucket,
    endpoint: minio.endpoint,
    region: minio.region,
    forcePathStyle: true,
  };
  const emulatorLog: string[] = [];
  const emu = await startEmulator({
    port: 0,
    dataDir: fs.mkdtempSync(path.join(consumerDir, "emu-data-")),
    apiKeys: [API_KEY],
    users: { root: MILVUS_PASSWORD },
    clusters: [CLUSTER],
    bucketStore: new S3Store({ ...storage, accessKeyId: minio.accessKey, secretAccessKey: minio.secretKey }),
    mounts: [{ prefix: `s3://${bucket}/`, storage }],
    engine: { jobStepDelayMs: opts.jobStepDelayMs ?? 20 },
    log: (l) => emulatorLog.push(l),
  });
  return {
    emu,
    proxy,
    minio,
    bucket,
    consumerDir,
    emulatorLog,
    async close() {
      await emu.stop();
      await proxy.close();
      await minio.stop();
      fs.rmSync(consumerDir, { recursive: true, force: true });
    },
  };
}

export function s3Client(minio: MinioServer): S3Client {
  return new S3Client({
    endpoint: minio.endpoint,
    region: minio.region,
    forcePathStyle: true,
    credentials: { accessKeyId: minio.accessKey, secretAccessKey: minio.secretKey },
  });
}

export interface ImportDecl {
  /** Pulumi resource name. */
  name: string;
  /** Source glob, relative to the project directory. */
  files: string;
}

export interface StackSpec {
  api: ApiKind;
  collection: string;
  imports: ImportDecl[];
  dim: number;
  waitTimeoutSeconds: number;
  /** Storage client settings (the S3 store's own retries and timeouts). */
  storage?: { partSizeBytes?: number; timeoutMs?: number; maxAttempts?: number };
}

function program(lab: Lab, spec: StackSpec): string {
  const { emu, proxy, minio, bucket } = lab;
  const connection =
    spec.api === "milvus-v2"
      ? { uri: emu.url }
      : {
          endpoint: emu.clusterUrl(CLUSTER.clusterId),
          clusterId: CLUSTER.clusterId,
          controlPlaneUrl:
            spec.api === "zilliz-v1" ? emu.controlPlaneUrlFor(CLUSTER.region) : emu.controlPlaneUrl,
        };
  const schema = {
    fields: [
      { name: "id", dataType: "INT64", isPrimary: true },
      { name: "vec", dataType: "FLOAT_VECTOR", dim: spec.dim },
      { name: "title", dataType: "VARCHAR", maxLength: 64 },
    ],
  };
  const storage = {
    provider: "s3",
    bucket,
    endpoint: proxy.endpoint,
    region: minio.region,
    forcePathStyle: true,
    remotePath: "imports",
    ...spec.storage,
  };
  const jobs = spec.imports
    .map(
      (i) => `new ImportJob(${JSON.stringify(i.name)}, {
  collection: docs,
  api: ${JSON.stringify(spec.api)},
  source: { files: [${JSON.stringify(i.files)}] },
  storage: ${JSON.stringify(storage)},
  wait: { timeoutSeconds: ${spec.waitTimeoutSeconds}, pollIntervalSeconds: 0.2 },
});`,
    )
    .join("\n");
  return `const { Collection, ImportJob } = require("pulumi-milvus-import");
const docs = new Collection("docs", { connection: ${JSON.stringify(connection)}, name: ${JSON.stringify(spec.collection)}, schema: ${JSON.stringify(schema)} });
${jobs}
`;
}

/** Deterministic rows: ids [firstId, firstId + n), vectors of `dim` floats. */
export function writeJsonl(file: string, firstId: number, n: number, dim: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, "w");
  let seed = firstId * 7919 + 1;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const vec = Array.from({ length: dim }, () => Number(rand().toFixed(6)));
    lines.push(JSON.stringify({ id: firstId + i, vec, title: `t${firstId + i}` }));
    if (lines.length === 1000) {
      fs.writeSync(fd, `${lines.join("\n")}\n`);
      lines.length = 0;
    }
  }
  if (lines.length) fs.writeSync(fd, `${lines.join("\n")}\n`);
  fs.closeSync(fd);
}

export class Stack {
  readonly project: PulumiProject;
  constructor(
    readonly lab: Lab,
    readonly spec: StackSpec,
    /** Files to copy into the project directory (relative name -> absolute source). */
    data: Record<string, string>,
  ) {
    this.project = PulumiProject.create(lab.consumerDir, `pmi-bench-${spec.collection}`, program(lab, spec));
    this.project.env.PMI_CACHE_DIR = path.join(this.project.dir, ".cache");
    for (const [rel, src] of Object.entries(data)) {
      fs.mkdirSync(path.dirname(path.join(this.project.dir, rel)), { recursive: true });
      fs.copyFileSync(src, path.join(this.project.dir, rel));
    }
  }

  async init(): Promise<void> {
    const secrets: Record<string, string> = {
      "milvus-import:storageAccessKey": this.lab.minio.accessKey,
      "milvus-import:storageSecretKey": this.lab.minio.secretKey,
    };
    if (this.spec.api === "milvus-v2") secrets["milvus-import:token"] = `root:${MILVUS_PASSWORD}`;
    else secrets["milvus-import:apiKey"] = API_KEY;
    await this.project.init({}, secrets);
  }

  /** `pulumi up`; onSpawn gets the CLI's pid (to find the provider process). */
  up(onSpawn?: (pid: number) => void, timeoutMs = 15 * 60_000): Promise<CliResult> {
    return this.project.run(["up", "--yes", "--skip-preview"], { onSpawn, timeoutMs });
  }

  async inspect(declaredRows: number): Promise<Inspection> {
    const { emu } = this.lab;
    const db = "default";
    const name = this.spec.collection;
    let total = 0;
    let distinct = 0;
    if (emu.opened.engine.record(db, name)) {
      total = Number(await emu.opened.collectionApi.count(db, name));
      const rows = await emu.opened.engine.query(db, name, {
        filter: "",
        outputFields: ["id"],
        limit: Math.max(total, 1) + 10,
      });
      distinct = new Set(rows.map((r) => String(r.id))).size;
    }
    const jobs = emu.opened.jobs.list({ dbName: db, collectionName: name });
    const state = await this.project.stackExport();
    const resources: { type: string; outputs?: { status?: string } }[] = state.deployment.resources ?? [];
    const pending: unknown[] = state.deployment.pending_operations ?? [];
    const importJobs = resources.filter((r) => r.type.endsWith(":ImportJob") || r.type.includes("ImportJob"));
    const declared = 1 + this.spec.imports.length;
    const ours = resources.filter((r) => !r.type.startsWith("pulumi:"));
    const orphans =
      pending.length +
      importJobs.filter((r) => r.outputs?.status !== "Completed").length +
      Math.max(0, ours.length - declared);
    const preview = await this.project.run(["preview", "--json"]);
    let converged = false;
    try {
      const summary = JSON.parse(preview.stdout).changeSummary as Record<string, number>;
      converged = Object.keys(summary).every((k) => k === "same");
    } catch {
      converged = false;
    }
    return {
      declaredRows,
      rows: total,
      distinctIds: distinct,
      duplicates: total - distinct,
      missing: declaredRows - distinct,
      jobs: tally(jobs.map((j) => j.state)),
      pendingOperations: pending.length,
      orphans,
      converged,
    };
  }

  cleanup(): void {
    this.project.cleanup();
    fs.rmSync(this.project.dir, { recursive: true, force: true });
  }
}

export interface Inspection {
  declaredRows: number;
  rows: number;
  distinctIds: number;
  duplicates: number;
  missing: number;
  /** Import jobs the emulator holds for the collection, by state. */
  jobs: Record<string, number>;
  pendingOperations: number;
  /** Pending operations + ImportJobs not Completed + resources in state that are not declared. */
  orphans: number;
  /** `pulumi preview` afterwards shows no change. */
  converged: boolean;
}

function tally(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

/** One line saying how an `up` ended (the resource's error, not Pulumi's summary). */
export function outcome(r: CliResult): string {
  if (r.signal) return `killed (${r.signal})`;
  if (r.code === 0) return "ok";
  const lines = `${r.stdout}\n${r.stderr}`.split("\n").map((l) => l.trim());
  const at = lines.findIndex((l) => /^error: /.test(l) && !/update failed/.test(l));
  let message = at >= 0 ? lines[at].replace(/^error: /, "") : `exit ${r.code}`;
  if (/errors? occurred:$/.test(message)) {
    const detail = lines.slice(at + 1).find((l) => l.startsWith("* "));
    if (detail) message = detail.slice(2);
  }
  return `failed: ${message.slice(0, 160)}`;
}

/** The dynamic-provider node process under a pulumi CLI (pulumi-resource-pulumi-nodejs -> node). */
export function providerPid(cliPid: number): number | undefined {
  return descendants(cliPid).find((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("dynamic-provider");
    } catch {
      return false;
    }
  });
}

/** Multipart uploads started and never completed or aborted in the bucket. */
export async function openMultipartUploads(lab: Lab): Promise<number> {
  const s3 = s3Client(lab.minio);
  try {
    const r = await s3.send(new ListMultipartUploadsCommand({ Bucket: lab.bucket }));
    return r.Uploads?.length ?? 0;
  } finally {
    s3.destroy();
  }
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
