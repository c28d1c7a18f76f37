# shellcheck shell=bash
# Sourced by install.sh and install-tools.sh, which each define `say`, and by .ci/test-all.sh.

# build_with_progress <label> <total packages> <go build -v ...>
# Runs a `go build -v`-style command and turns its package lines into "n/total" progress.
build_with_progress() {
  local label="$1" total="$2"; shift 2
  local n=0 last=0 line
  "$@" 2>&1 | while IFS= read -r line; do
    # `go build -v` prints one import path (no spaces) per compiled package; anything
    # else is a diagnostic and is passed through.
    case "$line" in
      *" "*) echo "$line" >&2 ;;
      *) n=$((n + 1)) ;;
    esac
    if [ $(( $(date +%s) - last )) -ge 15 ]; then
      last=$(date +%s); say "$label: compiled $n/$total packages"
    fi
  done
  return "${PIPESTATUS[0]}"
}

# kill_tree <pid>: ends a background job and every process under it (its go builds), children
# first. A script's background job ignores Ctrl-C, so a build started with `&` would go on alone.
kill_tree() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
