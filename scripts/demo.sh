#!/usr/bin/env bash
# The README's main command: installs what is missing, builds the example addon with both
# toolchains and runs it in Node.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node wasm/examples/run.mjs
