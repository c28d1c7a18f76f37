#!/usr/bin/env bash
# Builds the servers the mesh starts beside the Dapr runtime (tools.env), each from its Go
# module, cached by name and version, and links them into <runtime-path>/.dapr/bin next to daprd.
# Called by install.sh; a current cache makes it a no-op.
#
# Environment: DAPR_RUNTIME_PATH, AUCTION_MESH_CACHE, DAPR_INSTALL_QUIET as for install.sh.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tools.env
source "$HERE/tools.env"

RUNTIME_PATH="${DAPR_RUNTIME_PATH:-$HOME}"
CACHE_ROOT="${AUCTION_MESH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/auction-mesh}"
DEST="$RUNTIME_PATH/.dapr/bin"
START=$(date +%s)
say() { printf '[mesh-tools %4ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }

# build_tool <binary> <module> <version> <package in the module>
build_tool() {
  local name="$1" module="$2" version="$3" pkg="$4"
  local cache="$CACHE_ROOT/$name-$version" dir work
  mkdir -p "$DEST"
  if [ -x "$cache/$name" ] && [ -f "$cache/.complete" ]; then
    ln -sfn "$cache/$name" "$DEST/$name"
    [ "${DAPR_INSTALL_QUIET:-}" = 1 ] || say "up to date: $name $version"
    return
  fi
  command -v go >/dev/null || { echo "dapr/runtime/install-tools.sh: Go is required to build $name" >&2; exit 1; }
  say "building $name $version from $module (first run only)"
  work="$(mktemp -d "${TMPDIR:-/tmp}/mesh-tool.XXXXXX")"
  # Built inside a downloaded copy: `go install mod@version` asks the proxy for the module's
  # version list, which the proxy here refuses for some modules.
  dir="$(cd "$work" && go mod download -json "$module@$version" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
  [ -d "$dir" ] || { echo "dapr/runtime/install-tools.sh: could not download $module@$version" >&2; exit 1; }
  cp -r "$dir" "$work/src" && chmod -R u+w "$work/src"
  mkdir -p "$cache"
  (cd "$work/src" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$cache/$name" "$pkg" 2>&1 | grep -v '^go: downloading' >&2 || true)
  chmod -R u+w "$work" && rm -rf "$work"
  [ -x "$cache/$name" ] || { echo "dapr/runtime/install-tools.sh: building $name $version failed (see above)" >&2; exit 1; }
  date -u +%FT%TZ > "$cache/.complete"
  ln -sfn "$cache/$name" "$DEST/$name"
  say "built $name $version ($(du -h "$cache/$name" | cut -f1))"
}

build_tool mailpit github.com/axllent/mailpit "v$MAILPIT_VERSION" .
