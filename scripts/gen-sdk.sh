#!/usr/bin/env bash
# `npm run sdk -- python|go|dotnet [OUT]`: the milvusimport SDK for a language, generated from the
# provider plugin's package schema (written to dist/plugin/schema.json) by Pulumi's own generators
# (pulumi-sdkgen, scripts/tools/build-pulumi-sdkgen.sh). Default OUT: dist/sdk/<language> (not tracked).
# With a regular Pulumi CLI installation the same SDK comes from
#   pulumi package gen-sdk ./node_modules/.bin/pulumi-resource-milvusimport --language <language>
# (the CLI's language hosts generate it); the hosts this project builds from the Go module proxy can't.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
language="${1:?usage: npm run sdk -- python|go|dotnet [OUT]}"
out="${2:-dist/sdk/$language}"
bash scripts/install-deps.sh
bash scripts/with-node.sh tsc -p tsconfig.json
sdkgen="$(bash scripts/tools/build-pulumi-sdkgen.sh)/pulumi-sdkgen"
rm -rf "$out"
# Pulumi's .NET generator downloads the package logo from the schema's logoUrl: a 1x1 PNG is served
# on loopback for the run, so generation needs no network.
bash scripts/with-node.sh node -e '
  const fs = require("node:fs");
  const http = require("node:http");
  const { execFile } = require("node:child_process");
  const [sdkgen, language, out] = process.argv.slice(1);
  const schema = require("./dist/provider/plugin/packageSchema").packageSchema();
  fs.mkdirSync("dist/plugin", { recursive: true });
  fs.writeFileSync("dist/plugin/schema.json", JSON.stringify(schema, null, 2) + "\n");
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
  const server = http.createServer((_req, res) => res.end(png)).listen(0, "127.0.0.1", () => {
    const withLogo = { ...schema, logoUrl: `http://127.0.0.1:${server.address().port}/logo.png` };
    fs.writeFileSync("dist/plugin/schema-gen.json", JSON.stringify(withLogo));
    execFile(sdkgen, ["dist/plugin/schema-gen.json", language, out], (err, _stdout, stderr) => {
      server.close();
      if (err) { process.stderr.write(stderr); process.exit(1); }
    });
  });
' "$sdkgen" "$language" "$out"
echo "$out"
