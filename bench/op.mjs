// Runs one benchmark op N times, for counting instructions (docs/performance.md):
//
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null node --expose-gc --single-threaded \
//     --no-concurrent-recompilation --no-concurrent-osr --predictable bench/op.mjs wasm 'add' N WARM
//
// (instructions for 2N) − (instructions for N), divided by N, is the cost of one call: start-up,
// compilation and warm-up cancel out. `bench/count.mjs` does the two runs and the arithmetic.
// Variant: `wasm` (bench/build/*.wasi.wasm through dist/index.js) or `native` (bench/build/Release).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { makeLoop, selectOps } from './ops.mjs';

const [variant = 'wasm', name = 'noop', nArg = '1000', warmArg = '20000'] = process.argv.slice(2);
const n = Number(nArg);
const warm = Number(warmArg);
const op = selectOps([name])[0];
if (!op) throw new Error(`no op matches ${name}`);
const build = (file) => fileURLToPath(new URL(`build/${file}`, import.meta.url));
const moduleFile = op.module === 'wrap' ? 'bench_wrap' : 'bench';

let b;
if (variant === 'native') {
  b = createRequire(import.meta.url)(build(`Release/${moduleFile}.node`));
} else {
  const { load } = await import('../dist/index.js');
  b = await load(build(`${moduleFile}.wasi.wasm`));
}
const arg = op.setup?.(b);
const loop = makeLoop(op.expr);
const now = () => 0;
// Ops with a fixed number of calls per round (wrapNew, fillNew1MB) make garbage that the benchmark
// collects between rounds: run them in batches of that size with a turn of the event loop and a GC
// between, as bench/run.mjs does.
const batch = op.calls ?? Infinity;
const turn = () => new Promise((resolve) => setImmediate(resolve));
async function run(count) {
  while (count > 0) {
    const k = Math.min(count, batch);
    loop(b, k, arg, now);
    count -= k;
    if (batch !== Infinity) {
      await turn();
      globalThis.gc?.();
      await turn();
    }
  }
}
await run(warm);
await run(n);
