// The README's main job for now: builds the example addon with both toolchains and runs it in Node.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasm } from '../../dist/cli/build.js';
import { load } from '../../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'build');
mkdirSync(out, { recursive: true });

for (const emscripten of [false, true]) {
  const route = emscripten ? 'Emscripten 3.1.6' : 'clang wasm32-wasi';
  const output = join(out, emscripten ? 'stats.emscripten.wasm' : 'stats.wasi.wasm');
  const t0 = performance.now();
  const { size } = buildWasm({ sources: [join(here, 'stats', 'stats.c')], output, emscripten });
  const t1 = performance.now();
  const stats = await load(output);
  const t2 = performance.now();
  console.log(`\n== stats.c built with ${route}: ${size} bytes (build ${(t1 - t0).toFixed(0)} ms, load ${(t2 - t1).toFixed(1)} ms)`);
  console.log('summary([3, 1, 4, 1, 5, 9, 2, 6]) =', stats.summary([3, 1, 4, 1, 5, 9, 2, 6]));
  console.log("shout('hello from wasm') =", stats.shout('hello from wasm'));
  console.log('mapTimes(5, i => i * i) =', stats.mapTimes(5, (i) => i * i));
  try {
    stats.summary('not an array');
  } catch (e) {
    console.log(`summary('not an array') threw ${e.name} [${e.code}]: ${e.message}`);
  }
}
