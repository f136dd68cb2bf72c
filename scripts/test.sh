#!/usr/bin/env bash
# Runs every test: builds each test addon natively (node-gyp) and to wasm (both toolchains), then
# runs the same Vitest suites in two projects (vitest.config.ts): `node` against all three builds
# and `browser` (headless Chromium) against the two wasm builds. Ends with one "<project>: N passed,
# N failed, N skipped" line per project and a plain "N passed, N failed, N skipped" line for all.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
node scripts/build-tests.mjs || exit 1
# Box2D 2.4.1 from Debian's source package, built native + wasi + Emscripten (test/box2d, the demo test).
node wasm/box2d/build.mjs || exit 1
mkdir -p test/build
npx vitest run --reporter=default --reporter=json --outputFile.json=test/build/results.json \
  --reporter=./scripts/project-counts.mjs "$@"
status=$?
node -e '
const r = JSON.parse(require("fs").readFileSync("test/build/results.json", "utf8"));
const skipped = r.numPendingTests + r.numTodoTests;
// A file that failed to load has no tests to count: say so, or the line would look green.
const broken = r.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
const files = broken ? `, ${broken} file${broken > 1 ? "s" : ""} failed to load` : "";
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped${files}`);
' || true
exit $status
