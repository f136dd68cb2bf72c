// Engine: one per loaded module (one napi_env). Maps JS values to handles and back (through the
// realm's ScopeManager), owns the module's memory views, the last-error record, the pending
// exception, and turns native callbacks into JS functions.

import { Memory } from './memory.js';
import { MirrorSet } from './mirror.js';
import { ReferenceManager } from './reference.js';
import { scopes } from './scope.js';
import { errorMessages, Status, type EnvId, type Handle, type Ptr } from './types.js';

/** A native callback as exported through the module's function table. */
export type NativeCallback = (env: EnvId, info: number) => Handle;

/** What callIntoModule returns when the native code left no exception pending. */
export const NO_EXCEPTION: unique symbol = Symbol('no exception');

/**
 * Per-env objects that an API file keeps by id (async works, deferreds, …). Ids count up and are not
 * reused until 2^31 have been issued, so a deleted id stays invalid that long (Node would crash on
 * one); after the wrap, an id still in use is skipped, so a live entry is never overwritten.
 */
export class OwnedTable<T extends { readonly e: Engine }> extends Map<number, T> {
  private next = 1;
  /** Starts the ids at `first` (tests reach the wrap with it). */
  constructor(first = 1) {
    super();
    this.next = first;
  }
  /** A new id, not in use. */
  freeId(): number {
    let id = this.next;
    while (this.has(id)) id = id === 0x7fffffff ? 1 : id + 1;
    this.next = id === 0x7fffffff ? 1 : id + 1;
    return id;
  }
}

/** Every owned table: teardown drops the env's entries. */
const ownedTables = new Map<string, OwnedTable<{ readonly e: Engine }>>();

/** A table of per-env objects, registered so that teardown empties it of the env's entries. */
export function ownedTable<T extends { readonly e: Engine }>(name: string): OwnedTable<T> {
  const table = new OwnedTable<T>();
  ownedTables.set(name, table as unknown as OwnedTable<{ readonly e: Engine }>);
  return table;
}

/** Entries in each owned table (for leak tests). */
export function tableStats(): Record<string, number> {
  return Object.fromEntries([...ownedTables].map(([name, t]) => [name, t.size]));
}

/** Every Engine by napi_env id (index 0 is never an env, so NULL env fails the lookup). */
export const engines: (Engine | undefined)[] = [undefined];

export class Engine {
  // Initialized here, not only in the constructor: a field that starts as undefined stays a
  // tagged field in V8, and each read of it then checks for a heap number.
  readonly id: EnvId = 0;
  /** Set by the ModuleManager. Declared only: starting as undefined would cost a map check at each use. */
  declare mem: Memory;
  table!: WebAssembly.Table;
  /**
   * Finalizers by table index: WebAssembly.Table.get is a C++ call (about 350 instructions a
   * finalizer), and a module does not rewrite its table's entries (there is no dynamic linking).
   */
  private readonly finalizers = new Map<number, (env: EnvId, data: Ptr, hint: Ptr) => void>();
  /** The module's allocator, when it exports one (needed to hand memory to C, e.g. error info). */
  malloc: ((size: number) => number) | undefined;
  free: ((ptr: number) => void) | undefined;

  /** `napi_extended_error_info.error_code` of the last call. */
  lastStatus: Status = Status.ok;
  private errorInfo: Ptr = 0;
  private messagePtrs: Ptr[] = [];

  hasPending = false;
  pending: unknown = undefined;

  readonly refs = new ReferenceManager(this);
  /** Shadows of JS ArrayBuffers that C reads and writes through pointers (mirror.ts). */
  readonly mirrors = new MirrorSet(this);
  instanceData: Ptr = 0;
  instanceFinalize = 0;
  instanceHint: Ptr = 0;
  /** When the instance data was set, in reference order (teardown finalizes newest first). */
  instanceOrder = 0;
  /** Node-API version the module asked for (node_api_module_get_api_version_v1), 8 by default. */
  moduleApiVersion = 8;
  filename = '';
  /** Node-API calls by symbol index since load or the last reset, when counted (stats.ts). */
  calls: Uint32Array | undefined = undefined;
  /** Set by teardown: the module's functions then refuse to run. */
  closed = false;
  /** The status the module passed to WASI proc_exit (exit(), abort()), if it did. */
  exitCode: number | undefined = undefined;
  /**
   * Cleanup hooks in order of registration: napi_add_env_cleanup_hook's, napi_add_async_cleanup_hook's
   * and the runtime's own (an open threadsafe function closes at teardown). Teardown runs them.
   */
  readonly cleanupHooks = new Set<{ run(): void }>();
  /** What cleanup hooks leave for after the last of them (a threadsafe function's finalizer). */
  readonly afterCleanup: (() => void)[] = [];

  constructor() {
    this.id = engines.length;
    engines.push(this);
  }

  // ---- status ------------------------------------------------------------------------------
  ok(): Status {
    this.lastStatus = Status.ok;
    return Status.ok;
  }

  fail(status: Status): Status {
    this.lastStatus = status;
    return status;
  }

  /**
   * A JS exception escaped while we ran JS for the addon: keep it pending, as Node's TryCatch does,
   * and report `status` (napi_pending_exception unless Node reports another status there).
   */
  caught(error: unknown, status: Status = Status.pending_exception): Status {
    this.hasPending = true;
    this.pending = error;
    return this.fail(status);
  }

  throwPending(error: unknown): void {
    this.hasPending = true;
    this.pending = error;
  }

  /** Writes the napi_extended_error_info struct into linear memory and returns its address. */
  errorInfoPtr(): Ptr {
    if (this.errorInfo === 0) {
      this.errorInfo = this.alloc(16);
      if (this.errorInfo === 0) return 0;
    }
    const status = this.lastStatus;
    const p = this.errorInfo;
    this.mem.setU32(p, status === Status.ok ? 0 : this.messagePtr(status));
    this.mem.setU32(p + 4, 0);
    this.mem.setU32(p + 8, 0);
    this.mem.setU32(p + 12, status);
    return p;
  }

  private messagePtr(status: Status): Ptr {
    let p = this.messagePtrs[status];
    if (p === undefined) {
      const text = errorMessages[status] ?? 'Unknown status';
      const size = text.length + 1;
      p = this.alloc(size);
      if (p !== 0) {
        this.mem.writeUtf8(text, p, size - 1);
        this.mem.setU8(p + size - 1, 0);
      }
      this.messagePtrs[status] = p;
    }
    return p;
  }

  /**
   * Memory the runtime owns inside the module (freed never: a few fixed records). Uses the module's
   * malloc; without one, a page of its own from memory.grow (safe for wasi-libc's sbrk, which asks
   * memory.size each time).
   */
  alloc(size: number): Ptr {
    if (this.malloc) return this.malloc(size) >>> 0;
    const pages = Math.ceil(size / 65536);
    const old = this.mem.memory.grow(pages);
    this.mem.refresh();
    return old * 65536;
  }

  // ---- values ------------------------------------------------------------------------------
  /** Stores a handle into `*ptr`. */
  setHandle(ptr: Ptr, value: unknown): void {
    this.mem.setU32(ptr, scopes.push(value));
  }

  // ---- functions ---------------------------------------------------------------------------
  /** The native function at table index `cb`, or undefined if that is not a function. */
  callback(cb: number): NativeCallback | undefined {
    return this.native<NativeCallback>(cb);
  }

  /** Makes a JS function that calls native `fn` with `data` (napi_create_function and friends). */
  createFunction(name: string, fn: NativeCallback, data: Ptr, instances?: WeakSet<object>): (...args: unknown[]) => unknown {
    const engine = this;
    // Captured here: a module import read inside `f` walks the context chain up to the module.
    const s = scopes;
    const f = function (this: unknown): unknown {
      const n = arguments.length;
      // A class constructor records what it constructs (`new C`, `super()` of a JS subclass,
      // Reflect.construct) before the native constructor runs, for its methods' receiver check.
      if (instances !== undefined && new.target !== undefined) instances.add(this as object);
      // enterFrame reserves room for the arguments, so these pushes cannot fail half-way. Index
      // `arguments` directly: it never escapes, so V8 does not materialise it.
      const info = s.enterFrame(this, new.target, data, n);
      for (let i = 0; i < n; i++) s.pushArgument(arguments[i]);
      return engine.call(fn, info, info);
    };
    Object.defineProperty(f, 'name', { value: name });
    return f as (...args: unknown[]) => unknown;
  }

  /**
   * Calls a native finalizer `(env, data, hint)` inside a handle scope of its own. An exception it
   * leaves pending is thrown to the caller (the finalizer queue makes it an uncaught exception).
   */
  callFinalizer(cb: number, data: Ptr, hint: Ptr): void {
    let fn = this.finalizers.get(cb);
    if (fn === undefined) {
      fn = this.native<(env: EnvId, data: Ptr, hint: Ptr) => void>(cb);
      if (!fn) return;
      this.finalizers.set(cb, fn);
    }
    const error = this.callIntoModule(() => fn(this.id, data, hint));
    if (error !== NO_EXCEPTION) throw error;
  }

  /**
   * Calls native code from the event loop (a finalizer, a complete callback, call_js, a cleanup
   * hook) as Node's CallIntoModule does: in a frame of its own, ArrayBuffer mirrors in step, last
   * error cleared. Returns the exception it left pending, or NO_EXCEPTION; a trap propagates after
   * the frame is unwound.
   */
  callIntoModule(call: () => void): unknown {
    const s = scopes;
    const m = this.mirrors;
    const info = s.enterFrame(undefined, undefined, 0, 0);
    this.lastStatus = Status.ok;
    m.depth++;
    if (m.count !== 0) m.syncIn();
    try {
      call();
    } catch (error) {
      throw this.unwound(error, info);
    }
    m.depth--;
    if (m.count !== 0) m.leave();
    s.exitFrame();
    return this.hasPending ? this.takePending() : NO_EXCEPTION;
  }

  /** Clears and returns the pending exception. */
  takePending(): unknown {
    const error = this.pending;
    this.hasPending = false;
    this.pending = undefined;
    return error;
  }

  /** The native function at table index `index` (any signature), or undefined. */
  native<F>(index: number): F | undefined {
    if (index === 0) return undefined;
    try {
      return (this.table.get(index >>> 0) as F | null) ?? undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Env teardown (Node does this at exit; here `unload()` asks for it): cleanup hooks first, the last
   * registered first (hooks added meanwhile run too; a hook removed by an earlier one does not), then
   * what they left to finish (threadsafe functions' finalizers, as Node's handle-close callbacks),
   * then finalizers of references that have one, then the rest, then the instance data's finalizer,
   * as Node orders them. The env is then gone: its napi_env is invalid and its functions throw.
   */
  teardown(): void {
    if (this.closed) return;
    let error: unknown;
    let failed = false;
    const run = (f: () => void) => {
      try {
        f();
      } catch (e) {
        if (!failed) error = e;
        failed = true;
      }
    };
    const hooks = this.cleanupHooks;
    while (hooks.size > 0) {
      for (const hook of [...hooks].reverse()) {
        if (!hooks.delete(hook)) continue; // removed by a hook that ran before it
        run(() => hook.run());
      }
    }
    for (let i = 0; i < this.afterCleanup.length; i++) run(this.afterCleanup[i]!);
    this.afterCleanup.length = 0;
    const cb = this.instanceFinalize;
    this.instanceFinalize = 0;
    const instance = cb === 0 ? undefined : { order: this.instanceOrder, run: () => this.callFinalizer(cb, this.instanceData, this.instanceHint) };
    run(() => this.refs.finalizeAll(instance));
    for (const table of ownedTables.values()) {
      for (const [id, entry] of table) if (entry.e === this) table.delete(id);
    }
    this.closed = true;
    engines[this.id] = undefined;
    if (failed) throw error;
  }


  /**
   * A trap (or an error thrown by the runtime itself) unwound through native code entered in frame
   * `info`: drop the frame and any exception the addon had left pending, and return the error for
   * the JS caller. C code that was unwound never restored its stack pointer: with no native frame
   * left, reset it.
   */
  private unwound(error: unknown, info: number): unknown {
    const m = this.mirrors;
    error = this.stackOverflow(error);
    m.depth--;
    if (m.depth === 0) this.resetStack();
    if (m.count !== 0) m.leave();
    scopes.unwindFrame(info);
    this.takePending();
    return error;
  }

  /** Resets the module's C stack pointer to its resting value (set by the ModuleManager). */
  resetStack: () => void = () => {};
  /** The C stack pointer now, where the module exports it (else -1). */
  stackPointer: () => number = () => -1;

  /**
   * A trap caused by the C stack running out (it sits below the data, `--stack-first`, so an
   * overflow reads below address 0) becomes the RangeError a native addon's stack overflow gives.
   */
  private stackOverflow(error: unknown): unknown {
    if (!(error instanceof WebAssembly.RuntimeError)) return error;
    if (this.exitCode !== undefined) {
      // The C code called exit() or abort(): a native addon would end the process; here the module
      // is done for and the JS caller gets the error.
      this.closed = true;
      return new Error(`wasm-napi: the module called exit(${this.exitCode}) (or abort()); it can no longer be used`);
    }
    const sp = this.stackPointer();
    if (sp === -1 || (sp >= 4096 && sp >>> 0 <= this.mem.u8.length)) return error;
    return new RangeError('Maximum call stack size exceeded (the C stack of the wasm module)');
  }

  /**
   * Calls native code with a frame open (entered by the caller): keeps ArrayBuffer mirrors in step,
   * closes the frame, rethrows a pending exception, and resolves the returned handle. The flags are
   * compared with `=== true`: V8 lowers that to one compare, a bare `if (flag)` on a field to a
   * generic ToBoolean.
   */
  call(fn: (env: EnvId, arg: number) => Handle, arg: number, info: number): unknown {
    // Cold paths are calls to methods that make the error: this function is inlined into every
    // callback wrapper, and V8 inlines a wrapper into its JS caller only while the bytecode of it
    // and all it inlines stays small.
    if (this.closed === true) throw this.unloaded(info);
    const m = this.mirrors;
    this.lastStatus = Status.ok;
    m.depth++;
    if (m.count !== 0) m.syncIn();
    let r: Handle;
    try {
      r = fn(this.id, arg);
    } catch (error) {
      throw this.unwound(error, info);
    }
    m.depth--;
    if (m.count !== 0) m.leave();
    // Read the result before the frame's handles are released (in one branch: V8 then checks the
    // ScopeManager's map once).
    const s = scopes;
    let valid = true;
    let result: unknown = undefined;
    if (r !== 0) {
      valid = s.live(r);
      result = s.get(r);
    }
    s.exitFrame();
    if (this.hasPending === true) throw this.takePending();
    if (!valid) throw invalidResult();
    return result;
  }

  /** A call into an unloaded module: drops its frame and makes the error. */
  private unloaded(info: number): Error {
    scopes.unwindFrame(info);
    return new Error('wasm-napi: this module was unloaded');
  }
}

function invalidResult(): Error {
  return new Error('wasm-napi: a native callback returned an invalid napi_value');
}

/** The Engine of a napi_env, or undefined (NULL or unknown env). */
export function engineOf(env: EnvId): Engine | undefined {
  return engines[env];
}
