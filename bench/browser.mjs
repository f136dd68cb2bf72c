#!/usr/bin/env node
// Node-API call overhead in headless Chromium: bench/ops.mjs's core ops, timed by the page
// bench/browser/ (served by Vite with COOP/COEP) for wasm-napi's browser entry, emnapi and napi-wasm,
// with bench/run.mjs's method (the same measureOp). The native addon, in this Node process, is the
// oracle: its result for each op is handed to the page, and every variant must return the same before
// and after its timed rounds. Prints a table and writes the "In Chromium" section of BENCHMARKS.md.
// Run after `node bench/build.mjs` (and `npm run build` for dist/), or via `npm run bench`.
//
// Then, when wasm/box2d/build.mjs has built the Box2D addon, Box2D steps/s in Chromium for the
// addon's wasm builds (wasm-napi) and planck, on bench/box2d.mjs's 500-body scene
// (bench/box2d-scene.mjs), with the native addon's steps/s in this Node process as the baseline:
// the "Box2D in Chromium" section.
//
// Usage: node --expose-gc bench/browser.mjs [ops] [box2d]   (both when neither is named)
// Environment: BENCH_ROUNDS (default 9), BENCH_ROUND_MS (default 150), BENCH_OPS (substrings of op
// names), BENCH_OUT (markdown path, default BENCHMARKS.md; "-" for none), BENCH_BROWSER_ALL=1 (also
// the non-core ops), BOX2D_ROUNDS (default 7, as bench/box2d.mjs), BOX2D_STEPS (default 300),
// CHROMIUM (default /usr/bin/chromium).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addonEngine, BODIES, contained, POSITION_ITERATIONS, READS, runOnce, STEPS, VELOCITY_ITERATIONS } from './box2d-scene.mjs';
import { CORE_NOTE, geomean, median, selectOps } from './ops.mjs';
import { knownCause } from './peers.mjs';
import { chromiumFlags, chromiumPath } from '../scripts/chromium.mjs';
import { fmtNs, fmtRatio, mdTable, pkgVersion, revision, textTable, writeBlock } from './report.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..');
const buildDir = join(benchDir, 'build');
const require = createRequire(import.meta.url);

const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 9));
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 150);
const OUT = process.env.BENCH_OUT ?? join(root, 'BENCHMARKS.md');
const ONLY = process.env.BENCH_OPS?.split(',').filter(Boolean);
const ALL = process.env.BENCH_BROWSER_ALL === '1';
const CHROMIUM = chromiumPath;
const BOX2D_ROUNDS = Math.max(1, Number(process.env.BOX2D_ROUNDS ?? 7));
const BOX2D_STEPS = Number(process.env.BOX2D_STEPS ?? STEPS);
const box2dDir = join(root, 'wasm', 'box2d', 'build');
// /work/shared/toolchain.md's flags for Debian's Chromium as root, GC exposed to the page, and no
// throttling of a page nobody looks at.
export const CHROMIUM_ARGS = [
  ...chromiumFlags.filter((f) => f !== '--headless'), // Playwright's `headless: true` below
  '--js-flags=--expose-gc',
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
];
const VARIANTS = [
  { key: 'wasmNapi', label: 'wasm-napi' },
  { key: 'emnapi', label: 'emnapi' },
  { key: 'napiWasm', label: 'napi-wasm' },
];
const PEERS = new Set(['emnapi', 'napiWasm']);
// The machine's load when a run starts, for the report: on 2 cores another job skews every figure.
const loadAverage = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');

/**
 * Serves the repository with Vite (bare imports resolved, COOP/COEP so the page is cross-origin
 * isolated), starts Chromium and opens `pagePath` (a path under the root). `fn(page, info)` runs the
 * benchmark; everything is closed afterwards.
 */
export async function withPage(pagePath, fn, { log = console.log } = {}) {
  const { createServer } = await import('vite');
  const { chromium } = await import('playwright');
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'warn',
    cacheDir: join(buildDir, '.vite'),
    appType: 'mpa',
    server: {
      host: '127.0.0.1',
      port: 5199,
      strictPort: false,
      hmr: false,
      watch: null, // nothing changes during a run; watching the repo costs a core on this machine
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    },
    // Listed so the dependency optimizer never discovers one mid-run and reloads the page.
    optimizeDeps: {
      noDiscovery: true,
      include: ['@bjorn3/browser_wasi_shim', '@emnapi/core', '@emnapi/runtime', 'napi-wasm', 'planck'],
    },
  });
  let browser;
  try {
    await server.listen();
    const base = server.resolvedUrls.local[0];
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') log(`bench/browser: page ${m.type()}: ${m.text()}`);
    });
    await page.exposeFunction('benchLog', (line) => log(line));
    await page.goto(new URL(pagePath, base).href);
    await page.waitForFunction(() => globalThis.bench !== undefined, null, { timeout: 60_000 }).catch((e) => {
      throw errors[0] ?? e;
    });
    return await fn(page, { browserVersion: browser.version(), url: base });
  } finally {
    await browser?.close();
    await server.close();
  }
}

// ---- run ----------------------------------------------------------------------------------------
async function main() {
  const named = process.argv.slice(2);
  const want = (what) => !named.length || named.includes(what);
  if (want('ops')) {
    if (!(await runOps())) process.exitCode = 1;
  }
  if (want('box2d')) {
    if (existsSync(join(box2dDir, 'wasi', 'box2d.wasm'))) await runBox2d();
    else console.log('bench/browser: no Box2D build (wasm/box2d/build/wasi/box2d.wasm): run `node wasm/box2d/build.mjs` for the Box2D rows');
  }
}

async function runOps() {
  const needed = ['bench.wasi.wasm', 'bench_wrap.wasi.wasm', 'bench.emnapi.wasm', join('Release', 'bench.node'), join('Release', 'bench_wrap.node')];
  const missing = needed.filter((f) => !existsSync(join(buildDir, f)));
  if (missing.length) {
    console.error(`bench/browser: ${missing.map((f) => `bench/build/${f}`).join(', ')} missing: run \`node bench/build.mjs\``);
    process.exit(1);
  }
  if (!existsSync(join(root, 'dist', 'bundle', 'browser.js'))) {
    console.error('bench/browser: dist/bundle/browser.js missing: run `npm run build`');
    process.exit(1);
  }

  // The oracle: what the native addon returns for each op's check.
  const native = { bench: require(join(buildDir, 'Release', 'bench.node')), wrap: require(join(buildDir, 'Release', 'bench_wrap.node')) };
  const ops = selectOps(ONLY).filter((op) => op.core || ALL);
  const expected = Object.fromEntries(ops.map((op) => {
    const b = native[op.module ?? 'bench'];
    return [op.name, op.call(b, op.setup?.(b))];
  }));

  const load = loadAverage();
  console.log(`bench/browser: Chromium, ${ROUNDS} rounds of ~${ROUND_MS} ms per op and variant, variants interleaved per round`);
  const run = await withPage('/bench/browser/index.html', async (page, info) => {
    const out = await page.evaluate((cfg) => globalThis.bench.runOps(cfg), { rounds: ROUNDS, roundMs: ROUND_MS, only: ONLY, coreOnly: !ALL, expected });
    return { ...out, ...info };
  });
  reportOps({ ...run, load });
  return run.results.every((r) => !r.perVariant.wasmNapi?.error);
}

const BOX2D_BUILDS = [
  { key: 'wasi', label: 'wasm-napi, clang wasm32-wasi -O3', url: '/wasm/box2d/build/wasi/box2d.wasm' },
  { key: 'emscripten', label: 'wasm-napi, Emscripten 3.1.6 -O3', url: '/wasm/box2d/build/emscripten/box2d.wasm' },
];

async function runBox2d() {
  const builds = BOX2D_BUILDS.filter((b) => existsSync(join(root, b.url)));
  const load = loadAverage();
  // The baseline: the native addon in this process, same scene code, one run between the page's
  // rounds so that a change of machine load hits both.
  const nativeFile = join(box2dDir, 'native', 'box2d.node');
  const nativeEngine = existsSync(nativeFile) ? addonEngine(require(nativeFile)) : undefined;
  const gc = globalThis.gc ?? (() => {});
  console.log(`bench/browser: Box2D in Chromium, ${builds.map((b) => b.key).join(' and ')} build${builds.length > 1 ? 's' : ''} and planck` +
    `${nativeEngine ? ', native in Node' : ''}; ${BOX2D_ROUNDS} rounds of ${BOX2D_STEPS} steps after a warm-up round`);
  const run = await withPage('/bench/browser/box2d.html', async (page, info) => {
    const engines = (await page.evaluate((b) => globalThis.bench.setup(b), builds)).map((e) => ({ ...e, steps: [], reads: [] }));
    const native = nativeEngine && { key: 'native', steps: [], reads: [] };
    for (let r = 0; r <= BOX2D_ROUNDS; r++) {
      const results = await page.evaluate((n) => globalThis.bench.round(n), BOX2D_STEPS);
      const nat = nativeEngine && runOnce(nativeEngine, { steps: BOX2D_STEPS, gc });
      for (const [e, x] of [...engines.map((e, i) => [e, results[i]]), ...(native ? [[native, { ...nat, contained: contained(nat.positions) }]] : [])]) {
        if (x.error) e.error = x.error;
        if (e.error || r === 0) continue;
        e.steps.push(x.stepMs);
        e.reads.push(x.readMs);
        e.contained = x.contained;
      }
      console.log(r === 0 ? 'bench/browser: Box2D warm-up done' : `bench/browser: Box2D round ${r}/${BOX2D_ROUNDS}`);
    }
    return { engines, native, load, ...info };
  });
  reportBox2d(run, builds);
}

// ---- report -------------------------------------------------------------------------------------
function reportOps(run) {
  const { results, napiWasmStubs, browserVersion, page, timingSeconds, load } = run;
  const ok = (x) => x && !x.error;
  const ratioOf = (row, num, den) => (ok(row.perVariant[num]) && ok(row.perVariant[den]) ? row.perVariant[num].median / row.perVariant[den].median : undefined);
  const defined = (xs) => xs.filter((x) => x !== undefined);
  let nodeRun;
  try {
    nodeRun = JSON.parse(readFileSync(join(buildDir, 'node-results.json'), 'utf8'));
  } catch { /* bench/run.mjs has not written one */ }
  const nodeOf = (op, key) => nodeRun?.ops?.[op]?.[key];
  const inNode = (row) => (ok(row.perVariant.wasmNapi) && nodeOf(row.op, 'wasmNapi') ? row.perVariant.wasmNapi.median / nodeOf(row.op, 'wasmNapi') : undefined);
  const vsNative = (row) => (ok(row.perVariant.wasmNapi) && nodeOf(row.op, 'native') ? row.perVariant.wasmNapi.median / nodeOf(row.op, 'native') : undefined);

  const footnotes = [];
  const footnote = (text) => {
    let i = footnotes.indexOf(text);
    if (i < 0) i = footnotes.push(text) - 1;
    return `[^c${i + 1}]`;
  };
  const cell = (row, v) => {
    const x = row.perVariant[v.key];
    if (ok(x)) return fmtNs(x.median);
    const cause = knownCause(v.key, row.op, x.error);
    const where = /^load failed/.test(x.error) ? '' : `, ${row.op}`;
    return `${PEERS.has(v.key) ? 'n/a' : 'FAILED'}${footnote(`${v.label} in Chromium${where}: ${x.error}${cause ? `. ${cause}` : ''}`)}`;
  };
  const ratios = [
    { label: 'emnapi / wasm-napi', f: (r) => ratioOf(r, 'emnapi', 'wasmNapi') },
    { label: 'napi-wasm / wasm-napi', f: (r) => ratioOf(r, 'napiWasm', 'wasmNapi') },
    { label: 'wasm-napi: Chromium / Node', f: inNode },
    { label: 'wasm-napi in Chromium / native in Node', f: vsNative },
  ].filter((r) => nodeRun || !/Node/.test(r.label));
  const table = [['op', ...VARIANTS.map((v) => `${v.label} ns/op`), ...ratios.map((r) => r.label)]];
  for (const row of results) {
    table.push([row.op + (row.core ? '' : ' †'), ...VARIANTS.map((v) => cell(row, v)), ...ratios.map((r) => (r.f(row) === undefined ? '—' : fmtRatio(r.f(row))))]);
  }
  const gmCell = (xs, n, f) => (xs.length ? f(geomean(xs)) + (xs.length < n ? ` (${xs.length} ops)` : '') : '—');
  const gmRow = (label, rs) => [label,
    ...VARIANTS.map((v) => gmCell(defined(rs.map((r) => (ok(r.perVariant[v.key]) ? r.perVariant[v.key].median : undefined))), rs.length, fmtNs)),
    ...ratios.map((q) => gmCell(defined(rs.map(q.f)), rs.length, fmtRatio))];
  const coreRows = results.filter((r) => r.core);
  table.push(gmRow('geometric mean, core ops', coreRows));
  if (coreRows.length < results.length) table.push(gmRow('geometric mean, all ops', results));

  // What the table says, from its numbers.
  const says = [];
  for (const [key, label] of [['emnapi', 'emnapi'], ['napiWasm', 'napi-wasm']]) {
    const rs = coreRows.filter((r) => ratioOf(r, key, 'wasmNapi') !== undefined);
    if (!rs.length) continue;
    const g = geomean(rs.map((r) => ratioOf(r, key, 'wasmNapi')));
    const slower = rs.filter((r) => ratioOf(r, key, 'wasmNapi') < 1);
    says.push(`Over the ${rs.length} core ops both run, ${label} / wasm-napi is **${fmtRatio(g)}** in Chromium: wasm-napi is ` +
      `${g >= 1 ? `${fmtRatio(g)} faster` : `${fmtRatio(1 / g)} slower`}` +
      (slower.length ? ` (slower on ${slower.map((r) => `${r.op}, ${fmtRatio(1 / ratioOf(r, key, 'wasmNapi'))}`).join('; ')}).` : ', and faster on every one of them.'));
  }
  const cn = defined(coreRows.map(inNode));
  if (cn.length) {
    says.push(`wasm-napi's calls cost ${fmtRatio(geomean(cn))} their time in Node (geometric mean over ${cn.length} core ops; ` +
      `Node figures from bench/run.mjs's run of ${nodeRun.generatedAt}), and ${fmtRatio(geomean(defined(coreRows.map(vsNative))))} the native addon's time in Node.`);
  }
  const failed = results.filter((r) => r.perVariant.wasmNapi?.error).map((r) => r.op);
  says.push(failed.length ? `**wasm-napi failed in Chromium on ${failed.join(', ')}** (not timed).` : 'wasm-napi gave the native addon\'s result on every op, before and after the timed calls.');
  const spreads = results.flatMap((r) => VARIANTS.map((v) => r.perVariant[v.key]).filter(ok).map((x) => (Math.max(...x.samples) - Math.min(...x.samples)) / x.median));
  if (spreads.length) says.push(`Single rounds of one variant differ by up to ${(Math.max(...spreads) * 100).toFixed(0)}% (max − min over median).`);

  const stubNote = napiWasmStubs.length ? ` As in Node, napi-wasm gets a throwing stub for ${napiWasmStubs.map((x) => `\`${x}\``).join(', ')}.` : '';
  const md = `## In Chromium

Generated by \`bench/browser.mjs\` on ${new Date().toISOString()} (wasm-napi at ${revision()}). Headless ${browserVersion ? `Chromium ${browserVersion}` : 'Chromium'}
(Debian's \`${CHROMIUM}\`, driven by Playwright ${pkgVersion('playwright')}, \`--js-flags=--expose-gc\`); the page \`bench/browser/\` is served
by Vite ${pkgVersion('vite')} with COOP/COEP headers (cross-origin isolated: ${page.crossOriginIsolated ? 'yes' : '**no**'}). Load average at the start: ${load}.

The same wasm files as the Node table, and the same method, from the same code (\`bench/ops.mjs\`: warm-up, rounds
of ~${ROUND_MS} ms, ${ROUNDS} rounds with the variants interleaved, a GC and event-loop turns before each round, medians), with
\`performance.now()\` as the clock. ${ALL ? 'All ops' : 'The core ops'}; there is no native column in a browser: each op's result
from the native addon in Node is handed to the page, and every variant must return it before and after its timed rounds.
wasm-napi is \`dist/bundle/browser.js\` (the package's \`browser\` export; \`load(url)\` streams the compile); emnapi is
\`@emnapi/core\` + \`@emnapi/runtime\` ${pkgVersion('@emnapi/core')} with \`instantiateNapiModule(url)\` and \`@bjorn3/browser_wasi_shim\`'s WASI
(its README's browser route, with the polyfill wasm-napi's browser host uses); napi-wasm ${pkgVersion('napi-wasm')} loads wasm-napi's builds
as in Node.${stubNote}${nodeRun ? ' The Node ratios divide by the medians of the Node table above.' : ''}

${mdTable(table)}

${ALL ? '† not a core operation. ' : ''}n/a: the peer could not run the op (reason in the footnote). ${CORE_NOTE.replace(/^the core/, 'The core')}

${says.join(' ')} Timing took ${timingSeconds.toFixed(0)} s.
${footnotes.length ? `\n${footnotes.map((f, i) => `[^c${i + 1}]: ${f.replace(/\n/g, ' ')}`).join('\n')}\n` : ''}`;

  console.log('');
  console.log(textTable(table));
  for (const [i, f] of footnotes.entries()) console.log(`[c${i + 1}] ${f}`);
  console.log('');
  console.log(says.join(' '));
  console.log(`\nbench/browser: timing took ${timingSeconds.toFixed(0)} s`);
  if (OUT !== '-') {
    writeBlock(OUT, 'chromium', md);
    console.log(`bench/browser: wrote the "In Chromium" section of ${relative(process.cwd(), OUT) || OUT}`);
  }
}

function reportBox2d(run, builds) {
  const { engines, native, browserVersion, load } = run;
  const labelOf = (key) => builds.find((b) => b.key === key)?.label ?? `planck ${pkgVersion('planck')} (pure JS)`;
  const nativeMs = native && median(native.steps);
  const wasiMs = engines.find((e) => e.key === 'wasi' && !e.error);
  const planck = engines.find((e) => e.key === 'planck' && !e.error);
  const table = [['engine', 'steps/s', 'ms/step', 'time vs native in Node', 'read 500 positions', 'bodies in container']];
  for (const e of engines) {
    if (e.error) {
      table.push([`${labelOf(e.key)}, in Chromium`, 'n/a', 'n/a', 'n/a', 'n/a', e.error]);
      continue;
    }
    const ms = median(e.steps);
    table.push([`${labelOf(e.key)}, in Chromium`, (1000 / ms).toFixed(0), ms.toFixed(3), nativeMs ? fmtRatio(ms / nativeMs) : '—',
      `${(median(e.reads) * 1000).toFixed(1)} µs`, `${e.contained}/${BODIES}`]);
  }
  if (native) {
    table.push(['native (node-gyp), in Node: the baseline', (1000 / nativeMs).toFixed(0), nativeMs.toFixed(3), '1.00×',
      `${(median(native.reads) * 1000).toFixed(1)} µs`, `${native.contained}/${BODIES}`]);
  }
  const says = [];
  if (wasiMs && planck) {
    const w = median(wasiMs.steps);
    const p = median(planck.steps);
    says.push(`In Chromium the wasm32-wasi build through wasm-napi steps ${(p / w).toFixed(1)}× as fast as planck` +
      (nativeMs ? ` and takes ${fmtRatio(w / nativeMs)} the native addon's time in Node.` : '.'));
  }
  const md = `## Box2D in Chromium

Generated by \`bench/browser.mjs\` on ${new Date().toISOString()} (wasm-napi at ${revision()}), in the headless Chromium ${browserVersion ?? ''}
of "In Chromium" (page \`bench/browser/box2d.html\`). \`bench/box2d.mjs\`'s scene (\`bench/box2d-scene.mjs\`):
Box2D 2.4.1, ${BODIES} bodies (boxes and circles) dropped into a container, ${BOX2D_STEPS} steps of 1/60 s
(${VELOCITY_ITERATIONS}/${POSITION_ITERATIONS} iterations), then ${READS} reads of every position; each round builds the scene anew and runs every
engine once, in turn; median of ${BOX2D_ROUNDS} rounds after a warm-up round. Wall-clock times (a page has no CPU clock), so
unlike \`bench/box2d.mjs\`'s CPU times they include any wait for a core on a loaded machine. The addon's wasm builds are
\`wasm/box2d/build.mjs\`'s, loaded by \`dist/bundle/browser.js\`; planck ${pkgVersion('planck')} is bundled by Vite. The native row ran in
this Node process (${process.version}), one run after each of the page's rounds, with the same scene code${globalThis.gc ? '' : ' (without --expose-gc: no GC before each run)'}.
Load average at the start: ${load}.

${mdTable(table)}

${says.join(' ')}
`;
  console.log('');
  console.log(textTable(table));
  if (says.length) console.log(`\n${says.join(' ')}`);
  if (OUT !== '-') {
    writeBlock(OUT, 'box2d-chromium', md);
    console.log(`bench/browser: wrote the "Box2D in Chromium" section of ${relative(process.cwd(), OUT) || OUT}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
