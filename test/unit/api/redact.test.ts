import { REDACTED, Redactor, redactUrl, redactValue } from "../../../provider/api/redact";

describe("redaction", () => {
  test("secret keys in nested bodies are replaced, other values kept", () => {
    const body = {
      clusterId: "in03-abc",
      accessKey: "AKIAEXAMPLEKEY123456",
      secretKey: "wJalrSECRET",
      token: "sts-session",
      nested: { Password: "p4ss", list: [{ secret_key: "s2" }] },
      empty: { accessKey: "" },
    };
    const out = redactValue(body) as Record<string, any>;
    expect(out.clusterId).toBe("in03-abc");
    expect(out.accessKey).toBe(REDACTED);
    expect(out.secretKey).toBe(REDACTED);
    expect(out.token).toBe(REDACTED);
    expect(out.nested.Password).toBe(REDACTED);
    expect(out.nested.list[0].secret_key).toBe(REDACTED);
    // An empty credential reveals nothing and stays visible for debugging ("no key was sent").
    expect(out.empty.accessKey).toBe("");
    expect(body.accessKey).toBe("AKIAEXAMPLEKEY123456");
  });

  test("query strings and user info in URLs", () => {
    expect(redactUrl("https://u:pw@h.example/x?jobId=1&token=abc&X-Amz-Signature=f00")).toBe(
      `https://h.example/x?jobId=1&token=${REDACTED}&X-Amz-Signature=${REDACTED}`,
    );
    expect(redactUrl("/v1/vector/collections/import/get?jobId=j&clusterId=c")).toBe(
      "/v1/vector/collections/import/get?jobId=j&clusterId=c",
    );
    expect(redactUrl("/blob?sv=2024&sig=abc%2Bdef")).toBe(`/blob?sv=2024&sig=${REDACTED}`);
  });

  test("known secret values are scrubbed from free text, including user:password halves", () => {
    const r = new Redactor(["root:VerySecretPw", "zc-apikey-0123456789"]);
    const text =
      "auth root:VerySecretPw failed; pw VerySecretPw; key zc-apikey-0123456789; enc " +
      encodeURIComponent("root:VerySecretPw");
    const out = r.scrub(text);
    expect(out).not.toContain("VerySecretPw");
    expect(out).not.toContain("zc-apikey-0123456789");
    expect(out).toContain(REDACTED);
  });

  test("secret-looking patterns are scrubbed even when the value was never registered", () => {
    const r = new Redactor();
    const out = r.scrub(
      'Authorization: Bearer abc.def-123 {"secretKey":"wJalrXUt","accessKey":"AKIAIOSFODNN7EXAMPLE"} s3://minio:minio123@h/b password=hunter22',
    );
    for (const s of ["abc.def-123", "wJalrXUt", "AKIAIOSFODNN7EXAMPLE", "minio123", "hunter22"])
      expect(out).not.toContain(s);
  });

  test("describeBody removes secrets and truncates", () => {
    const r = new Redactor(["supersecretvalue"]);
    const s = r.describeBody({
      objectUrl: "s3://b/k?token=x",
      note: "supersecretvalue",
      secretKey: "zz",
      big: 1n,
    });
    expect(s).not.toContain("supersecretvalue");
    expect(s).not.toContain('"zz"');
    expect(s).toContain('"big":"1"');
    expect(r.describeBody({ a: "x".repeat(5000) }, 100).length).toBeLessThan(130);
  });
});
