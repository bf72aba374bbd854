#!/usr/bin/env bash
# Builds the Pulumi Python language host (pulumi-language-python) from the Go module proxy into a
# version-keyed cache directory and prints that bin directory. Python Pulumi programs (the generated
# Python SDK's examples and e2e tests) run through it; the `pulumi` Python package itself comes from
# PyPI (setup-pulumi-python-venv.sh).
#
# Why sdk v3.79.0: the Python host was a package of the sdk/v3 module up to v3.79.0; after that it is
# its own module (sdk/python/cmd/pulumi-language-python/v3) with no tags and no proxy copy (the proxy
# answers 403). The 3.79 host runs a program as `python pulumi-language-python-exec <args> <program>`,
# the exec script shipped next to it in the same module, which drives the program with the `pulumi`
# package installed in the interpreter found on PATH (the activated venv), so it works with a
# current PyPI `pulumi`.
set -euo pipefail
SDK_VERSION="${PY_LANGHOST_SDK_VERSION:-3.79.0}"
CACHE="${PMI_CACHE:-$HOME/.cache/pulumi-milvus-import}"
DEST="$CACHE/pulumi-language-python-sdk-v$SDK_VERSION"
ready() { [ -x "$DEST/bin/pulumi-language-python" ] && [ -f "$DEST/bin/pulumi-language-python-exec" ]; }
if ready; then echo "$DEST/bin"; exit 0; fi
mkdir -p "$CACHE"
# Concurrent callers wait for one build instead of racing on the same directory.
exec 9>"$DEST.lock"
flock 9
if ready; then echo "$DEST/bin"; exit 0; fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "tools: building pulumi-language-python (sdk v$SDK_VERSION) from the Go module proxy ..." >&2
cd "$WORK"
printf 'module pulumi-milvus-import.invalid/langhost-python\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 v%s\n' "$SDK_VERSION" > go.mod
printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python"\n' > tools.go
GOFLAGS=-mod=mod go mod tidy >&2
rm -rf "$DEST/bin.tmp" && mkdir -p "$DEST/bin.tmp"
go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$SDK_VERSION" \
  -o "$DEST/bin.tmp/" github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python >&2
# The host looks for its exec script next to its own executable.
sdk_dir="$(GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$DEST/bin.tmp/pulumi-language-python-exec"
rm -rf "$DEST/bin" && mv "$DEST/bin.tmp" "$DEST/bin"
echo "$DEST/bin"
