#!/usr/bin/env bash
# Creates the venv that runs Python Pulumi programs (the `pulumi` package from PyPI at the CLI's
# version) in a version-keyed cache and prints its bin directory. Put that directory first on PATH:
# pulumi-language-python runs the program with the `python3` it finds there. The generated
# pulumi_milvusimport SDK is installed per project (pip install --no-build-isolation <sdk dir>).
set -euo pipefail
CACHE="${PMI_CACHE:-$HOME/.cache/pulumi-milvus-import}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REQ="$here/pulumi-python-requirements.txt"
key="$(sha256sum "$REQ" | cut -c1-12)"
VENV="$CACHE/venv-pulumi-python-$key"
if [ -x "$VENV/bin/python" ] && [ -f "$VENV/.complete" ]; then echo "$VENV/bin"; exit 0; fi
mkdir -p "$CACHE"
# Concurrent callers (parallel test workers) wait for one build instead of racing on the same dir.
exec 9>"$VENV.lock"
flock 9
if [ -x "$VENV/bin/python" ] && [ -f "$VENV/.complete" ]; then echo "$VENV/bin"; exit 0; fi
echo "tools: creating the Pulumi Python venv $VENV ..." >&2
rm -rf "$VENV"
python3 -m venv "$VENV" >&2
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQ" >&2
touch "$VENV/.complete"
echo "$VENV/bin"
