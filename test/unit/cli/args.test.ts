import { COMMAND_SPECS, COMMANDS, OPTIONS, parseCommandLine } from "../../../provider/cli/args";
import { UsageError } from "../../../provider/cli/errors";

const usage = (argv: string[]) => {
  try {
    parseCommandLine(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error(`expected a UsageError for ${argv.join(" ")}`);
};

test("parses a command, its flags, repeated flags and positionals", () => {
  const p = parseCommandLine([
    "import",
    "a.csv",
    "--target",
    "milvus-v2",
    "--uri=http://127.0.0.1:19530",
    "--object-url",
    "s3://b/1.parquet",
    "--object-url",
    "s3://b/2.parquet",
    "-w",
    "--json",
  ]);
  expect(p.command).toBe("import");
  expect(p.positionals).toEqual(["a.csv"]);
  expect(p.values.target).toBe("milvus-v2");
  expect(p.values.uri).toBe("http://127.0.0.1:19530");
  expect(p.values["object-url"]).toEqual(["s3://b/1.parquet", "s3://b/2.parquet"]);
  expect(p.values.wait).toBe(true);
  expect(p.values.json).toBe(true);
});

test("no command, `help`, --help and --version", () => {
  expect(parseCommandLine([]).values.help).toBe(true);
  expect(parseCommandLine(["--help"]).command).toBeUndefined();
  expect(parseCommandLine(["help", "write"])).toMatchObject({ command: "write", values: { help: true } });
  expect(parseCommandLine(["status", "--help"]).values.help).toBe(true);
  expect(parseCommandLine(["--version"]).values.version).toBe(true);
  expect(usage(["help", "nope"]).message).toContain('unknown command "nope"');
});

test("unknown commands and flags, flags of another command, and missing values are usage errors", () => {
  expect(usage(["frobnicate"]).message).toContain('unknown command "frobnicate"');
  expect(usage(["validate", "--nope"]).message).toBe("unknown flag --nope for `validate`");
  // --bucket belongs to upload/import, not validate
  expect(usage(["validate", "--bucket", "b"]).message).toBe("unknown flag --bucket for `validate`");
  expect(usage(["write", "--out"]).message).toBe("flag --out needs a value");
  expect(usage(["status", "--wait=yes"]).message).toBe("flag --wait takes no value");
  expect(usage(["status", "1", "--timeout", "-5"]).message).toBe(
    'flag --timeout needs a value (write --timeout=VALUE for a value starting with "-")',
  );
});

test.each([
  ["--token=s3cr3t-value"],
  ["--api-key", "s3cr3t-value"],
  ["--secret-key=s3cr3t-value"],
  ["--password=s3cr3t-value"],
  ["--access-key-id=AKIAEXAMPLE"],
  ["--account-key=s3cr3t-value"],
  ["--connection-string=s3cr3t-value"],
])("secret flag %s is refused without echoing its value", (...flagArgs) => {
  const err = usage(["import", ...flagArgs]);
  expect(err.message).toMatch(/not accepted: secrets are never passed as flags/);
  expect(`${err.message}\n${err.hint}`).not.toContain("s3cr3t-value");
  expect(err.hint).toContain("MILVUS_IMPORT_API_KEY");
});

test("a misplaced value is not echoed by an unknown-flag error", () => {
  const err = usage(["list", "--bogus=hunter2-secret"]);
  expect(err.message).not.toContain("hunter2-secret");
});

test("every command's allow-list names only known options", () => {
  for (const c of COMMANDS) for (const o of COMMAND_SPECS[c].options) expect(OPTIONS[o]).toBeDefined();
});
