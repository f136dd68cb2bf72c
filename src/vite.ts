// The Vite plugin (`wasm-napi/vite`): imports a Node-API module compiled to wasm as an ES module.
//
//   import addon from './addon.wasm?napi'               // the module's exports (top-level await)
//   import loadAddon from './addon.wasm?napi&loader'    // (options?: LoadOptions) => Promise<exports>
//
// Both forms also export `url`, where the .wasm is served. `vite build` emits the .wasm as an asset
// with a hashed name (never inlined: compileStreaming needs a URL); the dev server serves the file
// itself. Both go out as `application/wasm` (`vite preview`'s static server knows the type), so the
// browser compiles while it downloads. The generated module loads through the browser entry
// (`wasm-napi/browser`), so no Node built-in reaches the bundle. The `?napi` form needs a build
// target with top-level await (Vite's default has it); `&loader` does not. Browser code only: in
// SSR the import is refused. This file runs in Node, inside Vite.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OutgoingHttpHeaders } from 'node:http';
import type { Connect, Plugin, ResolvedConfig } from 'vite';

export interface WasmNapiPluginOptions {
  /**
   * Send `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`
   * from the dev and preview servers, so the page is cross-origin isolated (SharedArrayBuffer,
   * shared wasm memory). A production server must send the same headers itself.
   */
  crossOriginIsolation?: boolean;
}

/** The headers that make a page cross-origin isolated. */
export const crossOriginIsolationHeaders: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** What the generated modules import `load` from. */
const RUNTIME = 'wasm-napi/browser';
/** This package's own browser entry (the bundle its `browser` export names), under dist/. */
const RUNTIME_FILE = fileURLToPath(new URL('./bundle/browser.js', import.meta.url));
/** Ids of the generated modules: the prefix keeps Vite's asset and wasm plugins away from them. */
const PREFIX = '\0wasm-napi:';
/** Where the dev server serves the .wasm files that `?napi` imports name. */
const DEV_PATH = '@wasm-napi/';

/** `./a.wasm?napi&loader` → the path and whether the loader is wanted; null when not ours. */
function parseImport(id: string): { path: string; loader: boolean } | null {
  const q = id.indexOf('?');
  if (q < 0) return null;
  const path = id.slice(0, q);
  const params = new URLSearchParams(id.slice(q + 1));
  if (!params.has('napi') || !path.endsWith('.wasm')) return null;
  return { path, loader: params.has('loader') };
}

/**
 * The plugin factory: `plugins: [wasmNapi()]` in vite.config, then import `.wasm` files with
 * `?napi` (loaded exports) or `?napi&loader` (a function taking LoadOptions).
 */
export function wasmNapi(options: WasmNapiPluginOptions = {}): Plugin {
  let config: ResolvedConfig;
  /**
   * Dev server: the .wasm files that `?napi` imports named, by a key made from their path. Only
   * these are served, at `<base>@wasm-napi/<key>/<file name>` (the name is for reading only).
   */
  const served = new Map<string, string>();

  async function devUrl(file: string): Promise<string> {
    const key = createHash('sha256').update(file).digest('hex').slice(0, 12);
    served.set(key, file);
    // The modification time in the query makes a rebuilt module bypass the browser's cache.
    const { mtimeMs } = await stat(file);
    return `${config.base}${DEV_PATH}${key}/${encodeURIComponent(basename(file))}?v=${Math.round(mtimeMs).toString(36)}`;
  }

  function serveWasm(headers: OutgoingHttpHeaders | undefined): Connect.NextHandleFunction {
    const prefix = `${config.base}${DEV_PATH}`;
    return (req, res, next) => {
      const url = req.url ?? '';
      const file = url.startsWith(prefix) ? served.get(url.slice(prefix.length).split('/')[0]!) : undefined;
      if (file === undefined) return next();
      stat(file).then(
        (s) => {
          for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) res.setHeader(name, value);
          res.setHeader('Content-Type', 'application/wasm');
          res.setHeader('Content-Length', s.size);
          res.setHeader('Cache-Control', 'no-cache');
          if (req.method === 'HEAD') return void res.end();
          createReadStream(file).on('error', next).pipe(res);
        },
        () => next(),
      );
    };
  }

  return {
    name: 'wasm-napi',
    // Before Vite's own asset and wasm handling, which would claim a `.wasm` id.
    enforce: 'pre',

    config() {
      if (!options.crossOriginIsolation) return;
      return { server: { headers: { ...crossOriginIsolationHeaders } }, preview: { headers: { ...crossOriginIsolationHeaders } } };
    },

    configResolved(resolved) {
      config = resolved;
    },

    async resolveId(source, importer, resolveOptions) {
      if (source === RUNTIME) {
        // Inside this repository (or a linked checkout) the package cannot import itself by name:
        // fall back to the browser entry beside this file.
        const resolved = await this.resolve(source, importer, { ...resolveOptions, skipSelf: true });
        return resolved ?? RUNTIME_FILE;
      }
      const wanted = parseImport(source);
      if (!wanted) return null;
      const resolved = await this.resolve(wanted.path, importer, { ...resolveOptions, skipSelf: true });
      if (!resolved) return null; // Vite reports the unresolved import with the importer's name
      return `${PREFIX}${resolved.id.split('?')[0]}?napi${wanted.loader ? '&loader' : ''}`;
    },

    async load(id, loadOptions) {
      if (!id.startsWith(PREFIX)) return null;
      const wanted = parseImport(id.slice(PREFIX.length));
      if (!wanted) return null;
      const file = wanted.path;
      if (loadOptions?.ssr) {
        this.error(`${file}?napi is for the browser; in server code load the module with \`load(path)\` from 'wasm-napi'`);
      }
      let url: string;
      if (config.command === 'build') {
        const ref = this.emitFile({ type: 'asset', name: basename(file), originalFileName: file, source: await readFile(file) });
        url = `import.meta.ROLLUP_FILE_URL_${ref}`;
      } else {
        this.addWatchFile(file);
        url = JSON.stringify(await devUrl(file));
      }
      return [
        `import { load } from ${JSON.stringify(RUNTIME)};`,
        `export const url = ${url};`,
        wanted.loader ? 'export default (options) => load(url, options);' : 'export default await load(url);',
      ].join('\n');
    },

    configureServer(server) {
      // Installed directly (not in a returned post hook) so it answers before Vite's middlewares.
      server.middlewares.use(serveWasm(config.server.headers));
    },
  };
}

export default wasmNapi;
