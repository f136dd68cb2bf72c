// The browser host: fetches modules relative to the page, provides WASI through
// @bjorn3/browser_wasi_shim (stdout/stderr to the console, an in-memory file system). The shim is
// imported when the first module that imports WASI loads (an app's bundler splits it into a chunk of
// its own): it is as big as the rest of the runtime, and modules built for the browser often need none.
import type { Fd, Inode } from '@bjorn3/browser_wasi_shim';
import type { ImportFunction } from './imports.js';
import { compileFetched, type Host, type WasiOptions } from './module.js';

type Shim = typeof import('@bjorn3/browser_wasi_shim');

/** Nests `{ 'a/b.txt': … }` into the shim's directory tree. */
function tree({ Directory, File }: Shim, files: Record<string, string | Uint8Array>): Map<string, Inode> {
  const root = new Map<string, Inode>();
  const encoder = new TextEncoder();
  for (const [path, contents] of Object.entries(files)) {
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    const name = parts.pop();
    if (name === undefined) throw new TypeError(`wasm-napi: '${path}' is not a file path`);
    let dir = root;
    for (const part of parts) {
      let next = dir.get(part);
      if (next === undefined) dir.set(part, (next = new Directory(new Map())));
      if (!(next instanceof Directory)) throw new TypeError(`wasm-napi: '${path}': '${part}' is a file`);
      dir = next.contents;
    }
    dir.set(name, new File(typeof contents === 'string' ? encoder.encode(contents) : contents));
  }
  return root;
}

export const browserHost: Host = {
  syncBytes: 0,
  ready: () => undefined,
  compile(source) {
    // Relative paths resolve against the page (document.baseURI), or the worker's location.
    const base = (globalThis as { document?: { baseURI: string } }).document?.baseURI ?? globalThis.location?.href;
    return compileFetched(source instanceof URL ? source : new URL(source, base));
  },
  async wasi(options: WasiOptions) {
    const shim = await import('@bjorn3/browser_wasi_shim');
    const { ConsoleStdout, File, OpenFile, PreopenDirectory, WASI } = shim;
    const fds = (options.fds as Fd[] | undefined) ?? [
      new OpenFile(new File(new Uint8Array())),
      ConsoleStdout.lineBuffered(options.stdout ?? ((line) => console.log(line))),
      ConsoleStdout.lineBuffered(options.stderr ?? ((line) => console.error(line))),
      new PreopenDirectory('/', tree(shim, options.files ?? {})),
    ];
    const env = Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`);
    const wasi = new WASI(options.args ?? [], env, fds);
    return {
      imports: wasi.wasiImport as Record<string, ImportFunction>,
      initialize: (instance) => wasi.initialize(instance as Parameters<typeof wasi.initialize>[0]),
    };
  },
};
