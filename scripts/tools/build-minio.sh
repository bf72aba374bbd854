#!/usr/bin/env bash
# Builds the MinIO server from the Go module proxy into a version-keyed cache; prints the binary path.
set -euo pipefail
MINIO_VERSION="${MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
CACHE="${PMI_CACHE:-$HOME/.cache/pulumi-milvus-import}"
DEST="$CACHE/minio-$MINIO_VERSION"
if [ -x "$DEST/minio" ]; then echo "$DEST/minio"; exit 0; fi
mkdir -p "$CACHE"
# Concurrent callers (parallel jest projects, several checkouts) wait for one build instead of racing
# on the same directory.
exec 9>"$DEST.lock"
flock 9
if [ -x "$DEST/minio" ]; then echo "$DEST/minio"; exit 0; fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "tools: building minio $MINIO_VERSION from the Go module proxy ..." >&2
mkdir -p "$DEST"
GOBIN="$WORK" go install -trimpath -ldflags "-s -w" "github.com/minio/minio@$MINIO_VERSION" >&2
mv "$WORK/minio" "$DEST/minio"
echo "$DEST/minio"
