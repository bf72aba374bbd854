/**
 * What `dynamic.Resource` stores in state as `__provider`: the providers serialized from the COMPILED
 * package (dist/, what users install), not from ts sources. Build first: scripts/test.sh does, or
 * `bash scripts/with-node.sh tsc -p tsconfig.json`.
 */
import fs from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";

const root = path.resolve(__dirname, "../../..");
const dist = (f: string) => path.join(root, "dist/provider/resources", f);

function load(name: "collection" | "importJob", exportName: string) {
  const js = dist(`${name}.js`);
  const src = path.join(root, "provider/resources", `${name}.ts`);
  if (!fs.existsSync(js) || fs.statSync(js).mtimeMs < fs.statSync(src).mtimeMs) {
    throw new Error(
      `${js} is missing or older than ${src}: run bash scripts/with-node.sh tsc -p tsconfig.json`,
    );
  }
  return require(js)[exportName];
}

describe.each([
  ["collection", "__collectionProvider", "collectionProvider"],
  ["importJob", "__importJobProvider", "importJobProvider"],
] as const)("%s provider", (file, exportName, implModule) => {
  test("serializes small, secret-free, path-free, requiring the library by package name", async () => {
    const provider = load(file, exportName);
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    expect(sf.containsSecrets).toBe(false);
    expect(sf.text.length).toBeLessThan(8_000);
    expect(sf.text).toContain(`require("pulumi-milvus-import/dist/provider/resources/${implModule}")`);
    expect(sf.text).toContain(`require("pulumi-milvus-import/dist/provider/resources/common")`);
    // No absolute paths (the repo, home, tmp) and no relative requires that break in the provider process.
    expect(sf.text).not.toContain(root);
    expect(sf.text).not.toMatch(/require\("\.{1,2}\//);
    expect(sf.text).not.toMatch(/["'`]\/(home|tmp|work|root|Users)\//);
    // Every method is there.
    for (const m of ["configure", "check", "diff", "create", "read", "update", "delete"])
      expect(sf.text).toContain(m);
  });
});
