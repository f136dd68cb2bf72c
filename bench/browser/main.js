// The page side of bench/browser.mjs: loads bench.c's and bench_wrap.cc's wasm builds (made by
// bench/build.mjs) with wasm-napi's browser entry, emnapi (@emnapi/core + @emnapi/runtime, WASI from
// @bjorn3/browser_wasi_shim) and napi-wasm, and times bench/ops.mjs's ops with the method bench/run.mjs
// uses in Node. Served by Vite (bare imports resolved, COOP/COEP set) to a Chromium started with
// --js-flags=--expose-gc. Exposes `window.bench`; bench/browser.mjs drives it through Playwright.
import { WASI } from '@bjorn3/browser_wasi_shim';
import { instantiateNapiModule } from '@emnapi/core';
import { getDefaultContext } from '@emnapi/runtime';
import { Environment, napi } from 'napi-wasm';
import { load } from '../../dist/bundle/browser.js';
import { measureOp, sameResult, selectOps } from '../ops.mjs';
import { loadWithEmnapi, loadWithNapiWasm } from '../peers.mjs';

// Absolute: Vite rewrites `new URL(…, import.meta.url)` as an asset reference.
const buildDir = new URL('/bench/build/', globalThis.location.href);
const files = {
  wasmNapi: { bench: 'bench.wasi.wasm', wrap: 'bench_wrap.wasi.wasm' },
  emnapi: { bench: 'bench.emnapi.wasm', wrap: 'bench_wrap.emnapi.wasm' },
};
files.napiWasm = files.wasmNapi; // napi-wasm runs wasm-napi's builds, as in bench/run.mjs
const VARIANTS = ['wasmNapi', 'emnapi', 'napiWasm'];
const LABELS = { wasmNapi: 'wasm-napi', emnapi: 'emnapi', napiWasm: 'napi-wasm' };

const napiWasmStubs = new Set();
const loaders = {
  wasmNapi: (url) => load(url),
  // emnapi's browser route: instantiateNapiModule fetches and compiles the URL (streaming), with a
  // WASI object; its README suggests a polyfill, and this is the one wasm-napi's browser host uses.
  emnapi: (url) => loadWithEmnapi({ instantiateNapiModule, getDefaultContext }, url.href, new WASI([], [], [])),
  napiWasm: async (url) => loadWithNapiWasm({ Environment, napi }, await WebAssembly.compileStreaming(fetch(url)), napiWasmStubs),
};

// Short text of a value for error messages (no node:util here).
function show(x) {
  try {
    return (JSON.stringify(x, (_, v) => (v === undefined ? '(undefined)' : v)) ?? String(x)).slice(0, 100);
  } catch {
    return String(x).slice(0, 100);
  }
}
const errorText = (e) => `${e?.name ?? 'Error'}: ${e?.message ?? e}`;
const log = (line) => globalThis.benchLog?.(line);
const now = () => performance.now() * 1e6;
const turn = () => new Promise((r) => setTimeout(r, 0));

/**
 * Times `selectOps(only)` (the core ones only when `coreOnly`) on the three wasm runtimes. `expected`
 * maps each op's name to what the native addon returned for `op.call` in Node: every variant must
 * return the same before it is timed and after. Returns rows like bench/run.mjs's `results`.
 */
async function runOps({ rounds, roundMs, only, coreOnly, expected }) {
  if (typeof globalThis.gc !== 'function') throw new Error('bench: gc() is missing (start Chromium with --js-flags=--expose-gc)');
  const addons = {};
  const loadErrors = {};
  for (const key of VARIANTS) {
    addons[key] = {};
    for (const mod of ['bench', 'wrap']) {
      try {
        addons[key][mod] = await loaders[key](new URL(files[key][mod], buildDir));
      } catch (e) {
        loadErrors[`${key}.${mod}`] = `load failed: ${errorText(e)}`;
      }
    }
  }
  const ops = selectOps(only).filter((op) => op.core || !coreOnly);
  const results = [];
  const startedAt = performance.now();
  for (const op of ops) {
    const opStart = performance.now();
    const mod = op.module ?? 'bench';
    const want = expected[op.name];
    const row = { op: op.name, core: op.core, perVariant: {} };
    const entries = [];
    for (const key of VARIANTS) {
      const b = addons[key][mod];
      if (!b) {
        row.perVariant[key] = { error: loadErrors[`${key}.${mod}`] };
        continue;
      }
      try {
        const arg = op.setup?.(b);
        const got = op.call(b, arg);
        if (sameResult(got, want)) entries.push({ key, b, arg });
        else row.perVariant[key] = { error: `returned ${show(got)}, native returned ${show(want)}` };
      } catch (e) {
        row.perVariant[key] = { error: `threw ${errorText(e)}` };
      }
    }
    const measured = await measureOp(op, entries, {
      now, turn, gc: globalThis.gc, rounds, roundMs,
      recheck: (s) => {
        const got = op.call(s.b, op.setup?.(s.b));
        return sameResult(got, want) ? undefined : `after the timed calls returned ${show(got)}, native returned ${show(want)}`;
      },
    });
    Object.assign(row.perVariant, measured);
    results.push(row);
    const cells = VARIANTS.map((key) => {
      const x = row.perVariant[key];
      return `${LABELS[key]} ${x.error ? (key === 'wasmNapi' ? 'FAILED' : 'n/a') : `${x.median.toFixed(1)} ns`}`;
    });
    log(`  ${op.name.padEnd(22)} ${cells.join('  ')}  (${((performance.now() - opStart) / 1000).toFixed(1)} s)`);
  }
  return {
    results, loadErrors, napiWasmStubs: [...napiWasmStubs],
    timingSeconds: (performance.now() - startedAt) / 1000,
    page: { userAgent: navigator.userAgent, crossOriginIsolated: globalThis.crossOriginIsolated === true },
  };
}

globalThis.bench = { runOps };
