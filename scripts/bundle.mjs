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

/**
 * Rolldown builds the namespace of `import * as values from './api/values.js'` in imports.ts (and of
 * an `import()` whose module joins the entry chunk) as one getter per export, all defined when the
 * bundle loads: some 140 getters to parse and define, ~0.5 ms of a cold start, and one more function
 * to compile for each symbol a module imports. imports.ts reads each group's functions once, and no
 * group reassigns an export, so the bundle gets plain objects of the same exports instead (without a
 * prototype: V8 makes those in dictionary mode, half the cost of one map transition per property).
 * The groups that load on demand in this bundle keep their `import()`.
 */
function plainGroups(apart) {
  return {
    name: 'plain-groups',
    transform: {
      filter: { id: /[\\/]dist[\\/]imports\.js$/ },
      async handler(code, id) {
        const statics = [...code.matchAll(/^import \* as (\w+) from '(\.\/api\/\w+\.js)';$/gm)];
        const dynamics = [...code.matchAll(/^( +)(\w+): \(\) => import\('(\.\/api\/\w+\.js)'\),$/gm)];
        if (statics.length === 0 || dynamics.length === 0) throw new Error('plain-groups: dist/imports.js no longer has the shape this plugin rewrites');
        const plain = async (binding, spec) => {
          const { exports } = await this.load({ id: (await this.resolve(spec, id)).id });
          const imported = exports.map((e) => `${e} as ${binding}$${e}`).join(', ');
          return `import { ${imported} } from '${spec}';\nconst ${binding} = { __proto__: null, ${exports.map((e) => `${e}: ${binding}$${e}`).join(', ')} };`;
        };
        let out = code;
        for (const [line, binding, spec] of statics) out = out.replace(line, await plain(binding, spec));
        for (const [line, indent, group, spec] of dynamics) {
          if (apart.test(spec)) continue;
          out = out.replace(line, `${indent}${group}: ${group}$plain,`);
          out = `${await plain(`${group}$plain`, spec)}\n${out}`;
        }
        return out;
      },
    },
  };
}

for (const [name, platform] of [
  ['node', 'node'],
  ['browser', 'browser'],
]) {
  const apart = new RegExp(`[\\\\/](api[\\\\/](${onDemand[name].join('|')})|trace|counters|signatures)\\.js$`);
  const bundle = await rolldown({
    input: { [name]: `dist/${name === 'node' ? 'index' : 'browser'}.js` },
    platform,
    external: [/^node:/, '@bjorn3/browser_wasi_shim'],
    plugins: [plainGroups(apart)],
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
