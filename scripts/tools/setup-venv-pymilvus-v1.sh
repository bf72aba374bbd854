#!/usr/bin/env bash
# Creates a small venv with pymilvus 2.4.7, the last release whose bulk_import / get_import_progress /
# list_import_jobs call the Zilliz v1 control plane, in a version-keyed cache, and prints its python
# path. Used only by the oracle test that drives the emulator's v1 face with it. Pins beyond pymilvus:
# setuptools < 81 (pymilvus 2.4 imports pkg_resources), marshmallow 3 (environs 9.5 breaks on 4), and
# the bulk_writer extra spelled out (pip 23 does not match its "bulk-writer" extra name).
set -euo pipefail
CACHE="${PMI_CACHE:-$HOME/.cache/pulumi-milvus-import}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REQ="$here/pymilvus-v1-requirements.txt"
key="$(sha256sum "$REQ" | cut -c1-12)"
VENV="$CACHE/venv-pymilvus-v1-$key"
if [ -x "$VENV/bin/python" ] && [ -f "$VENV/.complete" ]; then echo "$VENV/bin/python"; exit 0; fi
mkdir -p "$CACHE"
# Concurrent callers wait for one build instead of racing on the same dir.
exec 9>"$VENV.lock"
flock 9
if [ -x "$VENV/bin/python" ] && [ -f "$VENV/.complete" ]; then echo "$VENV/bin/python"; exit 0; fi
echo "tools: creating pymilvus 2.4.7 venv $VENV ..." >&2
rm -rf "$VENV"
python3 -m venv "$VENV" >&2
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQ" >&2
"$VENV/bin/python" -c "from pymilvus.bulk_writer import bulk_import, get_import_progress, list_import_jobs" >&2
touch "$VENV/.complete"
echo "$VENV/bin/python"
