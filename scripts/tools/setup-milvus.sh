#!/usr/bin/env bash
# Creates the real-Milvus venv: the embedded Milvus standalone server 2.3.5 (PyPI `milvus`, which ships
# the server binary) and pymilvus 2.3.7 to drive it over gRPC, pinned in milvus-requirements.txt. The
# server binaries are unpacked once into the venv so each start skips the decompression. Prints the
# venv's python path. Used only by the realmilvus test tier (test/helpers/milvusServer.ts).
set -euo pipefail
CACHE="${PMI_CACHE:-$HOME/.cache/pulumi-milvus-import}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REQ="$here/milvus-requirements.txt"
key="$(sha256sum "$REQ" | cut -c1-12)"
VENV="$CACHE/venv-milvus-$key"
if [ -x "$VENV/bin/python" ] && [ -f "$VENV/.complete" ]; then echo "$VENV/bin/python"; exit 0; fi
mkdir -p "$CACHE"
# Concurrent callers wait for one build instead of racing on the same dir.
exec 9>"$VENV.lock"
flock 9
if [ -x "$VENV/bin/python" ] && [ -f "$VENV/.complete" ]; then echo "$VENV/bin/python"; exit 0; fi
echo "tools: creating milvus venv $VENV ..." >&2
rm -rf "$VENV"
python3 -m venv "$VENV" >&2
"$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$REQ" >&2
"$VENV/bin/pip" check >&2
# The package unpacks bin/milvus and its libraries into <base dir>/bin on start unless they are there
# with matching checksums; unpack them once here and link them into each server's base dir.
"$VENV/bin/python" -c 'import sys, milvus; milvus._initialize_data_files(sys.argv[1])' "$VENV/milvus-home" >&2
touch "$VENV/.complete"
echo "$VENV/bin/python"
