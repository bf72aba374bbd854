#!/usr/bin/env bash
# Installs the npm dependencies exactly as package-lock.json records them (`npm ci`) when node_modules
# is missing or older than the lockfile. The lockfile lists every platform's optional binaries
# (@biomejs/cli-*, @swc/core-*, @unrs/resolver-binding-*), so `npm ci` accepts it on any machine and
# nothing here ever rewrites a tracked file.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  bash scripts/with-node.sh npm ci --no-audit --no-fund --loglevel=error
fi
