/** The project runs on Node >= 22 (the bootstrap puts Node 24 first on PATH when the machine's is older). */
import { execFileSync } from "node:child_process";
import path from "node:path";

test("tests run on Node >= 22", () => {
  expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(22);
});

test("with-node.sh gives any command a node >= 22 on PATH", () => {
  const root = path.resolve(__dirname, "../../..");
  const out = execFileSync(
    "bash",
    [path.join(root, "scripts/with-node.sh"), "node", "-p", "process.versions.node"],
    {
      encoding: "utf8",
      env: { ...process.env, PATH: `/usr/bin:/bin:${process.env.PATH}` },
    },
  );
  expect(Number(out.trim().split(".")[0])).toBeGreaterThanOrEqual(22);
});

test("package.json declares engines.node >=22 and @pulumi/pulumi as a peer", () => {
  const pkg = require("../../../package.json");
  expect(pkg.engines.node).toBe(">=22");
  expect(pkg.peerDependencies["@pulumi/pulumi"]).toBeDefined();
  expect(pkg.devDependencies["@pulumi/pulumi"]).toBeDefined();
});
