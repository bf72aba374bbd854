import type { RealMilvusServer } from "./milvusServer";

const g = globalThis as unknown as { __pmiMilvus?: RealMilvusServer };

export default async function milvusGlobalTeardown(): Promise<void> {
  const server = g.__pmiMilvus;
  g.__pmiMilvus = undefined;
  await server?.stop();
}
