// The Node host: reads modules from paths and file: URLs, provides WASI through node:wasi.
//
// It imports no Node built-in up front. An ESM import of a built-in copies all its exports into a
// namespace (running their lazy getters: node:fs's loads fs/promises), which cost more than the rest
// of the runtime's import; process.getBuiltinModule (Node ≥ 20.16) hands out the module itself, in
// microseconds, when the first module loads. Older Node imports them then.
import { host, type TextView } from './host.js';
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

const textMethods = ['utf8Slice', 'utf8Write', 'latin1Slice', 'latin1Write', 'ucs2Slice', 'ucs2Write'] as const;

/** The host hooks the Engine calls, from Node's own checks. */
function setUp(util: Util): void {
  const { types } = util;
  host.isNativeError = (v) => types.isNativeError(v);
  host.bufferFrom = (ab, offset, length) => Buffer.from(ab, offset, length);
  // A Buffer is a TextView: its string methods make the V8 calls Node-API makes natively, with
  // fewer instructions than TextDecoder/TextEncoder (1 KB of ASCII: 2260 against 2786 to read, 1816
  // against 2064 to write; relatively more saved on short strings) and no copy of a shared memory.
  // The methods are undocumented (Buffer's own toString and write call them): checked, not assumed.
  const proto = Buffer.prototype as unknown as Partial<TextView>;
  if (textMethods.every((m) => typeof proto[m] === 'function')) {
    host.textView = (buffer) => Buffer.from(buffer) as unknown as TextView;
  }
  // Buffer.byteLength is V8's String::Utf8Length, which napi_get_value_string_utf8 counts with
  // natively: 2100 instructions for 1 KB of ASCII where a loop in JS takes 51,000.
  host.utf8Length = (s) => Buffer.byteLength(s);
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

/**
 * node:wasi warns that it is experimental on first load; the warning is noise for our users. Drops
 * it until the returned function is called.
 */
function silenceWasiWarning(): () => void {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/WASI/.test(text)) return;
    (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  return () => {
    process.emitWarning = emit;
  };
}

/** node:wasi, where it loads synchronously (process.getBuiltinModule). */
function wasiNow(): NodeWasi {
  const restore = silenceWasiWarning();
  try {
    return getBuiltinModule!('node:wasi') as NodeWasi;
  } finally {
    restore();
  }
}

let wasiModule: Promise<NodeWasi> | undefined;

function loadWasi(): Promise<NodeWasi> {
  wasiModule ??= getBuiltinModule
    ? Promise.resolve(wasiNow())
    : (async () => {
        const restore = silenceWasiWarning();
        try {
          return await import('node:wasi');
        } finally {
          restore();
        }
      })();
  return wasiModule;
}

type WasiInstance = InstanceType<NodeWasi['WASI']>;

function newWasi({ WASI }: NodeWasi, options: WasiOptions): WasiInstance {
  return new WASI({
    version: 'preview1',
    args: options.args ?? [],
    env: options.env ?? {},
    preopens: options.preopens ?? {},
    returnOnExit: true,
  });
}

let wasiParams: Readonly<Record<string, number>> | undefined;

/**
 * The parameters of each wasi_snapshot_preview1 function, as wasm sees them (i32 or i64 each). The
 * table is made on first use, not when the runtime is imported: each property of an object literal
 * costs V8 a map transition.
 */
function wasiParamsOf(name: string): number | undefined {
  wasiParams ??= {
    args_get: 2, args_sizes_get: 2, clock_res_get: 2, clock_time_get: 3, environ_get: 2, environ_sizes_get: 2,
    fd_advise: 4, fd_allocate: 3, fd_close: 1, fd_datasync: 1, fd_fdstat_get: 2, fd_fdstat_set_flags: 2,
    fd_fdstat_set_rights: 3, fd_filestat_get: 2, fd_filestat_set_size: 2, fd_filestat_set_times: 4, fd_pread: 5,
    fd_prestat_get: 2, fd_prestat_dir_name: 3, fd_pwrite: 5, fd_read: 4, fd_readdir: 5, fd_renumber: 2, fd_seek: 4,
    fd_sync: 1, fd_tell: 2, fd_write: 4, path_create_directory: 3, path_filestat_get: 5, path_filestat_set_times: 7,
    path_link: 7, path_open: 9, path_readlink: 6, path_remove_directory: 3, path_rename: 6, path_symlink: 5,
    path_unlink_file: 3, poll_oneoff: 4, proc_exit: 1, proc_raise: 1, random_get: 2, sched_yield: 0, sock_accept: 3,
    sock_recv: 6, sock_send: 5, sock_shutdown: 2,
  };
  return Object.hasOwn(wasiParams, name) ? wasiParams[name] : undefined;
}

/**
 * A function of `params` parameters that calls the WASI function `name`. It declares them all: V8
 * calls such an import through a wrapper compiled with the module, and makes one at instantiation
 * for anything else (node:wasi's bound functions: ~0.15 ms per signature).
 */
function forward(name: string, params: number, functions: () => Record<string, ImportFunction>): ImportFunction {
  type A = number | bigint;
  const f = () => functions()[name]!;
  switch (params) {
    case 0:
      return () => f()();
    case 1:
      return (a: A) => f()(a);
    case 2:
      return (a: A, b: A) => f()(a, b);
    case 3:
      return (a: A, b: A, c: A) => f()(a, b, c);
    case 4:
      return (a: A, b: A, c: A, d: A) => f()(a, b, c, d);
    case 5:
      return (a: A, b: A, c: A, d: A, e: A) => f()(a, b, c, d, e);
    case 6:
      return (a: A, b: A, c: A, d: A, e: A, g: A) => f()(a, b, c, d, e, g);
    case 7:
      return (a: A, b: A, c: A, d: A, e: A, g: A, h: A) => f()(a, b, c, d, e, g, h);
    case 8:
      return (a: A, b: A, c: A, d: A, e: A, g: A, h: A, i: A) => f()(a, b, c, d, e, g, h, i);
    default:
      return (a: A, b: A, c: A, d: A, e: A, g: A, h: A, i: A, j: A) => f()(a, b, c, d, e, g, h, i, j);
  }
}

/**
 * WASI that starts on the first call of one of its functions. Most modules import a few (fd_write
 * and friends for printf) and call none while they load; loading node:wasi and making its WASI
 * (~1 ms, with the wrappers for its bound functions) then waits for a call that may never come.
 * Only for the default options, which cannot fail, and where node:wasi loads synchronously; the
 * module's own checks (no `_start`, an exported memory) are node:wasi's when they fail.
 */
function deferredWasi(names: readonly string[]): Awaited<ReturnType<Host['wasi']>> | undefined {
  if (!getBuiltinModule || !names.every((n) => wasiParamsOf(n) !== undefined)) return undefined;
  let wasi: WasiInstance | undefined;
  let functions: Record<string, ImportFunction> | undefined;
  let memory: WebAssembly.Memory | undefined;
  const make = () => (wasi ??= newWasi(wasiNow(), {}));
  const started = () => {
    if (functions === undefined) {
      const w = make();
      // The module's _initialize has run (or is running): only the memory is left to hand over.
      if (memory !== undefined) w.initialize({ exports: { memory } } as unknown as WebAssembly.Instance);
      functions = w.wasiImport as Record<string, ImportFunction>;
    }
    return functions;
  };
  const imports: Record<string, ImportFunction> = {};
  for (const name of names) imports[name] = forward(name, wasiParamsOf(name)!, started);
  return {
    imports,
    initialize(instance) {
      const { _start, _initialize, memory: m } = instance.exports;
      const plain = m instanceof WebAssembly.Memory && m.buffer instanceof ArrayBuffer;
      if (functions !== undefined || _start !== undefined || !plain || (_initialize !== undefined && typeof _initialize !== 'function')) {
        make().initialize(instance);
        return;
      }
      memory = m;
      if (typeof _initialize === 'function') (_initialize as () => void)();
    },
  };
}

/**
 * Whether `source` starts with a scheme and `//` (`file:///…`, `https://…`) rather than being a
 * path: /^[a-z][a-z0-9+.-]*:\/\//i, without compiling a regular expression on a cold start.
 */
function isUrl(source: string): boolean {
  const end = source.indexOf('://');
  if (end < 1) return false;
  for (let i = 0; i < end; i++) {
    const c = source.charCodeAt(i);
    const lower = c | 0x20; // an ASCII letter in lower case
    if (lower >= 0x61 && lower <= 0x7a) continue;
    if (i === 0 || !((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e)) return false; // digit, + - .
  }
  return true;
}

export const nodeHost: Host = {
  // Compiling 1 MiB takes a few ms on the main thread; beyond that V8's background compile is worth
  // its event-loop turn.
  syncBytes: 1 << 20,
  ready,
  compile(source) {
    const href = source instanceof URL ? source : isUrl(source) ? new URL(source) : undefined;
    if (href && href.protocol !== 'file:') return compileFetched(href);
    const file = href ? url.fileURLToPath(href) : path.resolve(source as string);
    // A synchronous read, as require() reads an addon: an asynchronous one is a trip through libuv's
    // thread pool, longer than reading a module of a few MB.
    const bytes = fs.readFileSync(file);
    const module = compileBytes(nodeHost, bytes);
    const fileUrl = url.pathToFileURL(file).href;
    return module instanceof WebAssembly.Module ? { module, url: fileUrl } : module.then((m) => ({ module: m, url: fileUrl }));
  },
  async wasi(options: WasiOptions, names) {
    const deferred = Object.keys(options).length === 0 ? deferredWasi(names) : undefined;
    if (deferred) return deferred;
    const wasi = newWasi(await loadWasi(), options);
    return {
      imports: (wasi.getImportObject() as { wasi_snapshot_preview1: Record<string, ImportFunction> }).wasi_snapshot_preview1,
      initialize: (instance) => wasi.initialize(instance),
    };
  },
};
