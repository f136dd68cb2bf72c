#!/usr/bin/env bash
# The README's main command: installs what is missing (toolchains, Chromium, npm packages), runs the
# small example addon in Node with both toolchains, builds Box2D (C++) to wasm and the playground,
# then serves it (prints the URL; Ctrl-C stops). Extra arguments go to scripts/demo-serve.mjs
# (--dev, --port N, --host H).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node wasm/examples/run.mjs
exec node scripts/demo-serve.mjs "$@"
