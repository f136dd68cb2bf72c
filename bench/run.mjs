#!/usr/bin/env node
// Node-API call overhead, side by side in ONE Node process: the native addon (node-gyp), the same
// C built to wasm and run by wasm-napi, and by emnapi (@emnapi/core + @emnapi/runtime).
// Then cold start (import runtime + compile + instantiate + register) in fresh child processes.
// Prints tables and writes BENCHMARKS.md. Run via `npm run bench` (builds first), or
// `node --expose-gc bench/run.mjs` once bench/build.mjs has run.
//
// Environment: BENCH_ROUNDS (default 9), BENCH_ROUND_MS (target ms per round, default 150),
// BENCH_COLD_RUNS (default 10), BENCH_OUT (markdown path, default BENCHMARKS.md; "-" for none).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, inspect } from 'node:util';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..');
const files = {
  native: join(benchDir, 'build', 'Release', 'bench.node'),
  wasmNapi: join(benchDir, 'build', 'bench.wasi.wasm'),
  emnapi: join(benchDir, 'build', 'bench.emnapi.wasm'),
};
const VARIANTS = [
  { key: 'native', label: 'native' },
  { key: 'wasmNapi', label: 'wasm-napi' },
  { key: 'emnapi', label: 'emnapi' },
];
const require = createRequire(import.meta.url);

// ---- loaders (also used by the cold-start children) ---------------------------------------------
// Each is split in two so cold start can report "import the runtime" and "load the module" apart.
const loaders = {
  native: {
    runtime: async () => ({}),
    load: async () => require(files.native),
  },
  wasmNapi: {
    runtime: () => import('../dist/index.js'),
    load: ({ load }) => load(files.wasmNapi),
  },
  emnapi: {
    runtime: async () => {
      const [core, runtime, wasi] = await Promise.all([import('@emnapi/core'), import('@emnapi/runtime'), import('node:wasi')]);
      return { instantiateNapiModule: core.instantiateNapiModule, getDefaultContext: runtime.getDefaultContext, WASI: wasi.WASI };
    },
    // emnapi's documented Node route for wasm32-wasi modules: instantiateNapiModule with node:wasi.
    load: async ({ instantiateNapiModule, getDefaultContext, WASI }) => {
      const { napiModule } = await instantiateNapiModule(readFile(files.emnapi), {
        wasi: new WASI({ version: 'preview1' }),
        context: getDefaultContext(),
      });
      return napiModule.exports;
    },
  },
};
const loadVariant = async (key) => loaders[key].load(await loaders[key].runtime());

// ---- cold start child: `run.mjs --cold <variant>` prints its times in ms as JSON ----------------
if (process.argv[2] === '--cold') {
  const key = process.argv[3];
  process.removeAllListeners('warning'); // node:wasi's ExperimentalWarning
  const t0 = performance.now();
  const rt = await loaders[key].runtime();
  const t1 = performance.now();
  const b = await loaders[key].load(rt);
  const t2 = performance.now();
  if (b.add(1, 2) !== 3) throw new Error(`${key}: add(1, 2) !== 3 after a cold load`);
  process.stdout.write(JSON.stringify({ importMs: t1 - t0, moduleMs: t2 - t1, loadMs: t2 - t0, sinceProcessStartMs: t2 }));
  process.exit(0);
}

// ---- configuration ------------------------------------------------------------------------------
const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 9));
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 150);
const COLD_RUNS = Math.max(3, Number(process.env.BENCH_COLD_RUNS ?? 10));
const OUT = process.env.BENCH_OUT ?? join(root, 'BENCHMARKS.md');
const gc = globalThis.gc ?? (() => {});
if (!globalThis.gc) console.warn('bench: run with --expose-gc for a GC between rounds (npm run bench does)');
process.removeAllListeners('warning');
process.on('warning', (w) => { if (w.name !== 'ExperimentalWarning') console.warn(w); });

for (const [k, f] of Object.entries(files)) {
  if (!existsSync(f)) {
    console.error(`bench: ${relative(root, f)} (${k}) is missing: run \`node bench/build.mjs\` or \`npm run bench\``);
    process.exit(1);
  }
}

const str16 = 'abcdefghijklmnop';
const str1k = 'The quick brown fox jumps over the lazy dog. '.repeat(23).slice(0, 1024);
if (str16.length !== 16 || str1k.length !== 1024) throw new Error('bad benchmark strings');
const callback = (x) => x + 1;

// Each op: how to call it once (for the correctness check) and the body of the timing loop. Each
// (op, variant) pair gets its own compiled loop (new Function) so V8's feedback for one variant's
// functions never makes another variant's call site polymorphic.
const OPS = [
  { name: 'noop()', call: (b) => b.noop(), expr: 'b.noop()' },
  { name: 'add(a, b)', call: (b) => b.add(1.5, 2.25), expr: 'b.add(i, 0.5)' },
  { name: 'echo(16 B)', call: (b) => b.echo(str16), expr: 'b.echo(arg)', arg: str16 },
  { name: 'echo(1 KB)', call: (b) => b.echo(str1k), expr: 'b.echo(arg)', arg: str1k },
  { name: 'makeObject()', call: (b) => b.makeObject(), expr: 'b.makeObject()' },
  { name: 'callJs(fn)', call: (b) => b.callJs(callback), expr: 'b.callJs(arg)', arg: callback },
];

function makeLoop(expr) {
  // Returns elapsed ns for n calls; `sink` keeps results alive so no call is dead code.
  return new Function('b', 'n', 'arg', 'now', `
    let sink;
    const t0 = now();
    for (let i = 0; i < n; i++) sink = ${expr};
    const t1 = now();
    globalThis.__benchSink = sink;
    return Number(t1 - t0);
  `);
}
const now = process.hrtime.bigint;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const geomean = (xs) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);

// ---- load everything in this process ------------------------------------------------------------
const addons = {};
const loadErrors = {};
for (const v of VARIANTS) {
  try {
    addons[v.key] = await loadVariant(v.key);
  } catch (e) {
    loadErrors[v.key] = e;
    console.error(`bench: loading ${v.label} failed: ${e?.stack ?? e}`);
  }
}
if (!addons.native) {
  console.error('bench: the native addon must load (it is the baseline)');
  process.exit(1);
}

// ---- correctness: every op must give native's answer, else it is reported and not timed ---------
const opErrors = {}; // `${op}|${variant}` → message
for (const op of OPS) {
  const expected = op.call(addons.native);
  for (const v of VARIANTS) {
    if (!addons[v.key]) continue;
    try {
      const got = op.call(addons[v.key]);
      if (!isDeepStrictEqual(got, expected)) {
        opErrors[`${op.name}|${v.key}`] = `returned ${inspect(got).slice(0, 80)}, native returned ${inspect(expected).slice(0, 80)}`;
      }
    } catch (e) {
      opErrors[`${op.name}|${v.key}`] = `threw ${e?.name ?? 'Error'}: ${e?.message ?? e}`;
    }
  }
}

// ---- timing -------------------------------------------------------------------------------------
console.log(`bench: ${ROUNDS} rounds of ~${ROUND_MS} ms per op and variant, variants interleaved per round`);
const results = []; // { op, perVariant: { key: { n, samples: [ns/op], median } | { error } } }
for (const op of OPS) {
  const row = { op: op.name, perVariant: {} };
  const live = [];
  for (const v of VARIANTS) {
    const err = loadErrors[v.key] ? `load failed: ${loadErrors[v.key]?.message}` : opErrors[`${op.name}|${v.key}`];
    if (err) {
      row.perVariant[v.key] = { error: err };
      continue;
    }
    const b = addons[v.key];
    const loop = makeLoop(op.expr);
    // Warm up for >= 250 ms (tiers up the loop and the runtime's glue), then size n from the
    // fastest of 3 ~30 ms probes so one round takes about ROUND_MS when the machine is quiet.
    let n = 256;
    const warmStart = performance.now();
    while (loop(b, n, op.arg, now) < 30e6) n *= 2;
    while (performance.now() - warmStart < 250) loop(b, n, op.arg, now);
    let best = Infinity;
    for (let k = 0; k < 3; k++) best = Math.min(best, loop(b, n, op.arg, now) / n);
    n = Math.max(1000, Math.round((ROUND_MS * 1e6) / best));
    live.push({ v, b, loop, n, samples: [] });
  }
  for (let r = 0; r < ROUNDS; r++) {
    // Rotate the order each round so no variant always runs right after a GC or another's garbage.
    for (let j = 0; j < live.length; j++) {
      const s = live[(j + r) % live.length];
      gc();
      s.samples.push(s.loop(s.b, s.n, op.arg, now) / s.n);
    }
  }
  for (const s of live) row.perVariant[s.v.key] = { n: s.n, samples: s.samples, median: median(s.samples) };
  results.push(row);
  const cells = VARIANTS.map((v) => {
    const x = row.perVariant[v.key];
    return `${v.label} ${x.error ? 'FAILED' : `${x.median.toFixed(1)} ns`}`;
  });
  console.log(`  ${op.name.padEnd(13)} ${cells.join('  ')}`);
}

// ---- cold start ---------------------------------------------------------------------------------
console.log(`bench: cold start, ${COLD_RUNS} fresh processes per variant (interleaved)`);
const cold = Object.fromEntries(VARIANTS.map((v) => [v.key, { import: [], module: [], load: [], total: [], error: undefined }]));
for (let r = 0; r < COLD_RUNS; r++) {
  for (const v of VARIANTS) {
    const c = cold[v.key];
    if (c.error) continue;
    try {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--cold', v.key], {
        cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
      });
      const { importMs, moduleMs, loadMs, sinceProcessStartMs } = JSON.parse(out);
      c.import.push(importMs);
      c.module.push(moduleMs);
      c.load.push(loadMs);
      c.total.push(sinceProcessStartMs);
    } catch (e) {
      c.error = (e.stderr?.toString().trim().split('\n').slice(-3).join(' / ') || e.message).slice(0, 300);
    }
  }
}

// ---- report -------------------------------------------------------------------------------------
const fmtNs = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const fmtRatio = (x) => (x >= 10 ? x.toFixed(1) : x.toFixed(2)) + '×';
const fmtMs = (x) => x.toFixed(1);
const spread = (s) => (s.samples ? (Math.max(...s.samples) - Math.min(...s.samples)) / s.median : NaN);

const rows = results.map((row) => {
  const nat = row.perVariant.native;
  const w = row.perVariant.wasmNapi;
  const e = row.perVariant.emnapi;
  const ok = (x) => x && !x.error;
  return {
    op: row.op, nat, w, e,
    wRatio: ok(w) && ok(nat) ? w.median / nat.median : undefined,
    eRatio: ok(e) && ok(nat) ? e.median / nat.median : undefined,
    ewRatio: ok(e) && ok(w) ? e.median / w.median : undefined,
    // "Clear" when every emnapi round is slower (or faster) than every wasm-napi round.
    clear: ok(e) && ok(w) && (Math.min(...e.samples) > Math.max(...w.samples) || Math.max(...e.samples) < Math.min(...w.samples)),
  };
});
const cell = (x) => (!x ? '—' : x.error ? 'FAILED' : fmtNs(x.median));
const rcell = (x) => (x === undefined ? '—' : fmtRatio(x));
const defined = (xs) => xs.filter((x) => x !== undefined);
const gm = {
  nat: geomean(rows.filter((r) => r.nat && !r.nat.error).map((r) => r.nat.median)),
  w: defined(rows.map((r) => r.w && !r.w.error ? r.w.median : undefined)),
  e: defined(rows.map((r) => r.e && !r.e.error ? r.e.median : undefined)),
  wRatio: defined(rows.map((r) => r.wRatio)),
  eRatio: defined(rows.map((r) => r.eRatio)),
  ewRatio: defined(rows.map((r) => r.ewRatio)),
};
const allOk = rows.every((r) => r.wRatio !== undefined && r.eRatio !== undefined);
const gmCell = (xs, f) => (xs.length ? f(geomean(xs)) + (xs.length < rows.length ? ` (${xs.length} ops)` : '') : '—');

const header = ['op', 'native ns/op', 'wasm-napi ns/op', 'emnapi ns/op', 'wasm-napi / native', 'emnapi / native', 'emnapi / wasm-napi'];
const table = [header];
for (const r of rows) table.push([r.op, cell(r.nat), cell(r.w), cell(r.e), rcell(r.wRatio), rcell(r.eRatio), rcell(r.ewRatio)]);
table.push(['geometric mean', fmtNs(gm.nat), gmCell(gm.w, fmtNs), gmCell(gm.e, fmtNs), gmCell(gm.wRatio, fmtRatio), gmCell(gm.eRatio, fmtRatio), gmCell(gm.ewRatio, fmtRatio)]);

const noiseTable = [['op', ...VARIANTS.map((v) => `${v.label}: calls/round, spread`)]];
for (const row of results) {
  noiseTable.push([row.op, ...VARIANTS.map((v) => {
    const x = row.perVariant[v.key];
    return x.error ? 'FAILED' : `${x.n.toLocaleString('en-US')}, ${(spread(x) * 100).toFixed(0)}%`;
  })]);
}

const coldTable = [['variant', 'import runtime ms', 'load module ms', 'total ms', 'total min–max', 'process start → loaded ms', 'total vs native']];
const natLoad = cold.native.load.length ? median(cold.native.load) : undefined;
for (const v of VARIANTS) {
  const c = cold[v.key];
  if (c.error || !c.load.length) {
    coldTable.push([v.label, 'FAILED', '', '', '', '', '']);
    continue;
  }
  const m = median(c.load);
  coldTable.push([v.label, fmtMs(median(c.import)), fmtMs(median(c.module)), fmtMs(m), `${fmtMs(Math.min(...c.load))}–${fmtMs(Math.max(...c.load))}`, fmtMs(median(c.total)),
    natLoad ? fmtRatio(m / natLoad) : '—']);
}

function mdTable(t) {
  const lines = [`| ${t[0].join(' | ')} |`, `|${t[0].map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of t.slice(1)) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n');
}
function textTable(t) {
  const w = t[0].map((_, i) => Math.max(...t.map((r) => String(r[i]).length)));
  return t.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ')).join('\n');
}

// "What this says", computed from the numbers above.
function summary() {
  const out = [];
  const okRows = rows.filter((r) => r.wRatio !== undefined);
  if (gm.wRatio.length) {
    const worst = okRows.reduce((a, b) => (b.wRatio > a.wRatio ? b : a));
    const best = okRows.reduce((a, b) => (b.wRatio < a.wRatio ? b : a));
    out.push(`Across ${gm.wRatio.length} ops, a Node-API call through wasm-napi costs ${fmtRatio(geomean(gm.wRatio))} ` +
      `the native addon's time (geometric mean of the per-op median ratios); the range is ${fmtRatio(best.wRatio)} ` +
      `(${best.op}) to ${fmtRatio(worst.wRatio)} (${worst.op}).`);
  }
  if (gm.eRatio.length) out.push(`emnapi costs ${fmtRatio(geomean(gm.eRatio))} native on the same ops.`);
  if (gm.ewRatio.length) {
    const g = geomean(gm.ewRatio);
    const faster = rows.filter((r) => r.ewRatio !== undefined && r.ewRatio > 1);
    const slower = rows.filter((r) => r.ewRatio !== undefined && r.ewRatio < 1);
    const clearFaster = faster.filter((r) => r.clear).length;
    const clearSlower = slower.filter((r) => r.clear).length;
    out.push(`Against emnapi, wasm-napi is ${g >= 1 ? `${fmtRatio(g)} faster` : `${fmtRatio(1 / g)} slower`} overall ` +
      `(geometric mean of emnapi / wasm-napi): faster on ${faster.length} of ${gm.ewRatio.length} ops` +
      (faster.length ? ` (${clearFaster} with no overlap between the two variants' rounds)` : '') +
      `, slower on ${slower.length}` + (slower.length ? ` (${clearSlower} with no overlap)` : '') + '.');
    const lead = slower.filter((r) => r.ewRatio < 0.9);
    if (lead.length) out.push(`Ops where emnapi leads by more than 10%: ${lead.map((r) => `${r.op} (emnapi ${fmtRatio(1 / r.ewRatio)} faster)`).join(', ')}.`);
  }
  const failed = [];
  for (const r of results) for (const v of VARIANTS) if (r.perVariant[v.key].error) failed.push(`${r.op} on ${v.label}: ${r.perVariant[v.key].error}`);
  if (failed.length) out.push(`Not timed because the op failed or disagreed with native: ${failed.join('; ')}.`);
  const spreads = results.flatMap((r) => VARIANTS.map((v) => r.perVariant[v.key]).filter((x) => !x.error).map(spread));
  const maxSpread = Math.max(...spreads);
  out.push(`Noise: single rounds of one variant differ by up to ${(maxSpread * 100).toFixed(0)}% (max − min over median; ` +
    `median ${(median(spreads) * 100).toFixed(0)}% across ops and variants)` +
    (maxSpread > 0.25 ? ', so read ratios near 1× with care; the "no overlap" counts are the robust comparisons.' : '.'));
  const cw = cold.wasmNapi.load.length && median(cold.wasmNapi.load);
  const ce = cold.emnapi.load.length && median(cold.emnapi.load);
  if (cw && ce && natLoad) {
    const overlap = Math.max(...cold.wasmNapi.load) >= Math.min(...cold.emnapi.load) && Math.max(...cold.emnapi.load) >= Math.min(...cold.wasmNapi.load);
    out.push(`Cold start (import the runtime, compile, instantiate, register): native ${fmtMs(natLoad)} ms, wasm-napi ${fmtMs(cw)} ms, ` +
      `emnapi ${fmtMs(ce)} ms — wasm-napi ${cw <= ce ? `${fmtRatio(ce / cw)} faster` : `${fmtRatio(cw / ce)} slower`} than emnapi` +
      (overlap ? ' by median, but the two ranges of runs overlap' : ', with no overlap between their runs') +
      `. Importing the runtime is ${fmtMs(median(cold.wasmNapi.import))} ms of wasm-napi's total and ` +
      `${fmtMs(median(cold.emnapi.import))} ms of emnapi's; loading the module itself takes ` +
      `${fmtMs(median(cold.wasmNapi.module))} ms and ${fmtMs(median(cold.emnapi.module))} ms.`);
  }
  return out.join(' ');
}

function sh(cmd, args) {
  try {
    return execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
const pkgVersion = (name) => {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
};
let cpu = os.cpus()[0]?.model?.trim() ?? 'unknown';
try {
  cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
} catch { /* not Linux */ }
const commit = sh('git', ['rev-parse', '--short', 'HEAD']);
const dirty = sh('git', ['status', '--porcelain', '--', 'src']) ? ' (with uncommitted changes in src/)' : '';
const clang = sh(process.env.WASM_NAPI_CC ?? 'clang-16', ['--version'])?.split('\n')[0];
const selfVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
let buildInfo = {};
try {
  buildInfo = JSON.parse(readFileSync(join(benchDir, 'build', 'build-info.json'), 'utf8'));
} catch { /* built by hand */ }
const summaryText = summary();

const md = `# Benchmarks

Generated by \`bench/run.mjs\` on ${new Date().toISOString()}. Do not edit by hand: run \`npm run bench\`.

## Setup

- Machine: ${cpu}, ${os.cpus().length} cores (${os.platform()} ${os.release()}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB
- Node ${process.version} (V8 ${process.versions.v8})
- wasm-napi ${selfVersion}${commit ? ` at ${commit}${dirty}` : ''}
- emnapi ${pkgVersion('emnapi')}, @emnapi/core ${pkgVersion('@emnapi/core')}, @emnapi/runtime ${pkgVersion('@emnapi/runtime')}
- Builds (\`bench/build.mjs\`; ${clang ?? 'clang'} for both wasm builds):
${VARIANTS.map((v) => `  - ${v.label}: ${buildInfo[v.key] ? `\`${buildInfo[v.key]}\`` : 'unknown (no bench/build/build-info.json)'}`).join('\n')}
- Source: \`bench/bench.c\`, the same file for all three variants

Reproduce: \`npm run bench\` (builds \`dist/\` if missing, builds the three addons with \`bench/build.mjs\`,
then runs \`node --expose-gc bench/run.mjs\`).

## Method

All three addons are loaded in one Node process. For each op and variant a separately compiled loop
calls the function N times; it is warmed up, then N is chosen so one round takes about ${ROUND_MS} ms.
${ROUNDS} rounds are run with the variants interleaved (order rotated each round, \`gc()\` before each);
the table shows the median ns per call. Ratios are of medians; > 1× means slower than the denominator.
Every op's result is first checked against the native addon's; an op that fails or disagrees is not timed.

- \`noop()\`: returns undefined. \`add(a, b)\`: two doubles in, one out.
- \`echo(s)\`: \`napi_get_value_string_utf8\` into a C buffer, then \`napi_create_string_utf8\` from it (16-byte and 1 KB ASCII).
- \`makeObject()\`: object with 3 properties (int32, double, string) set with \`napi_set_named_property\`.
- \`callJs(fn)\`: \`napi_call_function\` on a JS callback with one argument, returns its result.

## Call overhead (ns per call, median of ${ROUNDS} rounds)

${mdTable(table)}

## Cold start (median of ${COLD_RUNS} fresh processes)

Measured inside a fresh \`node\` process per run (runs of the variants interleaved), medians:
"import runtime" is the \`import()\` of wasm-napi's \`dist/index.js\`, or of \`@emnapi/core\` + \`@emnapi/runtime\` +
\`node:wasi\` (nothing for native); "load module" reads and compiles the \`.wasm\`, instantiates it and
runs its registration (for native: \`require()\` of the \`.node\`); "total" is both (min–max over the runs).
"process start → loaded" adds Node's own startup.

${mdTable(coldTable)}

## What this says

${summaryText}

## Noise detail

Calls per round and spread of the rounds ((max − min) / median), per variant:

${mdTable(noiseTable)}
`;

console.log('');
console.log(textTable(table));
console.log('');
console.log(textTable(coldTable));
for (const v of VARIANTS) if (cold[v.key].error) console.log(`cold start ${v.label} failed: ${cold[v.key].error}`);
console.log('');
console.log(summaryText);
if (OUT !== '-') {
  writeFileSync(OUT, md);
  console.log(`\nbench: wrote ${relative(process.cwd(), OUT) || OUT}`);
}
process.exitCode = allOk && Object.keys(loadErrors).length === 0 ? 0 : 1;
