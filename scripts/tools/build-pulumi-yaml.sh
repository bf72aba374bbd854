#!/usr/bin/env bash
# Builds the Pulumi YAML language host (pulumi-language-yaml, github.com/pulumi/pulumi-yaml) from the
# Go module proxy into a version-keyed cache directory and prints that bin directory.
#
# v1.25.0 is the newest pulumi-yaml the proxy lists; its go.mod has no replace directives, so a plain
# `go install module@version` builds it with upstream's dependency versions.
set -euo pipefail
YAML_VERSION="${PULUMI_YAML_VERSION:-1.25.0}"
CACHE="${PMI_CACHE:-$HOME/.cache/pulumi-milvus-import}"
DEST="$CACHE/pulumi-language-yaml-v$YAML_VERSION"
if [ -x "$DEST/bin/pulumi-language-yaml" ]; then echo "$DEST/bin"; exit 0; fi
mkdir -p "$CACHE"
# Concurrent callers wait for one build instead of racing on the same directory.
exec 9>"$DEST.lock"
flock 9
if [ -x "$DEST/bin/pulumi-language-yaml" ]; then echo "$DEST/bin"; exit 0; fi
echo "tools: building pulumi-language-yaml v$YAML_VERSION from the Go module proxy ..." >&2
rm -rf "$DEST/bin.tmp" && mkdir -p "$DEST/bin.tmp"
GOBIN="$DEST/bin.tmp" GOFLAGS=-trimpath go install \
  -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$YAML_VERSION" \
  "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$YAML_VERSION" >&2
rm -rf "$DEST/bin" && mv "$DEST/bin.tmp" "$DEST/bin"
echo "$DEST/bin"
