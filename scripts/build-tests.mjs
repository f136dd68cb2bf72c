#!/usr/bin/env node
// Builds every test addon (test/<name>/<name>.c|.cc) three ways: natively with node-gyp (the oracle),
// and to wasm with `wasm-napi build` on the wasm32-wasi and Emscripten routes.
// The wasm builds run one per core and are skipped when a stamp of their inputs (sources, shared
// test headers, the CLI, the command) matches the one left by the last build.
// Usage: node scripts/build-tests.mjs [--only native|wasi|emscripten] [name...]
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readdirSync, writeFileSync, statSync } from 'node:fs';
import { cliFiles, contentHash, dropStamp, spawnCollect, stampMatches, writeStamp } from './build-steps.mjs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
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

const isCxx = (file) => /\.(cc|cpp)$/.test(file);

/**
 * gyp settings for C++ (node-addon-api) test addons. Natively they build with C++ exceptions, as
 * node-addon-api's except.gypi sets them up: the same mode as the Emscripten build (where
 * `wasm-napi build` adds -fwasm-exceptions -DNAPI_CPP_EXCEPTIONS), so the native oracle runs the
 * same `throw` paths; the wasm32-wasi build has no C++ exceptions and runs the
 * NAPI_DISABLE_CPP_EXCEPTIONS paths of the same source. The wasm builds get node-addon-api's
 * headers from the CLI.
 */
function cxxSettings() {
  // Relative to test/, where binding.gyp is (node-addon-api's own `include_dir` is relative to
  // the current directory).
  const nodeAddonApi = relative(testDir, dirname(createRequire(import.meta.url).resolve('node-addon-api')));
  return {
    include_dirs: [nodeAddonApi],
    defines: ['NAPI_CPP_EXCEPTIONS'],
    'cflags!': ['-fno-exceptions'],
    'cflags_cc!': ['-fno-exceptions'],
    xcode_settings: { GCC_ENABLE_CPP_EXCEPTIONS: 'YES', CLANG_CXX_LIBRARY: 'libc++' },
  };
}

const list = addons();
if (!only || only === 'native') {
  // One binding.gyp generated from the folder list, so adding a test needs no gyp edit.
  const gyp = {
    targets: list.map(({ name, sources }) => {
      const target = {
        target_name: name,
        sources,
        include_dirs: ['common'],
        cflags: ['-Wall', '-Wno-unused-function'],
        defines: ['NAPI_VERSION=9'],
      };
      if (!sources.some(isCxx)) return target;
      const cxx = cxxSettings();
      return {
        ...target,
        ...cxx,
        include_dirs: [...target.include_dirs, ...cxx.include_dirs],
        defines: [...target.defines, ...cxx.defines],
      };
    }),
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
// What a wasm build reads besides its own sources: the CLI (its flags) and the shared test headers.
const testHeaders = readdirSync(join(testDir, 'common')).map((f) => join(testDir, 'common', f));

const jobs = [];
for (const route of ['wasi', 'emscripten']) {
  if (only && only !== route) continue;
  const outDir = join(testDir, 'build', route);
  mkdirSync(outDir, { recursive: true });
  for (const { name, sources } of list) {
    const out = join(outDir, `${name}.wasm`);
    const files = sources.map((s) => join(testDir, s));
    const argv = [cli, 'build', ...(route === 'emscripten' ? ['--emscripten'] : []),
      '-DNAPI_VERSION=9', `-I${join(testDir, 'common')}`, ...files, '-o', out];
    jobs.push({ label: `${route}/${name}`, argv, out, stamp: contentHash(argv, [...cliFiles, ...testHeaders, ...files]) });
  }
}
// One compiler per core: the builds are independent processes.
let next = 0;
let failed = 0;
let skipped = 0;
async function worker() {
  while (next < jobs.length) {
    const job = jobs[next++];
    if (stampMatches(job.out, job.stamp)) {
      skipped++;
      continue;
    }
    dropStamp(job.out);
    const { code, output } = await spawnCollect(process.execPath, job.argv);
    process.stdout.write(output);
    if (code !== 0) {
      failed++;
      console.error(`build-tests: ${job.label} failed (exit ${code})`);
    } else {
      writeStamp(job.out, job.stamp);
    }
  }
}
await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
if (jobs.length) console.log(`build-tests: ${jobs.length - skipped - failed} wasm builds made, ${skipped} up to date, ${failed} failed`);
if (failed) process.exit(1);
