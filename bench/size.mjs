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
  return {
    min: eagerBytes.length,
    gzip: gzipSync(eagerBytes, { level: GZIP_LEVEL }).length,
    lazyMin: bytes.length - eagerBytes.length,
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
  const em = rows.find((r) => r.name === 'emnapi-wasi');
  const nw = rows.find((r) => r.name === 'napi-wasm');
  const says = `wasm-napi's full browser runtime is ${kb(full.min)} minified, ${kb(full.gzip)} gzipped` +
    (em ? `; emnapi with the same WASI is ${kb(em.gzip)} gzipped (${(em.gzip / full.gzip).toFixed(2)}× wasm-napi's)` : '') +
    (nw ? `, napi-wasm ${kb(nw.gzip)} (no WASI)` : '') + '. ' +
    (clean ? 'The wasm-napi bundles contain no Node built-in: no `node:` import, no module Vite had to stub for the browser, no import left unbundled.'
      : `**The wasm-napi bundle pulls in Node built-ins**: ${self.flatMap((r) => r.nodeProblems).join('; ')}.`);
  const md = `## Runtime size

Generated by \`bench/size.mjs\` on ${new Date().toISOString()} (wasm-napi at ${revision()}). Each row is one entry bundled by Vite ${version} (rolldown) in library
mode: ES format, fully minified (rolldown's \`output.minify\`, as an application build would be), every dependency bundled in unless said, all exports kept (as an
application that imports the runtime gets it). gzip is zlib level ${GZIP_LEVEL}. "Node built-ins" lists any \`node:\`
import, Node module replaced by Vite's browser stub, or import left unbundled. Sizes count what loads up front (the entry and
its static imports); "loaded on demand" is code behind a dynamic import (wasm-napi's \`trace\` and \`stats\` call counters).

${mdTable(table)}

${says}
`;
  console.log(textTable(table));
  console.log('');
  console.log(says);
  if (!process.argv.includes('--no-write') && OUT !== '-') {
    writeBlock(OUT, 'size', md);
    console.log(`bench/size: wrote the "Runtime size" section of ${relative(process.cwd(), OUT) || OUT}`);
  }
  if (!clean) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
