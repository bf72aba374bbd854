/**
 * The milvusimport provider plugin through the real Pulumi CLI, from Python (the generated SDK) and
 * YAML: examples/python-quickstart and examples/yaml-quickstart on the embedded engine do what the
 * TypeScript quickstart does. up imports and the count is verified, a second run changes nothing, a
 * changed row shows as a dataHash replace in preview, destroy removes the rows, and a secret in the
 * stack config stays ciphertext in state. Then a YAML program against the emulator's Milvus face and
 * MinIO takes the server token and storage keys only from milvusimport:* stack config.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { writeMediumArticlesCsv } from "../../provider/datasets/mediumArticles";
import { openLocalEngine } from "../../provider/engine";
import { S3Store } from "../../provider/storage/s3";
import { createMinioBucket, minioEnv } from "../helpers/env";
import {
  exampleProject,
  generateSdk,
  pythonVenvWithSdk,
  readPackageSchema,
  yamlProgram,
} from "../helpers/pluginSdk";
import type { PulumiProject } from "../helpers/pulumi";

jest.setTimeout(10 * 60_000);

const ROWS = 300;
const SIG = "4dabf18193072939515e22adb298388d";
let work: string;
let pythonBin: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-plugin-"));
  const schema = readPackageSchema(work);
  const sdk = await generateSdk(schema, "python", path.join(work, "sdk/python"));
  pythonBin = pythonVenvWithSdk(sdk, path.join(work, "venv"));
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

const isSecretEnvelope = (v: unknown) => typeof v === "object" && v !== null && SIG in v;

/** Rewrites the title of one row of the CSV (the 7th data row). */
function changeOneRow(csv: string) {
  const lines = fs.readFileSync(csv, "utf8").split("\n");
  lines[7] = lines[7].replace(/^(\d+),[^,]*/, "$1,Changed title");
  fs.writeFileSync(csv, lines.join("\n"));
}

describe.each([
  ["python", "python-quickstart"],
  ["yaml", "yaml-quickstart"],
])("%s quickstart through the provider plugin", (language, example) => {
  test("up imports and counts, second up is a no-op, a changed row previews a dataHash replace, destroy removes the rows; secrets stay secret", async () => {
    const p: PulumiProject = exampleProject(example, language === "python" ? [pythonBin] : []);
    const qs = path.join(p.dir, ".quickstart");
    const csv = path.join(qs, "medium_articles_partial.csv");
    writeMediumArticlesCsv(csv, ROWS, 42);
    p.env.PMI_CACHE_DIR = path.join(p.dir, ".cache");
    const token = `tok-${Math.random().toString(36).slice(2)}`;
    try {
      await p.init({}, { "milvusimport:token": token });
      const up = await p.up();
      expect(up.result).toBe("succeeded");
      expect(up.changes).toEqual({ create: 3 });
      expect(up.diagnostics.join("\n")).toMatch(/\[ImportJob \w[\w-]*\] started job/);
      const outs = await p.outputs();
      expect(outs.importedRows).toBe(ROWS);
      expect(outs.state).toBe("Completed");
      const engine = openLocalEngine(path.join(qs, "milvus"));
      expect(await engine.collectionApi.count("default", "medium_articles")).toBe(BigInt(ROWS));

      const again = await p.up();
      expect(again.changes).toEqual({ same: 3 });
      expect((await p.preview()).changeSummary).toEqual({ same: 3 });

      changeOneRow(csv);
      const pv = await p.preview();
      const replace = pv.steps.find((s) => s.urn.includes("ImportJob") && s.op === "replace");
      expect(replace?.replaceReasons).toContain("dataHash");
      expect(pv.changeSummary).toMatchObject({ replace: 1, same: 2 });
      const text = await p.ok(["preview", "--diff"]);
      expect(text.stdout).toMatch(/~ dataHash\s*: "[0-9a-f]{64}" => "[0-9a-f]{64}"/);

      // State as stored: the token only as ciphertext; the connection and storage are secret envelopes.
      const stored = (await p.ok(["stack", "export"])).stdout;
      expect(stored).not.toContain(token);
      const resources = JSON.parse(stored).deployment.resources as {
        type: string;
        inputs: Record<string, unknown>;
        outputs: Record<string, unknown>;
      }[];
      const collection = resources.find((r) => r.type === "milvusimport:index:Collection")!;
      const job = resources.find((r) => r.type === "milvusimport:index:ImportJob")!;
      expect(isSecretEnvelope(collection.outputs.connection)).toBe(true);
      expect(isSecretEnvelope(collection.inputs.connection)).toBe(true);
      expect(isSecretEnvelope(job.outputs.collection)).toBe(true);
      expect(isSecretEnvelope(job.outputs.storage)).toBe(true);
      expect(
        isSecretEnvelope(resources.find((r) => r.type === "pulumi:providers:milvusimport")!.inputs.token),
      ).toBe(true);

      const down = await p.destroy();
      expect(down.result).toBe("succeeded");
      expect(await engine.collectionApi.hasCollection("default", "medium_articles")).toBe(false);
      expect((await p.stackExport()).deployment.resources ?? []).toHaveLength(0);
    } finally {
      p.cleanup();
    }
  });
});

describe("credentials from milvusimport:* stack config (emulator Milvus face, MinIO staging)", () => {
  const PASSWORD = `pw${Math.random().toString(36).slice(2)}`;
  let emu: RunningEmulator;
  let bucket: string;
  const emulatorLog: string[] = [];

  beforeAll(async () => {
    const m = minioEnv();
    bucket = `plugin-${Date.now().toString(36)}`;
    await createMinioBucket(bucket);
    emu = await startEmulator({
      port: 0,
      dataDir: fs.mkdtempSync(path.join(work, "emu-")),
      users: { root: PASSWORD },
      bucketStore: new S3Store({
        provider: "s3",
        bucket,
        endpoint: m.endpoint,
        region: m.region,
        forcePathStyle: true,
        accessKeyId: m.accessKey,
        secretAccessKey: m.secretKey,
      }),
      log: (l) => emulatorLog.push(l),
    });
  });

  afterAll(async () => {
    await emu?.stop();
  });

  test("a YAML program imports with the token and storage keys from config; none of them is in state or logs", async () => {
    const m = minioEnv();
    // The same plugin, another program: Collection + ImportJob on the Milvus REST face of the emulator.
    const p = yamlProgram(
      "pmi-plugin-config",
      `name: pmi-plugin-config
runtime: yaml
plugins:
  providers:
    - name: milvusimport
      path: ./node_modules/.bin
resources:
  docs:
    type: milvusimport:index:Collection
    properties:
      connection: { uri: "${emu.url}" }
      name: docs_plugin
      schema:
        fields:
          - { name: id, dataType: INT64, isPrimary: true }
          - { name: vec, dataType: FLOAT_VECTOR, dim: 2 }
  load:
    type: milvusimport:index:ImportJob
    properties:
      collection: { name: "\${docs.name}", connection: "\${docs.connection}", schema: "\${docs.schema}" }
      api: milvus-v2
      source:
        rows:
          - { id: 1, vec: [0.1, 0.2] }
          - { id: 2, vec: [0.3, 0.4] }
          - { id: 3, vec: [0.5, 0.6] }
      storage: { provider: s3, bucket: ${bucket}, endpoint: "${m.endpoint}", region: ${m.region}, forcePathStyle: true }
      wait: { pollIntervalSeconds: 0.2 }
outputs:
  importedRows: \${load.importedRows}
`,
    );
    p.env.PMI_CACHE_DIR = path.join(p.dir, ".cache");
    for (const k of ["MILVUS_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) delete p.env[k];
    const secrets = {
      "milvusimport:token": `root:${PASSWORD}`,
      "milvusimport:storageAccessKey": m.accessKey,
      "milvusimport:storageSecretKey": m.secretKey,
    };
    const logs: string[] = [];
    try {
      await p.init({}, secrets);
      const up = await p.up();
      logs.push(...up.diagnostics, JSON.stringify(up.events));
      expect(up.result).toBe("succeeded");
      expect((await p.outputs()).importedRows).toBe(3);
      expect(await emu.opened.collectionApi.count("default", "docs_plugin")).toBe(3n);
      const stored = (await p.ok(["stack", "export"])).stdout;
      const down = await p.destroy();
      logs.push(...down.diagnostics, JSON.stringify(down.events));
      expect(await emu.opened.collectionApi.hasCollection("default", "docs_plugin")).toBe(false);
      const haystack = [stored, ...logs, ...emulatorLog].join("\n");
      for (const secret of [PASSWORD, m.secretKey]) expect(haystack.split(secret).length - 1).toBe(0);
    } finally {
      p.cleanup();
    }
  });

  test("without the token the same connection is refused (the config above is what authenticated)", async () => {
    const p = yamlProgram(
      "pmi-plugin-noauth",
      `name: pmi-plugin-noauth
runtime: yaml
plugins:
  providers:
    - name: milvusimport
      path: ./node_modules/.bin
resources:
  docs:
    type: milvusimport:index:Collection
    properties:
      connection: { uri: "${emu.url}" }
      name: docs_noauth
      schema:
        fields:
          - { name: id, dataType: INT64, isPrimary: true }
          - { name: vec, dataType: FLOAT_VECTOR, dim: 2 }
`,
    );
    delete p.env.MILVUS_TOKEN;
    try {
      await p.init();
      const r = await p.run(["up", "--yes", "--skip-preview"]);
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/hasn't authenticated|1800|401/);
      expect(await emu.opened.collectionApi.hasCollection("default", "docs_noauth")).toBe(false);
    } finally {
      p.cleanup();
    }
  });
});
