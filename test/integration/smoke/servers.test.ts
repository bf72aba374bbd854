/**
 * Foundation smoke test: the real MinIO and Azurite started by globalSetup accept an object and
 * give the same bytes back, driven by the SDKs the package ships.
 */
import { randomBytes } from "node:crypto";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { BlobServiceClient } from "@azure/storage-blob";
import { azuriteEnv, minioEnv } from "../../helpers/env";

test("MinIO stores and returns an object byte for byte", async () => {
  const m = minioEnv();
  const s3 = new S3Client({
    endpoint: m.endpoint,
    region: m.region,
    forcePathStyle: true,
    credentials: { accessKeyId: m.accessKey, secretAccessKey: m.secretKey },
  });
  const body = randomBytes(64 * 1024);
  await s3.send(new CreateBucketCommand({ Bucket: "smoke" }));
  await s3.send(new PutObjectCommand({ Bucket: "smoke", Key: "a/b.bin", Body: body }));
  const got = await s3.send(new GetObjectCommand({ Bucket: "smoke", Key: "a/b.bin" }));
  const back = Buffer.from(await got.Body!.transformToByteArray());
  expect(back.equals(body)).toBe(true);
  s3.destroy();
});

test("Azurite stores and returns a blob byte for byte", async () => {
  const a = azuriteEnv();
  const svc = BlobServiceClient.fromConnectionString(a.connectionString);
  const container = svc.getContainerClient("smoke");
  await container.createIfNotExists();
  const body = randomBytes(64 * 1024);
  const blob = container.getBlockBlobClient("a/b.bin");
  await blob.uploadData(body);
  const back = await blob.downloadToBuffer();
  expect(back.equals(body)).toBe(true);
});
