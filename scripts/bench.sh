#!/usr/bin/env bash
# `npm run bench`: builds what the benchmarks need, then runs them and writes BENCHMARKS.md:
# bench/run.mjs (Node: native and the three wasm runtimes, cold start), then bench/browser.mjs (the
# same ops in headless Chromium) and bench/size.mjs (bundled runtime sizes), bench/box2d.mjs (Box2D steps/s) and bench/foreign.mjs (modules built for
# other runtimes), which add their sections.
# Environment knobs: BENCH_ROUNDS, BENCH_ROUND_MS, BENCH_COLD_RUNS, BENCH_OUT, BENCH_OPS (all
# scripts), BENCH_BROWSER=0 to skip the Chromium run. Arguments go to bench/run.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f scripts/setup.sh ]; then
  # Toolchains from apt, npm ci, and dist/ (skips what is already there).
  bash scripts/setup.sh
else
  for tool in clang-16 wasm-ld-16 make g++; do
    command -v "$tool" >/dev/null 2>&1 || {
      echo "bench: $tool not found; install the toolchains (see docs or /work/shared/toolchain.md)" >&2
      exit 1
    }
  done
  [ -d node_modules ] || { echo "bench: node_modules missing: run npm ci" >&2; exit 1; }
fi
if [ ! -f dist/index.js ] || [ ! -f dist/cli/wasm-napi.js ]; then
  npm run -s build
fi

node bench/build.mjs
node --expose-gc bench/run.mjs "$@"
if [ "${BENCH_BROWSER:-1}" != 0 ]; then
  node --expose-gc bench/browser.mjs
fi
node wasm/box2d/build.mjs
node --expose-gc bench/box2d.mjs
node bench/foreign.mjs
node bench/size.mjs
