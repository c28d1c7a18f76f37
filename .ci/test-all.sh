#!/usr/bin/env bash
# The README's test command (`npm test`) after `npm ci`: provisions the Dapr runtime (cached by
# version), builds, lints, type-checks, validates every mesh profile, then runs unit and
# integration tests against real daprd, placement, scheduler and NATS. Ends with one line
# "tests: N passed, N failed" summed over every vitest run.
set -uo pipefail
cd "$(dirname "$0")/.."
START=$(date +%s)
step() { printf '\n\033[1m== [%4ss] %s\033[0m\n' "$(( $(date +%s) - START ))" "$*"; }
fail() { echo "FAILED: $*" >&2; summary; exit 1; }

summary() {
  node -e '
    const fs = require("fs"), path = require("path");
    let passed = 0, failed = 0, files = 0;
    for (const dir of ["mesh/contracts", "mesh/service-kit", "apps/gateway", "apps/bidding", "dev-runner"]) {
      const results = path.join(dir, "test-results");
      if (!fs.existsSync(results)) continue;
      for (const f of fs.readdirSync(results).filter((f) => f.endsWith(".json"))) {
        const r = JSON.parse(fs.readFileSync(path.join(results, f), "utf8"));
        passed += r.numPassedTests; failed += r.numFailedTests + (r.numFailedTestSuites ?? 0); files++;
      }
    }
    console.log(`\n(${files} result files)`);
    console.log(`tests: ${passed} passed, ${failed} failed`);
  '
}

rm -rf mesh/*/test-results apps/*/test-results dev-runner/test-results

step "Dapr runtime (built from Go modules, cached by version)"
bash dapr/runtime/install.sh || fail "Dapr runtime provisioning"

step "build"
npx turbo run build --output-logs=errors-only || fail "build"

step "lint and format (biome)"
npx biome check . || fail "lint"

step "typecheck"
npx turbo run typecheck --output-logs=errors-only || fail "typecheck"

step "validate the mesh configuration of every profile"
for profile in $(node -e 'const y=require("yaml");console.log(Object.keys(y.parse(require("fs").readFileSync("auction-mesh.yaml","utf8")).profiles).join(" "))'); do
  node dev-runner/dist/cli.js check --profile "$profile" || fail "mesh check ($profile)"
done

step "unit tests"
npx turbo run test --force --output-logs=new-only || fail "unit tests"

step "integration tests (real daprd, placement, scheduler, NATS)"
npx turbo run test:integration --output-logs=new-only || fail "integration tests"

step "done in $(( $(date +%s) - START ))s"
summary
