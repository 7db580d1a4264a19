#!/usr/bin/env bash
# The test command (`npm test`, CI): starts the services, checks build, types, lint and format, then runs the jest
# projects. Ends with the line `N passed, N failed` summed over every jest run (CI reads it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RESULTS_DIR=".data/jest"
mkdir -p "$RESULTS_DIR"
rm -f "$RESULTS_DIR"/*.json
current_step=""
jest_ran=0

step() {
  current_step="$1"
  printf '\n==== %s ====\n' "$1"
}

print_summary() {
  local status=$?
  if [ "$jest_ran" = 1 ]; then
    printf '\n==== summary ====\n'
    # Suites that fail to load (syntax error, failing import) report no tests: count each as one failed test.
    node -e '
      const fs = require("fs");
      let passed = 0, failed = 0, skipped = 0, broken = 0;
      for (const file of process.argv.slice(1)) {
        const run = JSON.parse(fs.readFileSync(file, "utf8"));
        passed += run.numPassedTests;
        failed += run.numFailedTests;
        skipped += run.numPendingTests + (run.numTodoTests || 0);
        broken += run.numRuntimeErrorTestSuites;
      }
      if (broken > 0) console.log(`${broken} test suite(s) failed to run; each is counted as one failed test`);
      console.log(`${passed} passed, ${failed + broken} failed` + (skipped > 0 ? `, ${skipped} skipped` : ""));
    ' $(ls "$RESULTS_DIR"/*.json 2>/dev/null) || true
  fi
  if [ "$status" -ne 0 ]; then
    echo "test.sh: FAILED (exit $status) at step: $current_step" >&2
  fi
}
trap print_summary EXIT

# run_jest NAME ARGS...: runs jest, keeps its JSON results, and remembers a failure without stopping here, so that
# the integration and e2e tests still run (and are counted) when a unit test fails.
jest_failed=0
run_jest() {
  local name="$1"
  shift
  jest_ran=1
  npx jest "$@" --json --outputFile="$RESULTS_DIR/$name.json" || {
    echo "test.sh: jest ($name) failed" >&2
    jest_failed=1
  }
  [ -f "$RESULTS_DIR/$name.json" ] || echo "test.sh: jest ($name) wrote no results" >&2
}

if [ ! -d node_modules ]; then
  step "install (npm ci)"
  npm ci --no-audit --no-fund
fi

step "services: PostgreSQL, Redis, Kafka (deploy/up.sh)"
bash deploy/up.sh

step "build"
npm run build

step "typecheck"
npm run typecheck

step "lint"
npm run lint

step "format check"
npm run format:check

step "unit tests"
run_jest unit --selectProjects unit

step "integration and e2e tests"
run_jest integration-e2e --selectProjects integration e2e --runInBand

current_step="tests"
exit "$jest_failed"
