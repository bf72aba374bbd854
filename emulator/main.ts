/**
 * `npm run emulator -- --port 19530 --data ./.emulator [--bucket-dir DIR] [--mount PREFIX=DIR]
 *  [--api-key KEY] [--user USER:PASSWORD] [--cluster ID@REGION] [--config FILE.json] [--quiet]`
 * Prints one JSON line with the URLs once listening; logs one redacted line per request.
 */
import * as fs from "node:fs";
import { type EmulatorOptions, type MountConfig, startEmulator } from "./server";

const USAGE = `Usage: npm run emulator -- [flags]   (node dist/emulator/main.js [flags])

Local HTTP emulator of the Milvus REST v2 and Zilliz Cloud import APIs, on 127.0.0.1.
Prints one JSON line once listening: {"url","controlPlaneUrl","clusters":[{"clusterId","region","status"}],"dataDir","startupMs"}

Flags:
  --port N               port (0 = any free port; default 0)
  --data DIR             engine directory (catalog + rows; default .emulator)
  --bucket-dir DIR       the "Milvus bucket": Milvus import file keys are relative to it
  --mount PREFIX=DIR     object URLs starting with PREFIX read from DIR (repeatable)
  --api-key KEY          accepted control-plane API key (repeatable; none = any non-empty key)
  --user USER:PASSWORD   enable Milvus auth on the cluster face
  --cluster ID@REGION    a cluster the control plane knows (repeatable)
  --config FILE.json     any startEmulator option as JSON (mount credentials, limits, faults, ...)
  --quiet                no request log on stderr
  -h, --help             show this help`;

/** Thrown for a bad command line: printed with the usage hint, exit 2. */
class UsageError extends Error {}

function parseArgs(argv: string[]): EmulatorOptions & { quiet: boolean; help?: boolean } {
  const t0 = { dataDir: ".emulator", quiet: false } as EmulatorOptions & { quiet: boolean };
  let opts = t0;
  const mounts: MountConfig[] = [];
  const apiKeys: string[] = [];
  const users: Record<string, string> = {};
  const clusters: { clusterId: string; region: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case "--port":
        opts.port = Number(val());
        break;
      case "--data":
        opts.dataDir = val();
        break;
      case "--bucket-dir":
        opts.bucketDir = val();
        break;
      case "--mount": {
        const v = val();
        const eq = v.lastIndexOf("=");
        if (eq < 0) throw new UsageError("--mount takes PREFIX=DIR");
        mounts.push({ prefix: v.slice(0, eq), dir: v.slice(eq + 1) });
        break;
      }
      case "--api-key":
        apiKeys.push(val());
        break;
      case "--user": {
        const v = val();
        const c = v.indexOf(":");
        if (c < 0) throw new UsageError("--user takes USER:PASSWORD");
        users[v.slice(0, c)] = v.slice(c + 1);
        break;
      }
      case "--cluster": {
        const [clusterId, region] = val().split("@");
        clusters.push({ clusterId, region: region ?? "aws-us-west-2" });
        break;
      }
      case "--config":
        opts = { ...opts, ...(JSON.parse(fs.readFileSync(val(), "utf8")) as EmulatorOptions) };
        break;
      case "--quiet":
        opts.quiet = true;
        break;
      case "--help":
      case "-h":
        return { ...opts, help: true };
      default:
        throw new UsageError(`unknown argument ${a}`);
    }
  }
  if (mounts.length) opts.mounts = [...(opts.mounts ?? []), ...mounts];
  if (apiKeys.length) opts.apiKeys = [...(opts.apiKeys ?? []), ...apiKeys];
  if (Object.keys(users).length) opts.users = { ...(opts.users ?? {}), ...users };
  if (clusters.length) opts.clusters = [...(opts.clusters ?? []), ...clusters];
  return opts;
}

async function main(): Promise<void> {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`emulator: ${e.message}\nRun with --help for the flags.\n`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const emu = await startEmulator({
    ...opts,
    log: opts.quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
  });
  // performance.now() counts from process start, so this includes Node boot and module loading.
  const startupMs = performance.now();
  // A cluster without a status is RUNNING (that is how the control-plane faces treat it).
  const clusters = emu.clusters.map((c) => ({ ...c, status: c.status ?? "RUNNING" }));
  process.stdout.write(
    `${JSON.stringify({ url: emu.url, controlPlaneUrl: emu.controlPlaneUrl, clusters, dataDir: opts.dataDir, startupMs: Math.round(startupMs) })}\n`,
  );
  const stop = () => {
    emu.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  process.stderr.write(`emulator: ${(e as Error).message}\n`);
  process.exit(2);
});
