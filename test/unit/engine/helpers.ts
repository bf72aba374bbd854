/** Test helpers for the engine: temp dirs, hand-made NPY/Parquet files, job waiting. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Table, tableFromArrays, tableToIPC } from "apache-arrow";
import type { ImportApi, ImportJobInfo } from "../../../provider/api/types";
import type { CollectionSchema } from "../../../provider/schema/types";

export function tempDir(prefix = "engine-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeFile(dir: string, name: string, data: string | Uint8Array): string {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, data);
  return p;
}

export const fileUrl = (p: string) => `file://${p}`;

/** A minimal NPY v1.0 file, laid out the way numpy.save does (header padded to 64 bytes). */
export function npy(descr: string, shape: number[], data: ArrayBufferView | Buffer): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const pre = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(pre);
  pre.writeUInt16LE(header.length, 8);
  return Buffer.concat([
    pre,
    Buffer.from(header, "latin1"),
    Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  ]);
}

/** `<U{n}` array: UTF-32LE, NUL padded. */
export function npyStrings(values: string[]): Buffer {
  const n = Math.max(1, ...values.map((v) => [...v].length));
  const buf = Buffer.alloc(values.length * n * 4);
  values.forEach((v, i) => {
    for (const [k, ch] of [...v].entries()) buf.writeUInt32LE(ch.codePointAt(0) as number, (i * n + k) * 4);
  });
  return npy(`<U${n}`, [values.length], buf);
}

export function parquetOf(table: Table): Buffer {
  const pw = require("parquet-wasm") as typeof import("parquet-wasm");
  return Buffer.from(pw.writeParquet(pw.Table.fromIPCStream(tableToIPC(table, "stream"))));
}

export { tableFromArrays };

export async function waitJob(api: ImportApi, jobId: string, timeoutMs = 10_000): Promise<ImportJobInfo> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const j = await api.getJob(jobId);
    if (j.state === "Completed" || j.state === "Failed") return j;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${j.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** id INT64 pk, vec FLOAT_VECTOR(4), title VARCHAR(8), n INT32 nullable, score FLOAT default 0.5, dynamic. */
export const SCHEMA: CollectionSchema = {
  enableDynamicField: true,
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "vec", dataType: "FLOAT_VECTOR", dim: 4 },
    { name: "title", dataType: "VARCHAR", maxLength: 8 },
    { name: "n", dataType: "INT32", nullable: true },
    { name: "score", dataType: "FLOAT", defaultValue: 0.5 },
  ],
};

export const INDEX = { fieldName: "vec", indexType: "AUTOINDEX", metricType: "L2" };
