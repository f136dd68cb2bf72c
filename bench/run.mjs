#!/usr/bin/env node
// Node-API call overhead, side by side in ONE Node process: the native addon (node-gyp), the same
// C built to wasm and run by wasm-napi, by emnapi (@emnapi/core + @emnapi/runtime), and by napi-wasm
// (which loads the wasm-napi build: it exports malloc and the table, all napi-wasm needs).
// Then cold start (import runtime + compile + instantiate + register) in fresh child processes.
// Prints tables and writes BENCHMARKS.md. Run via `npm run bench` (builds first), or
// `node --expose-gc bench/run.mjs` once bench/build.mjs has run.
//
// Environment: BENCH_ROUNDS (default 9), BENCH_ROUND_MS (target ms per round, default 150),
// BENCH_COLD_RUNS (default 10), BENCH_OUT (markdown path, default BENCHMARKS.md; "-" for none),
// BENCH_OPS (comma-separated substrings of op names: run only those, for trying things out).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { CORE_NOTE, geomean, measureOp, median, sameResult, selectOps } from './ops.mjs';
import { knownCause, loadWithEmnapi, loadWithNapiWasm } from './peers.mjs';
import { blocksOf, fmtMs, fmtNs, fmtRatio, mdTable, textTable, withBlocks } from './report.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..');
const buildDir = join(benchDir, 'build');
// Two modules per variant: `bench` (bench/bench.c, plain C) and `wrap` (bench/bench_wrap.cc,
// node-addon-api). napi-wasm runs wasm-napi's builds of both.
const files = {
  native: { bench: join(buildDir, 'Release', 'bench.node'), wrap: join(buildDir, 'Release', 'bench_wrap.node') },
  wasmNapi: { bench: join(buildDir, 'bench.wasi.wasm'), wrap: join(buildDir, 'bench_wrap.wasi.wasm') },
  emnapi: { bench: join(buildDir, 'bench.emnapi.wasm'), wrap: join(buildDir, 'bench_wrap.emnapi.wasm') },
};
files.napiWasm = files.wasmNapi;
const VARIANTS = [
  { key: 'native', label: 'native' },
  { key: 'wasmNapi', label: 'wasm-napi' },
  { key: 'emnapi', label: 'emnapi' },
  { key: 'napiWasm', label: 'napi-wasm' },
];
// The peers: a failing op there is shown as n/a with a footnote; on wasm-napi it is FAILED.
const PEERS = new Set(['emnapi', 'napiWasm']);
const require = createRequire(import.meta.url);

// ---- loaders (also used by the cold-start children) ---------------------------------------------
// Each is split in two so cold start can report "import the runtime" and "load the module" apart.
const napiWasmStubs = new Set(); // imports napi-wasm lacks, given a throwing stub (see its loader)
const loaders = {
  native: {
    runtime: async () => ({}),
    load: async (_, file) => require(file),
  },
  wasmNapi: {
    runtime: () => import('../dist/bundle/node.js'),
    load: ({ load }, file) => load(file),
  },
  emnapi: {
    runtime: async () => {
      const [core, runtime, wasi] = await Promise.all([import('@emnapi/core'), import('@emnapi/runtime'), import('node:wasi')]);
      return { instantiateNapiModule: core.instantiateNapiModule, getDefaultContext: runtime.getDefaultContext, WASI: wasi.WASI };
    },
    // emnapi's documented Node route for wasm32-wasi modules: instantiateNapiModule with node:wasi.
    load: (rt, file) => loadWithEmnapi(rt, readFile(file), new rt.WASI({ version: 'preview1' })),
  },
  napiWasm: {
    runtime: () => import('napi-wasm'),
    // napi-wasm's README route, with the adaptations bench/peers.mjs describes.
    load: async (rt, file) => loadWithNapiWasm(rt, await WebAssembly.compile(await readFile(file)), napiWasmStubs),
  },
};
const loadVariant = async (key, file) => loaders[key].load(await loaders[key].runtime(), file);

// ---- cold start child: `run.mjs --cold <variant>` prints its times in ms as JSON ----------------
if (process.argv[2] === '--cold') {
  const key = process.argv[3];
  process.removeAllListeners('warning'); // node:wasi's ExperimentalWarning
  const t0 = performance.now();
  const rt = await loaders[key].runtime();
  const t1 = performance.now();
  const b = await loaders[key].load(rt, files[key].bench);
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
const ONLY = process.env.BENCH_OPS?.split(',').filter(Boolean);
const gc = globalThis.gc ?? (() => {});
if (!globalThis.gc) console.warn('bench: run with --expose-gc for a GC between rounds (npm run bench does)');
process.removeAllListeners('warning');
process.on('warning', (w) => { if (w.name !== 'ExperimentalWarning') console.warn(w); });

for (const [k, f] of Object.entries(files)) {
  if (!existsSync(f.bench)) {
    console.error(`bench: ${relative(root, f.bench)} (${k}) is missing: run \`node bench/build.mjs\` or \`npm run bench\``);
    process.exit(1);
  }
}
let buildInfo = {};
try {
  buildInfo = JSON.parse(readFileSync(join(buildDir, 'build-info.json'), 'utf8'));
} catch { /* built by hand */ }

// The ops, their checks and the timing method live in bench/ops.mjs (shared with the browser run).
const OPS = selectOps(ONLY);

const now = process.hrtime.bigint;
// Lets the event loop turn: FinalizationRegistry callbacks and queued Node-API finalizers run in
// later tasks, and WeakRef targets read during a job stay alive until it ends.
const turn = () => new Promise((r) => setTimeout(r, 0));

// ---- load everything in this process ------------------------------------------------------------
const addons = {}; // key → { bench, wrap }
const loadErrors = {}; // `${key}.${module}` → message
for (const v of VARIANTS) {
  addons[v.key] = {};
  for (const mod of ['bench', 'wrap']) {
    const file = files[v.key][mod];
    const buildKey = `${v.key === 'napiWasm' ? 'wasmNapi' : v.key}${mod === 'wrap' ? 'Wrap' : ''}`;
    if (!existsSync(file)) {
      loadErrors[`${v.key}.${mod}`] = `not built: ${buildInfo[`${buildKey}Error`] ?? `${relative(root, file)} is missing`}`;
      continue;
    }
    try {
      addons[v.key][mod] = await loadVariant(v.key, file);
    } catch (e) {
      loadErrors[`${v.key}.${mod}`] = `load failed: ${e?.message ?? e}`;
      console.error(`bench: loading ${v.label}'s ${relative(root, file)} failed: ${e?.stack ?? e}`);
    }
  }
}
if (!addons.native.bench || !addons.native.wrap) {
  console.error('bench: the native addons must load (they are the baseline)');
  process.exit(1);
}

// ---- correctness: every op must give native's answer, else it is reported and not timed ---------
const opErrors = {}; // `${op}|${variant}` → message
const opArgs = {}; // `${op}|${variant}` → the argument made by setup()
for (const op of OPS) {
  const mod = op.module ?? 'bench';
  let expected;
  for (const v of VARIANTS) {
    const key = `${op.name}|${v.key}`;
    const b = addons[v.key][mod];
    if (!b) {
      opErrors[key] = loadErrors[`${v.key}.${mod}`];
      continue;
    }
    try {
      const arg = op.setup?.(b);
      opArgs[key] = arg;
      const got = op.call(b, arg);
      if (v.key === 'native') expected = got;
      else if (!sameResult(got, expected)) {
        opErrors[key] = `returned ${inspect(got, { breakLength: Infinity }).slice(0, 100)}, native returned ${inspect(expected, { breakLength: Infinity }).slice(0, 100)}`;
      }
    } catch (e) {
      opErrors[key] = `threw ${e?.name ?? 'Error'}: ${e?.message ?? e}`;
    }
  }
}

// ---- timing -------------------------------------------------------------------------------------
const startedAt = performance.now();
console.log(`bench: ${ROUNDS} rounds of ~${ROUND_MS} ms per op and variant, variants interleaved per round`);
const results = []; // { op, core, perVariant: { key: { n, samples: [ns/op], median } | { error } } }
for (const op of OPS) {
  const opStart = performance.now();
  const row = { op: op.name, core: op.core, perVariant: {} };
  const entries = [];
  for (const v of VARIANTS) {
    const key = `${op.name}|${v.key}`;
    if (opErrors[key]) row.perVariant[v.key] = { error: opErrors[key] };
    else entries.push({ key: v.key, b: addons[v.key][op.module ?? 'bench'], arg: opArgs[key] });
  }
  const measured = await measureOp(op, entries, {
    now, turn, gc, rounds: ROUNDS, roundMs: ROUND_MS,
    recheck: (s) => {
      const nat = addons.native[op.module ?? 'bench'];
      const got = op.call(s.b, op.setup?.(s.b));
      const expected = op.call(nat, op.setup?.(nat));
      return sameResult(got, expected) ? undefined
        : `after the timed calls returned ${inspect(got, { breakLength: Infinity }).slice(0, 100)}, native returned ${inspect(expected, { breakLength: Infinity }).slice(0, 100)}`;
    },
  });
  // In VARIANTS order, as the table reads them.
  for (const v of VARIANTS) if (measured[v.key]) row.perVariant[v.key] = measured[v.key];
  results.push(row);
  const cells = VARIANTS.map((v) => {
    const x = row.perVariant[v.key];
    return `${v.label} ${x.error ? (PEERS.has(v.key) || /^not built/.test(x.error) ? 'n/a' : 'FAILED') : `${x.median.toFixed(1)} ns`}`;
  });
  console.log(`  ${op.name.padEnd(22)} ${cells.join('  ')}  (${((performance.now() - opStart) / 1000).toFixed(1)} s)`);
}
const timingSeconds = (performance.now() - startedAt) / 1000;

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
const spread = (s) => (s.samples ? (Math.max(...s.samples) - Math.min(...s.samples)) / s.median : NaN);
const ok = (x) => x && !x.error;

// Footnotes for every cell that has no time: one number per distinct reason.
const footnotes = [];
const footnote = (text) => {
  let i = footnotes.indexOf(text);
  if (i < 0) i = footnotes.push(text) - 1;
  return `[^${i + 1}]`;
};
const failText = (key, x, op) => {
  const cause = knownCause(key, op, x.error);
  return `${PEERS.has(key) || /^not built/.test(x.error) ? 'n/a' : 'FAILED'}${footnote(`${VARIANTS.find((v) => v.key === key).label}, ${op}: ${x.error}${cause ? `. ${cause}` : ''}`)}`;
};

// Ratio columns: numerator / denominator of the per-op medians.
const RATIOS = [
  { num: 'wasmNapi', den: 'native', label: 'wasm-napi / native' },
  { num: 'emnapi', den: 'native', label: 'emnapi / native' },
  { num: 'napiWasm', den: 'native', label: 'napi-wasm / native' },
  { num: 'emnapi', den: 'wasmNapi', label: 'emnapi / wasm-napi' },
  { num: 'napiWasm', den: 'wasmNapi', label: 'napi-wasm / wasm-napi' },
];
const ratioOf = (row, num, den) => (ok(row.perVariant[num]) && ok(row.perVariant[den]) ? row.perVariant[num].median / row.perVariant[den].median : undefined);
// "Clear" when every round of one variant is slower (or faster) than every round of the other.
const clearOf = (row, a, b) => {
  const x = row.perVariant[a];
  const y = row.perVariant[b];
  return ok(x) && ok(y) && (Math.min(...x.samples) > Math.max(...y.samples) || Math.max(...x.samples) < Math.min(...y.samples));
};
const defined = (xs) => xs.filter((x) => x !== undefined);
const rcell = (x) => (x === undefined ? '—' : fmtRatio(x));

const table = [['op', ...VARIANTS.map((v) => `${v.label} ns/op`), ...RATIOS.map((r) => r.label)]];
for (const row of results) {
  table.push([
    row.op + (row.core ? '' : ' †'),
    ...VARIANTS.map((v) => {
      const x = row.perVariant[v.key];
      return ok(x) ? fmtNs(x.median) : failText(v.key, x, row.op);
    }),
    ...RATIOS.map((r) => rcell(ratioOf(row, r.num, r.den))),
  ]);
}
// Geometric means over all ops and over the core ops; a mean over fewer ops says how many.
const coreRows = results.filter((r) => r.core);
function gmRow(label, rs) {
  const gmCell = (xs, f) => (xs.length ? f(geomean(xs)) + (xs.length < rs.length ? ` (${xs.length} ops)` : '') : '—');
  return [label,
    ...VARIANTS.map((v) => gmCell(defined(rs.map((r) => (ok(r.perVariant[v.key]) ? r.perVariant[v.key].median : undefined))), fmtNs)),
    ...RATIOS.map((q) => gmCell(defined(rs.map((r) => ratioOf(r, q.num, q.den))), fmtRatio))];
}
table.push(gmRow('geometric mean, all ops', results));
if (coreRows.length && coreRows.length < results.length) table.push(gmRow('geometric mean, core ops', coreRows));

const noiseTable = [['op', ...VARIANTS.map((v) => `${v.label}: calls/round, spread`)]];
for (const row of results) {
  noiseTable.push([row.op, ...VARIANTS.map((v) => {
    const x = row.perVariant[v.key];
    return ok(x) ? `${x.n.toLocaleString('en-US')}, ${(spread(x) * 100).toFixed(0)}%` : PEERS.has(v.key) || /^not built/.test(x.error) ? 'n/a' : 'FAILED';
  })]);
}

const coldTable = [['variant', 'import runtime ms', 'load module ms', 'total ms', 'total min–max', 'process start → loaded ms', 'total vs native']];
const natLoad = cold.native.load.length ? median(cold.native.load) : undefined;
for (const v of VARIANTS) {
  const c = cold[v.key];
  if (c.error || !c.load.length) {
    coldTable.push([v.label, c.error ? `FAILED${footnote(`cold start ${v.label}: ${c.error}`)}` : 'FAILED', '', '', '', '', '']);
    continue;
  }
  const m = median(c.load);
  coldTable.push([v.label, fmtMs(median(c.import)), fmtMs(median(c.module)), fmtMs(m), `${fmtMs(Math.min(...c.load))}–${fmtMs(Math.max(...c.load))}`, fmtMs(median(c.total)),
    natLoad ? fmtRatio(m / natLoad) : '—']);
}

// "Core operations": the note BENCHMARKS.md carries on the goal's core set.
function coreNote() {
  if (!coreRows.length) return 'No core op was run.';
  const names = coreRows.map((r) => `\`${r.op}\``).join(', ');
  const w = defined(coreRows.map((r) => ratioOf(r, 'wasmNapi', 'native')));
  const ew = defined(coreRows.map((r) => ratioOf(r, 'emnapi', 'wasmNapi')));
  const nw = defined(coreRows.map((r) => ratioOf(r, 'napiWasm', 'wasmNapi')));
  const of = (xs) => (xs.length < coreRows.length ? ` (over the ${xs.length} of ${coreRows.length} core ops it ran)` : '');
  const out = [`The core operations are ${names}: ${CORE_NOTE} Ops marked † in the table are not core.`];
  if (w.length) {
    const worst = coreRows.filter((r) => ratioOf(r, 'wasmNapi', 'native') !== undefined)
      .reduce((a, b) => (ratioOf(b, 'wasmNapi', 'native') > ratioOf(a, 'wasmNapi', 'native') ? b : a));
    out.push(`Over them, wasm-napi / native is **${fmtRatio(geomean(w))}** (geometric mean${of(w)}; worst ${worst.op}, ` +
      `${fmtRatio(ratioOf(worst, 'wasmNapi', 'native'))}).`);
  }
  if (ew.length) {
    const g = geomean(ew);
    out.push(`emnapi / wasm-napi is **${fmtRatio(g)}**${of(ew)}: wasm-napi is ${g >= 1 ? `${fmtRatio(g)} faster` : `${fmtRatio(1 / g)} slower`} than emnapi on them` +
      ` (slower on ${ew.filter((x) => x < 1).length} of ${ew.length}).`);
  }
  if (nw.length) out.push(`napi-wasm / wasm-napi is ${fmtRatio(geomean(nw))}${of(nw)}.`);
  return out.join(' ');
}

// "What this says", computed from the numbers above.
function summary() {
  const out = [];
  const wRows = results.filter((r) => ratioOf(r, 'wasmNapi', 'native') !== undefined);
  const w = wRows.map((r) => ratioOf(r, 'wasmNapi', 'native'));
  if (w.length) {
    const worst = wRows.reduce((a, b) => (ratioOf(b, 'wasmNapi', 'native') > ratioOf(a, 'wasmNapi', 'native') ? b : a));
    const best = wRows.reduce((a, b) => (ratioOf(b, 'wasmNapi', 'native') < ratioOf(a, 'wasmNapi', 'native') ? b : a));
    out.push(`Across ${w.length} ops, a Node-API call through wasm-napi costs ${fmtRatio(geomean(w))} ` +
      `the native addon's time (geometric mean of the per-op median ratios); the range is ${fmtRatio(ratioOf(best, 'wasmNapi', 'native'))} ` +
      `(${best.op}) to ${fmtRatio(ratioOf(worst, 'wasmNapi', 'native'))} (${worst.op}).`);
  }
  for (const [key, label] of [['emnapi', 'emnapi'], ['napiWasm', 'napi-wasm']]) {
    const xs = defined(results.map((r) => ratioOf(r, key, 'native')));
    if (xs.length) out.push(`${label} costs ${fmtRatio(geomean(xs))} native on the ${xs.length} ops it runs correctly.`);
    const rs = results.filter((r) => ratioOf(r, key, 'wasmNapi') !== undefined);
    if (!rs.length) continue;
    const g = geomean(rs.map((r) => ratioOf(r, key, 'wasmNapi')));
    const faster = rs.filter((r) => ratioOf(r, key, 'wasmNapi') > 1);
    const slower = rs.filter((r) => ratioOf(r, key, 'wasmNapi') < 1);
    out.push(`Against ${label}, wasm-napi is ${g >= 1 ? `${fmtRatio(g)} faster` : `${fmtRatio(1 / g)} slower`} overall ` +
      `(geometric mean of ${label} / wasm-napi over the ${rs.length} ops both run): faster on ${faster.length}` +
      (faster.length ? ` (${faster.filter((r) => clearOf(r, key, 'wasmNapi')).length} with no overlap between the two variants' rounds)` : '') +
      `, slower on ${slower.length}` + (slower.length ? ` (${slower.filter((r) => clearOf(r, key, 'wasmNapi')).length} with no overlap)` : '') + '.');
    const lead = slower.filter((r) => ratioOf(r, key, 'wasmNapi') < 0.9);
    if (lead.length) out.push(`Ops where ${label} leads by more than 10%: ${lead.map((r) => `${r.op} (${label} ${fmtRatio(1 / ratioOf(r, key, 'wasmNapi'))} faster)`).join(', ')}.`);
  }
  const failed = results.filter((r) => r.perVariant.wasmNapi?.error).map((r) => `${r.op}: ${r.perVariant.wasmNapi.error}`);
  out.push(failed.length ? `**wasm-napi failed ${failed.length} op(s)** (not timed): ${failed.join('; ')}.` : 'wasm-napi gave native\'s result on every op, before and after the timed calls.');
  const peerFails = VARIANTS.filter((v) => PEERS.has(v.key)).map((v) => [v.label, results.filter((r) => r.perVariant[v.key]?.error).map((r) => r.op)]).filter(([, ops]) => ops.length);
  if (peerFails.length) out.push(`Not timed on the peers (reasons in the footnotes): ${peerFails.map(([l, ops]) => `${l}: ${ops.join(', ')}`).join('; ')}.`);
  const spreads = results.flatMap((r) => VARIANTS.map((v) => r.perVariant[v.key]).filter(ok).map(spread));
  if (spreads.length) {
    const maxSpread = Math.max(...spreads);
    out.push(`Noise: single rounds of one variant differ by up to ${(maxSpread * 100).toFixed(0)}% (max − min over median; ` +
      `median ${(median(spreads) * 100).toFixed(0)}% across ops and variants)` +
      (maxSpread > 0.25 ? ', so read ratios near 1× with care; the "no overlap" counts are the robust comparisons.' : '.'));
  }
  const cw = cold.wasmNapi.load.length && median(cold.wasmNapi.load);
  const ce = cold.emnapi.load.length && median(cold.emnapi.load);
  const cn = cold.napiWasm.load.length && median(cold.napiWasm.load);
  if (cw && ce && natLoad) {
    const overlap = Math.max(...cold.wasmNapi.load) >= Math.min(...cold.emnapi.load) && Math.max(...cold.emnapi.load) >= Math.min(...cold.wasmNapi.load);
    out.push(`Cold start (import the runtime, compile, instantiate, register): native ${fmtMs(natLoad)} ms, wasm-napi ${fmtMs(cw)} ms, ` +
      `emnapi ${fmtMs(ce)} ms${cn ? `, napi-wasm ${fmtMs(cn)} ms` : ''} — wasm-napi ${cw <= ce ? `${fmtRatio(ce / cw)} faster` : `${fmtRatio(cw / ce)} slower`} than emnapi` +
      (overlap ? ' by median, but the two ranges of runs overlap' : ', with no overlap between their runs') +
      `. Importing the runtime is ${fmtMs(median(cold.wasmNapi.import))} ms of wasm-napi's total and ` +
      `${fmtMs(median(cold.emnapi.import))} ms of emnapi's${cn ? ` (${fmtMs(median(cold.napiWasm.import))} ms for napi-wasm)` : ''}; loading the module itself takes ` +
      `${fmtMs(median(cold.wasmNapi.module))} ms and ${fmtMs(median(cold.emnapi.module))} ms${cn ? ` (${fmtMs(median(cold.napiWasm.module))} ms)` : ''}.`);
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
const summaryText = summary();
const coreText = coreNote();
const buildLine = (key) => (buildInfo[key] ? `\`${buildInfo[key]}\`${buildInfo[`${key}Error`] ? ` — ${buildInfo[`${key}Error`]}` : ''}` : 'unknown (no bench/build/build-info.json)');
const stubNote = napiWasmStubs.size
  ? `napi-wasm 1.1.3 does not provide ${[...napiWasmStubs].map((x) => `\`${x}\``).join(', ')}, which the modules import; the loader gives ` +
    'each a stub that throws, so the module links and an op that reaches one fails (node-addon-api calls ' +
    '`napi_get_last_error_info` only on error paths).'
  : '';
const footnoteText = footnotes.map((f, i) => `[^${i + 1}]: ${f.replace(/\n/g, ' ')}`).join('\n');

const md = `# Benchmarks

Generated by \`bench/run.mjs\` on ${new Date().toISOString()}. Do not edit by hand: run \`npm run bench\`.

## Setup

- Machine: ${cpu}, ${os.cpus().length} cores (${os.platform()} ${os.release()}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB
- Node ${process.version} (V8 ${process.versions.v8})
- wasm-napi ${selfVersion}${commit ? ` at ${commit}${dirty}` : ''}
- emnapi ${pkgVersion('emnapi')}, @emnapi/core ${pkgVersion('@emnapi/core')}, @emnapi/runtime ${pkgVersion('@emnapi/runtime')}; napi-wasm ${pkgVersion('napi-wasm')}; node-addon-api ${pkgVersion('node-addon-api')}
- Builds (\`bench/build.mjs\`; ${clang ?? 'clang'} for the wasm builds):
  - native: ${buildLine('native')} (both \`bench/binding.gyp\` targets)
  - wasm-napi: ${buildLine('wasmNapi')}
  - wasm-napi, C++: ${buildLine('wasmNapiWrap')}
  - emnapi: ${buildLine('emnapi')}
  - emnapi, C++: ${buildLine('emnapiWrap')}
  - napi-wasm: the wasm-napi builds above, loaded by napi-wasm's \`Environment\`
- Sources: \`bench/bench.c\` (plain C, Node-API only) for every op but one, and \`bench/bench_wrap.cc\`
  (node-addon-api, exceptions off) for the ObjectWrap op; the same files for all four variants

Reproduce: \`npm run bench\` (builds \`dist/\` if missing, builds the addons with \`bench/build.mjs\`,
then runs \`node --expose-gc bench/run.mjs\`).

## Method

All four variants are loaded in one Node process. For each op and variant a separately compiled loop
calls the function N times; it is warmed up, then N is chosen so one round takes about ${ROUND_MS} ms
(${OPS.filter((o) => o.calls).map((o) => `\`${o.name}\` runs a fixed ${o.calls} calls per round`).join(' and ') || 'no op has a fixed N'} for every variant, see below).
${ROUNDS} rounds are run with the variants interleaved (order rotated each round); before each round the
event loop turns and \`gc()\` runs, so finalizers and FinalizationRegistry callbacks of the previous
round run outside the timed loop. The table shows the median ns per call. Ratios are of medians;
> 1× means slower than the denominator. Every op's result is first checked against the native addon's
(an op that fails or disagrees is not timed), and checked again after the timed rounds.

- \`noop()\`: returns undefined. \`add(a, b)\`: two doubles in, one out.
- \`echo(s)\`: \`napi_get_value_string_utf8\` into a C buffer, then \`napi_create_string_utf8\` from it (16-byte and 1 KB ASCII).
- \`makeObject()\`: object with 3 properties (int32, double, string) set with \`napi_set_named_property\`.
- \`callJs(fn)\`: \`napi_call_function\` on a JS callback with one argument, returns its result.
- \`sumArray(1000)\`: \`napi_get_array_length\`, then 1000 × (\`napi_get_element\` + \`napi_get_value_double\`) on a JS array.
- \`wrapNew()\`: \`napi_create_object\` + \`napi_wrap\` of a small malloc'd struct, with a finalizer that frees it, no result reference.
  A fixed number of calls per round, so every variant leaves the same number of finalizers to run between rounds
  (emnapi's finalizer queue is quadratic in the number pending: rounds sized by time left it seconds of work).
- \`unwrap(obj)\`: \`napi_unwrap\` of an object wrapped once beforehand, returns an int field of the struct.
- \`refCycle(obj)\`: \`napi_create_reference(obj, 1)\`, \`napi_get_reference_value\`, \`napi_delete_reference\`.
- \`ObjectWrap increment()\`: a method call on a node-addon-api \`Napi::ObjectWrap\` instance (\`bench_wrap.cc\`), which
  goes through \`napi_get_cb_info\` and \`napi_unwrap\` and returns a number.
- \`fillNew1MB()\`: \`napi_create_arraybuffer\` of 1 MiB with a data pointer, \`memset\` by C, returned as a \`Uint8Array\`
  (\`napi_create_typedarray\`); the check reads every byte in JS. A fixed number of calls per round because
  wasm-napi's cost per call grows with the number of C-made buffers created since the event loop last
  turned (each stays synced until it is collected, docs/memory.md).
- \`sumU8(ta)\`: C sums the bytes of a JS \`Uint8Array\` (1 KB and 1 MiB) through \`napi_get_typedarray_info\`'s data pointer.
- \`fillU8(ta, v)\`: C \`memset\`s every byte of the caller's \`Uint8Array\` (1 KB and 1 MiB) through the data pointer;
  JS checks the bytes after the call (and, after the timed rounds, that they hold the last value written).

## Call overhead (ns per call, median of ${ROUNDS} rounds)

${mdTable(table)}

† not a core operation (see below). FAILED: wasm-napi gave an error or a result that differs from native.
n/a: the peer could not run the op, or that build could not be made (reason in the footnote).${stubNote ? ` ${stubNote}` : ''}

## Core operations

${coreText}

## Cold start (median of ${COLD_RUNS} fresh processes)

Measured inside a fresh \`node\` process per run (runs of the variants interleaved), medians, for \`bench.c\`'s module:
"import runtime" is the \`import()\` of wasm-napi's bundled \`dist/bundle/node.js\` (the package's \`node\` export), of \`@emnapi/core\` + \`@emnapi/runtime\` +
\`node:wasi\`, or of \`napi-wasm\` (nothing for native); "load module" reads and compiles the \`.wasm\`, instantiates it and
runs its registration (for native: \`require()\` of the \`.node\`); "total" is both (min–max over the runs).
"process start → loaded" adds Node's own startup.

${mdTable(coldTable)}

## What this says

${summaryText}

## Noise detail

Calls per round and spread of the rounds ((max − min) / median), per variant. Timing took ${timingSeconds.toFixed(0)} s.

${mdTable(noiseTable)}
${footnotes.length ? `\n${footnoteText}\n` : ''}`;

console.log('');
console.log(textTable(table));
for (const [i, f] of footnotes.entries()) console.log(`[${i + 1}] ${f}`);
console.log('');
console.log(textTable(coldTable));
for (const v of VARIANTS) if (cold[v.key].error) console.log(`cold start ${v.label} failed: ${cold[v.key].error}`);
console.log('');
console.log(coreText);
console.log('');
console.log(summaryText);
console.log(`\nbench: timing took ${timingSeconds.toFixed(0)} s`);
if (OUT !== '-') {
  // The sections bench/browser.mjs and bench/size.mjs wrote last time stay (each says when it ran).
  const kept = existsSync(OUT) ? blocksOf(readFileSync(OUT, 'utf8')) : [];
  writeFileSync(OUT, withBlocks(md, kept));
  // The medians, for bench/browser.mjs's "Chromium / Node" column.
  writeFileSync(join(buildDir, 'node-results.json'), `${JSON.stringify({
    generatedAt: new Date().toISOString(), commit,
    ops: Object.fromEntries(results.map((r) => [r.op, Object.fromEntries(VARIANTS.filter((v) => ok(r.perVariant[v.key])).map((v) => [v.key, r.perVariant[v.key].median]))])),
  }, null, 2)}\n`);
  console.log(`bench: wrote ${relative(process.cwd(), OUT) || OUT}`);
}
// Failing is wasm-napi's (or the baseline's) to do: the peers' gaps are reported, not fatal.
const wasmNapiOk = results.every((r) => !r.perVariant.wasmNapi?.error) && !loadErrors['wasmNapi.bench'] && !loadErrors['wasmNapi.wrap'];
process.exitCode = wasmNapiOk ? 0 : 1;
