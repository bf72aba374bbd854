#!/usr/bin/env bash
# Creates the Python oracle venv (pymilvus bulk_writer, pyarrow, numpy, pandas, awscli) in a
# version-keyed cache and prints its python path. Used only by oracle tests and benchmarks.
set -euo pipefail
CACHE="${PMI_CACHE:-$HOME/.cache/pulumi-milvus-import}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REQ="$here/oracle-requirements.txt"
key="$(sha256sum "$REQ" | cut -c1-12)"
VENV="$CACHE/venv-oracle-$key"
if [ -x "$VENV/bin/python" ] && [ -f "$VENV/.complete" ]; then echo "$VENV/bin/python"; exit 0; fi
mkdir -p "$CACHE"
# Concurrent callers (parallel test workers) wait for one build instead of racing on the same dir.
exec 9>"$VENV.lock"
flock 9
if [ -x "$VENV/bin/python" ] && [ -f "$VENV/.complete" ]; then echo "$VENV/bin/python"; exit 0; fi
echo "tools: creating oracle venv $VENV ..." >&2
rm -rf "$VENV"
python3 -m venv "$VENV" >&2
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQ" >&2
touch "$VENV/.complete"
echo "$VENV/bin/python"
