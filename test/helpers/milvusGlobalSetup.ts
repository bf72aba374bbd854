/**
 * realmilvus project: one real Milvus 2.3.5 server for the whole run. Workers find it through
 * PMI_MILVUS_* (they are forked after this runs, so they inherit process.env).
 */
import { type RealMilvusServer, startRealMilvus } from "./milvusServer";

const g = globalThis as unknown as { __pmiMilvus?: RealMilvusServer };

export default async function milvusGlobalSetup(): Promise<void> {
  if (g.__pmiMilvus) return;
  const server = await startRealMilvus();
  g.__pmiMilvus = server;
  Object.assign(process.env, {
    PMI_MILVUS_PID: String(server.pid),
    PMI_MILVUS_PORT: String(server.port),
    PMI_MILVUS_STORAGE: server.storageRoot,
    PMI_MILVUS_PYTHON: server.python,
  });
}
