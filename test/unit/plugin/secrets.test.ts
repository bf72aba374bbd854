/** Secret wrappers on the plugin's wire: unwrapped deeply on the way in, whole properties wrapped out. */
import { concealProps, reveal, revealProps, secret } from "../../../provider/plugin/secrets";

test("reveal removes nested wrappers and says whether there were any", () => {
  const v = { uri: "http://h", token: secret("t0k"), list: [1, secret(2)], deep: secret({ a: secret("b") }) };
  expect(reveal(v)).toEqual({
    value: { uri: "http://h", token: "t0k", list: [1, 2], deep: { a: "b" } },
    hadSecret: true,
  });
  expect(reveal({ a: [1, { b: "c" }] })).toEqual({ value: { a: [1, { b: "c" }] }, hadSecret: false });
});

test("revealProps names the top-level properties that held a secret; concealProps wraps them whole", () => {
  const { plain, secretKeys } = revealProps({
    connection: { localDir: "/x", token: secret("s") },
    name: "docs",
  });
  expect(plain).toEqual({ connection: { localDir: "/x", token: "s" }, name: "docs" });
  expect([...secretKeys]).toEqual(["connection"]);
  const out = concealProps({ ...plain, missing: undefined }, ["connection", "missing"]);
  expect(out.connection).toEqual(secret({ localDir: "/x", token: "s" }));
  expect(out.name).toBe("docs");
  expect(out.missing).toBeUndefined();
  expect(revealProps(undefined)).toEqual({ plain: {}, secretKeys: new Set() });
});
