#!/usr/bin/env bash
# Builds or locates every external tool the tests and the quickstart use (cached by version).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
echo "pulumi: $(bash "$here/build-pulumi.sh")"
echo "minio: $(bash "$here/build-minio.sh")"
echo "oracle python: $(bash "$here/setup-venv.sh")"
echo "pulumi-language-python: $(bash "$here/build-pulumi-python.sh")"
echo "pulumi-language-yaml: $(bash "$here/build-pulumi-yaml.sh")"
echo "pulumi python venv: $(bash "$here/setup-pulumi-python.sh")"
echo "pulumi-sdkgen: $(bash "$here/build-pulumi-sdkgen.sh")"
echo "milvus python: $(bash "$here/setup-milvus.sh")"
echo "pymilvus 2.4.7 (v1) python: $(bash "$here/setup-venv-pymilvus-v1.sh")"
