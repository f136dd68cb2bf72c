#!/usr/bin/env node
// Modules built for other runtimes (test/foreign's packages), run by wasm-napi and by the package's
// own runtime, side by side in one process: lightningcss-wasm's transform (its runtime: napi-wasm)
// and crc32/crc32c of 1 MB from @node-rs/crc32-wasm32-wasi (its runtime: @napi-rs/wasm-runtime,
// i.e. emnapi). Prints a markdown table (medians of interleaved rounds) for BENCHMARKS.md.
//
// Environment: BENCH_ROUNDS (default 9), BENCH_ROUND_MS (default 150).
import { createRequire } from 'node:module';
import { webcrypto } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { load } from '../dist/index.js';
import { writeBlock } from './report.mjs';

const packages = new URL('../test/foreign/node_modules/', import.meta.url);
const require = createRequire(packages);
const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
const roundMs = Number(process.env.BENCH_ROUND_MS ?? 150);

const css = await load(new URL('lightningcss-wasm/lightningcss_node.wasm', packages), {
  imports: (m) => ({
    env: {
      await_promise_sync: () => {
        throw new Error('bundleAsync is not benchmarked');
      },
      __getrandom_v03_custom: (ptr, len) => void webcrypto.getRandomValues(new Uint8Array(m.memory.buffer, ptr, len)),
    },
  }),
});
const ownCss = await import(new URL('lightningcss-wasm/wasm-node.mjs', packages).href);
const crc = await load(new URL('@node-rs/crc32-wasm32-wasi/crc32.wasm32-wasi.wasm', packages));
const ownCrc = require('@node-rs/crc32-wasm32-wasi');

// A stylesheet of about 20 KB with the usual things a minifier works on.
let source = '';
for (let i = 0; i < 200; i++) {
  source += `.card-${i} { color: #ff0000; margin: 0px 0px 0px 0px; background: rgb(0 128 255 / 50%); }\n`;
  source += `.card-${i}:hover > .title { padding: 4px 8px 4px 8px; transition: all 200ms ease-in-out; }\n`;
}
const code = Buffer.from(source);
const megabyte = Buffer.alloc(1 << 20, 'wasm-napi ');

const ops = [
  {
    name: `lightningcss transform (${(code.length / 1024).toFixed(0)} KB, minify)`,
    run: (m) => m.transform({ filename: 'a.css', code, minify: true }).code.length,
    variants: { 'wasm-napi': css, 'own runtime (napi-wasm)': ownCss },
  },
  { name: 'crc32 of 1 MB', run: (m) => m.crc32(megabyte), variants: { 'wasm-napi': crc, 'own runtime (emnapi)': ownCrc } },
  { name: 'crc32c of 1 MB', run: (m) => m.crc32c(megabyte), variants: { 'wasm-napi': crc, 'own runtime (emnapi)': ownCrc } },
  { name: "crc32('hello world')", run: (m) => m.crc32('hello world'), variants: { 'wasm-napi': crc, 'own runtime (emnapi)': ownCrc } },
];

function timeRound(op, module, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) op.run(module);
  return Number(process.hrtime.bigint() - start) / n;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const format = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(1)} µs` : `${ns.toFixed(0)} ns`);

const lines = ['| operation | wasm-napi | package runtime | runtime / wasm-napi |', '|---|---:|---:|---:|'];
for (const op of ops) {
  const entries = Object.entries(op.variants);
  const results = entries.map(([, m]) => op.run(m));
  if (!results.every((r) => isDeepStrictEqual(r, results[0]))) throw new Error(`${op.name}: the runtimes disagree (${results.join(' vs ')})`);
  // Size each variant's rounds to about roundMs from a warm-up.
  const counts = entries.map(([, m]) => {
    let n = 1;
    while (timeRound(op, m, n) * n < 20e6 && n < 1 << 20) n *= 2;
    return Math.max(1, Math.round((roundMs * 1e6) / timeRound(op, m, n)));
  });
  const samples = entries.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < entries.length; k++) {
      const v = (k + r) % entries.length; // rotate the order each round
      samples[v].push(timeRound(op, entries[v][1], counts[v]));
    }
  }
  const [ours, theirs] = samples.map(median);
  lines.push(`| ${op.name} | ${format(ours)} | ${format(theirs)} (${entries[1][0].replace(/^own runtime \((.*)\)$/, '$1')}) | ${(theirs / ours).toFixed(2)}× |`);
}
console.log(lines.join('\n'));
const OUT = process.env.BENCH_OUT ?? 'BENCHMARKS.md';
if (OUT !== '-') {
  const intro =
    'Published Node-API wasm modules built for other runtimes (`test/foreign/`), run by wasm-napi and by the ' +
    `package's own runtime in one Node process (\`bench/foreign.mjs\`); medians of ${rounds} interleaved rounds.`;
  writeBlock(OUT, 'foreign', `## Modules built for other runtimes\n\n${intro}\n\n${lines.join('\n')}\n`);
}
