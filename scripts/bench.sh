#!/usr/bin/env bash
# Runs one benchmark: compiles provider/, bench/ and test/helpers/ to dist-bench/ and runs
# dist-bench/bench/<name>.js on Node >= 22. Each benchmark prints JSON and writes bench/results/<name>.json.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
name="$1"; shift
bash scripts/install-deps.sh
bash scripts/with-node.sh tsc -p tsconfig.bench.json
exec bash scripts/with-node.sh node --expose-gc "dist-bench/bench/$name.js" "$@"
