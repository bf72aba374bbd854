/**
 * Collection + ImportJob through the real Pulumi CLI on the embedded local engine, with the package
 * installed into a separate consumer project (as users get it): up -> no-change preview -> data change
 * shows a dataHash replace -> up imports exactly the new rows -> refresh after an out-of-band drop ->
 * up recreates -> destroy leaves nothing. Plus: a bad row fails preview; SIGKILL during the import
 * then the documented recovery converges with exactly one import.
 */

import fs from "node:fs";
import path from "node:path";
import { openLocalEngine } from "../../provider/engine";
import { descendants } from "../helpers/processTree";
import { PulumiProject } from "../helpers/pulumi";

jest.setTimeout(10 * 60_000);

const program = `
const pulumi = require("@pulumi/pulumi");
const { Collection, ImportJob } = require("pulumi-milvus-import");
const cfg = new pulumi.Config();
const localDir = cfg.require("engineDir");
const docs = new Collection("docs", {
  connection: { localDir },
  name: "docs",
  schema: {
    fields: [
      { name: "id", dataType: "INT64", isPrimary: true },
      { name: "vec", dataType: "FLOAT_VECTOR", dim: 3 },
      { name: "title", dataType: "VARCHAR", maxLength: 64 },
    ],
  },
});
const load = new ImportJob("load", {
  collection: docs,
  source: { files: ["data/*.csv"] },
  wait: { timeoutSeconds: 300, pollIntervalSeconds: 0.2 },
});
exports.importedRows = load.importedRows;
exports.jobId = load.jobId;
exports.dataHash = load.dataHash;
exports.partition = load.targetPartition;
`;

const csv = (titles: string[]) =>
  `id,vec,title\n${titles.map((t, i) => `${i + 1},"[${i},${i + 1},${i + 2}]",${t}`).join("\n")}\n`;
const TITLES = Array.from({ length: 50 }, (_, i) => `title${i}`);

function project(name: string) {
  const consumer = process.env.PMI_CONSUMER_DIR!;
  const p = PulumiProject.create(consumer, name, program);
  const engineDir = path.join(p.dir, "engine");
  fs.mkdirSync(path.join(p.dir, "data"));
  p.env.PMI_CACHE_DIR = path.join(p.dir, ".cache");
  return { p, engineDir, dataFile: path.join(p.dir, "data", "rows.csv") };
}

const engineOf = (dir: string) => openLocalEngine(dir);
const importJobStep = (steps: { urn: string; op: string }[]) => steps.filter((s) => s.urn.endsWith("::load"));

test("up, no-change preview, data change replace, refresh after drop, destroy", async () => {
  const { p, engineDir, dataFile } = project("pmi-local");
  fs.writeFileSync(dataFile, csv(TITLES));
  try {
    await p.init({ engineDir });
    const up = await p.up();
    expect(up.result).toBe("succeeded");
    expect(up.changes).toEqual({ create: 3 });
    expect(up.diagnostics.join("\n")).toMatch(/\[ImportJob load\] .*started job/);
    const outs = await p.outputs();
    expect(outs.importedRows).toBe(50);
    const e = engineOf(engineDir);
    expect(await e.collectionApi.count("default", "docs")).toBe(50n);

    const pv = await p.preview();
    expect(pv.changeSummary).toEqual({ same: 3 });

    // One changed row: the preview shows the ImportJob replaced because of its dataHash.
    const changed = [...TITLES];
    changed[7] = "changed";
    fs.writeFileSync(dataFile, csv(changed));
    const pv2 = await p.preview();
    const steps = importJobStep(pv2.steps);
    expect(steps.map((s) => s.op)).toContain("replace");
    const replace = pv2.steps.find((s) => s.urn.endsWith("::load") && s.op === "replace")!;
    expect(replace.replaceReasons ?? replace.diffReasons).toContain("dataHash");
    expect(pv2.changeSummary.replace).toBe(1);

    const up2 = await p.up();
    expect(up2.changes).toMatchObject({ replace: 1, same: 2 });
    expect(await e.collectionApi.count("default", "docs")).toBe(50n);
    const row8 = await e.collectionApi.query("default", "docs", {
      filter: "id == 8",
      outputFields: ["title"],
    });
    expect(row8.map((r) => r.title)).toEqual(["changed"]);
    const outs2 = await p.outputs();
    expect(outs2.dataHash).not.toBe(outs.dataHash);
    expect(await e.collectionApi.listPartitions("default", "docs")).not.toContain(outs.partition);

    // Out-of-band drop: refresh removes both from state; up recreates and imports once.
    await e.collectionApi.dropCollection("default", "docs");
    const ref = await p.refresh();
    expect(ref.changes).toMatchObject({ delete: 2 });
    const up3 = await p.up();
    expect(up3.changes).toMatchObject({ create: 2 });
    expect(await e.collectionApi.count("default", "docs")).toBe(50n);

    await p.destroy();
    expect(await e.collectionApi.hasCollection("default", "docs")).toBe(false);
    const staged = path.join(engineDir, "_staging", "milvus-import");
    expect(fs.existsSync(staged) ? fs.readdirSync(staged) : []).toEqual([]);
    expect((await p.stackExport()).deployment.resources ?? []).toHaveLength(0);
  } finally {
    p.cleanup();
  }
});

test("a bad source row fails pulumi preview with file:row:field and stages nothing", async () => {
  const { p, engineDir, dataFile } = project("pmi-local-bad");
  fs.writeFileSync(dataFile, `${csv(TITLES.slice(0, 3))}4,"[1,2]",short-vector\n`);
  try {
    await p.init({ engineDir });
    const r = await p.run(["preview"]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/rows\.csv:4:vec: expected FLOAT_VECTOR of length 3, got length 2/);
    expect(fs.existsSync(path.join(engineDir, "_staging"))).toBe(false);
  } finally {
    p.cleanup();
  }
});

test("SIGKILL during the import, refresh --clear-pending-creates, up: converges with exactly one import", async () => {
  const { p, engineDir, dataFile } = project("pmi-local-kill");
  fs.writeFileSync(dataFile, csv(TITLES));
  try {
    await p.init({ engineDir });
    // Slow the in-process job down so the kill lands while it is importing.
    p.env.PMI_LOCAL_ENGINE_STEP_DELAY_MS = "1500";
    let cliPid = 0;
    const running = p.run(["up", "--yes", "--skip-preview"], { onSpawn: (pid) => (cliPid = pid) });
    const deadline = Date.now() + 120_000;
    for (;;) {
      const jobs = fs.existsSync(engineDir)
        ? await engineOf(engineDir)
            .importApi.listJobs()
            .catch(() => [])
        : [];
      if (jobs.some((j) => j.state === "Importing" || j.state === "Pending")) break;
      if (Date.now() > deadline) throw new Error("the import never started");
      await new Promise((r) => setTimeout(r, 100));
    }
    const victims = [...descendants(cliPid), cliPid];
    for (const pid of victims) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    const killed = await running;
    expect(killed.signal).toBe("SIGKILL");

    // Recovery as documented: remove the dead update's lock (DIY backend), clear the pending create.
    const locks = path.join(p.stateDir, ".pulumi", "locks");
    fs.rmSync(locks, { recursive: true, force: true });
    delete p.env.PMI_LOCAL_ENGINE_STEP_DELAY_MS;
    await p.refresh(["--clear-pending-creates"]);
    const up = await p.up();
    expect(up.result).toBe("succeeded");
    const e = engineOf(engineDir);
    expect(await e.collectionApi.count("default", "docs")).toBe(50n);
    const jobs = await e.importApi.listJobs({ collectionName: "docs" });
    expect(jobs).toHaveLength(1);
    expect(jobs[0].state).toBe("Completed");
    expect((await p.preview()).changeSummary).toEqual({ same: 3 });
    await p.destroy();
  } finally {
    p.cleanup();
  }
});
