import { Redactor } from "../../../provider/api/redact";
import { Output, toJson } from "../../../provider/cli/output";
import { formatAmount, Progress } from "../../../provider/cli/progress";

function sink() {
  const out = { stdout: "", stderr: "" };
  const io = {
    stdout: { write: (t: string) => (out.stdout += t) },
    stderr: { write: (t: string) => (out.stderr += t) },
    env: {},
    cwd: "/",
    isTTY: false,
  };
  return { out, io };
}

test("--json: one document on stdout, int64 as exact decimal strings, secret keys and values redacted", () => {
  const { out, io } = sink();
  const o = new Output(io, true, new Redactor(["s3cr3t-token-value"]));
  o.log("log line with s3cr3t-token-value");
  o.result(
    { ok: true, id: 9007199254740993n, note: "uses s3cr3t-token-value", secretKey: "anything" },
    () => "unused",
  );
  expect(JSON.parse(out.stdout)).toEqual({
    ok: true,
    id: "9007199254740993",
    note: "uses [REDACTED]",
    secretKey: "[REDACTED]",
  });
  expect(out.stderr).toBe("log line with [REDACTED]\n");
  expect(() => o.result({}, () => "")).toThrow(/two results/);
});

test("human mode prints the rendering, newline-terminated", () => {
  const { out, io } = sink();
  new Output(io, false, new Redactor()).result({ ok: true }, () => "done");
  expect(out.stdout).toBe("done\n");
});

test("plain progress lines are throttled but the final value is always printed", () => {
  const { out, io } = sink();
  const p = new Progress(new Output(io, false, new Redactor()), false, 60_000);
  const t = p.task("upload", "bytes", 3 * 1024 * 1024);
  t.update(1024);
  t.update(2048); // within the interval: dropped
  t.update(3 * 1024 * 1024);
  t.done("2 uploaded");
  expect(out.stderr.split("\n").filter(Boolean)).toEqual([
    "upload: 1.0 KiB of 3.0 MiB",
    "upload: 3.0 MiB of 3.0 MiB",
    "upload: 2 uploaded",
  ]);
});

test("amount formatting", () => {
  expect(formatAmount(512, "bytes")).toBe("512 B");
  expect(formatAmount(5 * 2 ** 30, "bytes")).toBe("5.00 GiB");
  expect(formatAmount(42.4, "%")).toBe("42%");
  expect(formatAmount(7, "rows")).toBe("7 rows");
  expect(toJson({ a: 1n })).toBe('{\n  "a": "1"\n}');
});

test("--json stays one valid document when a message echoes an Authorization header (redacted on values)", () => {
  const { out, io } = sink();
  const o = new Output(io, true, new Redactor(["zk-echoed-key-123"]));
  // A server error that quotes the request it got: quotes and backslashes around the secret.
  const message =
    'HTTP 400: {"headers":{"Authorization":"Bearer zk-echoed-key-123","X-Trace":"a\\\\b"}} ' +
    'Authorization: Bearer tok-unknown-456" and \'token\': "tok-789"';
  o.result({ ok: false, error: { message, nested: [{ detail: message }] } }, () => "");
  const doc = JSON.parse(out.stdout);
  for (const m of [doc.error.message, doc.error.nested[0].detail]) {
    expect(m).not.toContain("zk-echoed-key-123");
    expect(m).not.toContain("tok-unknown-456");
    expect(m).not.toContain("tok-789");
    expect(m).toContain('"Authorization":"Bearer [REDACTED]"');
    expect(m).toContain('"X-Trace":"a\\\\b"');
  }
  expect(out.stdout.trim().split("\n").length).toBeGreaterThan(1); // pretty-printed, one document
});

test("Redactor.describeBody redacts values before serialising: the log text is valid JSON", () => {
  const r = new Redactor();
  const text = r.describeBody({ error: 'echo: "Authorization": "Bearer abc.def"', n: 1n });
  expect(JSON.parse(text)).toEqual({ error: 'echo: "Authorization": "Bearer [REDACTED]"', n: "1" });
});
