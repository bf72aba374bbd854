/** Shared setup for emulator tests: temp dirs, a running emulator, JSON over real HTTP (fetch). */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../../emulator";
import { parseJsonLossless, stringifyJson } from "../../../provider/api/json";

export function tempDir(prefix = "emu-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeFile(dir: string, name: string, data: string | Uint8Array): string {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, data);
  return p;
}

export interface Res {
  status: number;
  body: Record<string, unknown> & { code?: number; message?: string; data?: unknown };
}

export async function call(
  url: string,
  init: { method?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Res> {
  const res = await fetch(url, {
    method: init.method ?? "POST",
    headers: init.headers,
    body: init.raw !== undefined ? init.raw : init.body !== undefined ? stringifyJson(init.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? parseJsonLossless(text) : {}) as Res["body"] };
}

export async function startTestEmulator(
  extra: Partial<EmulatorOptions> = {},
): Promise<RunningEmulator & { bucket: string }> {
  const bucket = extra.bucketDir ?? tempDir("bucket-");
  const emu = await startEmulator({ dataDir: tempDir("emu-data-"), bucketDir: bucket, ...extra });
  return Object.assign(emu, { bucket });
}

/** Milvus REST v2 call on the cluster face. */
export const milvus = (emu: RunningEmulator, p: string, body: unknown, headers?: Record<string, string>) =>
  call(`${emu.url}/v2/vectordb/${p}`, { body, headers });

export const SCHEMA_BODY = {
  collectionName: "docs",
  schema: {
    autoID: false,
    enableDynamicField: true,
    fields: [
      { fieldName: "id", dataType: "Int64", isPrimary: true },
      { fieldName: "title", dataType: "VarChar", elementTypeParams: { max_length: 16 } },
      { fieldName: "vec", dataType: "FloatVector", elementTypeParams: { dim: "2" } },
    ],
  },
  indexParams: [{ fieldName: "vec", indexName: "vec_idx", metricType: "L2", indexType: "AUTOINDEX" }],
};

export const ROWS_JSON = JSON.stringify({
  rows: [
    { id: 1, title: "one", vec: [1, 0] },
    { id: 2, title: "two", vec: [0, 1], color: "red" },
    { id: 3, title: "three", vec: [1, 1] },
  ],
});

export async function waitMilvusJob(
  emu: RunningEmulator,
  jobId: string,
  timeoutMs = 10_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await milvus(emu, "jobs/import/get_progress", { jobId });
    const d = r.body.data as Record<string, unknown>;
    if (d && (d.state === "Completed" || d.state === "Failed")) return d;
    if (Date.now() > deadline) throw new Error(`job ${jobId} not finished: ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}
