// ModuleManager: finds, fetches, compiles and instantiates a native module, provides its imports
// (the Node-API table under both `napi` and `env`, WASI, Emscripten's few env hooks), creates its
// Engine (napi_env) and registers it through `napi_register_wasm_v1` (or the napi_module it passed to
// napi_module_register while it initialized), returning its exports.

import { detectAbi, importedMemory, preRegister, threadImports, type Abi } from './abi.js';
import { fatalErrorOf } from './api/errors.js';
import { Engine } from './engine.js';
import { loadGroups, napiImports, type ImportFunction } from './imports.js';
import { Memory } from './memory.js';
import { scopes } from './scope.js';

export type WasmSource = string | URL | BufferSource | WebAssembly.Module;

export interface WasiOptions {
  args?: string[];
  env?: Record<string, string>;
  /** Node: guest path → host directory made visible to the module. */
  preopens?: Record<string, string>;
  /**
   * Browsers: an in-memory file system preopened at `/`, as path → contents (`'data/in.txt'`).
   * The module's writes stay in memory; read them back with `fds`.
   */
  files?: Record<string, string | Uint8Array>;
  /** Browsers: the module's stdout and stderr, one call per line. Default console.log / console.error. */
  stdout?: (line: string) => void;
  stderr?: (line: string) => void;
  /**
   * Browsers: the file descriptors themselves (`@bjorn3/browser_wasi_shim` Fd objects: 0, 1, 2 and
   * the preopens), replacing `files`/`stdout`/`stderr` when given.
   */
  fds?: unknown[];
}

export type Imports = Record<string, Record<string, WebAssembly.ImportValue>>;

/** What an `imports` function can reach once the module is instantiated (its functions run later). */
export interface ModuleContext {
  readonly instance: WebAssembly.Instance;
  readonly memory: WebAssembly.Memory;
}

export interface LoadOptions {
  /**
   * Extra imports, or overrides, by module name (e.g. `{ env: { my_helper } }`); or a function
   * returning them, given the module's context (for helpers that touch its memory).
   */
  imports?: Imports | ((module: ModuleContext) => Imports);
  /**
   * Which host contract the module was built for: `auto` (default) tells from its imports and
   * exports; `wasm-napi` (Node's headers, Emscripten), `napi-wasm`, `emnapi` (napi-rs wasm32-wasi).
   */
  abi?: 'auto' | Abi;
  /** WASI settings for modules that import `wasi_snapshot_preview1`. */
  wasi?: WasiOptions;
  /** Log every Node-API call: `true` for console.error, or a function taking each line. */
  trace?: boolean | ((line: string) => void);
  /** The URL reported by node_api_get_module_file_name (defaults to the source's URL). */
  filename?: string;
  /**
   * Count the module's Node-API calls by name, for `stats()` (a few % slower Node-API calls:
   * docs/debugging.md). Without it `stats()` still reports handles, references, wraps, finalizers.
   */
  stats?: boolean;
}

type MaybePromise<T> = T | Promise<T>;

/** What a host (Node, browser) provides to the ModuleManager. */
export interface Host {
  /**
   * Modules up to this many bytes are compiled, and every module instantiated, synchronously: no
   * event-loop turn, which is most of a small module's load. 0 where the host forbids it (Chromium
   * refuses synchronous compiles above 4 KB on the main thread); large modules compile in the
   * background.
   */
  readonly syncBytes: number;
  /** Whatever the host must set up before the first module loads (undefined: nothing to wait for). */
  ready(): Promise<void> | undefined;
  /** Fetches and compiles a source given as a path or URL (streaming where the host can). */
  compile(source: string | URL): MaybePromise<{ module: WebAssembly.Module; url: string }>;
  /**
   * A WASI instance: its import object and a function to initialize a reactor. `names` are the WASI
   * functions the module imports.
   */
  wasi(options: WasiOptions, names: readonly string[]): Promise<{
    imports: Record<string, ImportFunction>;
    initialize(instance: WebAssembly.Instance): void;
  }>;
}

const NAPI_MODULES = new Set(['napi', 'env']);
const WASI_MODULE = 'wasi_snapshot_preview1';

interface NativeExports {
  memory?: WebAssembly.Memory;
  __indirect_function_table?: WebAssembly.Table;
  _initialize?: () => void;
  malloc?: (size: number) => number;
  free?: (ptr: number) => void;
  napi_wasm_malloc?: (size: number) => number;
  napi_register_wasm_v1?: (env: number, exports: number) => number;
  napi_register_module_v1?: (env: number, exports: number) => number;
  node_api_module_get_api_version_v1?: () => number;
  /** The C stack pointer (clang route, exported by `wasm-napi build`). */
  __stack_pointer?: WebAssembly.Global;
  /** Emscripten's accessors for the same. */
  stackSave?: () => number;
  stackRestore?: (sp: number) => void;
}

/** Lists every import the runtime cannot satisfy, napi ones first. */
function missingImports(moduleImports: readonly WebAssembly.ModuleImportDescriptor[], provided: Record<string, Record<string, unknown>>): string[] {
  const missing: string[] = [];
  for (const { module: m, name, kind } of moduleImports) {
    if (kind === 'memory' || kind === 'table') continue; // reported separately if unsupported
    if (provided[m]?.[name] === undefined) missing.push(`${m}.${name}`);
  }
  return missing.sort((a, b) => Number(!/\.(napi|node_api)_/.test(a)) - Number(!/\.(napi|node_api)_/.test(b)));
}

/** The error for a module whose imports the runtime cannot all provide, or undefined if it can. */
function missingImportsError(url: string, moduleImports: readonly WebAssembly.ModuleImportDescriptor[], provided: Imports): Error | undefined {
  const missing = missingImports(moduleImports, provided);
  if (missing.length === 0) return undefined;
  const napi = missing.filter((n) => NAPI_MODULES.has(n.split('.')[0]!));
  return new Error(
    `wasm-napi: ${url || 'the module'} imports ${missing.length} function(s) this runtime does not provide: ` +
      `${missing.join(', ')}` +
      (napi.length < missing.length ? ' (pass non-napi imports with the `imports` option)' : '') +
      // Addons such as sqlite3 call libuv next to Node-API; there is no libuv event loop here.
      (missing.some((n) => /\.uv_/.test(n))
        ? '. libuv (uv_*) is not available to wasm modules: napi_get_uv_event_loop answers napi_generic_failure; use Node-API async work or threadsafe functions instead'
        : ''),
  );
}

/**
 * Fetches a module over http(s) (or any scheme `fetch` knows) and compiles it while it downloads
 * when the server sends `application/wasm`; other MIME types (static servers that do not know
 * .wasm) fall back to compiling the bytes.
 */
export async function compileFetched(url: URL): Promise<{ module: WebAssembly.Module; url: string }> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`wasm-napi: fetching ${url.href} failed: ${response.status} ${response.statusText}`);
  const streaming = typeof WebAssembly.compileStreaming === 'function' && /^application\/wasm\b/.test(response.headers.get('content-type') ?? '');
  const module = streaming ? await WebAssembly.compileStreaming(response) : await WebAssembly.compile(await response.arrayBuffer());
  return { module, url: response.url || url.href };
}

/** Compiles bytes: synchronously when the host allows it for their size, else in the background. */
export function compileBytes(host: Host, bytes: BufferSource): MaybePromise<WebAssembly.Module> {
  return bytes.byteLength <= host.syncBytes ? new WebAssembly.Module(bytes) : WebAssembly.compile(bytes);
}

// Each `await` below is on a value that is often not a promise: awaiting it costs a microtask, not an
// event-loop turn, so a small module in Node loads without leaving this function. What most loads do
// not need (debugging aids, extra imports, an imported memory, errors) is in functions of its own:
// V8 compiles this one on every cold start.
export async function loadWith(host: Host, source: WasmSource, options: LoadOptions = {}): Promise<unknown> {
  await host.ready();
  let module: WebAssembly.Module;
  let url = options.filename ?? '';
  if (source instanceof WebAssembly.Module) {
    module = source;
  } else if (typeof source === 'string' || source instanceof URL) {
    const compiled = await host.compile(source);
    url = options.filename ?? compiled.url;
    module = compiled.module;
  } else {
    module = await compileBytes(host, source);
  }

  const moduleImports = WebAssembly.Module.imports(module);
  const abi = !options.abi || options.abi === 'auto' ? detectAbi(module, moduleImports) : options.abi;
  const threads = threadImports(moduleImports);
  if (threads.length > 0) throw needsThreads(url, threads);
  const names: string[] = [];
  const wasiNames: string[] = [];
  let importsWasi = false;
  let importsMemory = false;
  for (const i of moduleImports) {
    if (i.kind === 'memory') importsMemory = true;
    if (i.module === WASI_MODULE) {
      importsWasi = true;
      if (i.kind === 'function') wasiNames.push(i.name);
    } else if (i.kind === 'function' && NAPI_MODULES.has(i.module)) names.push(i.name);
  }
  let table = napiImports(names);
  if (table === undefined) {
    // A group that loads on demand (most modules need none: their load takes no extra turn).
    await loadGroups(names);
    table = napiImports(names)!;
  }
  let engine: Engine | undefined;
  // napi_fatal_error takes no env: this module's copy reads the strings from its own memory. Each
  // import function declares its wasm parameters: V8 compiles the call wrapper of such a function
  // with the module, and one for any other at instantiation (~0.15 ms per signature).
  if (table.napi_fatal_error) {
    table.napi_fatal_error = (location: number, locationLen: number, message: number, messageLen: number) =>
      fatalErrorOf(engine)(location, locationLen, message, messageLen);
  }
  let calls: Uint32Array | undefined;
  if (options.stats || options.trace) ({ table, calls } = await debugTable(table, names, options, () => engine));
  const env: Record<string, WebAssembly.ImportValue> = {
    ...table,
    // Emscripten's STANDALONE_WASM with ALLOW_MEMORY_GROWTH tells the host after each grow.
    emscripten_notify_memory_growth: (_memoryIndex: number) => engine?.mem.refresh(),
  };
  const imports: Imports = { napi: table, env };
  let wasi: Awaited<ReturnType<Host['wasi']>> | undefined;
  if (importsWasi) {
    wasi = await host.wasi(options.wasi ?? {}, wasiNames);
    imports[WASI_MODULE] = wasi.imports;
    // exit()/abort() must end the call without C++'s `catch (...)` catching it, which a JS throw
    // allows under wasm exceptions: a trap is uncatchable. Engine.call turns it into an Error.
    wasi.imports.proc_exit = (code: number) => {
      if (engine) engine.exitCode = code;
      trap();
    };
  }
  let instance: WebAssembly.Instance | undefined;
  let memory: WebAssembly.Memory | undefined;
  if (options.imports) {
    addImports(imports, options.imports, {
      get instance() {
        if (!instance) throw new Error('wasm-napi: the module is not instantiated yet');
        return instance;
      },
      get memory() {
        return (this.instance.exports.memory as WebAssembly.Memory | undefined) ?? memory!;
      },
    });
  }

  // The imports are checked when instantiation fails: naming each missing one beats V8's LinkError,
  // and listing them costs nothing for a module that links.
  try {
    if (importsMemory) [instance, memory] = await instantiateImportingMemory(host, module, moduleImports, imports);
    else instance = await instantiate(host, module, imports);
  } catch (error) {
    throw missingImportsError(url, moduleImports, imports) ?? error;
  }
  const exports = (instance.exports.memory || !memory ? instance.exports : { ...instance.exports, memory }) as NativeExports;
  if (!(exports.memory instanceof WebAssembly.Memory)) {
    throw new Error('wasm-napi: the module must export its memory');
  }
  if (!(exports.__indirect_function_table instanceof WebAssembly.Table)) {
    throw new Error('wasm-napi: the module must export its function table (link with --export-table)');
  }

  engine = new Engine();
  engine.mem = new Memory(exports.memory);
  engine.table = exports.__indirect_function_table;
  engine.malloc = exports.malloc ?? exports.napi_wasm_malloc;
  engine.free = exports.free;
  engine.filename = url;
  engine.calls = calls;

  takeRegisteredModule(); // a stale registration (napi_module_register called outside a load) is not this module's
  // WASI wants to know the instance (its memory) even when there is no _initialize to run.
  if (wasi) wasi.initialize(instance);
  else if (typeof exports._initialize === 'function') exports._initialize();
  if (abi !== 'wasm-napi') preRegister(instance.exports);
  engine.resetStack = stackResetter(exports);
  const sp = exports.__stack_pointer;
  if (sp instanceof WebAssembly.Global) engine.stackPointer = () => sp.value as number;
  if (typeof exports.node_api_module_get_api_version_v1 === 'function') {
    engine.moduleApiVersion = exports.node_api_module_get_api_version_v1();
  }
  const result = register(engine, entryPoint(engine, exports));
  if ((typeof result === 'object' && result !== null) || typeof result === 'function') loaded.set(result, engine);
  return result;
}

function needsThreads(url: string, threads: string[]): Error {
  return new Error(
    `wasm-napi: ${url || 'the module'} needs threads (it imports ${threads.join(', ')}); threads are not supported yet. ` +
      'Build it without thread support (napi-rs: the wasm32-wasip1 target) to run it here.',
  );
}

/** The table wrapped by the debugging aids the load asks for (they load on demand: most of the runtime's size, rarely used). */
async function debugTable(
  table: Record<string, ImportFunction>,
  names: readonly string[],
  options: LoadOptions,
  engine: () => Engine | undefined,
): Promise<{ table: Record<string, ImportFunction>; calls: Uint32Array | undefined }> {
  let calls: Uint32Array | undefined;
  if (options.stats) {
    const { countedTable } = await import('./counters.js');
    ({ table, counts: calls } = await countedTable(table, names));
  }
  const trace = options.trace;
  if (trace) {
    const { tracedTable } = await import('./trace.js');
    table = tracedTable(table, typeof trace === 'function' ? trace : (l) => console.error(l), engine);
  }
  return { table, calls };
}

/** Adds the `imports` option's imports (overriding ours). */
function addImports(imports: Imports, option: NonNullable<LoadOptions['imports']>, context: ModuleContext): void {
  const extra = typeof option === 'function' ? option(context) : option;
  for (const [m, values] of Object.entries(extra ?? {})) imports[m] = { ...imports[m], ...values };
}

function instantiate(host: Host, module: WebAssembly.Module, imports: Imports): WebAssembly.Instance | Promise<WebAssembly.Instance> {
  return host.syncBytes > 0 ? new WebAssembly.Instance(module, imports) : WebAssembly.instantiate(module, imports);
}

/**
 * emnapi/napi-rs builds import their memory (shared) from the host, as their loaders create it. One
 * given in the `imports` option is used; else the candidates are tried in turn.
 */
async function instantiateImportingMemory(
  host: Host,
  module: WebAssembly.Module,
  moduleImports: readonly WebAssembly.ModuleImportDescriptor[],
  imports: Imports,
): Promise<[WebAssembly.Instance, WebAssembly.Memory | undefined]> {
  const wanted = importedMemory(moduleImports)!;
  const given = imports[wanted.module]?.[wanted.name] as WebAssembly.Memory | undefined;
  if (given) return [await instantiate(host, module, imports), given];
  const memories = wanted.candidates();
  for (const [i, m] of memories.entries()) {
    (imports[wanted.module] ??= {})[wanted.name] = m;
    try {
      return [await instantiate(host, module, imports), m];
    } catch (error) {
      if (!(error instanceof WebAssembly.LinkError) || i === memories.length - 1) throw error;
    }
  }
  throw new Error('unreachable: there is always a candidate memory');
}

let trapFunction: (() => void) | undefined;

/**
 * Traps (`unreachable`): the one way to unwind wasm that wasm cannot catch. Made on first use: it
 * is a wasm module of its own, and compiling one at import would start up V8's wasm engine early.
 */
function trap(): void {
  trapFunction ??= new WebAssembly.Instance(
    new WebAssembly.Module(
      // (module (func (export "trap") unreachable))
      new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 8, 1, 4, 116, 114, 97, 112, 0, 0, 10, 5, 1, 3, 0, 0, 11]),
    ),
  ).exports.trap as () => void;
  trapFunction();
}

/** The napi_module a module registered while it initialized (napi_module_register), until taken. */
let registeredModule = 0;

/** napi_module_register's end: remembers the module for the load in progress. */
export function registerModule(mod: number): void {
  registeredModule = mod;
}

/** The napi_module registered since the last call (0 if none). */
function takeRegisteredModule(): number {
  const mod = registeredModule;
  registeredModule = 0;
  return mod;
}

/** The Engine behind each module's exports, for unload() and stats(). */
const loaded = new WeakMap<object, Engine>();

/** The Engine of a loaded module's exports, or undefined. */
export function moduleEngine(exports: unknown): Engine | undefined {
  return typeof exports === 'object' || typeof exports === 'function' ? loaded.get(exports as object) : undefined;
}

/**
 * Tears a module's env down, as Node does at exit: runs the finalizers of everything it still
 * holds and its instance data's finalizer, then releases its tables. Its functions throw afterwards.
 */
export function unload(exports: unknown): void {
  const e = moduleEngine(exports);
  if (!e) throw new TypeError('wasm-napi: unload() takes the exports of a module loaded with load()');
  loaded.delete(exports as object);
  e.teardown();
}

/**
 * An exception unwinding out of C code skips the epilogues that restore the C stack pointer. When no
 * native frame is left the stack is empty, so its resting value (read now, after init) is right.
 */
function stackResetter(exports: NativeExports): () => void {
  const sp = exports.__stack_pointer;
  if (sp instanceof WebAssembly.Global) {
    const base = sp.value as number;
    return () => {
      sp.value = base;
    };
  }
  if (typeof exports.stackSave === 'function' && typeof exports.stackRestore === 'function') {
    const base = exports.stackSave();
    const restore = exports.stackRestore;
    return () => restore(base);
  }
  return () => {};
}

/**
 * The module's init: the one it registered with napi_module_register while it initialized (a
 * constructor function, the old way), which Node prefers, else its napi_register_wasm_v1.
 */
function entryPoint(e: Engine, exports: NativeExports): (env: number, exports: number) => number {
  const mod = takeRegisteredModule();
  if (mod !== 0) {
    // struct napi_module on wasm32: nm_version, nm_flags, nm_filename, nm_register_func, …
    const init = e.table.get(e.mem.getU32(mod + 12)) as ((env: number, exports: number) => number) | null;
    if (!init) {
      e.teardown();
      throw new Error('Module has no declared entry point.'); // Node's words
    }
    // Node gives modules registered this way the default Node-API version (8).
    e.moduleApiVersion = 8;
    return init;
  }
  const init = exports.napi_register_wasm_v1 ?? exports.napi_register_module_v1;
  if (typeof init !== 'function') {
    e.teardown();
    throw new Error(
      'wasm-napi: the module exports no napi_register_wasm_v1 and registered no module with napi_module_register ' +
        '(was it built with NAPI_MODULE?)',
    );
  }
  return init;
}

/** Calls `napi_register_wasm_v1(env, exports)` inside a callback frame, as Node calls a module's init. */
function register(e: Engine, init: (env: number, exports: number) => number): unknown {
  const exportsObject = {};
  const info = scopes.enterFrame(undefined, undefined, 0, 0);
  const result = e.call(init, scopes.push(exportsObject), info);
  // Node keeps `exports` when init returns it or NULL, and uses whatever else it returns.
  return result === undefined ? exportsObject : result;
}
