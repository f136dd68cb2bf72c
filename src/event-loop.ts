// The host's event loop, as Node-API needs it: the host's timers, running a later task (as libuv runs
// a finished work's callback), Node's async context (AsyncResource) and the uncaught-exception path.
// Loaded with the runtime (not with the async group, which loads on demand) because what it captures
// must be captured then: the timer functions before a test framework fakes them, and an async
// context made outside any AsyncLocalStorage store.

export interface NodeProcessLike {
  emitWarning(warning: string, options: { type: string; code: string }): void;
  emit(event: string, ...args: unknown[]): boolean;
  listenerCount(event: string): number;
  hasUncaughtExceptionCaptureCallback?(): boolean;
  getBuiltinModule?(id: string): unknown;
  execArgv?: string[];
  env?: Record<string, string | undefined>;
  versions?: Record<string, string | undefined>;
  release?: { name?: string };
}

/** Node's `process`, when the host is Node. */
export const nodeProcess: NodeProcessLike | undefined = (() => {
  const p = (globalThis as { process?: NodeProcessLike }).process;
  const isNode = p !== undefined && typeof p.emitWarning === 'function' && typeof p.listenerCount === 'function';
  return isNode ? p : undefined;
})();

/** A Node timer or immediate: whether it keeps the process alive can be switched. */
export interface Refable {
  ref(): unknown;
  unref(): unknown;
}

/**
 * The host's timer functions as they were when the runtime loaded: fake timers installed later (test
 * frameworks) must not stall the runtime's own tasks, which natively come from libuv, not JS timers.
 */
export const timers = {
  setImmediate: typeof setImmediate === 'function' ? setImmediate : undefined,
  clearImmediate: typeof clearImmediate === 'function' ? clearImmediate : undefined,
  setTimeout: globalThis.setTimeout.bind(globalThis),
  clearTimeout: globalThis.clearTimeout.bind(globalThis),
  setInterval: globalThis.setInterval.bind(globalThis),
  clearInterval: globalThis.clearInterval.bind(globalThis),
};

let channel: MessageChannel | undefined;
const channelTasks: (() => void)[] = [];

/**
 * Runs `task` in a later task of the event loop, as libuv runs a finished work's callback: Node's
 * setImmediate (the check phase, right after I/O), a MessageChannel message in browsers (not clamped
 * like nested timers), setTimeout elsewhere. With `keepAlive` false it does not keep Node's process
 * alive: an unreferenced 0 ms timer (an unreferenced immediate would not wake a loop blocked waiting
 * for I/O, a timer bounds the wait). An exception thrown by `task` is an uncaught exception of the host.
 */
export function macrotask(task: () => void, keepAlive = true): void {
  if (nodeTask(task, keepAlive) === undefined) otherTask(task);
}

/** macrotask() in Node: returns a function that cancels the task (undefined elsewhere). */
export function nodeTask(task: () => void, keepAlive: boolean): (() => void) | undefined {
  const { setImmediate, clearImmediate } = timers;
  if (setImmediate === undefined || clearImmediate === undefined) return undefined;
  if (keepAlive) {
    const immediate = setImmediate(task);
    return () => clearImmediate(immediate);
  }
  const timer = timers.setTimeout(task, 0);
  (timer as unknown as Refable).unref();
  return () => timers.clearTimeout(timer);
}

export function otherTask(task: () => void): void {
  if (typeof MessageChannel === 'function') {
    if (channel === undefined) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => channelTasks.shift()?.();
    }
    channelTasks.push(task);
    channel.port2.postMessage(undefined);
    return;
  }
  timers.setTimeout(task, 0);
}

// ---- host: async context and uncaught exceptions ------------------------------------------------

/** Node's AsyncResource: the async context a callback runs in (async_hooks, AsyncLocalStorage). */
export interface AsyncScope {
  runInAsyncScope<R>(fn: (...args: unknown[]) => R, thisArg?: unknown, ...args: unknown[]): R;
  emitDestroy(): unknown;
}
type AsyncResourceClass = new (type: string, options: { requireManualDestroy: boolean }) => AsyncScope;
let asyncResourceClass: AsyncResourceClass | null | undefined;

/**
 * A new async context named `name` (Node's AsyncResource, which natively napi_create_async_work,
 * napi_create_threadsafe_function and napi_async_init make too), or undefined where there is none
 * (browsers; Node before 20.16, which lacks process.getBuiltinModule: callbacks then run in the
 * context of whatever task runs them).
 */
export function asyncScope(name: string): AsyncScope | undefined {
  if (asyncResourceClass === undefined) {
    type AsyncHooks = { AsyncResource?: AsyncResourceClass } | undefined;
    const hooks = nodeProcess?.getBuiltinModule?.('node:async_hooks') as AsyncHooks;
    asyncResourceClass = hooks?.AsyncResource ?? null;
  }
  if (asyncResourceClass === null) return undefined;
  try {
    return new asyncResourceClass(name, { requireManualDestroy: true });
  } catch {
    return undefined;
  }
}

/**
 * The context napi_make_callback uses for a NULL async_context. Node then makes the receiver the
 * current async resource, which normally carries no AsyncLocalStorage store: a context made when this
 * module loads, outside any store, gives the same.
 */
export const noContext = asyncScope('napi_make_callback');

export function inScope<R>(scope: AsyncScope | undefined, fn: () => R): R {
  return scope === undefined ? fn() : scope.runInAsyncScope(fn);
}

/**
 * Reports `error` as an uncaught exception right away, as Node's TriggerUncaughtException does
 * (napi_fatal_exception): in Node, the 'uncaughtExceptionMonitor' and 'uncaughtException' listeners
 * run before this returns. With no listener (or a capture callback set), the error is thrown from a
 * later task, so the host handles it its own way (Node prints it and exits, as natively; a browser
 * reports it to window.onerror).
 */
export function reportUncaught(error: unknown): void {
  const p = nodeProcess;
  if (p !== undefined) {
    if (p.listenerCount('uncaughtException') > 0 && !p.hasUncaughtExceptionCaptureCallback?.()) {
      p.emit('uncaughtExceptionMonitor', error, 'uncaughtException');
      p.emit('uncaughtException', error, 'uncaughtException');
      return;
    }
  } else {
    const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
    if (typeof report === 'function') {
      report(error);
      return;
    }
  }
  timers.setTimeout(() => {
    throw error;
  }, 0);
}
