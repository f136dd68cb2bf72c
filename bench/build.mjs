#!/usr/bin/env node
// Builds bench/bench.c (plain C) and bench/bench_wrap.cc (node-addon-api) three ways, into bench/build/:
//   native    Release/bench.node, Release/bench_wrap.node   node-gyp with bench/binding.gyp
//   wasm-napi bench.wasi.wasm, bench_wrap.wasi.wasm         `wasm-napi build` (dist/cli), or the same
//                                                          clang recipe by hand when the CLI is not built
//   emnapi    bench.emnapi.wasm, bench_wrap.emnapi.wasm     clang/clang++ --target=wasm32-wasi with
//                                                          emnapi's headers and -lemnapi, flags as in
//                                                          node_modules/emnapi/README.md
// napi-wasm (bench/run.mjs's 4th variant) loads the wasm-napi builds: they export malloc and the table.
// All wasm builds use the same clang, -O3 and -msimd128. A target is rebuilt only when its inputs are newer.
// A failing C++ (bench_wrap) wasm build is recorded in build-info.json and does not stop the rest:
// bench/run.mjs then shows that cell as n/a with the reason.
// Usage: node bench/build.mjs [--force] [--no-cli]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..');
const buildDir = join(benchDir, 'build');
const source = join(benchDir, 'bench.c');
const wrapSource = join(benchDir, 'bench_wrap.cc');
const force = process.argv.includes('--force');
const noCli = process.argv.includes('--no-cli'); // use the clang recipe even if the CLI is built
// -O3 as node-gyp's Release builds of the native addon; wasm SIMD as `wasm-napi build` enables by
// default (the peers' builds get it too, so the same C compiles to the same code for every variant).
const OPT = '-O3';
const SIMD = '-msimd128';

export const outputs = {
  native: join(buildDir, 'Release', 'bench.node'),
  wasmNapi: join(buildDir, 'bench.wasi.wasm'),
  emnapi: join(buildDir, 'bench.emnapi.wasm'),
  nativeWrap: join(buildDir, 'Release', 'bench_wrap.node'),
  wasmNapiWrap: join(buildDir, 'bench_wrap.wasi.wasm'),
  emnapiWrap: join(buildDir, 'bench_wrap.emnapi.wasm'),
};

// How each output was last built, for BENCHMARKS.md (bench/run.mjs reads it).
const infoFile = join(buildDir, 'build-info.json');
let info = {};
try {
  info = JSON.parse(readFileSync(infoFile, 'utf8'));
} catch { /* first build */ }

// Paths shown relative to the directory the command runs in.
const shown = (a, cwd) => a.replace(/\/[^\s=]*/g, (p) => (p.startsWith(`${root}/`) ? relative(cwd, p) || '.' : p));
function run(cmd, argv, cwd = root, key = undefined, stdio = 'inherit') {
  let line = [cmd === process.execPath ? 'node' : cmd, ...argv].map((a) => shown(a, cwd)).join(' ');
  if (cwd !== root) line = `cd ${relative(root, cwd)} && ${line}`;
  console.log(`bench/build: ${line}`);
  if (key) {
    info[key] = line;
    delete info[`${key}Error`];
  }
  execFileSync(cmd, argv, { cwd, stdio });
}

// The C++ wasm builds may fail on a toolchain without what node-addon-api needs: record why (run.mjs
// prints it as the reason for an n/a cell) and go on with the other builds.
function tryRun(key, out, cmd, argv, cwd) {
  try {
    run(cmd, argv, cwd, key, ['ignore', 'inherit', 'pipe']);
  } catch (e) {
    const stderr = e.stderr?.toString() ?? '';
    process.stderr.write(stderr);
    rmSync(out, { force: true });
    const firstError = stderr.split('\n').find((l) => /error/i.test(l))?.trim();
    info[`${key}Error`] = `build failed (${e.status !== undefined ? `exit ${e.status}` : e.message})${firstError ? `: ${shown(firstError, root).slice(0, 200)}` : ''}`;
    console.error(`bench/build: ${key} failed; bench/run.mjs will show it as n/a`);
  }
}

const mtime = (f) => (existsSync(f) ? statSync(f).mtimeMs : -Infinity);
function stale(out, inputs) {
  if (force || !existsSync(out)) return true;
  return inputs.some((i) => mtime(i) > mtime(out));
}

function which(cmd) {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function findClang() {
  const wanted = process.env.WASM_NAPI_CC;
  if (wanted) return wanted;
  for (const c of ['clang-16', 'clang-19', 'clang']) if (which(c)) return c;
  throw new Error('bench/build: no clang found (run `bash scripts/setup.sh`, or set WASM_NAPI_CC)');
}

function findClangxx() {
  const wanted = process.env.WASM_NAPI_CXX;
  if (wanted) return wanted;
  for (const c of ['clang++-16', 'clang++-19', 'clang++']) if (which(c)) return c;
  throw new Error('bench/build: no clang++ found (run `bash scripts/setup.sh`, or set WASM_NAPI_CXX)');
}

mkdirSync(buildDir, { recursive: true });
const self = fileURLToPath(import.meta.url);

// --- native ---------------------------------------------------------------------------------------
if (stale(outputs.native, [source, join(benchDir, 'binding.gyp'), self]) || stale(outputs.nativeWrap, [wrapSource, join(benchDir, 'binding.gyp'), self])) {
  const nodeGyp = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const args = [nodeGyp, 'rebuild', '--silent', '--jobs=2'];
  // Outside `npm run`, node-gyp does not see npm's nodedir setting: point it at the system headers
  // when they are there (no download needed), as `npm config get nodedir` does on this project.
  if (!process.env.npm_config_nodedir && existsSync('/usr/include/node/node_api.h')) args.push('--nodedir=/usr');
  run(process.execPath, args, benchDir, 'native');
  info.nativeWrap = info.native; // one binding.gyp, both targets
}

// --- wasm-napi ------------------------------------------------------------------------------------
const cli = join(root, 'dist', 'cli', 'wasm-napi.js');
if (stale(outputs.wasmNapi, [source, self, cli]) || (noCli && info.wasmNapi?.includes('wasm-napi.js'))) {
  if (existsSync(cli) && !noCli) {
    run(process.execPath, [cli, 'build', OPT, source, '-o', outputs.wasmNapi], root, 'wasmNapi');
  } else {
    console.log(`bench/build: ${noCli ? '--no-cli' : 'dist/cli/wasm-napi.js not built'}: using the clang recipe directly`);
    run(findClang(), [
      '--target=wasm32-wasi', '--sysroot=/usr', OPT, SIMD, '-mexec-model=reactor',
      '-DBUILDING_NODE_EXTENSION', '-DNODE_GYP_MODULE_NAME=bench',
      `-I${join(root, 'node_modules', 'node-api-headers', 'include')}`,
      '-Wl,--export=malloc,--export=free,--export=napi_register_wasm_v1',
      '-Wl,--export-if-defined=node_api_module_get_api_version_v1,--import-undefined,--export-table',
      '-Wl,--strip-debug', '-o', outputs.wasmNapi, source,
    ], root, 'wasmNapi');
  }
}
const addonApiDir = join(root, 'node_modules', 'node-addon-api');
if (stale(outputs.wasmNapiWrap, [wrapSource, self, cli]) || (noCli && info.wasmNapiWrap?.includes('wasm-napi.js'))) {
  if (existsSync(cli) && !noCli) {
    // The CLI adds node-addon-api's include dir and, for .cc on wasi, -fno-exceptions
    // -DNAPI_DISABLE_CPP_EXCEPTIONS and libc++'s include dir.
    tryRun('wasmNapiWrap', outputs.wasmNapiWrap, process.execPath, [cli, 'build', OPT, wrapSource, '-o', outputs.wasmNapiWrap], root);
  } else {
    tryRun('wasmNapiWrap', outputs.wasmNapiWrap, findClangxx(), [
      '--target=wasm32-wasi', '--sysroot=/usr', OPT, SIMD, '-mexec-model=reactor',
      '-DBUILDING_NODE_EXTENSION', '-DNODE_GYP_MODULE_NAME=bench_wrap',
      `-I${join(root, 'node_modules', 'node-api-headers', 'include')}`, `-I${addonApiDir}`,
      '-isystem', '/usr/include/wasm32-wasi/c++/v1', '-fno-exceptions', '-DNAPI_DISABLE_CPP_EXCEPTIONS',
      '-Wl,--export=malloc,--export=free,--export=napi_register_wasm_v1',
      '-Wl,--export-if-defined=node_api_module_get_api_version_v1,--import-undefined,--export-table',
      '-Wl,--strip-debug', '-o', outputs.wasmNapiWrap, wrapSource,
    ], root);
  }
}

// --- emnapi ---------------------------------------------------------------------------------------
const emnapiDir = join(root, 'node_modules', 'emnapi');
const emnapiLib = join(emnapiDir, 'lib', 'wasm32-wasi');
if (stale(outputs.emnapi, [source, self, join(emnapiLib, 'libemnapi.a')])) {
  if (!existsSync(join(emnapiLib, 'libemnapi.a'))) {
    throw new Error(`bench/build: ${relative(root, emnapiLib)}/libemnapi.a missing (run npm ci)`);
  }
  // emnapi README, "wasi-sdk" recipe; Debian's wasi-libc is the sysroot instead of wasi-sdk's.
  run(findClang(), [
    OPT, SIMD, '-DBUILDING_NODE_EXTENSION', '-DNODE_GYP_MODULE_NAME=bench',
    `-I${join(emnapiDir, 'include', 'node')}`, `-L${emnapiLib}`,
    '--target=wasm32-wasi', '--sysroot=/usr', '-mexec-model=reactor',
    '-Wl,--initial-memory=16777216', '-Wl,--export-dynamic',
    '-Wl,--export=malloc', '-Wl,--export=free', '-Wl,--export=napi_register_wasm_v1',
    '-Wl,--export-if-defined=node_api_module_get_api_version_v1',
    '-Wl,--import-undefined', '-Wl,--export-table', '-Wl,--strip-debug',
    '-o', outputs.emnapi, source, '-lemnapi',
  ], root, 'emnapi');
}
if (stale(outputs.emnapiWrap, [wrapSource, self, join(emnapiLib, 'libemnapi.a')])) {
  // emnapi README, "wasi-sdk" C++ recipe (without -DNODE_ADDON_API_ENABLE_MAYBE, which changes the
  // node-addon-api API bench_wrap.cc is written against, and without --export-dynamic, which would
  // export all of libc++); clang++-16 needs libc++'s wasm32 include dir given.
  tryRun('emnapiWrap', outputs.emnapiWrap, findClangxx(), [
    OPT, SIMD, '-DBUILDING_NODE_EXTENSION', '-DNODE_GYP_MODULE_NAME=bench_wrap', '-DNAPI_DISABLE_CPP_EXCEPTIONS',
    `-I${join(emnapiDir, 'include', 'node')}`, `-I${addonApiDir}`, '-isystem', '/usr/include/wasm32-wasi/c++/v1',
    `-L${emnapiLib}`, '--target=wasm32-wasi', '--sysroot=/usr', '-fno-exceptions', '-mexec-model=reactor',
    '-Wl,--initial-memory=16777216',
    '-Wl,--export=malloc', '-Wl,--export=free', '-Wl,--export=napi_register_wasm_v1',
    '-Wl,--export-if-defined=node_api_module_get_api_version_v1',
    '-Wl,--import-undefined', '-Wl,--export-table', '-Wl,--strip-debug',
    '-o', outputs.emnapiWrap, wrapSource, '-lemnapi',
  ], root);
}

writeFileSync(infoFile, `${JSON.stringify(info, null, 2)}\n`);
for (const [name, file] of Object.entries(outputs)) {
  const what = existsSync(file) ? `(${statSync(file).size} bytes)` : `not built: ${info[`${name}Error`] ?? 'missing'}`;
  console.log(`bench/build: ${name.padEnd(12)} ${relative(root, file)} ${what}`);
}
