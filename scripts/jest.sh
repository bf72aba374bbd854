#!/usr/bin/env bash
# jest on Node >= 22 with require(esm) enabled (some SDK dependencies are ESM-only). Does not build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
exec bash scripts/with-node.sh node --no-warnings=ExperimentalWarning --experimental-vm-modules node_modules/jest/bin/jest.js "$@"
