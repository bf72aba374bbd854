#!/usr/bin/env bash
# Builds pulumi-sdkgen, a command over Pulumi's own SDK code generators (module pkg/v3, package
# codegen/{python,go,dotnet}), from the Go module proxy into a version-keyed cache directory and
# prints that bin directory. Usage: pulumi-sdkgen SCHEMA.json python|go|dotnet OUT_DIR.
#
# Why not `pulumi package gen-sdk`: since 3.1xx the CLI hands code generation to each language
# host's GeneratePackage RPC, and the hosts that have it (sdk/python/cmd/pulumi-language-python/v3,
# sdk/go/pulumi-language-go/v3, pulumi-dotnet/pulumi-language-dotnet) are modules the proxy does not
# serve (403); the sdk/v3-era hosts it does serve predate GeneratePackage. gen-sdk therefore fails
# with "no language plugin ... found" or "method GeneratePackage not implemented". The command below
# calls the same generator functions those hosts call, on the same schema, with no logic of its own.
#
# Why pkg v3.228.0: the last pkg/v3 that still carries codegen/dotnet (later releases moved it to
# the pulumi-dotnet repository). Like build-pulumi.sh, the wrapper module copies pkg's require
# block so the build uses upstream's dependency versions without `go mod tidy`.
set -euo pipefail
PKG_VERSION="${PULUMI_SDKGEN_PKG_VERSION:-3.228.0}"
CACHE="${PMI_CACHE:-$HOME/.cache/pulumi-milvus-import}"
DEST="$CACHE/pulumi-sdkgen-pkg-v$PKG_VERSION"
if [ -x "$DEST/bin/pulumi-sdkgen" ]; then echo "$DEST/bin"; exit 0; fi
mkdir -p "$CACHE"
# Concurrent callers wait for one build instead of racing on the same directory.
exec 9>"$DEST.lock"
flock 9
if [ -x "$DEST/bin/pulumi-sdkgen" ]; then echo "$DEST/bin"; exit 0; fi
GOPROXY="${GOPROXY:-https://proxy.golang.org,direct}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "tools: building pulumi-sdkgen (pkg v$PKG_VERSION codegen) from the Go module proxy ..." >&2
cd "$WORK"
curl -fsS "$(echo "$GOPROXY" | cut -d, -f1)/github.com/pulumi/pulumi/pkg/v3/@v/v$PKG_VERSION.mod" -o pkg.mod
{
  printf 'module pulumi-milvus-import.invalid/pulumi-sdkgen\n\ngo %s\n\nrequire github.com/pulumi/pulumi/pkg/v3 v%s\n\n' \
    "$(sed -n 's/^go //p' pkg.mod)" "$PKG_VERSION"
  sed -n '/^require (/,/^)/p' pkg.mod | sed "s#\(github.com/pulumi/pulumi/sdk/v3\) v3\.[0-9.]*#\1 v$PKG_VERSION#"
  grep '^replace' pkg.mod | grep -v '=> \.\./' || true
} > go.mod
cat > main.go <<'GO'
// pulumi-sdkgen SCHEMA LANGUAGE OUT: binds a Pulumi package schema and writes the SDK that Pulumi's
// generator for LANGUAGE (python, go, dotnet) produces for it.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	if len(os.Args) != 4 {
		fail(fmt.Errorf("usage: pulumi-sdkgen SCHEMA python|go|dotnet OUT"))
	}
	raw, err := os.ReadFile(os.Args[1])
	fail(err)
	var spec schema.PackageSpec
	fail(json.Unmarshal(raw, &spec))
	pkg, diags, err := schema.BindSpec(spec, nil, schema.ValidationOptions{})
	fail(err)
	if diags.HasErrors() {
		fail(diags)
	}
	var files map[string][]byte
	switch os.Args[2] {
	case "python":
		files, err = python.GeneratePackage("pulumi-sdkgen", pkg, nil, nil)
	case "go":
		files, err = gogen.GeneratePackage("pulumi-sdkgen", pkg, nil)
	case "dotnet":
		files, err = dotnet.GeneratePackage("pulumi-sdkgen", pkg, nil, nil)
	default:
		err = fmt.Errorf("unknown language %q", os.Args[2])
	}
	fail(err)
	for name, data := range files {
		path := filepath.Join(os.Args[3], name)
		fail(os.MkdirAll(filepath.Dir(path), 0o755))
		fail(os.WriteFile(path, data, 0o644))
	}
}

func fail(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-sdkgen:", err)
		os.Exit(1)
	}
}
GO
rm -rf "$DEST/bin.tmp" && mkdir -p "$DEST/bin.tmp"
GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$DEST/bin.tmp/pulumi-sdkgen" . >&2
rm -rf "$DEST/bin" && mv "$DEST/bin.tmp" "$DEST/bin"
echo "$DEST/bin"
