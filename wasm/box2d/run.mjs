#!/usr/bin/env node
// Runs the Box2D addon on a fixed scene (scene.mjs) and prints every body's position: the same
// lines for each build, so `diff` between builds shows whether they agree. The wasm builds are
// bit-identical to each other; native differs from them by at most ~1e-4 on this scene (glibc's
// sinf/cosf against musl's: see test/box2d/box2d.test.ts), below the 4 decimals printed by default,
// though a value that sits on a rounding boundary could still print differently.
//
// Usage: node wasm/box2d/run.mjs [--build native|wasi|emscripten] [--steps N] [--decimals D]
// Build first with `node wasm/box2d/build.mjs`.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildScene } from './scene.mjs';
import { outputs, targets } from './build.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const build = option('build', 'wasi');
const steps = Number(option('steps', '300'));
const decimals = Number(option('decimals', '4'));
if (!targets.includes(build)) {
  console.error(`run: --build must be one of ${targets.join(', ')} (got ${build})`);
  process.exit(2);
}
if (!Number.isInteger(steps) || steps < 0 || !Number.isInteger(decimals) || decimals < 0 || decimals > 12) {
  console.error('run: --steps takes a whole number, --decimals 0 to 12');
  process.exit(2);
}
const file = outputs[build];
if (!existsSync(file)) {
  console.error(`run: ${file} is missing: run \`node wasm/box2d/build.mjs\``);
  process.exit(1);
}

const addon = build === 'native' ? createRequire(import.meta.url)(file) : await (await import('../../dist/index.js')).load(file);

const world = buildScene(new addon.World(0, -10));
for (let i = 0; i < steps; i++) world.step(1 / 60);
const positions = new Float32Array(world.bodyCount * 3);
const n = world.readPositions(positions);

// `-0.0000` and `0.0000` are the same position: print both as the latter.
const fixed = (v) => (Object.is(Number(v.toFixed(decimals)), -0) ? 0 : v).toFixed(decimals).padStart(decimals + 5);
console.log(`# Box2D scene after ${steps} steps of 1/60 s`);
for (let id = 0; id < n; id++) {
  const [x, y, angle] = positions.subarray(3 * id, 3 * id + 3);
  console.log(`body ${String(id).padStart(2)}  x ${fixed(x)}  y ${fixed(y)}  angle ${fixed(angle)}`);
}
world.destroy();
