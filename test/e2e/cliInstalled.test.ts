/**
 * The `milvus-import` bin of the packed package, installed into a separate project like a user's:
 * the bin link works, finds its JSON Schemas inside the installed package, and validates data.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

test("node_modules/.bin/milvus-import runs from the installed package", () => {
  const consumer = process.env.PMI_CONSUMER_DIR!;
  const bin = path.join(consumer, "node_modules/.bin/milvus-import");
  expect(fs.existsSync(bin)).toBe(true);
  const dir = fs.mkdtempSync(path.join(consumer, "cli-"));
  fs.writeFileSync(
    path.join(dir, "c.json"),
    JSON.stringify({
      collection: {
        name: "docs",
        schema: {
          fields: [
            { name: "id", dataType: "INT64", isPrimary: true },
            { name: "v", dataType: "FLOAT_VECTOR", dim: 2 },
          ],
        },
      },
    }),
  );
  fs.writeFileSync(path.join(dir, "rows.jsonl"), '{"id": 1, "v": [0.5, 1]}\n{"id": 2, "v": [1]}\n');
  const env = {
    ...process.env,
    PATH: [path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
  };
  const run = (args: string[]) => spawnSync(bin, args, { cwd: dir, env, encoding: "utf8" });

  const version = run(["--version"]);
  expect(version.status).toBe(0);
  expect(version.stdout.trim()).toBe(
    JSON.parse(fs.readFileSync(path.join(consumer, "node_modules/pulumi-milvus-import/package.json"), "utf8"))
      .version,
  );

  const r = run(["validate", "rows.jsonl", "-c", "c.json", "--json"]);
  expect(r.status).toBe(1);
  expect(JSON.parse(r.stdout).error.issues).toEqual([
    expect.objectContaining({ file: "rows.jsonl", row: 2, field: "v" }),
  ]);
});
