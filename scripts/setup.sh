#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian 12 machine (as root), skipping what is there:
# the wasm toolchains from apt, then the npm dependencies (npm ci also builds dist/ via `prepare`).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(clang-16 lld-16 wasi-libc libc++-16-dev-wasm32 libc++abi-16-dev-wasm32
  libclang-rt-16-dev-wasm32 emscripten binaryen wabt cmake make g++ python3
  chromium)  # Debian's Chromium drives the browser tests (Playwright never downloads one)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm ci when node_modules is missing or older than the lockfile.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
# Published modules built for other runtimes (test/foreign): a project of their own, because npm
# refuses the napi-rs package's cpu: wasm32 on x64 without --force.
if [ ! -d test/foreign/node_modules ] || [ test/foreign/package-lock.json -nt test/foreign/node_modules/.package-lock.json ]; then
  echo "setup: npm ci in test/foreign"
  (cd test/foreign && npm ci --force --no-audit --no-fund --loglevel=error)
fi
if [ ! -f dist/bundle/node.js ] || [ -n "$(find src -newer dist/bundle/node.js -name '*.ts' -print -quit)" ]; then
  npm run -s build
fi
