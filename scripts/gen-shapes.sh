#!/usr/bin/env bash
# `npm run gen:shapes`: rewrites provider/resources/shapes/generated.ts from the shape table
# (provider/resources/shapes/table.ts). Compiles into a temp dir first; type errors that a stale
# generated.ts causes elsewhere do not stop the emit the generator needs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
bash scripts/with-node.sh tsc -p tsconfig.json --outDir "$out" >/dev/null || true
bash scripts/with-node.sh node -e '
  const { renderShapesTs, GENERATED_FILE } = require(process.argv[1] + "/provider/resources/shapes/tsCodegen.js");
  require("node:fs").writeFileSync(GENERATED_FILE, renderShapesTs());
  console.log("wrote " + GENERATED_FILE);
' "$out"
