#!/usr/bin/env bash
# Builds or locates every external tool the tests and the quickstart use (cached by version).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
echo "pulumi: $(bash "$here/build-pulumi.sh")"
echo "minio: $(bash "$here/build-minio.sh")"
echo "oracle python: $(bash "$here/setup-venv.sh")"
echo "milvus python: $(bash "$here/setup-milvus.sh")"
