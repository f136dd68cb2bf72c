#!/usr/bin/env node
// Runtime size: the browser runtime bundled as a user's bundler would ship it. Each entry is built by
// Vite (rolldown) in library mode, ES format, minified, every dependency bundled in; prints the
// minified and minified+gzipped bytes and checks that nothing from Node is left in (no `node:`
// import, no Node built-in replaced by Vite's browser stub, no import left unbundled). Writes the
// "Runtime size" section of BENCHMARKS.md (BENCH_OUT: another path, or "-" for none).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { mdTable, revision, textTable, writeBlock } from './report.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..');
const entryDir = join(benchDir, 'build', 'size');
const OUT = process.env.BENCH_OUT ?? join(root, 'BENCHMARKS.md');
const GZIP_LEVEL = 9;

// What each row bundles: a source file, or the text of an entry module written to bench/build/size/.
export const ENTRIES = [
  { label: 'wasm-napi (`src/browser.ts`, with `@bjorn3/browser_wasi_shim`)', file: join(root, 'src', 'browser.ts'), self: true },
  { label: 'wasm-napi without its WASI (`@bjorn3/browser_wasi_shim` left external)', file: join(root, 'src', 'browser.ts'), external: ['@bjorn3/browser_wasi_shim'], self: true },
  { label: 'emnapi (`@emnapi/core` + `@emnapi/runtime`)', name: 'emnapi', code: "export * from '@emnapi/core';\nexport * from '@emnapi/runtime';\n" },
  {
    label: 'emnapi + `@bjorn3/browser_wasi_shim` (its browser route as benchmarked)', name: 'emnapi-wasi',
    code: "export * from '@emnapi/core';\nexport * from '@emnapi/runtime';\nexport { WASI } from '@bjorn3/browser_wasi_shim';\n",
  },
  { label: 'napi-wasm', name: 'napi-wasm', code: "export * from 'napi-wasm';\n" },
  { label: '`@bjorn3/browser_wasi_shim` alone', name: 'wasi-shim', code: "export * from '@bjorn3/browser_wasi_shim';\n" },
];

const NODE_BUILTIN = /(?:from\s*|import\s*\(\s*|require\s*\(\s*)["'](?:node:[\w/]+|fs|path|os|url|util|crypto|worker_threads|child_process|module|wasi|zlib|stream|buffer|events)["']/;

/** Bundles one entry; returns { min, gzip, imports, nodeProblems }. */
async function bundle(entry) {
  const { build } = await import('vite');
  let file = entry.file;
  if (!file) {
    mkdirSync(entryDir, { recursive: true });
    file = join(entryDir, `${entry.name}.mjs`);
    writeFileSync(file, entry.code);
  }
  const result = await build({
    root,
    configFile: false,
    logLevel: 'silent',
    build: {
      lib: { entry: file, formats: ['es'], fileName: 'runtime' },
      write: false,
      minify: true,
      emptyOutDir: false,
      reportCompressedSize: false,
      // In library mode with the ES format Vite's `minify` keeps whitespace (to keep pure
      // annotations for the user's bundler); the output option minifies fully, as an app build does.
      rolldownOptions: { external: entry.external ?? [], output: { minify: true } },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  const chunks = outputs.filter((o) => o.type === 'chunk');
  const code = chunks.map((c) => c.code).join('\n');
  const bytes = Buffer.from(code);
  const imports = [...new Set(chunks.flatMap((c) => [...c.imports, ...c.dynamicImports]))].filter((i) => !chunks.some((c) => c.fileName === i));
  const nodeProblems = [
    ...chunks.flatMap((c) => c.moduleIds).filter((id) => /__vite-browser-external|^node:/.test(id)).map((id) => `bundles ${id.replace(/\0/g, '')}`),
    ...(NODE_BUILTIN.test(code) ? [`imports ${NODE_BUILTIN.exec(code)[0]}`] : []),
    ...imports.filter((i) => !(entry.external ?? []).includes(i)).map((i) => `leaves the import ${i}`),
  ];
  // What loads up front: the entry chunk and what it imports statically. Chunks reached only by a
  // dynamic import (wasm-napi's trace and call counters) load when asked for.
  const eager = new Set();
  const visit = (name) => {
    const c = chunks.find((x) => x.fileName === name);
    if (!c || eager.has(c)) return;
    eager.add(c);
    c.imports.forEach(visit);
  };
  chunks.filter((c) => c.isEntry).forEach((c) => visit(c.fileName));
  const eagerBytes = Buffer.from([...eager].map((c) => c.code).join('\n'));
  // The on-demand chunks one by one, named for the modules they hold (each is gzipped alone, as a
  // server sends it).
  const moduleName = (id) => id.replace(/\0/g, '').replace(/.*[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+).*/, '$1').replace(/.*[\\/]src[\\/]/, '');
  const onDemand = chunks.filter((c) => !eager.has(c)).map((c) => ({
    modules: [...new Set(Object.keys(c.modules).filter((id) => !/rolldown[\\/]runtime/.test(id)).map(moduleName))],
    dynamic: c.isDynamicEntry,
    min: Buffer.byteLength(c.code),
    gzip: gzipSync(c.code, { level: GZIP_LEVEL }).length,
  }));
  return {
    min: eagerBytes.length,
    gzip: gzipSync(eagerBytes, { level: GZIP_LEVEL }).length,
    lazyMin: bytes.length - eagerBytes.length,
    onDemand,
    eagerModules: [...new Set([...eager].flatMap((c) => Object.keys(c.modules)).filter((id) => !/rolldown[\\/]runtime/.test(id)).map(moduleName))],
    imports,
    nodeProblems,
    chunks: chunks.length,
  };
}

export async function measureSizes() {
  const rows = [];
  for (const entry of ENTRIES) rows.push({ ...entry, ...(await bundle(entry)) });
  return rows;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const bytesCell = (n) => `${n.toLocaleString('en-US')} (${kb(n)})`;

async function main() {
  const { version } = await import('vite');
  const rows = await measureSizes();
  const table = [['bundle', 'min bytes', 'min+gzip bytes', 'loaded on demand (min)', 'Node built-ins']];
  for (const r of rows) {
    table.push([r.label, bytesCell(r.min), bytesCell(r.gzip), r.lazyMin ? bytesCell(r.lazyMin) : '—', r.nodeProblems.length ? `**${r.nodeProblems.join('; ')}**` : 'none']);
  }
  const self = rows.filter((r) => r.self);
  const clean = self.every((r) => !r.nodeProblems.length);
  const full = rows[0];
  // What loads when, for the full runtime: the up-front part, then each on-demand chunk.
  const when = (modules) =>
    modules.includes('@bjorn3/browser_wasi_shim') ? 'a module imports WASI'
      : modules.includes('trace.ts') ? 'a load with `trace`'
        : modules.includes('counters.ts') ? 'a load with `stats: true`'
        : modules.some((m) => m.startsWith('api/')) ? `a module imports a function of ${modules.filter((m) => m.startsWith('api/')).map((m) => m.slice(4, -3)).join(', ')}`
          : 'with the chunks that import it';
  const chunkTable = [['chunk', 'loads when', 'min bytes', 'min+gzip bytes']];
  const eagerGroups = full.eagerModules.filter((m) => m.startsWith('api/') && m !== 'api/guards.ts').map((m) => m.slice(4, -3));
  chunkTable.push([`up front: ${full.eagerModules.length} modules, with the Node-API groups ${eagerGroups.join(', ')}`, '`import`', bytesCell(full.min), bytesCell(full.gzip)]);
  for (const c of [...full.onDemand].sort((a, b) => b.gzip - a.gzip)) chunkTable.push([c.modules.join(', '), c.dynamic ? when(c.modules) : `with the chunks that import it`, bytesCell(c.min), bytesCell(c.gzip)]);
  const em = rows.find((r) => r.name === 'emnapi-wasi');
  const nw = rows.find((r) => r.name === 'napi-wasm');
  const groupsGzip = full.onDemand.filter((c) => c.modules.some((m) => m.startsWith('api/'))).reduce((n, c) => n + c.gzip, 0);
  const says = `wasm-napi's browser runtime loads ${kb(full.min)} minified, ${kb(full.gzip)} gzipped up front; the Node-API groups ` +
    `that load on demand add ${kb(groupsGzip)} gzipped if a module imports from all of them (the WASI shim ${kb(full.onDemand.find((c) => c.modules.includes('@bjorn3/browser_wasi_shim'))?.gzip ?? 0)})` +
    (em ? `; emnapi with the same WASI is ${kb(em.gzip)} gzipped (${(em.gzip / full.gzip).toFixed(2)}× wasm-napi's)` : '') +
    (nw ? `, napi-wasm ${kb(nw.gzip)} (no WASI)` : '') + '. ' +
    (clean ? 'The wasm-napi bundles contain no Node built-in: no `node:` import, no module Vite had to stub for the browser, no import left unbundled.'
      : `**The wasm-napi bundle pulls in Node built-ins**: ${self.flatMap((r) => r.nodeProblems).join('; ')}.`);
  const md = `## Runtime size

Generated by \`bench/size.mjs\` on ${new Date().toISOString()} (wasm-napi at ${revision()}). Each row is one entry bundled by Vite ${version} (rolldown) in library
mode: ES format, fully minified (rolldown's \`output.minify\`, as an application build would be), every dependency bundled in unless said, all exports kept (as an
application that imports the runtime gets it). gzip is zlib level ${GZIP_LEVEL}. "Node built-ins" lists any \`node:\`
import, Node module replaced by Vite's browser stub, or import left unbundled. Sizes count what loads up front (the entry and
its static imports); "loaded on demand" is code behind a dynamic import: for wasm-napi, the Node-API groups few modules
import (loaded, before the module is instantiated, when it imports one of their functions), the WASI shim (when a module
imports WASI) and the debugging aids (\`trace\`, \`stats\` call counters).

${mdTable(table)}

wasm-napi's chunks (the first row's build):

${mdTable(chunkTable)}

${says}
`;
  console.log(textTable(table));
  console.log('');
  console.log(textTable(chunkTable));
  console.log('');
  console.log(says);
  if (!process.argv.includes('--no-write') && OUT !== '-') {
    writeBlock(OUT, 'size', md);
    console.log(`bench/size: wrote the "Runtime size" section of ${relative(process.cwd(), OUT) || OUT}`);
  }
  if (!clean) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
