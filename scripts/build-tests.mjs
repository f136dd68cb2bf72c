#!/usr/bin/env node
// Builds every test addon (test/<name>/<name>.c|.cc) three ways: natively with node-gyp (the oracle),
// and to wasm with `wasm-napi build` on the wasm32-wasi and Emscripten routes.
// Usage: node scripts/build-tests.mjs [--only native|wasi|emscripten] [name...]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const testDir = join(root, 'test');
const args = process.argv.slice(2);
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? args.splice(onlyIdx, 2)[1] : undefined;
const wanted = new Set(args);

/** test/<name>/<name>.c or .cc, plus any other .c/.cc files in that folder. */
function addons() {
  const out = [];
  for (const name of readdirSync(testDir).sort()) {
    const dir = join(testDir, name);
    if (!statSync(dir).isDirectory() || name === 'build' || name === 'common') continue;
    const sources = readdirSync(dir).filter((f) => /\.(c|cc|cpp)$/.test(f)).sort();
    if (!sources.some((f) => f.startsWith(`${name}.`))) continue;
    if (wanted.size && !wanted.has(name)) continue;
    out.push({ name, sources: sources.map((f) => `${name}/${f}`) });
  }
  return out;
}

function run(cmd, argv, cwd = root) {
  execFileSync(cmd, argv, { cwd, stdio: 'inherit' });
}

const list = addons();
if (!only || only === 'native') {
  // One binding.gyp generated from the folder list, so adding a test needs no gyp edit.
  const gyp = {
    targets: list.map(({ name, sources }) => ({
      target_name: name,
      sources,
      include_dirs: ['common'],
      cflags: ['-Wall', '-Wno-unused-function'],
      defines: ['NAPI_VERSION=9'],
    })),
  };
  writeFileSync(join(testDir, 'binding.gyp'), `${JSON.stringify(gyp, null, 2)}\n`);
  const nodeGyp = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const gypArgs = existsSync(join(testDir, 'build', 'Makefile')) ? ['configure', 'build'] : ['rebuild'];
  // Build against the machine's Node headers (Debian's nodejs ships them in /usr/include/node) so
  // that node-gyp never needs to download a headers tarball.
  const nodedir = process.env.npm_config_nodedir || (existsSync('/usr/include/node/node_api.h') ? '/usr' : undefined);
  run(process.execPath, [nodeGyp, ...gypArgs, '--loglevel=warn', '--jobs=2', ...(nodedir ? [`--nodedir=${nodedir}`] : [])], testDir);
}
const cli = join(root, 'dist', 'cli', 'wasm-napi.js');
for (const route of ['wasi', 'emscripten']) {
  if (only && only !== route) continue;
  const outDir = join(testDir, 'build', route);
  mkdirSync(outDir, { recursive: true });
  for (const { name, sources } of list) {
    const argv = [cli, 'build', ...(route === 'emscripten' ? ['--emscripten'] : []),
      '-DNAPI_VERSION=9', `-I${join(testDir, 'common')}`,
      ...sources.map((s) => join(testDir, s)), '-o', join(outDir, `${name}.wasm`)];
    run(process.execPath, argv);
  }
}
