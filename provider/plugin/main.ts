#!/usr/bin/env node
/**
 * pulumi-resource-milvusimport: the provider plugin's executable (the npm package's bin). The Pulumi
 * engine starts it with its address as the argument; it prints the port it serves on.
 */
const NODE_MAJOR = Number(process.versions.node.split(".")[0]);
if (NODE_MAJOR < 22) {
  console.error(`pulumi-resource-milvusimport needs Node.js >= 22 on PATH; this is ${process.version}`);
  process.exit(1);
}

// The engine's address is the first positional argument; @pulumi/pulumi's log module reads it from
// this variable, so progress lines reach the engine (the CLI shows them under the stack).
process.env.PULUMI_NODEJS_ENGINE ??= process.argv.slice(2).find((a) => !a.startsWith("-"));

// Loaded after the version check: older Node versions fail on the dependencies' syntax first.
const { setLogSink } = require("../resources/common") as typeof import("../resources/common");
const pulumiLog = require("@pulumi/pulumi/log") as typeof import("@pulumi/pulumi/log");
const { captureConfigure } = require("./configure") as typeof import("./configure");
const { milvusImportProvider } = require("./provider") as typeof import("./provider");
const { main } = require("@pulumi/pulumi/provider") as typeof import("@pulumi/pulumi/provider");

setLogSink((line) => void pulumiLog.info(line));
captureConfigure("milvusimport");
main(milvusImportProvider(), process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
