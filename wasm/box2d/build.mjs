#!/usr/bin/env node
// Builds the Box2D addon (binding.cc + every .cpp of Box2D 2.4.1) three ways, into wasm/box2d/build/:
//   native/box2d.node       node-gyp with binding.gyp (g++, Node's headers from --nodedir=/usr)
//   wasi/box2d.wasm         `wasm-napi build` (dist/cli), clang --target=wasm32-wasi
//   emscripten/box2d.wasm   `wasm-napi build --emscripten`, em++
// Box2D's sources are fetched first by fetch.sh when build/box2d-src/ is missing (needs root).
// A target whose output is newer than all its inputs is skipped.
//
// The CLI compiles all sources of one build in a single compiler process, one file after another
// (about 15 s for Box2D on either route); to use both cores the three targets run at the same time.
//
// Usage: node wasm/box2d/build.mjs [--force] [--only native,wasi,emscripten]
// Exits non-zero when a target fails (after trying the others); build/build-info.json records why,
// and the test shows that build as skipped with the reason.
import { cliFiles, contentHash, dropStamp, spawnCollect, stampMatches, writeStamp } from '../../scripts/build-steps.mjs';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const buildDir = join(here, 'build');
const srcDir = join(buildDir, 'box2d-src');
const cli = join(root, 'dist', 'cli', 'wasm-napi.js');
const self = fileURLToPath(import.meta.url);

export const targets = ['native', 'wasi', 'emscripten'];
export const outputs = {
  native: join(buildDir, 'native', 'box2d.node'),
  wasi: join(buildDir, 'wasi', 'box2d.wasm'),
  emscripten: join(buildDir, 'emscripten', 'box2d.wasm'),
};
/** Why a target failed in the last build, by target (absent when it built). */
export const infoFile = join(buildDir, 'build-info.json');

// Same settings on every route: -O3 (node-gyp's Release level), no C++ exceptions (the wasi route
// has none), asserts off, and a 1 MiB wasm stack (Box2D's solver keeps sizeable structures on it).
const OPT = '-O3';
const STACK = 1 << 20;
const DEFINES = ['NAPI_VERSION=8', 'NAPI_DISABLE_CPP_EXCEPTIONS', 'NDEBUG'];

const show = (p) => relative(process.cwd(), p) || '.';
const mtime = (f) => (existsSync(f) ? statSync(f).mtimeMs : -Infinity);

function filesUnder(dir, pattern) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .filter((f) => pattern.test(f))
    .map((f) => join(dir, f))
    .sort();
}

/** Box2D's translation units, as listed in its src/CMakeLists.txt (all .cpp files under src/). */
export function box2dSources() {
  return filesUnder(join(srcDir, 'src'), /\.cpp$/);
}

function nativeCommand(force) {
  // node-gyp always builds into ./build of the folder it runs in, and `rebuild` deletes that folder
  // first: run it in build/native/, from a stub that includes ../../binding.gyp.
  const dir = join(buildDir, 'native');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'binding.gyp'), '{ "includes": ["../../binding.gyp"] }\n');
  const nodeGyp = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const verbs = !force && existsSync(join(dir, 'build', 'Makefile')) ? ['configure', 'build'] : ['rebuild'];
  // Outside `npm run`, node-gyp does not see npm's nodedir: use Debian's Node headers when present,
  // so that it never tries to download a headers tarball.
  const nodedir = process.env.npm_config_nodedir || (existsSync('/usr/include/node/node_api.h') ? '/usr' : undefined);
  return {
    cmd: process.execPath,
    args: [nodeGyp, ...verbs, '--loglevel=warn', '--jobs=2', ...(nodedir ? [`--nodedir=${nodedir}`] : [])],
    cwd: dir,
    after: () => copyFileSync(join(dir, 'build', 'Release', 'box2d.node'), outputs.native),
  };
}

function wasmCommand(route) {
  return {
    cmd: process.execPath,
    args: [
      cli, 'build', ...(route === 'emscripten' ? ['--emscripten'] : []), OPT, '--stack-size', String(STACK),
      ...DEFINES.map((d) => `-D${d}`), `-I${join(srcDir, 'include')}`, `-I${join(srcDir, 'src')}`,
      join(here, 'binding.cc'), ...box2dSources(), '-o', outputs[route],
    ],
    cwd: root,
    after: () => {},
  };
}

function inputsOf(target) {
  const box2d = [...filesUnder(join(srcDir, 'src'), /\.(cpp|h)$/), ...filesUnder(join(srcDir, 'include'), /\.h$/)];
  const common = [join(here, 'binding.cc'), self, ...box2d];
  return target === 'native' ? [...common, join(here, 'binding.gyp')] : common;
}

/** The CLI's part of a wasm target's inputs (by content) with its command line. */
const cliStamp = (target) => contentHash(wasmCommand(target).args, cliFiles);

/**
 * Builds the targets that are missing or older than their inputs. Resolves to
 * { built, skipped, failed: { target: reason } }.
 */
export async function buildBox2d({ only = targets, force = false, log = console.log } = {}) {
  if (!existsSync(join(srcDir, 'include', 'box2d', 'b2_world.h'))) {
    log('box2d/build: fetching Box2D 2.4.1 sources (fetch.sh)');
    const { code, output } = await spawnCollect('bash', [join(here, 'fetch.sh')], root);
    process.stdout.write(output);
    if (code !== 0) throw new Error(`box2d/build: fetch.sh failed (exit ${code}); see its message above`);
  }
  if (only.some((t) => t !== 'native') && !existsSync(cli)) {
    throw new Error(`box2d/build: ${show(cli)} is missing: build the CLI first (npm run build)`);
  }
  let info = {};
  try {
    info = JSON.parse(readFileSync(infoFile, 'utf8'));
  } catch { /* first build */ }

  const result = { built: [], skipped: [], failed: {} };
  const jobs = only.map(async (target) => {
    const out = outputs[target];
    const newest = Math.max(...inputsOf(target).map(mtime));
    const stamp = target === 'native' ? '' : cliStamp(target);
    const stampOk = target === 'native' || stampMatches(out, stamp);
    if (!force && mtime(out) > newest && stampOk) {
      result.skipped.push(target);
      delete info[target];
      return;
    }
    mkdirSync(dirname(out), { recursive: true });
    const job = target === 'native' ? nativeCommand(force) : wasmCommand(target);
    const t0 = performance.now();
    const { code, output } = await spawnCollect(job.cmd, job.args, job.cwd);
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    // Each target's output in one piece, since the three run at the same time; after a success
    // only the warnings (node-gyp also lists every file it compiles).
    const text = output.trim();
    if (code === 0) {
      job.after();
      if (target !== 'native') writeStamp(out, stamp);
      result.built.push(target);
      delete info[target];
      const warnings = text.split('\n').filter((l) => /warning/i.test(l)).join('\n');
      log(`box2d/build: ${target} built in ${seconds} s: ${show(out)} (${statSync(out).size} bytes)${warnings ? `\n${indent(warnings)}` : ''}`);
    } else {
      // A half-written output would look up to date next time.
      rmSync(out, { force: true });
      dropStamp(out);
      const firstError = text.split('\n').find((l) => /error/i.test(l))?.trim();
      const reason = `build failed (exit ${code})${firstError ? `: ${firstError.slice(0, 300)}` : ''}`;
      result.failed[target] = reason;
      info[target] = reason;
      log(`box2d/build: ${target} FAILED after ${seconds} s\n${indent(text)}`);
    }
  });
  await Promise.all(jobs);
  writeFileSync(infoFile, `${JSON.stringify(info, null, 2)}\n`);
  for (const t of result.skipped) log(`box2d/build: ${t} is up to date: ${show(outputs[t])}`);
  return result;
}

const indent = (text) => text.split('\n').map((l) => `  ${l}`).join('\n');

if (process.argv[1] === self) {
  const argv = process.argv.slice(2);
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? '').split(',').filter(Boolean) : targets;
  const unknown = only.filter((t) => !targets.includes(t));
  if (unknown.length > 0 || only.length === 0) {
    console.error(`box2d/build: --only takes a comma list of ${targets.join(', ')}`);
    process.exit(2);
  }
  const t0 = performance.now();
  try {
    const { failed } = await buildBox2d({ only, force: argv.includes('--force') });
    const names = Object.keys(failed);
    console.log(`box2d/build: done in ${((performance.now() - t0) / 1000).toFixed(1)} s${names.length ? `; failed: ${names.join(', ')}` : ''}`);
    process.exit(names.length ? 1 : 0);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
