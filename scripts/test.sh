#!/usr/bin/env bash
# The README's test command runs this: builds the package, then runs one or all jest projects
# (unit, integration, e2e, oracle, realmilvus) on Node >= 22. Tools and the venvs are built on demand
# by the tests' globalSetup / helpers through scripts/tools/*.sh (cached outside the repo).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
which="${1:-all}"; shift || true
bash scripts/install-deps.sh
bash scripts/with-node.sh tsc -p tsconfig.json
if [ "$which" = all ]; then
  # Type-check tests and benchmarks (examples: test/unit/examples) and lint before anything runs.
  bash scripts/with-node.sh tsc -p tsconfig.test.json --noEmit
  bash scripts/with-node.sh biome check provider emulator test bench
fi
bash scripts/tools/ensure-tools.sh >/dev/null
case "$which" in
  all) projects=(--selectProjects unit integration e2e oracle realmilvus) ;;
  *) projects=(--selectProjects "$which") ;;
esac
# --experimental-vm-modules lets jest load ESM-only dependencies of the SDKs (https-proxy-agent under
# @azure/core-rest-pipeline) through require(esm).
exec bash scripts/jest.sh "${projects[@]}" "$@"
