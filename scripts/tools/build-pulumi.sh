#!/usr/bin/env bash
# Builds the Pulumi CLI and its Node.js language host from the Go module proxy into a version-keyed
# cache directory and prints that bin directory. Nothing is downloaded from get.pulumi.com.
#
# Why it looks the way it does:
# - pkg/go.mod has replace directives, so `go install pkg@version` refuses it; a wrapper module
#   requiring it builds the same binary. Its require block is copied verbatim from pkg's go.mod so the
#   build uses exactly upstream's dependency versions without `go mod tidy` (which would query the
#   proxy for newer pseudo-versions, some of which the proxy here does not serve).
# - 3.259.0 is the newest pkg/v3 whose module zip the proxy serves (3.260.0+ answer 403).
# - The language host became its own module (no tags, no proxy copy) after sdk v3.68.0; until then
#   it was a package of sdk/v3. The 3.68.0 host speaks the language-runtime protocol the 3.259 CLI
#   uses for `pulumi up/preview/destroy` (it starts `@pulumi/pulumi/cmd/run` of the project's SDK).
set -euo pipefail
PULUMI_VERSION="${PULUMI_VERSION:-3.259.0}"
LANGHOST_SDK_VERSION="${LANGHOST_SDK_VERSION:-3.68.0}"
CACHE="${PMI_CACHE:-$HOME/.cache/pulumi-milvus-import}"
DEST="$CACHE/pulumi-v$PULUMI_VERSION-langhost-v$LANGHOST_SDK_VERSION"
if [ -x "$DEST/bin/pulumi" ] && [ -x "$DEST/bin/pulumi-language-nodejs" ]; then echo "$DEST/bin"; exit 0; fi
mkdir -p "$CACHE"
# Concurrent callers (parallel jest projects, several checkouts) wait for one build instead of racing
# on the same directory.
exec 9>"$DEST.lock"
flock 9
if [ -x "$DEST/bin/pulumi" ] && [ -x "$DEST/bin/pulumi-language-nodejs" ]; then echo "$DEST/bin"; exit 0; fi
GOPROXY="${GOPROXY:-https://proxy.golang.org,direct}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
rm -rf "$DEST/bin.tmp"
mkdir -p "$WORK/cli" "$WORK/langhost" "$DEST/bin.tmp"

echo "tools: building pulumi v$PULUMI_VERSION from the Go module proxy ..." >&2
cd "$WORK/cli"
curl -fsS "$(echo "$GOPROXY" | cut -d, -f1)/github.com/pulumi/pulumi/pkg/v3/@v/v$PULUMI_VERSION.mod" -o pkg.mod
{
  printf 'module pulumi-milvus-import.invalid/pulumi-cli\n\ngo 1.25.11\n\nrequire github.com/pulumi/pulumi/pkg/v3 v%s\n\n' "$PULUMI_VERSION"
  sed -n '/^require (/,/^)/p' pkg.mod | sed "s#\(github.com/pulumi/pulumi/sdk/v3\) v3\.[0-9.]*#\1 v$PULUMI_VERSION#"
  grep '^replace' pkg.mod | grep -v '=> \.\./' || true
} > go.mod
printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"\n' > tools.go
GOFLAGS=-mod=mod go build -trimpath -tags osusergo,grpcnotrace \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
  -o "$DEST/bin.tmp/" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2

echo "tools: building pulumi-language-nodejs (sdk v$LANGHOST_SDK_VERSION) ..." >&2
cd "$WORK/langhost"
printf 'module pulumi-milvus-import.invalid/langhost\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 v%s\n' "$LANGHOST_SDK_VERSION" > go.mod
printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"\n' > tools.go
GOFLAGS=-mod=mod go mod tidy >&2
go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$LANGHOST_SDK_VERSION" \
  -o "$DEST/bin.tmp/" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs >&2

# The dynamic-provider plugin is a shell script shipped in @pulumi/pulumi; it resolves the SDK from the
# program's directory at run time, so one copy next to the CLI serves every project.
cat > "$DEST/bin.tmp/pulumi-resource-pulumi-nodejs" <<'SH'
#!/bin/sh
exec node "$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")" "$@"
SH
chmod +x "$DEST/bin.tmp/pulumi-resource-pulumi-nodejs"
rm -rf "$DEST/bin" && mv "$DEST/bin.tmp" "$DEST/bin"
echo "$DEST/bin"
