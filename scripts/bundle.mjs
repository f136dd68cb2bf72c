#!/usr/bin/env node
// Bundles the runtime (after `tsc`) into dist/bundle/: node.js (Node built-ins external) and
// browser.js (no Node built-ins; @bjorn3/browser_wasi_shim stays an import for the app's bundler),
// minified, with the debugging aids (trace, call counters) split into chunks loaded on demand.
// Node's ESM loader resolves, reads and links each module file separately, which dominated a cold
// start with ~30 files. Rolldown is the bundler inside Vite; it is called directly because Vite's
// library mode leaves ES output unminified.
import { rm } from 'node:fs/promises';
import { rolldown } from 'rolldown';

await rm('dist/bundle', { recursive: true, force: true });
for (const [name, platform] of [
  ['node', 'node'],
  ['browser', 'browser'],
]) {
  const bundle = await rolldown({
    input: { [name]: `dist/${name === 'node' ? 'index' : 'browser'}.js` },
    platform,
    external: [/^node:/, '@bjorn3/browser_wasi_shim'],
    logLevel: 'warn',
  });
  await bundle.write({ dir: 'dist/bundle', format: 'es', minify: true, entryFileNames: '[name].js', chunkFileNames: `${name}-[name]-[hash].js` });
  await bundle.close();
}
