// The Node host: reads modules from paths and file: URLs, provides WASI through node:wasi.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { types } from 'node:util';
import { runInThisContext } from 'node:vm';
import { host } from './host.js';
import type { ImportFunction } from './imports.js';
import { compileFetched, type Host, type WasiOptions } from './module.js';

host.isNativeError = (v) => types.isNativeError(v);
host.bufferFrom = (ab, offset, length) => Buffer.from(ab, offset, length);
host.isProxy = (v) => types.isProxy(v);
host.isArray = (v) => Array.isArray(v) && !types.isProxy(v);
host.isPromise = (v) => types.isPromise(v);
// vm's runInThisContext is V8's Script::Compile + Run, as napi_run_script does (top-level lexical
// declarations persist across scripts). V8 names an unnamed script `<anonymous>` in stack traces;
// displayErrors off leaves the error's stack as V8 made it.
host.runScript = (source) => runInThisContext(source, { filename: '<anonymous>', displayErrors: false });

type NodeWasi = typeof import('node:wasi');
let wasiModule: Promise<NodeWasi> | undefined;

/** node:wasi warns that it is experimental on first load; the warning is noise for our users. */
function loadWasi(): Promise<NodeWasi> {
  wasiModule ??= (async () => {
    const emit = process.emitWarning;
    process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
      const text = typeof warning === 'string' ? warning : warning.message;
      if (/WASI/.test(text)) return;
      (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
    }) as typeof process.emitWarning;
    try {
      return await import('node:wasi');
    } finally {
      process.emitWarning = emit;
    }
  })();
  return wasiModule;
}

export const nodeHost: Host = {
  async compile(source) {
    const url = source instanceof URL ? source : /^[a-z][a-z0-9+.-]*:\/\//i.test(source) ? new URL(source) : undefined;
    if (url && url.protocol !== 'file:') return compileFetched(url);
    const path = url ? fileURLToPath(url) : resolve(source as string);
    return { module: await WebAssembly.compile(await readFile(path)), url: pathToFileURL(path).href };
  },
  async wasi(options: WasiOptions) {
    const { WASI } = await loadWasi();
    const wasi = new WASI({
      version: 'preview1',
      args: options.args ?? [],
      env: options.env ?? {},
      preopens: options.preopens ?? {},
      returnOnExit: true,
    });
    return {
      imports: (wasi.getImportObject() as { wasi_snapshot_preview1: Record<string, ImportFunction> }).wasi_snapshot_preview1,
      initialize: (instance) => wasi.initialize(instance),
    };
  },
};
