#!/usr/bin/env node
// Box2D speed, side by side in one Node process: the Box2D addon (wasm/box2d/binding.cc) built
// natively (node-gyp), the same source built to wasm and run by wasm-napi (clang wasm32-wasi, and
// Emscripten), and `planck`, a pure-JS port of Box2D, on the same scene (bench/box2d-scene.mjs):
// 500 bodies, boxes and circles in turn, dropped in rows into an open container; 300 steps of
// 1/60 s (8 velocity and 3 position iterations), which covers the fall, the pile-up and most of the
// settling.
//
// Each round runs every engine once, in turn, so that a change in machine load hits them all; the
// table gives the median of the rounds. One warm-up round first (V8 tiers wasm and JS up as they
// run). Also timed: reading all 500 positions once, the per-frame cost of drawing the scene
// (one readPositions call for the addon, a loop of getPosition/getAngle for planck), averaged
// over 2000 reads.
//
// Usage: node bench/box2d.mjs (after `node wasm/box2d/build.mjs` and `npm run build`)
// Environment: BOX2D_ROUNDS (default 7), BOX2D_STEPS (default 300).
import { writeBlock } from './report.mjs';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The scene (one module for this and the browser bench, bench/browser/box2d.js).
import { addonEngine, BODIES, contained, planckEngine, POSITION_ITERATIONS, STEPS as DEFAULT_STEPS, VELOCITY_ITERATIONS } from './box2d-scene.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = join(root, 'wasm', 'box2d', 'build');
const ROUNDS = Number(process.env.BOX2D_ROUNDS ?? 7);
const STEPS = Number(process.env.BOX2D_STEPS ?? DEFAULT_STEPS);
const READS = 2000;

// ---- the engines ----------------------------------------------------------------------------------
const require = createRequire(import.meta.url);
const engines = [];
async function add(label, make) {
  try {
    engines.push({ label, ...(await make()), steps: [], wall: [], reads: [] });
  } catch (e) {
    engines.push({ label, missing: e.message });
  }
}
function need(file) {
  if (!existsSync(file)) throw new Error(`${file.slice(root.length + 1)} missing: run \`node wasm/box2d/build.mjs\``);
  return file;
}
const runtime = () => {
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ missing: run `npm run build`');
  return import('../dist/index.js');
};
await add('native (node-gyp, g++ -O3)', async () => addonEngine(require(need(join(buildDir, 'native', 'box2d.node')))));
await add('wasm-napi, clang wasm32-wasi -O3', async () => addonEngine(await (await runtime()).load(need(join(buildDir, 'wasi', 'box2d.wasm')))));
await add('wasm-napi, Emscripten 3.1.6 -O3', async () => addonEngine(await (await runtime()).load(need(join(buildDir, 'emscripten', 'box2d.wasm')))));
await add(`planck ${planckVersion()} (pure JS)`, async () => planckEngine(await import('planck')));

function planckVersion() {
  try {
    // planck's package.json is not in its "exports"; read it from where the entry point is.
    const entry = require.resolve('planck');
    let dir = dirname(entry);
    while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return '';
  }
}

// ---- measuring ------------------------------------------------------------------------------------
const gc = globalThis.gc ?? (() => {});
// Process CPU time (user + system), in ms. The project's machines are shared (2 cores, often a
// load average of 6 or more): CPU time leaves out the time this process waited for a core, which
// wall time does not. Both are recorded; on an idle machine they agree.
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
function runOnce(engine, record) {
  const world = engine.create();
  gc();
  const w0 = performance.now();
  const c0 = cpu();
  for (let i = 0; i < STEPS; i++) world.step();
  const c1 = cpu();
  const w1 = performance.now();
  for (let i = 0; i < READS; i++) world.read();
  const c2 = cpu();
  const positions = world.positions();
  world.destroy();
  if (record) {
    engine.steps.push((c1 - c0) / STEPS);
    engine.wall.push((w1 - w0) / STEPS);
    engine.reads.push((c2 - c1) / READS);
  }
  return positions;
}

const live = engines.filter((e) => !e.missing);
const finalPositions = new Map();
for (let round = 0; round <= ROUNDS; round++) {
  for (const engine of live) finalPositions.set(engine, runOnce(engine, round > 0));
  process.stderr.write(round === 0 ? 'box2d bench: warm-up done\n' : `box2d bench: round ${round}/${ROUNDS}\n`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---- the table ------------------------------------------------------------------------------------
const native = live.find((e) => e.label.startsWith('native'));
const nativeMs = native ? median(native.steps) : undefined;
const nativeRead = native ? median(native.reads) : undefined;
const lines = [
  `Box2D 2.4.1, ${BODIES} bodies (boxes and circles) falling into a container, ${STEPS} steps of 1/60 s` +
    ` (${VELOCITY_ITERATIONS}/${POSITION_ITERATIONS} iterations); median of ${ROUNDS} rounds after a warm-up.`,
  `Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}.`,
  '',
  'Times are process CPU time (the machine may be shared); "wall" is the wall-clock time per step.',
  '',
  '| engine | steps/s | ms/step | time vs native | wall ms/step | read 500 positions | read time vs native | bodies in container |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const e of engines) {
  if (e.missing) {
    lines.push(`| ${e.label} | n/a | n/a | n/a | n/a | n/a | n/a | ${e.missing} |`);
    continue;
  }
  const ms = median(e.steps);
  const read = median(e.reads);
  const ratio = nativeMs ? `${(ms / nativeMs).toFixed(2)}x` : 'n/a';
  const readRatio = nativeRead ? `${(read / nativeRead).toFixed(1)}x` : 'n/a';
  lines.push(
    `| ${e.label} | ${(1000 / ms).toFixed(0)} | ${ms.toFixed(3)} | ${e === native ? '1.00x' : ratio} | ${median(e.wall).toFixed(3)} | ${(read * 1000).toFixed(1)} µs | ${e === native ? '1.0x' : readRatio} | ${contained(finalPositions.get(e))}/${BODIES} |`,
  );
}
console.log(lines.join('\n'));
const OUT = process.env.BENCH_OUT ?? 'BENCHMARKS.md';
if (OUT !== '-') writeBlock(OUT, 'box2d', `## Box2D in Node\n\nBy \`bench/box2d.mjs\`.\n\n${lines.join('\n')}\n`);
