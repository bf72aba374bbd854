#!/usr/bin/env bash
# Runs one benchmark: compiles provider/, bench/ and test/helpers/ to dist-bench/ and runs
# dist-bench/bench/<name>.js on Node >= 22. Each benchmark prints JSON and writes <name>.json: to bench/results/
# (tracked) only with --save, otherwise to $TMPDIR/pmi-bench/ (bench/lib/results.ts), so a run leaves the tree clean.
# Every bench/<name>.ts is a benchmark and answers --help; shared code lives in bench/lib/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
if [ $# -eq 0 ] || [ "$1" = --help ] || [ "$1" = -h ]; then
  names="$(cd bench && ls -1 -- *.ts | sed 's/\.ts$//' | tr '\n' ' ')"
  echo "Usage: bash scripts/bench.sh NAME [flags]   (NAME --help shows a benchmark's flags)"
  echo "Benchmarks: ${names% }"
  [ $# -eq 0 ] && exit 2 || exit 0
fi
name="$1"; shift
if [ ! -f "bench/$name.ts" ]; then
  echo "bench.sh: no benchmark bench/$name.ts (run with --help for the list)" >&2
  exit 2
fi
bash scripts/install-deps.sh
bash scripts/with-node.sh tsc -p tsconfig.bench.json
exec bash scripts/with-node.sh node --expose-gc "dist-bench/bench/$name.js" "$@"
