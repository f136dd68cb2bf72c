#!/usr/bin/env bash
# Runs every test: builds each test addon natively (node-gyp) and to wasm (both toolchains), then
# runs the same Vitest suites against all builds. Ends with a plain "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
node scripts/build-tests.mjs || exit 1
mkdir -p test/build
npx vitest run --reporter=default --reporter=json --outputFile.json=test/build/results.json "$@"
status=$?
node scripts/coverage.mjs >/dev/null || true
node -e '
const r = JSON.parse(require("fs").readFileSync("test/build/results.json", "utf8"));
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' || true
exit $status
