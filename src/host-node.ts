// The Node host: reads modules from paths and file: URLs, provides WASI through node:wasi.
//
// It imports no Node built-in up front. An ESM import of a built-in copies all its exports into a
// namespace (running their lazy getters: node:fs's loads fs/promises), which cost more than the rest
// of the runtime's import; process.getBuiltinModule (Node ≥ 20.16) hands out the module itself, in
// microseconds, when the first module loads. Older Node imports them then.
import { host } from './host.js';
import type { ImportFunction } from './imports.js';
import { compileBytes, compileFetched, type Host, type WasiOptions } from './module.js';

type Fs = typeof import('node:fs');
type Path = typeof import('node:path');
type Url = typeof import('node:url');
type Util = typeof import('node:util');
type Vm = typeof import('node:vm');
type NodeWasi = typeof import('node:wasi');

const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;

let fs: Fs;
let path: Path;
let url: Url;
let vm: Vm | undefined;

/** The host hooks the Engine calls, from Node's own checks. */
function setUp(util: Util): void {
  const { types } = util;
  host.isNativeError = (v) => types.isNativeError(v);
  host.bufferFrom = (ab, offset, length) => Buffer.from(ab, offset, length);
  host.isProxy = (v) => types.isProxy(v);
  host.isArray = (v) => Array.isArray(v) && !types.isProxy(v);
  host.isPromise = (v) => types.isPromise(v);
  // vm's runInThisContext is V8's Script::Compile + Run, as napi_run_script does (top-level lexical
  // declarations persist across scripts). V8 names an unnamed script `<anonymous>` in stack traces;
  // displayErrors off leaves the error's stack as V8 made it.
  host.runScript = (source) => {
    vm ??= getBuiltinModule!('node:vm') as Vm;
    return vm.runInThisContext(source, { filename: '<anonymous>', displayErrors: false });
  };
}

let setting: Promise<void> | undefined;
let isSet = false;

function ready(): Promise<void> | undefined {
  if (isSet) return undefined;
  if (getBuiltinModule) {
    fs = getBuiltinModule('node:fs') as Fs;
    path = getBuiltinModule('node:path') as Path;
    url = getBuiltinModule('node:url') as Url;
    setUp(getBuiltinModule('node:util') as Util);
    isSet = true;
    return undefined;
  }
  setting ??= Promise.all([import('node:fs'), import('node:path'), import('node:url'), import('node:util'), import('node:vm')]).then(
    ([f, p, u, util, v]) => {
      [fs, path, url, vm] = [f, p, u, v];
      setUp(util);
      isSet = true;
    },
  );
  return setting;
}

// Where process.getBuiltinModule exists, setting up takes microseconds: done now, so that the hooks
// serve before any module loads (the tracer's previews use them).
ready();

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
      return getBuiltinModule ? (getBuiltinModule('node:wasi') as NodeWasi) : await import('node:wasi');
    } finally {
      process.emitWarning = emit;
    }
  })();
  return wasiModule;
}

export const nodeHost: Host = {
  // Compiling 1 MiB takes a few ms on the main thread; beyond that V8's background compile is worth
  // its event-loop turn.
  syncBytes: 1 << 20,
  ready,
  compile(source) {
    const href = source instanceof URL ? source : /^[a-z][a-z0-9+.-]*:\/\//i.test(source) ? new URL(source) : undefined;
    if (href && href.protocol !== 'file:') return compileFetched(href);
    const file = href ? url.fileURLToPath(href) : path.resolve(source as string);
    // A synchronous read, as require() reads an addon: an asynchronous one is a trip through libuv's
    // thread pool, longer than reading a module of a few MB.
    const bytes = fs.readFileSync(file);
    const module = compileBytes(nodeHost, bytes);
    const fileUrl = url.pathToFileURL(file).href;
    return module instanceof WebAssembly.Module ? { module, url: fileUrl } : module.then((m) => ({ module: m, url: fileUrl }));
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
