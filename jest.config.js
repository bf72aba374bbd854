// Five projects: unit (no servers), integration (real MinIO / Azurite / OSS test server / emulator),
// e2e (real Pulumi CLI), oracle (pymilvus, pyarrow, numpy in the project venv), realmilvus (a real
// Milvus 2.3.5 server, one per run, driven by pymilvus 2.3.7).
const transform = { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } } }] };
const project = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: "node",
  transform,
  roots: [`<rootDir>/test/${name}`],
  testMatch: ["**/*.test.ts"],
  ...extra,
});
// Timeouts only catch hangs: speed is measured by bench/, and CI machines have 2 busy cores.
module.exports = {
  testTimeout: 30_000,
  projects: [
    project("unit"),
    project("integration", { globalSetup: "<rootDir>/test/helpers/globalSetup.ts", globalTeardown: "<rootDir>/test/helpers/globalTeardown.ts" }),
    project("e2e", { globalSetup: "<rootDir>/test/helpers/globalSetup.ts", globalTeardown: "<rootDir>/test/helpers/globalTeardown.ts" }),
    project("oracle"),
    project("realmilvus", {
      globalSetup: "<rootDir>/test/helpers/milvusGlobalSetup.ts",
      globalTeardown: "<rootDir>/test/helpers/milvusGlobalTeardown.ts",
    }),
  ],
};
