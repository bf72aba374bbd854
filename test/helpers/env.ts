import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";

/** Coordinates of the servers started by globalSetup, for integration and e2e tests. */
function required(name: string): string {
  const v = process.env[name];
  if (!v)
    throw new Error(`${name} is not set: run this test through jest's integration/e2e project (globalSetup)`);
  return v;
}

export const minioEnv = () => ({
  endpoint: required("PMI_MINIO_ENDPOINT"),
  accessKey: required("PMI_MINIO_ACCESS_KEY"),
  secretKey: required("PMI_MINIO_SECRET_KEY"),
  region: required("PMI_MINIO_REGION"),
});

export const azuriteEnv = () => ({
  blobEndpoint: required("PMI_AZURITE_BLOB_ENDPOINT"),
  account: required("PMI_AZURITE_ACCOUNT"),
  accountKey: required("PMI_AZURITE_KEY"),
  connectionString: required("PMI_AZURITE_CONNECTION_STRING"),
});

/** Creates a bucket in the MinIO that globalSetup started (its admin keys). */
export async function createMinioBucket(bucket: string): Promise<void> {
  const m = minioEnv();
  const s3 = new S3Client({
    endpoint: m.endpoint,
    region: m.region,
    forcePathStyle: true,
    credentials: { accessKeyId: m.accessKey, secretAccessKey: m.secretKey },
  });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    s3.destroy();
  }
}
