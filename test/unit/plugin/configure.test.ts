/** The provider settings read from a ConfigureRequest: args (secrets unwrapped) over variables. */
import { settingsOf } from "../../../provider/plugin/configure";
import { secret } from "../../../provider/plugin/secrets";

const request = (variables: Record<string, string>, args?: Record<string, unknown>) => ({
  getVariablesMap: () => ({
    forEach: (cb: (value: string, key: string) => void) => {
      for (const [k, v] of Object.entries(variables)) cb(v, k);
    },
  }),
  getArgs: () => (args ? { toJavaScript: () => args } : undefined),
});

test("variables by their last key segment, args (unwrapped) win, empty and non-string args are ignored", () => {
  expect(settingsOf(request({ "milvusimport:config:token": "t1", "milvusimport:apiKey": "k1" }))).toEqual({
    token: "t1",
    apiKey: "k1",
  });
  expect(
    settingsOf(
      request(
        { "milvusimport:config:token": "t1" },
        { token: secret("t2"), storageAccessKey: "", version: 3 },
      ),
    ),
  ).toEqual({ token: "t2" });
});
