/**
 * SDKs from the plugin's schema (read from the running plugin with `pulumi package get-schema`) by
 * Pulumi's own generators: Python, Go and .NET each carry both resources with every declared input
 * and output; the Go SDK compiles against the Pulumi Go SDK from the module proxy. (The Python SDK
 * runs in plugin.test.ts; .NET is generated and inspected only: no .NET toolchain or NuGet here.)
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { COLLECTION, IMPORT_JOB } from "../../provider/resources/shapes/table";
import { generateSdk, readPackageSchema } from "../helpers/pluginSdk";

jest.setTimeout(15 * 60_000);

let work: string;
let schemaFile: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-sdks-"));
  schemaFile = readPackageSchema(work);
});
afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const pascal = (s: string) => s[0].toUpperCase() + s.slice(1);
const properties = (r: typeof COLLECTION) => [...Object.keys(r.inputs), ...Object.keys(r.outputs)];
const read = (...parts: string[]) => fs.readFileSync(path.join(...parts), "utf8");

test("the schema from the running plugin names both resources, secrets and replace-on-change properties", () => {
  const schema = JSON.parse(read(schemaFile));
  const job = schema.resources["milvusimport:index:ImportJob"];
  const col = schema.resources["milvusimport:index:Collection"];
  expect(Object.keys(job.properties).sort()).toEqual(properties(IMPORT_JOB).sort());
  expect(Object.keys(col.inputProperties).sort()).toEqual(Object.keys(COLLECTION.inputs).sort());
  expect(col.requiredInputs).toEqual(["connection", "name", "schema"]);
  expect(col.inputProperties.connection.secret).toBe(true);
  expect(job.properties.storage.secret).toBe(true);
  expect(job.properties.dataHash.replaceOnChanges).toBe(true);
  expect(schema.config.variables.token.secret).toBe(true);
  expect(schema.types["milvusimport:index:Field"].properties.dataType.description).toMatch(/FLOAT_VECTOR/);
});

test("python: both resources with every property (snake_case), the plugin named in pulumi-plugin.json", async () => {
  const dir = await generateSdk(schemaFile, "python", path.join(work, "python"));
  const pkg = path.join(dir, "pulumi_milvusimport");
  expect(JSON.parse(read(pkg, "pulumi-plugin.json"))).toMatchObject({ resource: true, name: "milvusimport" });
  for (const [file, r] of [
    ["collection.py", COLLECTION],
    ["import_job.py", IMPORT_JOB],
  ] as const) {
    const code = read(pkg, file);
    for (const k of properties(r))
      expect({ k, found: code.includes(`def ${snake(k)}(self)`) }).toEqual({ k, found: true });
  }
});

test("go: both resources with every property, and `go build` of the SDK succeeds", async () => {
  const root = path.join(work, "gosdk");
  await generateSdk(schemaFile, "go", path.join(root, "go"));
  const pkg = path.join(root, "go/milvusimport");
  for (const [file, r] of [
    ["collection.go", COLLECTION],
    ["importJob.go", IMPORT_JOB],
  ] as const) {
    const code = read(pkg, file);
    for (const k of properties(r))
      expect({ k, found: code.includes(`\t${pascal(k)} `) }).toEqual({ k, found: true });
  }
  // The module path the schema's importBasePath names; the Pulumi Go SDK at the CLI's version.
  fs.writeFileSync(
    path.join(root, "go.mod"),
    "module github.com/pulumi-milvus-import/pulumi-milvusimport/sdk\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 v3.259.0\n",
  );
  execFileSync("go", ["build", "-trimpath", "./..."], {
    cwd: root,
    env: { ...process.env, GOFLAGS: "-mod=mod" },
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 14 * 60_000,
  });
  expect(read(root, "go.mod")).toMatch(/github.com\/pulumi\/pulumi\/sdk\/v3 v3\.259\.0/);
});

test(".NET: both resources with every property (PascalCase), inputs and outputs types", async () => {
  // The .NET generator downloads the package logo from logoUrl; serve one on loopback.
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  );
  const server = http.createServer((_req, res) => res.end(png));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const schema = JSON.parse(read(schemaFile));
    schema.logoUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/logo.png`;
    const withLogo = path.join(work, "schema-logo.json");
    fs.writeFileSync(withLogo, JSON.stringify(schema));
    const dir = await generateSdk(withLogo, "dotnet", path.join(work, "dotnet"));
    expect(fs.readFileSync(path.join(dir, "logo.png"))).toEqual(png);
    expect(fs.readdirSync(dir).some((f) => f.endsWith(".csproj"))).toBe(true);
    for (const [file, r] of [
      ["Collection.cs", COLLECTION],
      ["ImportJob.cs", IMPORT_JOB],
    ] as const) {
      const code = read(dir, file);
      expect(code).toContain(
        `public partial class ${file.replace(".cs", "")} : global::Pulumi.CustomResource`,
      );
      for (const k of properties(r))
        expect({ k, found: code.includes(`[Output("${k}")]`) }).toEqual({ k, found: true });
    }
    expect(fs.existsSync(path.join(dir, "Inputs/ConnectionArgs.cs"))).toBe(true);
    expect(fs.existsSync(path.join(dir, "Outputs/Connection.cs"))).toBe(true);
  } finally {
    server.close();
  }
});
