/** Imports files into our embedded engine the way the tier imports them into the real server. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openLocalEngine } from "../../provider/engine";
import { type CollectionSchema, normalizeSchema } from "../../provider/schema";

export interface EngineOutcome {
  state: string;
  reason?: string;
  rows: bigint;
}

export async function importIntoEngine(
  schema: CollectionSchema | unknown,
  files: string[][],
): Promise<EngineOutcome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-realmilvus-engine-"));
  try {
    const { importApi, collectionApi } = openLocalEngine(dir);
    const normalized = normalizeSchema(schema);
    await collectionApi.createCollection({
      dbName: "default",
      collectionName: "c",
      schema: normalized,
      indexes: normalized.fields
        .filter((f) => f.dataType === "FLOAT_VECTOR" || f.dataType === "BINARY_VECTOR")
        .map((f) =>
          f.dataType === "FLOAT_VECTOR"
            ? { fieldName: f.name, indexType: "FLAT", metricType: "L2" }
            : { fieldName: f.name, indexType: "BIN_FLAT", metricType: "HAMMING" },
        ),
    });
    await collectionApi.loadCollection("default", "c");
    const { jobId } = await importApi.startImport({
      collectionName: "c",
      files: files.map((g) => g.map((p) => `file://${p}`)),
    });
    let job = await importApi.getJob(jobId);
    while (job.state !== "Completed" && job.state !== "Failed") {
      await new Promise((r) => setTimeout(r, 20));
      job = await importApi.getJob(jobId);
    }
    return { state: job.state, reason: job.reason, rows: await collectionApi.count("default", "c") };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
