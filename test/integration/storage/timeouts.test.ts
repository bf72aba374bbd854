/**
 * Bounded time against a server that accepts connections and never answers (the nastiest
 * "unreachable": no RST, no response). Every network backend must give up within its configured
 * per-request timeout times its attempt cap, with a Timeout/Unreachable StorageError naming
 * provider, bucket and key.
 */
import net from "node:net";
import { AzureStore } from "../../../provider/storage/azure";
import { OssStore } from "../../../provider/storage/oss";
import { S3Store } from "../../../provider/storage/s3";
import type { ObjectStore } from "../../../provider/storage/types";
import { expectCleanError } from "./contract";

// Real servers shared with other suites: keep slow machines from failing on time, not behaviour.
jest.setTimeout(30_000);

let silent: net.Server;
let endpoint: string;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  silent = net.createServer((s) => {
    sockets.add(s);
    s.on("error", () => undefined);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
  endpoint = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => silent.close(() => r()));
});

const tuning = { timeoutMs: 1000, maxAttempts: 2 };
const SECRET = "never-printed-secret-value";

test.each<[string, () => ObjectStore]>([
  [
    "s3",
    () =>
      new S3Store({
        provider: "s3",
        bucket: "b-s3",
        endpoint,
        accessKeyId: "id",
        secretAccessKey: SECRET,
        ...tuning,
      }),
  ],
  [
    "azure",
    () =>
      new AzureStore({
        provider: "azure",
        bucket: "b-azure",
        endpoint: `${endpoint}/acct`,
        accountName: "acct",
        accountKey: Buffer.from(SECRET).toString("base64"),
        ...tuning,
      }),
  ],
  [
    "oss",
    () =>
      new OssStore({
        provider: "oss",
        bucket: "b-oss",
        endpoint,
        accessKeyId: "id",
        accessKeySecret: SECRET,
        ...tuning,
      }),
  ],
])(
  "%s: a server that never answers fails within the bounded time",
  async (provider, make) => {
    const store = make();
    const t0 = Date.now();
    const err = await store.putStream("slow/k.bin", Buffer.from("x"), 1).catch((e) => e);
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeLessThan(12_000);
    expectCleanError(err, {
      provider,
      bucket: store.bucket,
      key: "slow/k.bin",
      code: ["Timeout", "Unreachable"],
      secrets: [SECRET, Buffer.from(SECRET).toString("base64")],
    });
  },
  30_000,
);
