#!/usr/bin/env bash
# The README's test command (`npm test`) after `npm ci`: provisions the Dapr runtime (cached by
# version), builds, lints, type-checks, validates every mesh profile, then runs unit and
# integration tests against real daprd, placement, scheduler, NATS and this machine's
# PostgreSQL/Redis, and browser tests in Debian's chromium (installed here when missing). Ends with one line
# "tests: N passed, N failed" summed over every vitest run.
set -uo pipefail
cd "$(dirname "$0")/.."
# Turbo sends anonymous telemetry on every run unless told not to; CI (and npm scripts) never do.
export TURBO_TELEMETRY_DISABLED=1
START=$(date +%s)
step() { printf '\n\033[1m== [%4ss] %s\033[0m\n' "$(( $(date +%s) - START ))" "$*"; }
fail() { echo "FAILED: $*" >&2; summary; exit 1; }

summary() {
  node -e '
    const fs = require("fs"), path = require("path");
    let passed = 0, failed = 0, files = 0;
    const failures = [];
    const firstLine = (m) => String(m ?? "").split("\n").find((l) => l.trim() !== "")?.trim().slice(0, 300) ?? "";
    const dirs = ["mesh", "apps"].flatMap((d) => fs.readdirSync(d).map((n) => path.join(d, n))).concat(["dev-runner", "e2e"]);
    for (const dir of dirs) {
      const results = path.join(dir, "test-results");
      if (!fs.existsSync(results)) continue;
      for (const f of fs.readdirSync(results).filter((f) => f.endsWith(".json"))) {
        const r = JSON.parse(fs.readFileSync(path.join(results, f), "utf8"));
        passed += r.numPassedTests; failed += r.numFailedTests; files++;
        // Name every failure at the end, where a CI log cut to its tail still shows it.
        for (const suite of r.testResults ?? []) {
          const file = path.relative(process.cwd(), suite.name);
          // A file that failed outside its tests (an import, a beforeAll) counts once.
          if (suite.status === "failed" && !(suite.assertionResults ?? []).some((t) => t.status === "failed")) {
            failed++;
            failures.push(`${file}: ${firstLine(suite.message)}`);
          }
          for (const t of suite.assertionResults ?? []) {
            if (t.status === "failed") failures.push(`${file} > ${t.fullName}: ${firstLine((t.failureMessages ?? [])[0])}`);
          }
        }
      }
    }
    if (failures.length > 0) console.log(`\nfailed:\n${failures.map((f) => `  - ${f}`).join("\n")}`);
    console.log(`\n(${files} result files)`);
    console.log(`tests: ${passed} passed, ${failed} failed`);
  '
}

rm -rf mesh/*/test-results apps/*/test-results dev-runner/test-results e2e/test-results

step "Dapr runtime and the mesh's servers (built from Go modules, cached by version), in the background"
# A cold build keeps both cores busy for ~30 min but leaves gaps (downloads, links); the browser
# install, the TypeScript build, lint and typecheck fill them. Its lines carry [dapr-runtime …],
# [mesh-tools …] or [audit]; `check` and every test wait for it.
# shellcheck source=../dapr/runtime/progress.sh
source dapr/runtime/progress.sh
MESH_TOOLS="mailpit meilisearch" bash dapr/runtime/install.sh &
SETUP_PID=$!
# Jaeger (~2,300 Go packages, as many as daprd) serves only the trace tests (observability.test.ts
# and the browser tests). Built at idle priority, it takes only the CPU the setup and the tests
# leave unused, so a cold run no longer waits for it before the first test; the tests that need
# it wait for this build (dev-runner/test/integration/background-build.ts), quoting its progress.
export MESH_BACKGROUND_BUILD_LOG="${TMPDIR:-/tmp}/auction-mesh-background-build.$$.log"
idle_priority() { if command -v chrt >/dev/null; then chrt --idle 0 "$@"; else nice -n 19 "$@"; fi; }
idle_priority bash dapr/runtime/install-tools.sh jaeger >"$MESH_BACKGROUND_BUILD_LOG" 2>&1 &
export MESH_BACKGROUND_BUILD_PID=$!
stop_background_builds() {
  [ -z "${SETUP_PID:-}" ] || kill_tree "$SETUP_PID"
  kill -0 "$MESH_BACKGROUND_BUILD_PID" 2>/dev/null && kill_tree "$MESH_BACKGROUND_BUILD_PID"
  rm -f "$MESH_BACKGROUND_BUILD_LOG"
}
trap stop_background_builds EXIT
wait_for_setup() {
  step "waiting for the Dapr runtime and the mesh's servers"
  wait "$SETUP_PID" || { SETUP_PID=""; fail "Dapr runtime provisioning"; }
  SETUP_PID=""
}

step "services this machine must provide (PostgreSQL for the services' store tests and the non-default profiles: the default one embeds its own; Redis, RabbitMQ, Mosquitto and NATS for the profile tests)"
for svc in postgresql:5432 redis:6379 rabbitmq:5672 mosquitto:1883 nats:4222; do
  (exec 3<>"/dev/tcp/127.0.0.1/${svc#*:}") 2>/dev/null || fail "${svc%%:*} is not reachable on 127.0.0.1:${svc#*:} (see README, 'What the machine needs')"
  echo "${svc%%:*}: reachable on 127.0.0.1:${svc#*:}"
done

step "browser for the web app's tests (Debian chromium; no browser download is possible here)"
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium || fail "apt-get install chromium"
fi
/usr/bin/chromium --version || fail "chromium does not run"

step "Prometheus for the metrics tests (Debian's package: seconds to install; its service is never started)"
if ! command -v prometheus >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus || { $SUDO apt-get update -q && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus; } || fail "apt-get install prometheus"
fi
prometheus --version 2>&1 | head -1 || fail "prometheus does not run"
promtool check rules observability/prometheus-rules.yml || fail "the Prometheus rules"

step "build"
npx turbo run build --output-logs=errors-only || fail "build"

step "lint and format (biome)"
npx biome check . || fail "lint"

step "typecheck"
npx turbo run typecheck --output-logs=errors-only || fail "typecheck"

wait_for_setup

step "validate the mesh configuration of every profile"
node dev-runner/dist/cli.js check || fail "mesh check"

step "unit tests"
npx turbo run test --force --output-logs=new-only || fail "unit tests"

step "mesh processes left behind by earlier runs"
# A sidecar, control-plane process or service whose parent is init lost its runner (the runner
# was killed before it could stop them); it holds ports that the tests' meshes need. Runners
# spawn with a parent-death signal now, but a machine can still carry leftovers from before.
orphans=$(ps -eo pid=,ppid=,args= | awk '$2 == 1 && ($0 ~ /\/\.dapr\/bin\// || $0 ~ /apps\/[a-z-]+\/dist\/main\.js/) { print $1 }')
if [ -n "$orphans" ]; then
  echo "ending $(echo "$orphans" | wc -w) orphaned mesh processes:"
  for pid in $orphans; do ps -o pid=,args= -p "$pid" | cut -c1-160; done
  kill -KILL $orphans 2>/dev/null || true
else
  echo "none"
fi

step "integration and browser tests (real daprd, placement, scheduler, NATS, PostgreSQL, chromium)"
# One package at a time: each starts real meshes, and two at once on 2 cores only measure contention.
npx turbo run test:integration --concurrency=1 --continue --output-logs=new-only || fail "integration tests"

step "done in $(( $(date +%s) - START ))s"
summary
