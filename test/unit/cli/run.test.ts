/** The CLI in-process: help, exit codes, --json error documents, and secrets never printed. */
import { COMMANDS } from "../../../provider/cli/args";
import { cli, tempDir, writeJson } from "./helpers";

test("help lists every command, the environment and the exit codes; exit 0", async () => {
  const r = await cli(["--help"]);
  expect(r.code).toBe(0);
  for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, "m"));
  expect(r.stdout).toContain("MILVUS_IMPORT_API_KEY");
  expect(r.stdout).toContain("4  timeout");
  const sub = await cli(["upload", "--help"]);
  expect(sub.stdout).toMatch(/^Usage: milvus-import upload \[flags\] DIR/);
  expect(sub.stdout).toContain("--storage-provider P");
  expect(sub.stdout).not.toContain("--schema");
});

test("--version prints the package version", async () => {
  const r = await cli(["--version"]);
  expect(r.code).toBe(0);
  expect(r.stdout.trim()).toBe(require("../../../package.json").version);
});

test("usage errors exit 2; with --json stdout holds exactly one error document", async () => {
  const human = await cli(["status"]);
  expect(human.code).toBe(2);
  expect(human.stdout).toBe("");
  expect(human.stderr).toContain("error: give exactly one JOB_ID");

  const r = await cli(["status", "1", "--json"]);
  expect(r.code).toBe(2);
  const doc = JSON.parse(r.stdout);
  expect(doc).toEqual({
    ok: false,
    command: "status",
    exitCode: 2,
    error: { kind: "usage", message: expect.stringMatching(/^no target/) },
  });
  expect(r.stderr).toMatch(/^error: no target/);
});

test("an invalid config file exits 2 naming every problem", async () => {
  const dir = tempDir();
  writeJson(dir, "c.json", { target: { kind: "cloud" }, writer: { format: "xml" } });
  const r = await cli(["list", "--config", "c.json", "--json"], { cwd: dir });
  expect(r.code).toBe(2);
  const doc = JSON.parse(r.stdout);
  expect(doc.error.message).toContain("target/kind: must be one of");
  expect(doc.error.message).toContain("writer/format: must be one of");
});

test("an invalid schema file exits 2 listing the schema problems", async () => {
  const dir = tempDir();
  writeJson(dir, "s.json", { fields: [{ name: "v", dataType: "FLOAT_VECTOR" }] });
  writeJson(dir, "a.json", { rows: [] });
  const r = await cli(["validate", "a.json", "--schema", "s.json"], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/invalid collection schema/);
});

test("secrets from the environment never reach stdout or stderr, even when they appear in a message", async () => {
  const secret = "zk-0123456789abcdef-SECRET";
  const env = { MILVUS_IMPORT_API_KEY: secret, AWS_SECRET_ACCESS_KEY: "aws-SECRET-value-999" };
  // A file name containing the secret ends up in the error message; the output layer scrubs it.
  const dir = tempDir();
  for (const json of [false, true]) {
    const r = await cli(
      ["validate", `${secret}.csv`, "--schema", `aws-SECRET-value-999.json`, ...(json ? ["--json"] : [])],
      { env, cwd: dir },
    );
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toContain("[REDACTED]");
    expect(r.stderr + r.stdout).not.toContain(secret);
    expect(r.stderr + r.stdout).not.toContain("aws-SECRET-value-999");
  }
});

test("a secret passed as a flag is refused (exit 2) and not echoed", async () => {
  const r = await cli(["import", "--api-key=zk-flag-secret-42", "--json"]);
  expect(r.code).toBe(2);
  expect(r.stdout + r.stderr).not.toContain("zk-flag-secret-42");
  expect(JSON.parse(r.stdout).error.message).toMatch(/secrets are never passed as flags/);
});
