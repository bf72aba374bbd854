/**
 * The provider plugin as a Python, YAML, Go or .NET user gets it: pulumi-resource-milvusimport from
 * the packed package installed in the consumer project (node_modules/.bin), its schema read from the
 * running plugin with `pulumi package get-schema`, SDKs generated from that schema by Pulumi's own
 * generators (pulumi-sdkgen, scripts/tools/build-pulumi-sdkgen.sh), and for Python a venv whose
 * `pulumi` comes from the cached PyPI venv with the generated SDK pip-installed into it.
 */
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PulumiProject } from "./pulumi";
import {
  pulumiBinDir,
  pulumiPythonBin,
  pythonLanghostDir,
  repoRoot,
  sdkgenDir,
  yamlLanghostDir,
} from "./tools";

const consumerDir = () => {
  const dir = process.env.PMI_CONSUMER_DIR;
  if (!dir) throw new Error("PMI_CONSUMER_DIR is not set (jest globalSetup installs the consumer project)");
  return dir;
};

/** The plugin executable npm linked from the package's bin. */
export const pluginExecutable = () =>
  path.join(consumerDir(), "node_modules/.bin/pulumi-resource-milvusimport");

const cliEnv = (home: string): NodeJS.ProcessEnv => ({
  ...process.env,
  PATH: [pulumiBinDir(), path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
  PULUMI_HOME: home,
  PULUMI_SKIP_UPDATE_CHECK: "true",
  PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
});

/** `pulumi package get-schema <plugin>` (the plugin's GetSchema through the CLI), written to dir/schema.json. */
export function readPackageSchema(dir: string): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "pmi-home-"));
  try {
    const json = execFileSync("pulumi", ["package", "get-schema", pluginExecutable()], {
      env: cliEnv(home),
      encoding: "utf8",
      timeout: 120_000,
    });
    const file = path.join(dir, "schema.json");
    fs.writeFileSync(file, json);
    return file;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

export type SdkLanguage = "python" | "go" | "dotnet";

/**
 * The SDK Pulumi's generator writes for `language` from the schema file, in outDir. Asynchronous:
 * the .NET generator fetches the logo from a server the test runs in this process.
 */
export async function generateSdk(
  schemaFile: string,
  language: SdkLanguage,
  outDir: string,
): Promise<string> {
  await promisify(execFile)(path.join(sdkgenDir(), "pulumi-sdkgen"), [schemaFile, language, outDir], {
    timeout: 120_000,
  });
  return outDir;
}

/**
 * A venv for Python programs with the generated SDK pip-installed: `pulumi` (and the SDK's other
 * dependencies) come from the cached PyPI venv through a .pth file, so each run installs only the
 * SDK. Returns the venv's bin directory (the language host runs the `python3` it finds on PATH).
 */
export function pythonVenvWithSdk(sdkDir: string, venvDir: string): string {
  execFileSync("python3", ["-m", "venv", "--without-pip", venvDir]);
  const python = path.join(venvDir, "bin/python");
  const basePython = path.join(pulumiPythonBin(), "python");
  const sitePackages = (py: string) =>
    execFileSync(py, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], {
      encoding: "utf8",
    }).trim();
  fs.writeFileSync(path.join(sitePackages(python), "_pulumi_base.pth"), `${sitePackages(basePython)}\n`);
  execFileSync(
    python,
    [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--disable-pip-version-check",
      "--no-deps",
      "--no-build-isolation",
      sdkDir,
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 },
  );
  return path.join(venvDir, "bin");
}

/**
 * A copy of examples/<name> in the consumer project with node_modules linked in (as `npm install
 * pulumi-milvus-import` in the project would give it: the Pulumi.yaml plugins entry points at
 * ./node_modules/.bin), run with the language hosts and `extraPath` first on PATH.
 */
export function exampleProject(name: string, extraPath: string[] = []): PulumiProject {
  const dir = fs.mkdtempSync(path.join(consumerDir(), `${name}-`));
  fs.cpSync(path.join(repoRoot, "examples", name), dir, { recursive: true });
  return pluginProject(dir, extraPath);
}

/** A YAML program (the text of its Pulumi.yaml) using the plugin, in the consumer project. */
export function yamlProgram(name: string, pulumiYaml: string): PulumiProject {
  const dir = fs.mkdtempSync(path.join(consumerDir(), `${name}-`));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), pulumiYaml);
  return pluginProject(dir, []);
}

function pluginProject(dir: string, extraPath: string[]): PulumiProject {
  fs.symlinkSync(path.join(consumerDir(), "node_modules"), path.join(dir, "node_modules"));
  const p = new PulumiProject(dir);
  p.env.PATH = [...extraPath, pythonLanghostDir(), yamlLanghostDir(), p.env.PATH].join(path.delimiter);
  return p;
}
