/**
 * The Node SDK baseline of the writer benchmark, run as a child process (its rows and heap apart from
 * ours): @zilliz/milvus2-sdk-node's BulkWriter, driven as its README shows — `await writer.append(row)`
 * per row object with a number[] vector, then `await writer.close()`. Usage:
 *   node dist-bench/bench/lib/writerSdk.js <json|parquet> <rows> <outdir>
 * Prints {"format","rows","seconds","cpu_seconds","rows_per_s","files"}; data generation is not timed.
 */
import { BulkWriter, DataType } from "@zilliz/milvus2-sdk-node";
import { DIM, makeColumns, rowObject } from "./writerData";

async function main(): Promise<void> {
  const [format, rowsText, out] = process.argv.slice(2);
  if (format !== "json" && format !== "parquet")
    throw new Error(`format must be json or parquet, got ${format}`);
  const n = Number(rowsText);
  const rows: Record<string, unknown>[] = [];
  for (let s = 0; s < n; s += 10000) {
    const k = Math.min(10000, n - s);
    const c = makeColumns(s, k, 42);
    for (let i = 0; i < k; i++) rows.push(rowObject(c, i));
  }
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const w = new BulkWriter({
    schema: {
      fields: [
        { name: "id", data_type: DataType.Int64, is_primary_key: true },
        { name: "title_vector", data_type: DataType.FloatVector, dim: DIM },
        { name: "title", data_type: DataType.VarChar, max_length: 512 },
        { name: "link", data_type: DataType.VarChar, max_length: 512 },
        { name: "publication", data_type: DataType.VarChar, max_length: 512 },
        { name: "reading_time", data_type: DataType.Int64 },
        { name: "claps", data_type: DataType.Int64 },
        { name: "responses", data_type: DataType.Int64 },
        { name: "extra_int", data_type: DataType.Int64 },
      ],
    },
    format,
    localPath: out,
    chunkSize: 512 * 1024 * 1024,
  });
  for (const r of rows) await w.append(r);
  const files = await w.close();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  process.stdout.write(
    `${JSON.stringify({ format, rows: n, seconds, cpu_seconds: (cpu.user + cpu.system) / 1e6, rows_per_s: n / seconds, files })}\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
