#!/usr/bin/env bash
# Installs the npm dependencies from package-lock.json when node_modules is missing or older than the
# lockfile. `npm install` rather than `npm ci`: the registry mirror these machines reach lacks the
# other platforms' optional binaries (@biomejs/cli-darwin-*, @swc/core-win32-*, ...), which npm leaves
# out of the lockfile, and `npm ci` then refuses the lockfile as "out of sync". `npm install` still
# installs exactly the locked versions and leaves the lockfile unchanged.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  bash scripts/with-node.sh npm install --no-audit --no-fund --loglevel=error
fi
