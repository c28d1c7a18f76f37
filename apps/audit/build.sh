#!/usr/bin/env bash
# Builds the audit service (Go) into apps/audit/bin/audit, cached by the hash of its sources
# like the Dapr runtime (`npm run build` runs this): an
# unchanged tree copies the cached binary in well under a second.
#   AUCTION_MESH_CACHE  binary cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/auction-mesh)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
command -v go >/dev/null || { echo "apps/audit/build.sh: Go is required to build the audit service (https://go.dev/doc/install)" >&2; exit 1; }
CACHE_ROOT="${AUCTION_MESH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/auction-mesh}"
KEY="$( (go version; cat go.mod go.sum; find cmd internal -name '*.go' ! -name '*_test.go' | LC_ALL=C sort | xargs cat) | sha256sum | cut -c1-16)"
CACHED="$CACHE_ROOT/audit-$KEY/audit"
mkdir -p bin
if [ ! -x "$CACHED" ]; then
  START=$(date +%s)
  echo "[audit] building the Go service (first run for these sources; modules cached in $(go env GOMODCACHE))"
  mkdir -p "$(dirname "$CACHED")"
  # A temporary file of this process's own: `npm test` runs the setup and `npm run build` side by
  # side, and both may build a cold tree at once.
  CGO_ENABLED=0 GOFLAGS=-mod=readonly go build -trimpath -ldflags "-s -w" -o "$CACHED.tmp.$$" ./cmd/audit
  mv "$CACHED.tmp.$$" "$CACHED"
  echo "[audit] built in $(( $(date +%s) - START ))s"
fi
cp -f "$CACHED" "bin/audit.tmp.$$" && mv -f "bin/audit.tmp.$$" bin/audit
