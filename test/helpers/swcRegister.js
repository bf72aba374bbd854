// `node -r test/helpers/swcRegister.js file.ts`: runs a TypeScript entry point straight from source, so
// tests can exercise scripts (benchmarks, the emulator) without building them first. Node's own type
// stripping cannot run this code (parameter properties), and the project has no ts-node; @swc/core
// (jest's transformer, already installed) compiles each .ts file as CommonJS on require.
const fs = require("node:fs");
const path = require("node:path");
const swc = require(path.resolve(__dirname, "../../node_modules/@swc/core"));

require.extensions[".ts"] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, "utf8"), {
    filename,
    jsc: { target: "es2022", parser: { syntax: "typescript" } },
    module: { type: "commonjs" },
  });
  module._compile(code, filename);
};
