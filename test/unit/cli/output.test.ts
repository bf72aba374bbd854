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

test("plain progress: one line per stage (with time and rate), a heartbeat only for long stages", () => {
  const { out, io } = sink();
  let now = 0;
  const p = new Progress(new Output(io, false, new Redactor()), false, 60_000, () => now);
  const t = p.task("upload", "bytes", 3 * 1024 * 1024);
  for (let i = 1; i <= 100; i++) {
    now = i * 100;
    t.update(i * 30 * 1024);
  }
  t.done("2 uploaded");
  // 10 s, 100 updates: one line.
  expect(out.stderr).toBe("upload: 2 uploaded (10.0 s, 300.0 KiB/s)\n");

  const { out: out2, io: io2 } = sink();
  now = 0;
  const slow = new Progress(new Output(io2, false, new Redactor()), false, 60_000, () => now);
  const w = slow.task("write", "rows", 1000);
  for (let s = 1; s <= 150; s++) {
    now = s * 1000;
    w.update(s * 6);
  }
  w.done();
  expect(out2.stderr.split("\n").filter(Boolean)).toEqual([
    "write: 360 rows of 1000 rows (6 rows/s)",
    "write: 720 rows of 1000 rows (6 rows/s)",
    "write: 900 rows of 1000 rows (2 min 30 s, 6 rows/s)",
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
