#!/usr/bin/env node
// Bundles the runtime (after `tsc`) into dist/bundle/: node.js (Node built-ins external) and
// browser.js (no Node built-ins; @bjorn3/browser_wasi_shim stays an import for the app's bundler),
// minified, with the debugging aids (trace, call counters), the Node-API groups few modules import
// and the WASI shim (browsers) split into chunks loaded on demand.
// Node's ESM loader resolves, reads and links each module file separately, which dominated a cold
// start with ~30 files. Rolldown is the bundler inside Vite; it is called directly because Vite's
// library mode leaves ES output unminified.
import { rm } from 'node:fs/promises';
import { rolldown } from 'rolldown';

await rm('dist/bundle', { recursive: true, force: true });
// The Node-API groups that load on demand in each bundle (src/imports.ts lists those it can load so);
// the others join the entry chunk. In Node each chunk is a file for the ESM loader to resolve, read
// and link (about 1 ms), more than parsing a group's code: only the groups few modules import stay
// apart there. In browsers the bytes count.
const onDemand = {
  node: ['async', 'bigint', 'lifecycle', 'promises'],
  browser: ['async', 'bigint', 'binary', 'classes', 'lifecycle', 'promises', 'references'],
};

for (const [name, platform] of [
  ['node', 'node'],
  ['browser', 'browser'],
]) {
  const apart = new RegExp(`[\\\\/](api[\\\\/](${onDemand[name].join('|')})|trace|counters|signatures)\\.js$`);
  const bundle = await rolldown({
    input: { [name]: `dist/${name === 'node' ? 'index' : 'browser'}.js` },
    platform,
    external: [/^node:/, '@bjorn3/browser_wasi_shim'],
    logLevel: 'warn',
    // Lets the entry chunk also hold what the on-demand chunks share with it (engine, scopes, …),
    // instead of a shared chunk: one file to load up front.
    preserveEntrySignatures: 'allow-extension',
  });
  await bundle.write({
    dir: 'dist/bundle',
    format: 'es',
    minify: true,
    entryFileNames: '[name].js',
    chunkFileNames: `${name}-[name]-[hash].js`,
    // Everything but the on-demand chunks is one group, which the entry chunk absorbs.
    codeSplitting: {
      groups: [{ name, test: (id) => !apart.test(id) }],
    },
  });
  await bundle.close();
}
