#!/usr/bin/env bash
# Builds the Dapr runtime (daprd, placement, scheduler, sentry), the dapr CLI and the
# embedded default broker (nats-server) from their Go modules, caches them by version,
# and lays out <runtime-path>/.dapr so the stock `dapr run` finds them.
#
# No release binary can be downloaded on our machines; the Go module proxy can be reached.
# A current cache makes this a no-op that finishes in well under a second.
#
# Environment:
#   DAPR_COMPONENT_SET   curated (default: the files in components.txt) | all (allcomponents)
#   DAPR_RUNTIME_PATH    where .dapr/ is laid out (default: $HOME, like `dapr init`)
#   AUCTION_MESH_CACHE   binary cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/auction-mesh)
#   DAPR_INSTALL_QUIET=1 only print when something is built
#   MESH_TOOLS           the servers to install beside the runtime (default: all; install-tools.sh)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
# shellcheck source=progress.sh
source "$HERE/progress.sh"

SET="${DAPR_COMPONENT_SET:-curated}"
RUNTIME_PATH="${DAPR_RUNTIME_PATH:-$HOME}"
CACHE_ROOT="${AUCTION_MESH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/auction-mesh}"

case "$SET" in
  curated) SET_KEY="curated-$(grep -v '^#' "$HERE/components.txt" | sha256sum | cut -c1-12)" ;;
  all) SET_KEY="all" ;;
  *) echo "dapr/runtime/install.sh: DAPR_COMPONENT_SET must be 'curated' or 'all', got '$SET'" >&2; exit 2 ;;
esac

BIN_CACHE="$CACHE_ROOT/dapr-$DAPR_RUNTIME_VERSION-$SET_KEY-cli-$DAPR_CLI_VERSION-nats-$NATS_SERVER_VERSION"
STAMP="$BIN_CACHE/.complete"
DEST="$RUNTIME_PATH/.dapr"
START=$(date +%s)

say() { printf '[dapr-runtime %4ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }

# Lists the component types ("state.sqlite", "pubsub.jetstream", ...) the built daprd
# registers, read from the registration files we kept, so `npm run check` can refuse a
# component YAML whose type this daprd would not load.
write_component_types() {
  local src="$1" f base category
  for f in "$src"/*.go; do
    base="$(basename "$f" .go)"
    case "$base" in
      zz_notag) continue ;;
      middleware_http_*) category=middleware.http ;;
      *) category="${base%%_*}" ;;
    esac
    sed -n '/^func init/,/^}/p' "$f" | grep -v '^\s*//' | grep -v 'Version:\|Default:' \
      | grep -o '"[^"]*"' | tr -d '"' | sed "s/^/$category./"
  done | sort -u > "$BIN_CACHE/component-types.txt"
}

lay_out() {
  mkdir -p "$DEST/bin" "$DEST/components"
  for b in daprd placement scheduler sentry dapr nats-server component-types.txt; do
    ln -sfn "$BIN_CACHE/$b" "$DEST/bin/$b"
  done
  # The stock `dapr run` reads this Configuration when no --config is given.
  if [ ! -f "$DEST/config.yaml" ]; then
    cat > "$DEST/config.yaml" <<'YAML'
apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata:
  name: daprConfig
spec: {}
YAML
  fi
}

# The servers beside the runtime (Mailpit, Jaeger, Meilisearch), cached on their own so a new one
# does not rebuild daprd. Built at the same time as the runtime: one Go build alone leaves a core
# idle while it downloads, links and compiles the last packages of a chain, so two side by side
# finish sooner than one after the other (measured in the README, "Tests").
# MESH_TOOLS names fewer (npm test builds Jaeger on its own, beside the tests that do not need it).
# shellcheck disable=SC2086 # a list of names
bash "$HERE/install-tools.sh" ${MESH_TOOLS:-} &
TOOLS_PID=$!
# wait_for_tools: the status of install-tools.sh, once; a failure there fails the setup.
wait_for_tools() {
  [ -n "$TOOLS_PID" ] || return 0
  local pid="$TOOLS_PID"
  TOOLS_PID=""
  kill -0 "$pid" 2>/dev/null && say "waiting for the mesh's servers (Mailpit, Jaeger, Meilisearch), built beside the runtime"
  wait "$pid" || { echo "dapr/runtime/install.sh: installing the mesh's servers failed (dapr/runtime/install-tools.sh, above)" >&2; exit 1; }
}
# stop_tools: ends the builds beside the runtime's when the setup fails or is interrupted.
stop_tools() {
  [ -z "$TOOLS_PID" ] || kill_tree "$TOOLS_PID"
  [ -z "${CLI_PID:-}" ] || kill_tree "$CLI_PID"
}
trap stop_tools EXIT
trap 'exit 130' INT TERM
# The Go service of the mesh (apps/audit) is not built here but by `npm run build` (apps/audit/build.sh),
# which every README command runs after this: in `npm test` the two run side by side, and a cold
# audit build here too compiled it twice and held the runtime's build back 4.5 min (measured).

if [ -f "$STAMP" ] && [ -x "$BIN_CACHE/daprd" ] && [ -f "$BIN_CACHE/component-types.txt" ]; then
  lay_out
  wait_for_tools
  [ "${DAPR_INSTALL_QUIET:-}" = 1 ] || say "up to date: daprd $DAPR_RUNTIME_VERSION ($SET), CLI $DAPR_CLI_VERSION in $DEST/bin"
  exit 0
fi

command -v go >/dev/null || { echo "dapr/runtime/install.sh: Go is required to build the Dapr runtime (https://go.dev/doc/install)" >&2; exit 1; }

export CGO_ENABLED=0 GOFLAGS= GOTOOLCHAIN=auto
WORK="$(mktemp -d "${TMPDIR:-/tmp}/dapr-build.XXXXXX")"
trap 'stop_tools; chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
mkdir -p "$BIN_CACHE"


say "building Dapr runtime $DAPR_RUNTIME_VERSION (component set: $SET) into $BIN_CACHE"
say "step 1/6: downloading module github.com/dapr/dapr@v$DAPR_RUNTIME_VERSION"
MOD_DIR="$(cd "$WORK" && go mod download -json "github.com/dapr/dapr@v$DAPR_RUNTIME_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
[ -d "$MOD_DIR" ] || { echo "dapr/runtime/install.sh: could not download github.com/dapr/dapr@v$DAPR_RUNTIME_VERSION" >&2; exit 1; }

say "step 2/6: preparing a build tree (the module has replace directives, so go install cannot build it)"
cp -r "$MOD_DIR" "$WORK/dapr"
chmod -R u+w "$WORK/dapr"
if [ "$SET" = curated ]; then
  keep="$(grep -v '^#' "$HERE/components.txt" | sed '/^$/d')"
  for f in "$WORK/dapr/cmd/daprd/components/"*.go; do
    name="$(basename "$f")"
    grep -qxF "$name" <<<"$keep" || rm "$f"
  done
  while read -r name; do
    [ -f "$WORK/dapr/cmd/daprd/components/$name" ] || { echo "dapr/runtime/install.sh: components.txt names $name, which daprd $DAPR_RUNTIME_VERSION does not have" >&2; exit 1; }
  done <<<"$keep"
  say "kept $(wc -l <<<"$keep") component registrations"
fi
write_component_types "$WORK/dapr/cmd/daprd/components"

cd "$WORK/dapr"
# Only the modules the kept packages import are fetched (plain `go mod download` would ask
# for every module in go.mod, and the proxy here refuses some we never compile).
say "step 3/6: resolving and downloading imported modules (first run only; cached in $(go env GOMODCACHE))"
TOTAL=$(go list -deps -tags allcomponents ./cmd/daprd ./cmd/placement ./cmd/scheduler ./cmd/sentry | wc -l)

LDFLAGS="-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=$DAPR_RUNTIME_VERSION -X github.com/dapr/kit/logger.DaprVersion=$DAPR_RUNTIME_VERSION -X github.com/dapr/dapr/pkg/buildinfo.gitversion=v$DAPR_RUNTIME_VERSION -X github.com/dapr/dapr/pkg/buildinfo.gitcommit=module"
# `go install mod@version` asks the proxy for the module's version list (deprecation check),
# which the proxy here refuses for some modules; building inside a downloaded copy does not.
build_module_main() {
  local module="$1" version="$2" pkg="$3" out="$4" ldflags="$5" replaces="${6:-}" dir r
  dir="$(cd "$WORK" && go mod download -json "$module@$version" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
  [ -d "$dir" ] || { echo "dapr/runtime/install.sh: could not download $module@$version" >&2; exit 1; }
  cp -r "$dir" "$WORK/src-$out" && chmod -R u+w "$WORK/src-$out"
  for r in $replaces; do (cd "$WORK/src-$out" && go mod edit -replace "$r"); done
  # -mod=mod lets go.sum take the replaced modules' checksums (verified against the sum DB).
  (cd "$WORK/src-$out" && GOFLAGS=-mod=mod go build -trimpath -ldflags "$ldflags" -o "$WORK/out/$out" "$pkg" 2>&1 | grep -v '^go: downloading' >&2 || true)
  [ -x "$WORK/out/$out" ] || { echo "dapr/runtime/install.sh: building $module@$version failed (see above)" >&2; exit 1; }
}
say "step 4/6: building dapr CLI $DAPR_CLI_VERSION and nats-server $NATS_SERVER_VERSION in the background"
mkdir -p "$WORK/out"
(
  build_module_main github.com/dapr/cli "v$DAPR_CLI_VERSION" . dapr "-s -w -X main.version=$DAPR_CLI_VERSION -X main.apiVersion=$DAPR_API_VERSION" "${DAPR_CLI_GO_REPLACES:-}"
  build_module_main github.com/nats-io/nats-server/v2 "v$NATS_SERVER_VERSION" . nats-server "-s -w"
) &
CLI_PID=$!
say "step 4/6: compiling daprd, placement, scheduler, sentry ($TOTAL packages; a cold build takes a while on 2 cores)"
build_with_progress "runtime" "$TOTAL" go build -v -trimpath -tags allcomponents -ldflags "$LDFLAGS" -o "$WORK/out/" ./cmd/daprd ./cmd/placement ./cmd/scheduler ./cmd/sentry

say "step 5/6: waiting for the dapr CLI and nats-server, built beside the runtime"
wait "$CLI_PID" || { echo "dapr/runtime/install.sh: building the dapr CLI or nats-server failed (above)" >&2; exit 1; }
CLI_PID=""

say "step 6/6: verifying"
got="$("$WORK/out/daprd" --version)"
[ "$got" = "$DAPR_RUNTIME_VERSION" ] || { echo "dapr/runtime/install.sh: daprd --version printed '$got', expected '$DAPR_RUNTIME_VERSION'" >&2; exit 1; }
"$WORK/out/dapr" version --output json >/dev/null
for b in daprd placement scheduler sentry dapr nats-server; do mv "$WORK/out/$b" "$BIN_CACHE/$b"; done
echo "$DAPR_RUNTIME_VERSION $SET_KEY $(date -u +%FT%TZ)" > "$STAMP"
lay_out
wait_for_tools
say "done: daprd $got ($(du -h "$BIN_CACHE/daprd" | cut -f1)), CLI $DAPR_CLI_VERSION, in $DEST/bin"
