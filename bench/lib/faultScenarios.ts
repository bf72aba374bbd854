/**
 * The fault scenarios of bench:faults: what each injects (emulator faults, proxy rules in front of
 * MinIO, or an action during the first `up`, such as SIGKILL of the dynamic-provider process).
 */
import type { FaultConfig } from "../../emulator";
import type { ProxyRule } from "../../test/helpers/faultProxy";
import { descendants } from "../../test/helpers/processTree";
import { type ApiKind, type Lab, MiB, providerPid, type Stack } from "./lab";

/** Above the client's 30 s request timeout. */
const PAST_TIMEOUT_MS = 35_000;

export interface Ctx {
  lab: Lab;
  stack: Stack;
  cliPid?: number;
  notes: string[];
}

export interface Scenario {
  id: string;
  fault: string;
  where: string;
  api: ApiKind;
  data: "small" | "big";
  waitTimeoutSeconds?: number;
  storageTimeoutMs?: number;
  /** Emulator faults for the first up. */
  emulator?: FaultConfig;
  /** Proxy rules for the first up (may use ctx, e.g. to kill the provider). */
  proxy?: (ctx: Ctx) => ProxyRule[];
  /** Runs while the first up runs. */
  during?: (ctx: Ctx) => Promise<void>;
  /** Faults for the second up (default: none); `thenClean` adds a third up without faults. */
  second?: { emulator?: FaultConfig; thenClean?: boolean };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, f: () => boolean | Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await f())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const jobsOf = (ctx: Ctx) => ctx.lab.emu.opened.jobs.list({ collectionName: ctx.stack.spec.collection });

function killProvider(ctx: Ctx): void {
  const pid = ctx.cliPid ? providerPid(ctx.cliPid) : undefined;
  if (!pid) throw new Error("dynamic-provider process not found");
  process.kill(pid, "SIGKILL");
  ctx.notes.push(`SIGKILL provider pid ${pid}`);
}

function killCliTree(ctx: Ctx): void {
  const pids = [...descendants(ctx.cliPid!), ctx.cliPid!];
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  ctx.notes.push(`SIGKILL CLI tree (${pids.length} processes)`);
}

const create = "jobs/import/create";
export const SCENARIOS: Scenario[] = [
  // ---- storage, through the proxy in front of MinIO (multipart: 5 MiB parts, 2 parts)
  {
    id: "s3-part-503",
    fault: "503 SlowDown on UploadPart #2 (x2)",
    where: "storage: multipart part",
    api: "zilliz-v2",
    data: "big",
    proxy: () => [
      { operation: "UploadPart", partNumber: 2, count: 2, action: { status: 503, s3Code: "SlowDown" } },
    ],
  },
  {
    id: "s3-part-500-exhaust",
    fault: "500 InternalError on every UploadPart (x12)",
    where: "storage: multipart part",
    api: "zilliz-v2",
    data: "big",
    proxy: () => [{ operation: "UploadPart", count: 12, action: { status: 500, s3Code: "InternalError" } }],
  },
  {
    id: "s3-part-reset",
    fault: "connection reset after 1 MiB of UploadPart #2",
    where: "storage: multipart part",
    api: "zilliz-v2",
    data: "big",
    proxy: () => [{ operation: "UploadPart", partNumber: 2, action: { resetAfterBytes: MiB } }],
  },
  {
    id: "s3-part-reset-every",
    fault: "connection reset mid-part on every UploadPart #1 (x10)",
    where: "storage: multipart part",
    api: "zilliz-v2",
    data: "big",
    proxy: () => [
      { operation: "UploadPart", partNumber: 1, count: 10, action: { resetAfterBytes: 256 * 1024 } },
    ],
  },
  {
    id: "s3-create-mpu-503",
    fault: "503 SlowDown on CreateMultipartUpload (x2)",
    where: "storage: multipart start",
    api: "zilliz-v2",
    data: "big",
    proxy: () => [
      { operation: "CreateMultipartUpload", count: 2, action: { status: 503, s3Code: "SlowDown" } },
    ],
  },
  {
    id: "s3-complete-reset",
    fault: "connection reset on CompleteMultipartUpload",
    where: "storage: multipart complete",
    api: "zilliz-v2",
    data: "big",
    proxy: () => [{ operation: "CompleteMultipartUpload", action: { resetAfterBytes: 1 } }],
  },
  {
    id: "s3-part-stall",
    fault: "UploadPart #2 stalled 8 s (client socket timeout 3 s)",
    where: "storage: multipart part",
    api: "zilliz-v2",
    data: "big",
    storageTimeoutMs: 3000,
    proxy: () => [{ operation: "UploadPart", partNumber: 2, action: { stallMs: 8000 } }],
  },
  {
    id: "s3-job-marker-503",
    fault: "500 on the job marker PUT (x6) right after the job started",
    where: "storage: marker write",
    api: "zilliz-v2",
    data: "small",
    proxy: () => [
      // The first _job.json PUT is the intent written before the start; the second names the job.
      {
        operation: "PutObject",
        keyIncludes: "_job.json",
        after: 1,
        count: 6,
        action: { status: 500, s3Code: "InternalError" },
      },
    ],
  },
  // ---- control-plane / Milvus API, through the emulator's fault injection
  {
    id: "create-429",
    fault: "HTTP 429 on create (x2)",
    where: "api: create",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: create, count: 2, status: 429, message: "Too many requests" }] },
  },
  {
    id: "create-503",
    fault: "HTTP 503 on create (x3)",
    where: "api: create",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: create, count: 3, status: 503 }] },
  },
  {
    id: "create-500",
    fault: "HTTP 500 on create (not acted on)",
    where: "api: create",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: create, status: 500 }] },
  },
  {
    id: "create-reset",
    fault: "connection reset on create (before acting)",
    where: "api: create",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: create, reset: true }] },
  },
  {
    id: "create-busy-47039",
    fault: "47039 cluster busy on create (x3)",
    where: "api: create",
    api: "zilliz-v2",
    data: "small",
    emulator: {
      requests: [
        {
          path: create,
          count: 3,
          code: 47039,
          message: "The specified cluster do not support multiple imports at the same time.",
        },
      ],
    },
  },
  {
    id: "create-lost-v2",
    fault: "create performed, answer lost (socket dropped)",
    where: "api: create",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: create, dropReply: true }] },
  },
  {
    id: "create-timeout-v2",
    fault: "create performed, answer held 35 s (client timeout 30 s)",
    where: "api: create",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: create, holdReplyMs: PAST_TIMEOUT_MS }] },
  },
  {
    id: "create-lost-list-503",
    fault: "create answer lost, then list 503 (x10) on the next up",
    where: "api: create + list",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: create, dropReply: true }] },
    second: {
      emulator: { requests: [{ path: "jobs/import/list", count: 10, status: 503 }] },
      thenClean: true,
    },
  },
  {
    id: "create-lost-milvus",
    fault: "Milvus face: create performed, answer lost",
    where: "api: create",
    api: "milvus-v2",
    data: "small",
    emulator: { requests: [{ path: create, dropReply: true }] },
  },
  {
    id: "create-lost-v1",
    fault: "v1: import performed, answer lost",
    where: "api: create",
    api: "zilliz-v1",
    data: "small",
    emulator: {
      requests: [{ path: "/v1/vector/collections/import", method: "POST", count: 1, dropReply: true }],
    },
  },
  {
    id: "create-limiter-milvus",
    fault: "Milvus face: 1807 rate limiter on create (x3)",
    where: "api: create",
    api: "milvus-v2",
    data: "small",
    emulator: {
      requests: [
        { path: create, count: 3, code: 1807, message: "request is rejected by limiter, error: rate" },
      ],
    },
  },
  {
    id: "progress-503",
    fault: "HTTP 503 on progress (x4)",
    where: "api: progress",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: "jobs/import/get", count: 4, status: 503 }] },
  },
  {
    id: "progress-reset",
    fault: "connection reset on progress (x3)",
    where: "api: progress",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: "jobs/import/get", count: 3, reset: true }] },
  },
  {
    id: "progress-timeout",
    fault: "progress answer held 35 s (client timeout 30 s)",
    where: "api: progress",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: "jobs/import/get", holdReplyMs: PAST_TIMEOUT_MS }] },
  },
  {
    id: "progress-500-exhaust",
    fault: "HTTP 500 on progress (x40: every retry of 6+ polls)",
    where: "api: progress",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: "jobs/import/get", count: 40, status: 500 }] },
  },
  {
    id: "list-503-recovery",
    fault: "create answer lost, then list 503 (x3) on the next up",
    where: "api: create + list",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: create, dropReply: true }] },
    second: { emulator: { requests: [{ path: "jobs/import/list", count: 3, status: 503 }] } },
  },
  {
    id: "describe-503-recovery",
    fault: "create answer lost, then progress 503 (x3) while the next up looks for the job",
    where: "api: create + progress",
    api: "zilliz-v1",
    data: "small",
    emulator: { requests: [{ path: "/v1/vector/collections/import", method: "POST", dropReply: true }] },
    second: { emulator: { requests: [{ path: "import/get", count: 3, status: 503 }] } },
  },
  // ---- the job itself
  {
    id: "job-fails",
    fault: "the import job fails (datanode crash)",
    where: "job",
    api: "zilliz-v2",
    data: "small",
    emulator: { failNextJob: "injected: datanode crashed" },
  },
  {
    id: "job-stall-80-released",
    fault: "job held at 80 % (files done) for 6 s, then released",
    where: "job",
    api: "zilliz-v2",
    data: "small",
    emulator: { stallAtProgress: 80 },
    during: async (ctx) => {
      await until("the job to reach 80 %", () => jobsOf(ctx).some((j) => j.progress === 80));
      await sleep(6000);
      ctx.lab.emu.faults.apply({ stallAtProgress: null });
    },
  },
  {
    id: "job-stall-80",
    fault: "job stalled at 80 % past the 8 s wait timeout",
    where: "job",
    api: "milvus-v2",
    data: "small",
    waitTimeoutSeconds: 8,
    emulator: { stallAtProgress: 80 },
  },
  // ---- the provider process
  {
    id: "kill-provider-upload",
    fault: "provider SIGKILL during upload (UploadPart #1)",
    where: "process: upload",
    api: "zilliz-v2",
    data: "big",
    proxy: (ctx) => [{ operation: "UploadPart", partNumber: 1, action: { hook: () => killProvider(ctx) } }],
  },
  {
    id: "kill-provider-create",
    fault: "provider SIGKILL after the job was created, before the answer",
    where: "process: create",
    api: "zilliz-v2",
    data: "small",
    emulator: { requests: [{ path: create, holdReplyMs: 5000 }] },
    during: async (ctx) => {
      await until("the job to exist", () => jobsOf(ctx).length > 0);
      killProvider(ctx);
    },
  },
  {
    id: "kill-provider-wait",
    fault: "provider SIGKILL while waiting (job at 50 %)",
    where: "process: wait",
    api: "milvus-v2",
    data: "small",
    emulator: { stallAtProgress: 50 },
    during: async (ctx) => {
      await until("the job to reach 50 %", () => jobsOf(ctx).some((j) => j.progress === 50));
      await sleep(500);
      killProvider(ctx);
      ctx.lab.emu.faults.apply({ stallAtProgress: null });
    },
  },
  {
    id: "kill-cli-wait",
    fault: "whole pulumi CLI tree SIGKILL while waiting",
    where: "process: wait",
    api: "zilliz-v2",
    data: "small",
    emulator: { stallAtProgress: 50 },
    during: async (ctx) => {
      await until("the job to reach 50 %", () => jobsOf(ctx).some((j) => j.progress === 50));
      killCliTree(ctx);
      ctx.lab.emu.faults.apply({ stallAtProgress: null });
    },
  },
];
