// Node-API: async work, threadsafe functions, async contexts (napi_make_callback) and callback
// scopes.
//
// Without threads (wasm32-wasi, Emscripten without -pthread) everything runs on the main thread:
// - Async work: `execute` runs in a later task of the event loop, then `complete` in the same task,
//   in the order the works were queued. Node runs `execute` on a pool thread and `complete` from the
//   loop; what JS can observe is the same: `complete` never runs inside napi_queue_async_work, each
//   one runs as a callback of its own (process.nextTick callbacks and promise reactions it queued run
//   before the next one), cancelling works until `execute` started.
// - Threadsafe functions: napi_call_threadsafe_function queues the data and the call happens in a
//   later task, one task per queued item (Node dispatches each item in a callback scope of its own,
//   so nextTicks and microtasks run between items, and so they do here). A full queue answers
//   napi_queue_full, or napi_would_deadlock for a blocking call (the only thread would wait for
//   itself; Node's main thread deadlocks there).
// The interface keeps Node's thread semantics (thread counts, closing, the queue's limit), so that
// real threads (Emscripten -pthread, wasi-threads) can push from workers later.
//
// Host specifics (Node, browsers: how to run a later task, keep the Node process alive, Node's async
// context, the uncaught-exception path) are in event-loop.ts, which loads with the runtime; this group
// loads on demand, when a module imports one of its functions.
import { engines, NO_EXCEPTION, ownedTable, type Engine } from '../engine.js';
import { scopes, STALE } from '../scope.js';
import { Status, type EnvId, type Handle, type Ptr } from '../types.js';
import { asyncScope, inScope, macrotask, nodeProcess, nodeTask, noContext, otherTask, timers, type AsyncScope, type Refable } from '../event-loop.js';
import { preamble } from './guards.js';

/**
 * Keeps Node's process alive while referenced, as a referenced libuv handle does (a threadsafe
 * function's uv_async_t). A timer that never fires; nothing in browsers, which have no such notion.
 */
class KeepAlive {
  private timer: ReturnType<typeof setInterval> | undefined;
  constructor() {
    if (nodeProcess !== undefined) this.timer = timers.setInterval(() => {}, 0x7fffffff);
  }
  ref(): void {
    (this.timer as unknown as Refable | undefined)?.ref();
  }
  unref(): void {
    (this.timer as unknown as Refable | undefined)?.unref();
  }
  close(): void {
    if (this.timer !== undefined) timers.clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** NAPI_VERSION_EXPERIMENTAL: a module built with it gets the uncaught-exception policy. */
const NAPI_VERSION_EXPERIMENTAL = 0x7fffffff;
let forcedPolicy: boolean | undefined;

/**
 * An exception a threadsafe function's call_js (or its JS function) or finalizer left pending. Node 20
 * drops it with a DEP0168 deprecation warning unless the module was built with NAPI_EXPERIMENTAL or
 * node runs with --force-node-api-uncaught-exceptions-policy; then it is an uncaught exception. (The
 * complete callback of async work always makes it an uncaught exception.)
 */
function callbackException(e: Engine, error: unknown): void {
  if (forcedPolicy === undefined) {
    const p = nodeProcess;
    const args = `${(p?.execArgv ?? []).join(' ')} ${p?.env?.NODE_OPTIONS ?? ''} `;
    forcedPolicy = /--force-node-api-uncaught-exceptions-policy(=true)?\s/.test(args);
  }
  if (e.moduleApiVersion === NAPI_VERSION_EXPERIMENTAL || forcedPolicy) throw error;
  const warning =
    'Uncaught N-API callback exception detected, please run node with option ' +
    '--force-node-api-uncaught-exceptions-policy=true to handle those exceptions properly.';
  if (nodeProcess !== undefined) nodeProcess.emitWarning(warning, { type: 'DeprecationWarning', code: 'DEP0168' });
  else console.warn(`DeprecationWarning: ${warning}`, error);
}

// ---- calling native code from the event loop ----------------------------------------------------

type Execute = (env: EnvId, data: Ptr) => void;
type Complete = (env: EnvId, status: Status, data: Ptr) => void;
type Finalize = (env: EnvId, data: Ptr, hint: Ptr) => void;
type CallJs = (env: EnvId, jsCallback: Handle, context: Ptr, data: Ptr) => void;

// ---- shared argument conversions -----------------------------------------------------------------

/**
 * V8's ToObject on an optional async_resource (NULL = none): null and undefined throw a TypeError.
 * Node calls it with no TryCatch of its own, so the error reaches JS when the callback returns; here
 * it is pending as after any failed call (napi_is_exception_pending says true, where Node's says
 * false).
 */
function resourceArg(e: Engine, resource: Handle): object | undefined | Status {
  if (!resource) return undefined;
  const v = scopes.value(resource);
  if (v === STALE) return e.fail(Status.invalid_arg);
  if (v === null || v === undefined) {
    e.throwPending(new TypeError('Cannot convert undefined or null to object'));
    return e.fail(Status.object_expected);
  }
  return Object(v) as object;
}

/** V8's ToString on async_resource_name (a symbol throws), as resourceArg for the exception. */
function resourceNameArg(e: Engine, name: Handle): string | Status {
  const v = scopes.value(name);
  if (v === STALE) return e.fail(Status.invalid_arg);
  try {
    return `${v as string}`;
  } catch (error) {
    e.throwPending(error);
    return e.fail(Status.string_expected);
  }
}

// ---- async work ------------------------------------------------------------------------------------

const enum WorkState {
  idle,
  queued,
  executing,
  done,
}

class AsyncWork {
  state = WorkState.idle;
  cancelled = false;
  /** Counts queueings: a task left from an earlier one does nothing. */
  generation = 0;
  constructor(
    readonly e: Engine,
    readonly id: number,
    readonly execute: number,
    readonly complete: number,
    readonly data: Ptr,
    readonly scope: AsyncScope | undefined,
  ) {}

  /** The task napi_queue_async_work scheduled: execute, then complete (napi_cancelled if cancelled). */
  run(generation: number): void {
    const e = this.e;
    if (generation !== this.generation || this.state !== WorkState.queued || e.closed || !works.has(this.id)) return;
    if (!this.cancelled) {
      this.state = WorkState.executing;
      const execute = e.native<Execute>(this.execute);
      try {
        // Natively `execute` runs on a pool thread, where it may not call into JS: an exception it
        // left pending (calling Node-API there is undefined behaviour) is dropped. A trap is an
        // uncaught exception (natively, a crash on that thread ends the process).
        if (execute) e.callIntoModule(() => execute(e.id, this.data));
      } finally {
        this.state = WorkState.done;
      }
    } else {
      this.state = WorkState.done;
    }
    const complete = e.native<Complete>(this.complete);
    if (!complete) return;
    const status = this.cancelled ? Status.cancelled : Status.ok;
    const error = inScope(this.scope, () => e.callIntoModule(() => complete(e.id, status, this.data)));
    // Node reports an exception left by `complete` as an uncaught exception (no JS is on the stack
    // that could catch it): thrown from this task, it is one.
    if (error !== NO_EXCEPTION) throw error;
  }
}

/** Async works by napi_async_work id (ids not reused soon: a deleted work stays invalid). */
const works = ownedTable<AsyncWork>('asyncWorks');

export function napi_create_async_work(
  env: EnvId,
  asyncResource: Handle,
  asyncResourceName: Handle,
  execute: number,
  complete: number,
  data: Ptr,
  result: Ptr,
): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!execute || !result) return e.fail(Status.invalid_arg);
  if (!e.native(execute) || (complete && !e.native(complete))) return e.fail(Status.invalid_arg);
  const resource = resourceArg(e, asyncResource);
  if (typeof resource === 'number') return resource;
  if (!asyncResourceName) return e.fail(Status.invalid_arg);
  const name = resourceNameArg(e, asyncResourceName);
  if (typeof name === 'number') return name;
  const id = works.freeId();
  works.set(id, new AsyncWork(e, id, execute, complete, data, asyncScope(name)));
  e.mem.setU32(result, id);
  return e.ok();
}

/** The work `work` of env `e`, or undefined (NULL, deleted, or another env's). */
function workOf(e: Engine, work: number): AsyncWork | undefined {
  const w = works.get(work);
  return w !== undefined && w.e === e ? w : undefined;
}

/**
 * Frees the work. Deleting a work that is queued or running is napi_invalid_arg and leaves it be
 * (Node frees memory that the thread pool still uses: undefined behaviour). Deleting it from its
 * own complete callback is the usual way.
 */
export function napi_delete_async_work(env: EnvId, work: number): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  const w = workOf(e, work);
  if (!w || w.state === WorkState.queued || w.state === WorkState.executing) return e.fail(Status.invalid_arg);
  works.delete(w.id);
  w.scope?.emitDestroy();
  return e.ok();
}

/**
 * Schedules the work. A work may be queued again once its complete callback started; queueing it
 * while it is queued or running is napi_invalid_arg (undefined behaviour in Node).
 */
export function napi_queue_async_work(env: EnvId, work: number): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  const w = workOf(e, work);
  if (!w || w.state === WorkState.queued || w.state === WorkState.executing) return e.fail(Status.invalid_arg);
  w.state = WorkState.queued;
  w.cancelled = false;
  const generation = ++w.generation;
  macrotask(() => w.run(generation));
  return e.ok();
}

/**
 * Cancels a queued work whose execute has not started: its complete callback still runs, later,
 * with napi_cancelled. A work that started, finished (or, here, was never queued) cannot be:
 * napi_generic_failure, as Node answers for libuv's EBUSY.
 */
export function napi_cancel_async_work(env: EnvId, work: number): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  const w = workOf(e, work);
  if (!w) return e.fail(Status.invalid_arg);
  if (w.state !== WorkState.queued) return e.fail(Status.generic_failure);
  w.cancelled = true;
  return e.ok();
}

// ---- threadsafe functions ----------------------------------------------------------------------------

const TSFN_BLOCKING = 1;
const TSFN_ABORT = 1;

class ThreadsafeFunction {
  private readonly queue: Ptr[] = [];
  /** Index of the queue's head (the queue is shifted lazily, so a long queue stays linear). */
  private head = 0;
  /** Set by napi_tsfn_abort, or when the last thread released it and the queue drained. */
  private closing = false;
  private handlesClosing = false;
  private finalized = false;
  /** napi_ref/unref_threadsafe_function: whether it keeps the process alive until it closes. */
  private referenced = true;
  /** Cancellers of the dispatch tasks scheduled and not run yet (Node only). */
  private readonly pending = new Set<() => void>();
  private readonly keepAlive = new KeepAlive();
  /** Its cleanup hook: an open threadsafe function is closed at env teardown, as in Node. */
  private readonly hook = { run: () => this.cleanup() };

  constructor(
    readonly e: Engine,
    readonly id: number,
    private readonly func: ((...args: unknown[]) => unknown) | undefined,
    private threadCount: number,
    readonly context: Ptr,
    private readonly maxQueueSize: number,
    private readonly finalizeData: Ptr,
    private readonly finalizeCb: number,
    private readonly callJsCb: number,
    private readonly scope: AsyncScope | undefined,
  ) {
    e.cleanupHooks.add(this.hook);
  }

  private get size(): number {
    return this.queue.length - this.head;
  }

  /** napi_call_threadsafe_function (any thread). */
  push(data: Ptr, mode: number): Status {
    if (this.maxQueueSize > 0 && this.size >= this.maxQueueSize && !this.closing) {
      // A blocking call would wait for the main thread to drain the queue; today every caller IS
      // the main thread, which would wait forever (Node's main thread deadlocks there).
      return mode === TSFN_BLOCKING ? Status.would_deadlock : Status.queue_full;
    }
    if (this.closing) {
      if (this.threadCount === 0) return Status.invalid_arg;
      this.threadCount--;
      return Status.closing;
    }
    this.queue.push(data);
    this.send();
    return Status.ok;
  }

  acquire(): Status {
    if (this.closing) return Status.closing;
    this.threadCount++;
    return Status.ok;
  }

  release(mode: number): Status {
    if (this.threadCount === 0) return Status.invalid_arg;
    this.threadCount--;
    if ((this.threadCount === 0 || mode === TSFN_ABORT) && !this.closing) {
      this.closing = mode === TSFN_ABORT;
      this.send();
    }
    return Status.ok;
  }

  ref(): void {
    if (this.referenced) return;
    this.referenced = true;
    this.keepAlive.ref();
    this.reschedule();
  }

  unref(): void {
    if (!this.referenced) return;
    this.referenced = false;
    this.keepAlive.unref();
    this.reschedule();
  }

  /**
   * Asks the main thread for one dispatch. One task per request, so each item gets a task (and a
   * microtask checkpoint) of its own. While the function is unreferenced the tasks do not keep the
   * process alive (natively the process may exit with calls still queued); while it is referenced,
   * its KeepAlive does until it closes, as Node's uv_async_t.
   */
  private send(): void {
    const task = () => {
      if (cancel) this.pending.delete(cancel);
      this.dispatchOne();
    };
    const cancel = nodeTask(task, this.referenced);
    if (cancel === undefined) otherTask(task);
    else this.pending.add(cancel);
  }

  /** Schedules the pending dispatches again, so that they keep the process alive or not as now asked. */
  private reschedule(): void {
    const n = this.pending.size;
    for (const cancel of this.pending) cancel();
    this.pending.clear();
    for (let i = 0; i < n; i++) this.send();
  }

  /** Node's DispatchOne: takes one item, closes when the queue is empty and no thread is left. */
  private dispatchOne(): void {
    if (this.finalized || this.e.closed) return;
    let popped = false;
    let data: Ptr = 0;
    if (this.closing) {
      this.closeHandles();
    } else {
      if (this.size > 0) {
        data = this.queue[this.head++]!;
        popped = true;
        if (this.head === this.queue.length) {
          this.queue.length = 0;
          this.head = 0;
        }
      }
      if (this.size === 0 && this.threadCount === 0) {
        this.closing = true;
        this.closeHandles();
      }
    }
    if (popped) this.call(data);
  }

  /** Calls call_js_cb(env, js_callback, context, data), or the JS function with no arguments. */
  private call(data: Ptr): void {
    const e = this.e;
    const func = this.func;
    const callJs = e.native<CallJs>(this.callJsCb);
    let error: unknown = NO_EXCEPTION;
    if (callJs) {
      error = inScope(this.scope, () =>
        e.callIntoModule(() => callJs(e.id, func === undefined ? 0 : scopes.push(func), this.context, data)),
      );
    } else if (func !== undefined) {
      // Node's default call_js: napi_call_function(undefined, func, 0, NULL).
      try {
        inScope(this.scope, () => Reflect.apply(func, undefined, []));
      } catch (e) {
        error = e;
      }
    }
    if (error !== NO_EXCEPTION) callbackException(e, error);
  }

  /** Starts closing: the finalizer runs in a later task, as after Node's uv_close. */
  private closeHandles(): void {
    if (this.handlesClosing) return;
    this.handlesClosing = true;
    this.keepAlive.close();
    macrotask(() => this.finalize());
  }

  /** At env teardown: closes now; the finalizer runs after the remaining cleanup hooks. */
  private cleanup(): void {
    this.closing = true;
    this.handlesClosing = true;
    this.keepAlive.close();
    this.e.afterCleanup.push(() => this.finalize());
  }

  /**
   * Node's Finalize: the finalizer, then call_js_cb(NULL, NULL, context, data) for each item left
   * in the queue (so that their data can be freed), then the function is gone.
   */
  private finalize(): void {
    if (this.finalized) return;
    this.finalized = true;
    const e = this.e;
    tsfns.delete(this.id);
    e.cleanupHooks.delete(this.hook);
    let error: unknown = NO_EXCEPTION;
    const finalize = e.native<Finalize>(this.finalizeCb);
    if (finalize) {
      error = inScope(this.scope, () => e.callIntoModule(() => finalize(e.id, this.finalizeData, this.context)));
    }
    const callJs = e.native<CallJs>(this.callJsCb);
    if (callJs) {
      for (let i = this.head; i < this.queue.length; i++) {
        const data = this.queue[i]!;
        e.callIntoModule(() => callJs(0, 0, this.context, data));
      }
    }
    this.queue.length = 0;
    this.head = 0;
    this.scope?.emitDestroy();
    if (error !== NO_EXCEPTION) callbackException(e, error);
  }
}

/** Threadsafe functions by napi_threadsafe_function id (not reused soon: a finalized one stays invalid). */
const tsfns = ownedTable<ThreadsafeFunction>('threadsafeFunctions');

export function napi_create_threadsafe_function(
  env: EnvId,
  func: Handle,
  asyncResource: Handle,
  asyncResourceName: Handle,
  maxQueueSize: number,
  initialThreadCount: number,
  threadFinalizeData: Ptr,
  threadFinalizeCb: number,
  context: Ptr,
  callJsCb: number,
  result: Ptr,
): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!asyncResourceName || initialThreadCount >>> 0 === 0 || !result) return e.fail(Status.invalid_arg);
  let f: ((...args: unknown[]) => unknown) | undefined;
  if (!func) {
    if (!callJsCb) return e.fail(Status.invalid_arg);
  } else {
    const v = scopes.value(func);
    if (typeof v !== 'function') return e.fail(Status.invalid_arg);
    f = v as (...args: unknown[]) => unknown;
  }
  if ((callJsCb && !e.native(callJsCb)) || (threadFinalizeCb && !e.native(threadFinalizeCb))) {
    return e.fail(Status.invalid_arg);
  }
  const resource = resourceArg(e, asyncResource);
  if (typeof resource === 'number') return resource;
  const name = resourceNameArg(e, asyncResourceName);
  if (typeof name === 'number') return name;
  const id = tsfns.freeId();
  const t = new ThreadsafeFunction(
    e,
    id,
    f,
    initialThreadCount >>> 0,
    context,
    maxQueueSize >>> 0,
    threadFinalizeData,
    threadFinalizeCb,
    callJsCb,
    asyncScope(name),
  );
  tsfns.set(id, t);
  e.mem.setU32(result, id);
  return e.ok();
}

// The functions below take no env (they may be called from any thread) and so record no last
// error, as in Node. Node aborts the process on a NULL function and reads freed memory for a
// finalized one; both are napi_invalid_arg here.

export function napi_get_threadsafe_function_context(func: number, result: Ptr): Status {
  const t = tsfns.get(func);
  if (!t || !result) return Status.invalid_arg;
  t.e.mem.setU32(result, t.context);
  return Status.ok;
}

export function napi_call_threadsafe_function(func: number, data: Ptr, isBlocking: number): Status {
  const t = tsfns.get(func);
  if (!t) return Status.invalid_arg;
  return t.push(data, isBlocking);
}

export function napi_acquire_threadsafe_function(func: number): Status {
  const t = tsfns.get(func);
  if (!t) return Status.invalid_arg;
  return t.acquire();
}

export function napi_release_threadsafe_function(func: number, mode: number): Status {
  const t = tsfns.get(func);
  if (!t) return Status.invalid_arg;
  return t.release(mode);
}

/** Node checks only the function (a NULL env is fine) and records no last error. */
export function napi_ref_threadsafe_function(_env: EnvId, func: number): Status {
  const t = tsfns.get(func);
  if (!t) return Status.invalid_arg;
  t.ref();
  return Status.ok;
}

export function napi_unref_threadsafe_function(_env: EnvId, func: number): Status {
  const t = tsfns.get(func);
  if (!t) return Status.invalid_arg;
  t.unref();
  return Status.ok;
}

// ---- async contexts and napi_make_callback -------------------------------------------------------------

interface AsyncContext {
  readonly e: Engine;
  scope: AsyncScope | undefined;
}

/** napi_async_context ids (not reused soon: a destroyed context stays invalid). */
const asyncContexts = ownedTable<AsyncContext>('asyncContexts');

export function napi_async_init(env: EnvId, asyncResource: Handle, asyncResourceName: Handle, result: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!asyncResourceName || !result) return e.fail(Status.invalid_arg);
  const resource = resourceArg(e, asyncResource);
  if (typeof resource === 'number') return resource;
  const name = resourceNameArg(e, asyncResourceName);
  if (typeof name === 'number') return name;
  const id = asyncContexts.freeId();
  asyncContexts.set(id, { e, scope: asyncScope(name) });
  e.mem.setU32(result, id);
  return e.ok();
}

/** A context destroyed twice (or never made) is napi_invalid_arg; Node frees it twice. */
export function napi_async_destroy(env: EnvId, asyncContext: number): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  const c = asyncContexts.get(asyncContext);
  if (!c || c.e !== e) return e.fail(Status.invalid_arg);
  asyncContexts.delete(asyncContext);
  c.scope?.emitDestroy();
  return e.ok();
}

/**
 * Calls `func` with `recv` converted to an object (as V8's ToObject: primitives are boxed, even for
 * strict functions) in the async context of `async_context` (NULL: an empty one). Node also runs
 * nextTicks and microtasks after the outermost callback scope closes; JS is always on the stack when
 * C runs here, or a task of this runtime is (async work, threadsafe functions), and that task's end
 * runs them, so nothing is drained inside the call, as natively in the same situations.
 */
export function napi_make_callback(
  env: EnvId,
  asyncContext: number,
  recv: Handle,
  func: Handle,
  argc: number,
  argv: Ptr,
  result: Ptr,
): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  argc >>>= 0;
  if (!recv || (argc > 0 && !argv)) return e.fail(Status.invalid_arg);
  const r = scopes.value(recv);
  if (r === STALE) return e.fail(Status.invalid_arg);
  if (r === null || r === undefined) {
    return e.caught(new TypeError('Cannot convert undefined or null to object'), Status.object_expected);
  }
  const self = Object(r) as object;
  const f = scopes.value(func);
  if (typeof f !== 'function') return e.fail(Status.invalid_arg);
  let c: AsyncContext | undefined;
  if (asyncContext) {
    c = asyncContexts.get(asyncContext);
    if (!c || c.e !== e) return e.fail(Status.invalid_arg);
  }
  const args = new Array<unknown>(argc);
  for (let i = 0; i < argc; i++) {
    const v = scopes.value(e.mem.getU32(argv + i * 4));
    if (v === STALE) return e.fail(Status.invalid_arg);
    args[i] = v;
  }
  const mirrors = e.mirrors;
  if (mirrors.count !== 0) mirrors.syncOut();
  let value: unknown;
  try {
    const scope = c === undefined ? noContext : c.scope;
    const fn = f as (...a: unknown[]) => unknown;
    value = scope === undefined ? Reflect.apply(fn, self, args) : scope.runInAsyncScope(fn, self, ...args);
  } catch (error) {
    if (mirrors.count !== 0) mirrors.syncIn();
    return e.caught(error);
  }
  if (mirrors.count !== 0) mirrors.syncIn();
  if (result) e.setHandle(result, value);
  return e.ok();
}

// ---- callback scopes ---------------------------------------------------------------------------------------

interface CallbackScope {
  id: number;
  /** The callback frame it was opened in: it dies with it (Node aborts when a callback leaves one open). */
  frame: number;
}

/** Open callback scopes of each env, innermost last (Node counts them per env). */
const callbackScopes = new WeakMap<Engine, CallbackScope[]>();
let nextCallbackScopeId = 1;

function openScopesOf(e: Engine): CallbackScope[] {
  let list = callbackScopes.get(e);
  if (list === undefined) {
    list = [];
    callbackScopes.set(e, list);
  }
  // Scopes opened in a callback frame that has returned are dropped (Node aborts when a callback
  // leaves one open). A frame is known here by its depth only: a scope leaked by a callback goes once
  // a shallower frame looks; until then it lies below the scopes of later calls at the same depth,
  // which open and close as usual.
  while (list.length > 0 && list[list.length - 1]!.frame > scopes.frames) list.pop();
  return list;
}

/**
 * Opens a callback scope for `async_context` (resource_object is ignored, as in Node). Natively the
 * scope also enters the context (AsyncLocalStorage sees its store); JS offers no way to enter an
 * async context other than around a function call, so here code inside the scope keeps the caller's
 * context (napi_make_callback does switch it). A NULL or unknown context is napi_invalid_arg (Node
 * crashes on it).
 */
export function napi_open_callback_scope(
  env: EnvId,
  _resourceObject: Handle,
  asyncContext: number,
  result: Ptr,
): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  const c = asyncContexts.get(asyncContext);
  if (!c || c.e !== e) return e.fail(Status.invalid_arg);
  // Ids wrap after 2^31 opens: one still open in this env is skipped (the list is short).
  const list = openScopesOf(e);
  let id = nextCallbackScopeId;
  while (list.some((s) => s.id === id)) id = id === 0x7fffffff ? 1 : id + 1;
  nextCallbackScopeId = id === 0x7fffffff ? 1 : id + 1;
  list.push({ id, frame: scopes.frames });
  e.mem.setU32(result, id);
  return e.ok();
}

/**
 * Closes a callback scope: with none open, napi_callback_scope_mismatch (Node's check). A scope that
 * is open but not the innermost is napi_callback_scope_mismatch too (Node aborts: the async stack
 * is corrupted); one that is not open (closed already, never opened) is napi_invalid_arg (Node frees
 * it again).
 */
export function napi_close_callback_scope(env: EnvId, scope: number): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!scope) return e.fail(Status.invalid_arg);
  const list = openScopesOf(e);
  if (list.length === 0) return e.fail(Status.callback_scope_mismatch);
  if (list[list.length - 1]!.id !== scope) {
    return e.fail(list.some((s) => s.id === scope) ? Status.callback_scope_mismatch : Status.invalid_arg);
  }
  list.pop();
  return e.ok();
}

// ---- the event loop -----------------------------------------------------------------------------------------

/**
 * There is no libuv loop to hand out (wasm cannot call libuv, and the host's loop is not one):
 * napi_generic_failure with *loop set to NULL. Bad arguments are napi_invalid_arg as in Node.
 */
export function napi_get_uv_event_loop(env: EnvId, loop: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!loop) return e.fail(Status.invalid_arg);
  e.mem.setU32(loop, 0);
  return e.fail(Status.generic_failure);
}
