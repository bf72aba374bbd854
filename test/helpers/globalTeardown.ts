type Stoppable = { stop(): Promise<void> };
const g = globalThis as unknown as { __pmiServers?: Stoppable[] };

export default async function globalTeardown(): Promise<void> {
  const servers = g.__pmiServers ?? [];
  g.__pmiServers = undefined;
  await Promise.all(servers.map((s) => s.stop()));
}
