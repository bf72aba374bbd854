/**
 * Control-plane imports from a real S3-compatible bucket (MinIO from globalSetup): the emulator maps
 * `s3://<bucket>/` and `http://<minio>/<bucket>/` to an S3 store opened with the request's credentials,
 * so correct keys import and wrong keys fail at create time like the cloud (83001).
 */
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { RunningEmulator } from "../../../emulator";
import { minioEnv } from "../../helpers/env";
import { call, ROWS_JSON, SCHEMA_BODY, startTestEmulator } from "./helpers";

const m = minioEnv();
const BUCKET = "pmi-emulator-import";
const admin = new S3Client({
  endpoint: m.endpoint,
  region: m.region,
  forcePathStyle: true,
  credentials: { accessKeyId: m.accessKey, secretAccessKey: m.secretKey },
});
let emu: RunningEmulator;

beforeAll(async () => {
  await admin.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
  await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: "run/1.json", Body: ROWS_JSON }));
  const storage = {
    provider: "s3" as const,
    bucket: BUCKET,
    endpoint: m.endpoint,
    region: m.region,
    forcePathStyle: true,
  };
  emu = await startTestEmulator({
    mounts: [
      { prefix: `s3://${BUCKET}/`, storage },
      { prefix: `${m.endpoint}/${BUCKET}/`, storage },
    ],
  });
  expect((await call(`${emu.url}/v2/vectordb/collections/create`, { body: SCHEMA_BODY })).body.code).toBe(0);
});
afterAll(async () => {
  admin.destroy();
  await emu.stop();
});

const create = (objectUrl: string, secretKey: string) =>
  call(`${emu.controlPlaneUrl}/v2/vectordb/jobs/import/create`, {
    headers: { Authorization: "Bearer any-key" },
    body: {
      clusterId: emu.clusters[0].clusterId,
      collectionName: "docs",
      objectUrls: [[objectUrl]],
      accessKey: m.accessKey,
      secretKey,
    },
  });

it.each([`s3://${BUCKET}/run/1.json`, `${m.endpoint}/${BUCKET}/run/1.json`])(
  "imports %s with the request's credentials",
  async (url) => {
    const r = await create(url, m.secretKey);
    expect(r.body.code).toBe(0);
    const jobId = (r.body.data as { jobId: string }).jobId;
    let state = "";
    for (let i = 0; i < 250 && state !== "Completed" && state !== "Failed"; i++) {
      await new Promise((res) => setTimeout(res, 20));
      const p = await call(`${emu.controlPlaneUrl}/v2/vectordb/jobs/import/getProgress`, {
        headers: { Authorization: "Bearer any-key" },
        body: { clusterId: emu.clusters[0].clusterId, jobId },
      });
      state = (p.body.data as { state: string; reason: string }).state;
      if (state === "Failed") throw new Error((p.body.data as { reason: string }).reason);
    }
    expect(state).toBe("Completed");
  },
);

it("refuses wrong credentials at create time without echoing the secret", async () => {
  const r = await create(`s3://${BUCKET}/run/1.json`, "definitely-wrong-secret");
  expect(r.body.code).toBe(83001);
  expect(r.body.message).toMatch(/^Failed to getObjectMeta \{/);
  expect(JSON.stringify(r.body)).not.toContain("definitely-wrong-secret");
});
