/**
 * Upload throughput: our S3 store vs `aws s3 cp --recursive`, same MinIO, same files, same run.
 * Data: 1 x 512 MiB file plus many small files summing to ~512 MiB (~1 GiB total), random bytes.
 * Each tool writes to its own bucket. Our time includes everything a real upload does: hashing
 * (SHA-256 + part MD5s), the skip check, the upload and the post-upload verification.
 *   bash scripts/bench.sh upload            (env PMI_BENCH_SMALL_FILES / PMI_BENCH_SMALL_KIB to vary)
 * Each tool runs PMI_BENCH_ROUNDS times (default 3, order alternating); medians are reported.
 * Prints {"bytes","ours_mb_per_s","awscli_mb_per_s","ratio",...} and writes upload.json (bench/results/ only with --save).
 */
import { execFile } from "node:child_process";
import { randomFillSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { S3Store } from "../provider/storage/s3";
import { uploadFiles } from "../provider/storage/uploadMany";
import { startMinio } from "../test/helpers/minio";
import { oraclePython, repoRoot } from "../test/helpers/tools";
import { SAVE_FLAG_HELP, saveResult } from "./lib/results";
import { answerHelp } from "./lib/usage";

answerHelp(`Usage: npm run bench:upload [-- --help]   (bash scripts/bench.sh upload)

Upload throughput: our S3 store vs \`aws s3 cp --recursive\` on the same MinIO and files (~1 GiB).
Prints JSON and writes upload.json (bench/results/ only with --save).

Flags:
${SAVE_FLAG_HELP}

Environment:
  PMI_BENCH_BIG_MIB        size of the big file (default 512)
  PMI_BENCH_SMALL_FILES    number of small files (default 512)
  PMI_BENCH_SMALL_KIB      size of each small file (default 1024)
  PMI_BENCH_ROUNDS         rounds per tool, medians reported (default 3)
  PMI_BENCH_PART_MIB, PMI_BENCH_QUEUE, PMI_BENCH_FILES_PARALLEL   multipart part size, parts in flight, files in flight
  PMI_BENCH_ONLY=ours      skip the aws CLI side`);

const MiB = 1024 * 1024;
const BIG = Number(process.env.PMI_BENCH_BIG_MIB ?? 512) * MiB;
const SMALL_COUNT = Number(process.env.PMI_BENCH_SMALL_FILES ?? 512);
const SMALL_SIZE = Number(process.env.PMI_BENCH_SMALL_KIB ?? 1024) * 1024;

function writeRandomFile(file: string, size: number): void {
  const fd = fs.openSync(file, "w");
  const chunk = Buffer.allocUnsafe(Math.min(size, 8 * MiB));
  for (let done = 0; done < size; ) {
    const n = Math.min(chunk.length, size - done);
    randomFillSync(chunk, 0, n);
    fs.writeSync(fd, chunk, 0, n);
    done += n;
  }
  fs.closeSync(fd);
}

const ROUNDS = Number(process.env.PMI_BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function bucketBytes(
  s3: S3Client,
  Bucket: string,
  Prefix: string,
): Promise<{ count: number; bytes: number }> {
  let count = 0;
  let bytes = 0;
  let token: string | undefined;
  do {
    const r = await s3.send(new ListObjectsV2Command({ Bucket, Prefix, ContinuationToken: token }));
    for (const o of r.Contents ?? []) {
      count++;
      bytes += Number(o.Size ?? 0);
    }
    token = r.IsTruncated ? r.NextContinuationToken : undefined;
  } while (token);
  return { count, bytes };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-bench-upload-"));
  const minio = await startMinio();
  try {
    fs.mkdirSync(path.join(dataDir, "small"));
    writeRandomFile(path.join(dataDir, "big.bin"), BIG);
    for (let i = 0; i < SMALL_COUNT; i++)
      writeRandomFile(path.join(dataDir, "small", `part-${String(i).padStart(5, "0")}.bin`), SMALL_SIZE);
    const files = [
      path.join(dataDir, "big.bin"),
      ...fs.readdirSync(path.join(dataDir, "small")).map((f) => path.join(dataDir, "small", f)),
    ];
    const bytes = files.reduce((a, f) => a + fs.statSync(f).size, 0);

    const s3 = new S3Client({
      endpoint: minio.endpoint,
      region: minio.region,
      forcePathStyle: true,
      credentials: { accessKeyId: minio.accessKey, secretAccessKey: minio.secretKey },
    });
    for (const Bucket of ["bench-ours", "bench-awscli"]) await s3.send(new CreateBucketCommand({ Bucket }));

    // awscli from the oracle venv, default transfer settings.
    const aws = path.join(path.dirname(oraclePython()), "aws");
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: minio.accessKey,
      AWS_SECRET_ACCESS_KEY: minio.secretKey,
      AWS_DEFAULT_REGION: minio.region,
      AWS_CONFIG_FILE: path.join(dataDir, "no-aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dataDir, "no-aws-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
    };
    const runAwscli = async (round: number) => {
      const t0 = process.hrtime.bigint();
      // bash's `time` reports the CLI's CPU seconds (user + sys) on stderr, for comparison with ours.
      const { stderr } = await promisify(execFile)(
        "bash",
        [
          "-c",
          'TIMEFORMAT="pmi-cpu %U %S"; time "$@"',
          "bash",
          aws,
          "s3",
          "cp",
          "--recursive",
          "--only-show-errors",
          "--endpoint-url",
          minio.endpoint,
          dataDir,
          `s3://bench-awscli/r${round}/`,
        ],
        { env, maxBuffer: 16 * MiB },
      );
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const m = /pmi-cpu ([\d.]+) ([\d.]+)/.exec(stderr);
      awsCpu.push(m ? Number(m[1]) + Number(m[2]) : Number.NaN);
      return seconds;
    };
    const oursCpu: number[] = [];
    const awsCpu: number[] = [];
    const runOurs = async (round: number) => {
      const store = new S3Store({
        provider: "s3",
        bucket: "bench-ours",
        endpoint: minio.endpoint,
        region: minio.region,
        accessKeyId: minio.accessKey,
        secretAccessKey: minio.secretKey,
        partSizeBytes: Number(process.env.PMI_BENCH_PART_MIB ?? 16) * MiB,
        concurrency: Number(process.env.PMI_BENCH_QUEUE ?? 8),
      });
      const items = files.map((f) => ({
        key: `r${round}/${path.relative(dataDir, f).split(path.sep).join("/")}`,
        localPath: f,
      }));
      const cpu0 = process.cpuUsage();
      const t1 = process.hrtime.bigint();
      const res = await uploadFiles(store, items, {
        concurrency: Number(process.env.PMI_BENCH_FILES_PARALLEL ?? 16),
      });
      const seconds = Number(process.hrtime.bigint() - t1) / 1e9;
      const cpu = process.cpuUsage(cpu0);
      oursCpu.push((cpu.user + cpu.system) / 1e6);
      if (res.uploaded !== files.length)
        throw new Error(`expected ${files.length} uploads, got ${res.uploaded}`);
      store.destroy();
      return seconds;
    };
    const verifyAndClear = async (round: number) => {
      // Both buckets must hold the same objects, or the timing means nothing.
      for (const Bucket of ["bench-ours", "bench-awscli"]) {
        const got = await bucketBytes(s3, Bucket, `r${round}/`);
        if (got.bytes !== bytes || got.count !== files.length) {
          throw new Error(
            `${Bucket} round ${round}: ${JSON.stringify(got)}, expected ${files.length} files / ${bytes} bytes`,
          );
        }
        await promisify(execFile)(
          aws,
          [
            "s3",
            "rm",
            "--recursive",
            "--only-show-errors",
            "--endpoint-url",
            minio.endpoint,
            `s3://${Bucket}/r${round}/`,
          ],
          { env },
        );
      }
    };

    // Disk and MinIO timing is noisy: alternate the order over several rounds and take medians.
    const oursRuns: number[] = [];
    const awsRuns: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (process.env.PMI_BENCH_ONLY === "ours") {
        oursRuns.push(await runOurs(round));
        awsRuns.push(Number.NaN);
        for (const Bucket of ["bench-ours"])
          await promisify(execFile)(
            aws,
            [
              "s3",
              "rm",
              "--recursive",
              "--only-show-errors",
              "--endpoint-url",
              minio.endpoint,
              `s3://${Bucket}/r${round}/`,
            ],
            { env },
          );
        continue;
      }
      if (round % 2 === 0) {
        awsRuns.push(await runAwscli(round));
        oursRuns.push(await runOurs(round));
      } else {
        oursRuns.push(await runOurs(round));
        awsRuns.push(await runAwscli(round));
      }
      await verifyAndClear(round);
    }
    s3.destroy();
    const oursSeconds = median(oursRuns);
    const awsSeconds = median(awsRuns);

    const mb = bytes / 1e6;
    const result = {
      bytes,
      files: files.length,
      ours_mb_per_s: Number((mb / oursSeconds).toFixed(1)),
      awscli_mb_per_s: Number((mb / awsSeconds).toFixed(1)),
      ratio: Number((awsSeconds / oursSeconds).toFixed(3)),
      ours_seconds: Number(oursSeconds.toFixed(2)),
      awscli_seconds: Number(awsSeconds.toFixed(2)),
      rounds: ROUNDS,
      ours_runs_s: oursRuns.map((x) => Number(x.toFixed(2))),
      awscli_runs_s: awsRuns.map((x) => Number(x.toFixed(2))),
      ours_cpu_s: oursCpu.map((x) => Number(x.toFixed(2))),
      awscli_cpu_s: awsCpu.map((x) => Number(x.toFixed(2))),
      layout: `1 x ${BIG / MiB} MiB + ${SMALL_COUNT} x ${SMALL_SIZE / 1024} KiB`,
      cpus: os.cpus().length,
      node: process.version,
    };
    const out = JSON.stringify(result, null, 2);
    saveResult("upload", out, repoRoot);
    console.log(out);
  } finally {
    await minio.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
