/**
 * Foundation e2e smoke: a stack in its own project directory, depending on the packed package as a
 * user's project would (`require("pulumi-milvus-import")`, the package's main entry), goes through a
 * real `pulumi up` -> `preview` (no changes) -> `destroy` with a Collection on the embedded engine.
 */
import path from "node:path";
import { openLocalEngine } from "../../provider/engine";
import { PulumiProject } from "../helpers/pulumi";

jest.setTimeout(5 * 60_000);

const program = `
const pulumi = require("@pulumi/pulumi");
const { Collection } = require("pulumi-milvus-import");
const c = new Collection("smoke", {
  connection: { localDir: new pulumi.Config().require("engineDir") },
  name: "smoke",
  schema: { fields: [{ name: "id", dataType: "INT64", isPrimary: true }, { name: "vec", dataType: "FLOAT_VECTOR", dim: 2 }] },
});
exports.fingerprint = c.schemaFingerprint;
exports.loadState = c.loadState;
`;

test("pulumi up / preview (no changes) / destroy with a resource from the installed package", async () => {
  const p = PulumiProject.create(process.env.PMI_CONSUMER_DIR!, "pmi-smoke", program);
  const engineDir = path.join(p.dir, "engine");
  try {
    await p.init({ engineDir });
    const up = await p.up();
    expect(up.result).toBe("succeeded");
    expect(up.changes).toEqual({ create: 2 });
    const outs = await p.outputs();
    expect(outs.fingerprint).toMatch(/^[0-9a-f]{8,}$/);
    expect(outs.loadState).toBe("Loaded");
    expect(await openLocalEngine(engineDir).collectionApi.hasCollection("default", "smoke")).toBe(true);

    const pv = await p.preview();
    expect(pv.changeSummary).toEqual({ same: 2 });

    const state = await p.stackExport();
    const collection = state.deployment.resources.find(
      (r: { type: string }) => r.type === "pulumi-nodejs:dynamic/milvus:Collection",
    );
    expect(collection.outputs.__provider).toContain("pulumi-milvus-import/dist/provider/resources/");

    const down = await p.destroy();
    expect(down.changes).toEqual({ delete: 2 });
    // Shown in the CI log: what the real engine did at each step.
    console.log(
      `pulumi ${(await p.ok(["version"])).stdout.trim()}: up ${JSON.stringify(up.changes)}, ` +
        `preview ${JSON.stringify(pv.changeSummary)}, destroy ${JSON.stringify(down.changes)}`,
    );
    const after = await p.stackExport();
    expect(after.deployment.resources ?? []).toHaveLength(0);
    expect(await openLocalEngine(engineDir).collectionApi.hasCollection("default", "smoke")).toBe(false);
  } finally {
    p.cleanup();
  }
});
