/**
 * Foundation e2e smoke: a stack in its own project directory, depending on the packed package as a
 * user's project would, goes through a real `pulumi up` -> `preview` (no changes) -> `destroy`.
 */
import path from "node:path";
import { PulumiProject } from "../helpers/pulumi";

jest.setTimeout(5 * 60_000);

const program = `
const { Echo } = require("pulumi-milvus-import");
const e = new Echo("hello", { value: { rows: 3, name: "smoke" } });
exports.digest = e.digest;
exports.value = e.value;
`;

test("pulumi up / preview (no changes) / destroy with a dynamic resource from the installed package", async () => {
  const consumer = process.env.PMI_CONSUMER_DIR!;
  const p = PulumiProject.create(path.join(consumer), "pmi-smoke", program);
  try {
    await p.init();
    const up = await p.up();
    expect(up.result).toBe("succeeded");
    expect(up.changes).toEqual({ create: 2 });
    const outs = await p.outputs();
    expect(outs.value).toEqual({ rows: 3, name: "smoke" });
    expect(outs.digest).toMatch(/^[0-9a-f]{64}$/);

    const pv = await p.preview();
    expect(pv.changeSummary).toEqual({ same: 2 });
    expect(pv.steps.every((s: { op: string }) => s.op === "same")).toBe(true);

    const state = await p.stackExport();
    const echo = state.deployment.resources.find(
      (r: { type: string }) => r.type === "pulumi-nodejs:dynamic/milvus:Echo",
    );
    expect(echo.outputs.__provider).toContain("create");

    const down = await p.destroy();
    expect(down.changes).toEqual({ delete: 2 });
    // Shown in the CI log: what the real engine did at each step.
    console.log(
      `pulumi ${(await p.ok(["version"])).stdout.trim()}: up ${JSON.stringify(up.changes)}, ` +
        `preview ${JSON.stringify(pv.changeSummary)}, destroy ${JSON.stringify(down.changes)}`,
    );
    const after = await p.stackExport();
    expect(after.deployment.resources ?? []).toHaveLength(0);
  } finally {
    p.cleanup();
  }
});
