/**
 * Every example is a complete Pulumi project that type-checks against this repository's sources
 * ("pulumi-milvus-import" mapped to provider/index.ts by examples/tsconfig.base.json), carries no
 * literal credentials, and has its section in examples/README.md.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

jest.setTimeout(180_000);

const repo = path.resolve(__dirname, "../../..");
const examplesDir = path.join(repo, "examples");
const OWN_EXAMPLES = [
  "zilliz-aws-s3",
  "zilliz-gcs",
  "zilliz-azure-blob",
  "zilliz-china-aliyun-oss",
  "milvus-minio",
  "prepared-parquet",
  "gitops",
];
/** Every example with a program (the quickstart is written separately and checked the same way). */
const programs = fs
  .readdirSync(examplesDir)
  .filter((d) => fs.existsSync(path.join(examplesDir, d, "index.ts")))
  .sort();

test("the per-cloud examples all exist", () => {
  expect(programs).toEqual(expect.arrayContaining(OWN_EXAMPLES));
});

test("tsc --noEmit over every example reports zero diagnostics", () => {
  const tsc = path.join(repo, "node_modules/typescript/bin/tsc");
  let output = "";
  let code = 0;
  try {
    output = execFileSync(
      process.execPath,
      [tsc, "-p", path.join(examplesDir, "tsconfig.typecheck.json"), "--pretty", "false", "--listFilesOnly"],
      {
        cwd: repo,
        encoding: "utf8",
      },
    );
  } catch (err) {
    throw new Error(`tsc --listFilesOnly failed: ${(err as { stdout?: string }).stdout ?? err}`);
  }
  // The program really contains each example (a wrong include would type-check nothing).
  for (const p of programs) expect(output).toContain(path.join(examplesDir, p, "index.ts"));
  try {
    output = execFileSync(
      process.execPath,
      [tsc, "-p", path.join(examplesDir, "tsconfig.typecheck.json"), "--pretty", "false"],
      {
        cwd: repo,
        encoding: "utf8",
      },
    );
  } catch (err) {
    code = (err as { status?: number }).status ?? 1;
    output = `${(err as { stdout?: string }).stdout ?? ""}${(err as { stderr?: string }).stderr ?? ""}`;
  }
  expect(output.trim()).toBe("");
  expect(code).toBe(0);
});

describe.each(OWN_EXAMPLES)("examples/%s", (name) => {
  const dir = path.join(examplesDir, name);
  const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");

  test("is a complete nodejs Pulumi project depending on the package", () => {
    expect(read("Pulumi.yaml")).toMatch(/^runtime: nodejs$/m);
    expect(read("Pulumi.yaml")).toMatch(new RegExp(`^name: milvus-import-${name}$`, "m"));
    const pkg = JSON.parse(read("package.json"));
    expect(pkg.dependencies["pulumi-milvus-import"]).toBeDefined();
    expect(pkg.dependencies["@pulumi/pulumi"]).toBeDefined();
    expect(JSON.parse(read("tsconfig.json")).files).toEqual(["index.ts"]);
  });

  test("takes credentials from secret config or env, never literals", () => {
    const code = read("index.ts");
    expect(code).not.toMatch(
      /\b(apiKey|token|accessKeyId|secretAccessKey|accessKeySecret|accountKey|sasToken|connectionString)\s*:\s*["'`]/,
    );
    expect(code).not.toMatch(/AKIA[0-9A-Z]{12}|["'`](minioadmin|root:Milvus)["'`]/);
    // Stacks run by hand read secret stack config; the GitOps stack gets them from the CI's secret store (env).
    expect(code).toMatch(name === "gitops" ? /ZILLIZ_API_KEY/ : /pulumi config set --secret milvus-import:/);
  });

  test("has a section in examples/README.md", () => {
    expect(fs.readFileSync(path.join(examplesDir, "README.md"), "utf8")).toMatch(
      new RegExp(`^## ${name}$`, "m"),
    );
  });
});

test("the GitOps workflow previews pull requests and applies on merge with secrets from the CI store", () => {
  const wf = fs.readFileSync(path.join(examplesDir, "gitops/.github/workflows/vector-data.yml"), "utf8");
  expect(wf).toMatch(/^\s+pull_request:/m);
  expect(wf).toMatch(/command: preview/);
  expect(wf).toMatch(/command: up/);
  expect(wf).toMatch(/github.ref == 'refs\/heads\/main'/);
  expect(wf).toMatch(/milvus-import validate/);
  for (const s of ["PULUMI_ACCESS_TOKEN", "ZILLIZ_API_KEY", "AWS_SECRET_ACCESS_KEY"]) {
    expect(wf).toContain(`${s}: \${{ secrets.${s} }}`);
  }
});
