#!/usr/bin/env bash
# Provision Beam's Prism runner offline, where Beam's DirectRunner looks for it.
#
# DirectRunner runs streaming pipelines (and, when it can, batch ones) on Prism, a Go
# program that Beam downloads from GitHub releases on first use. Where GitHub is out of
# reach but the Go module proxy is not, this builds the same version from the Go module
# proxy and installs it under the name Beam's download would have had:
#   ~/.apache_beam/cache/prism/bin/apache_beam-v<beam>-prism-<os>-<arch>.zip  (and unzipped)
# Nothing happens when it is already there. Without Go, it says so and leaves the download to
# Beam (which needs internet).
#
# usage: deploy/local/provision_prism.sh [PYTHON]   (PYTHON: the interpreter with apache_beam)
set -euo pipefail

python="${1:-python3}"
version="$("$python" -c 'import apache_beam; print(apache_beam.__version__)')"
case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) echo "unsupported OS" >&2; exit 1 ;; esac
case "$(uname -m)" in x86_64|amd64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) echo "unsupported CPU" >&2; exit 1 ;; esac
cache="$HOME/.apache_beam/cache/prism/bin"
name="apache_beam-v${version}-prism-${os}-${arch}"

if [ -x "$cache/$name" ] && [ -f "$cache/$name.zip" ]; then
    echo "prism: $cache/$name is provisioned"
    exit 0
fi
if ! command -v go >/dev/null 2>&1; then
    echo "prism: Go is not installed; Beam will download Prism v${version} on first use (needs internet)" >&2
    exit 0
fi

build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
echo "prism: building v${version} with go install (about a minute on first build)"
GOBIN="$build" GOFLAGS=-mod=mod go install "github.com/apache/beam/sdks/v2/go/cmd/prism@v${version}"
mkdir -p "$cache"
cp "$build/prism" "$build/$name"
chmod +x "$build/$name"
# Beam unzips the release archive and runs the member named like the archive.
"$python" -c 'import os, sys, zipfile; zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED).write(sys.argv[2], os.path.basename(sys.argv[2]))' "$build/$name.zip" "$build/$name"
mv "$build/$name.zip" "$cache/$name.zip"
mv "$build/$name" "$cache/$name"
echo "prism: installed $cache/$name"
