// Node-API: version, instance data, module file name, scripts, external memory; node_api.h's Node
// version, cleanup hooks and old-style registration (napi_module_register).
import { engines, ownedTable, type Engine } from '../engine.js';
import { host } from '../host.js';
import { scopes, STALE } from '../scope.js';
import { Status, type EnvId, type Handle, type Ptr } from '../types.js';
import { nextOrder } from '../reference.js';
import { registerModule } from '../module.js';
import { nodeProcess } from '../event-loop.js';
import { preamble } from './guards.js';

/** The highest Node-API version this runtime implements completely (reported by napi_get_version). */
export const NAPI_VERSION = 9;

export function napi_get_version(env: EnvId, result: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  e.mem.setU32(result, NAPI_VERSION);
  return e.ok();
}

export function napi_set_instance_data(env: EnvId, data: Ptr, finalizeCb: number, finalizeHint: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  e.instanceData = data;
  e.instanceFinalize = finalizeCb;
  e.instanceOrder = nextOrder();
  e.instanceHint = finalizeHint;
  return e.ok();
}

export function napi_get_instance_data(env: EnvId, data: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!data) return e.fail(Status.invalid_arg);
  e.mem.setU32(data, e.instanceData);
  return e.ok();
}

const fileNames = new WeakMap<object, Ptr>();

/** The module's URL as a C string owned by the runtime (allocated once per module). */
export function node_api_get_module_file_name(env: EnvId, result: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  let p = fileNames.get(e);
  if (p === undefined) {
    const bytes = new TextEncoder().encode(e.filename);
    p = e.alloc(bytes.length + 1);
    if (p === 0) return e.fail(Status.generic_failure);
    e.mem.check();
    e.mem.u8.set(bytes, p);
    e.mem.u8[p + bytes.length] = 0;
    fileNames.set(e, p);
  }
  e.mem.setU32(result, p);
  return e.ok();
}

/**
 * Runs a string as a classic script in the global scope. A compile error or a thrown exception is
 * napi_generic_failure with the exception pending, as Node's CHECK_MAYBE_EMPTY reports it.
 */
export function napi_run_script(env: EnvId, script: Handle, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const source = scopes.value(script);
  if (source === STALE || !result) return e.fail(Status.invalid_arg);
  if (typeof source !== 'string') return e.fail(Status.string_expected);
  let value: unknown;
  try {
    value = host.runScript(source);
  } catch (error) {
    e.throwPending(error);
    return e.fail(Status.generic_failure);
  }
  e.setHandle(result, value);
  return e.ok();
}

/** The external memory total each env reported (V8 keeps one per isolate, shared with Node itself). */
const externalMemory = new WeakMap<object, bigint>();
/** V8 aborts on a change outside [-2^60, 2^60); here that is napi_invalid_arg. */
const MAX_REASONABLE_BYTES = 1n << 60n;

export function napi_adjust_external_memory(env: EnvId, change: bigint, adjustedValue: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!adjustedValue) return e.fail(Status.invalid_arg);
  if (change < -MAX_REASONABLE_BYTES || change >= MAX_REASONABLE_BYTES) return e.fail(Status.invalid_arg);
  const total = BigInt.asIntN(64, (externalMemory.get(e) ?? 0n) + change);
  externalMemory.set(e, total);
  e.mem.check();
  e.mem.dv.setBigInt64(adjustedValue >>> 0, total, true);
  return e.ok();
}

// ---- node_api.h: version, cleanup hooks, old-style registration ---------------------------------

/** The napi_node_version struct of each env (16 bytes and the release string, allocated once). */
const nodeVersions = new WeakMap<object, Ptr>();

/**
 * What napi_get_node_version reports: the host Node's version and process.release.name; where the
 * host is not Node (browsers), 0.0.0 and the release name "wasm-napi".
 */
function hostNodeVersion(): { major: number; minor: number; patch: number; release: string } {
  const p = nodeProcess;
  const version = p?.versions?.node;
  if (version === undefined) return { major: 0, minor: 0, patch: 0, release: 'wasm-napi' };
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((n) => Number.parseInt(n, 10) || 0);
  return { major, minor, patch, release: p?.release?.name ?? 'node' };
}

/** A static struct owned by the runtime: the same pointer every time, never to be freed. */
export function napi_get_node_version(env: EnvId, result: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  let p = nodeVersions.get(e);
  if (p === undefined) {
    const v = hostNodeVersion();
    const release = new TextEncoder().encode(v.release);
    p = e.alloc(16 + release.length + 1);
    if (p === 0) return e.fail(Status.generic_failure);
    e.mem.setU32(p, v.major);
    e.mem.setU32(p + 4, v.minor);
    e.mem.setU32(p + 8, v.patch);
    e.mem.setU32(p + 12, p + 16);
    e.mem.check();
    e.mem.u8.set(release, p + 16);
    e.mem.u8[p + 16 + release.length] = 0;
    nodeVersions.set(e, p);
  }
  e.mem.setU32(result, p);
  return e.ok();
}

/** napi_add_env_cleanup_hook's entry: fun(arg) at teardown. */
class EnvCleanupHook {
  constructor(
    readonly e: Engine,
    readonly fun: number,
    readonly arg: Ptr,
  ) {}
  run(): void {
    const e = this.e;
    const fun = e.native<(arg: Ptr) => void>(this.fun);
    // A hook is plain C: an exception it might leave pending has no one to go to.
    if (fun) e.callIntoModule(() => fun(this.arg));
  }
}

function findEnvHook(e: Engine, fun: number, arg: Ptr): EnvCleanupHook | undefined {
  for (const hook of e.cleanupHooks) {
    if (hook instanceof EnvCleanupHook && hook.fun === fun && hook.arg === arg) return hook;
  }
  return undefined;
}

/**
 * Runs fun(arg) when the env is torn down (process exit natively; `unload()` here), the last hook
 * added first and before any finalizer. The same fun and arg twice is napi_invalid_arg (Node aborts).
 */
export function napi_add_env_cleanup_hook(env: EnvId, fun: number, arg: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!fun || !e.native(fun) || findEnvHook(e, fun, arg)) return e.fail(Status.invalid_arg);
  e.cleanupHooks.add(new EnvCleanupHook(e, fun, arg));
  return e.ok();
}

/** Removes the hook of fun and arg; removing one that is not registered does nothing, as in Node. */
export function napi_remove_env_cleanup_hook(env: EnvId, fun: number, arg: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!fun) return e.fail(Status.invalid_arg);
  const hook = findEnvHook(e, fun, arg);
  if (hook) e.cleanupHooks.delete(hook);
  return e.ok();
}

/** napi_add_async_cleanup_hook's entry: hook(handle, arg) at teardown; its handle is its id. */
class AsyncCleanupHook {
  constructor(
    readonly e: Engine,
    readonly id: number,
    readonly hook: number,
    readonly arg: Ptr,
  ) {}
  run(): void {
    const e = this.e;
    const hook = e.native<(handle: number, arg: Ptr) => void>(this.hook);
    if (hook) e.callIntoModule(() => hook(this.id, this.arg));
  }
}

/** napi_async_cleanup_hook_handle ids (never reused: a removed handle stays invalid). */
const asyncCleanupHooks = ownedTable<AsyncCleanupHook>('asyncCleanupHooks');
let nextAsyncHookId = 1;

/**
 * Runs hook(handle, arg) at teardown, in the same order as the other cleanup hooks. The hook tells it
 * is done with napi_remove_async_cleanup_hook(handle), at once or later: Node keeps the loop running
 * until it does; `unload()` is synchronous and does not wait (what the hook does later still runs).
 */
export function napi_add_async_cleanup_hook(env: EnvId, hook: number, arg: Ptr, removeHandle: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!hook || !e.native(hook)) return e.fail(Status.invalid_arg);
  const id = nextAsyncHookId;
  nextAsyncHookId = nextAsyncHookId === 0x7fffffff ? 1 : nextAsyncHookId + 1;
  const entry = new AsyncCleanupHook(e, id, hook, arg);
  asyncCleanupHooks.set(id, entry);
  e.cleanupHooks.add(entry);
  if (removeHandle) e.mem.setU32(removeHandle, id);
  return e.ok();
}

/**
 * Takes no env: records no last error, as in Node. A handle removed twice is napi_invalid_arg (Node
 * frees it twice).
 */
export function napi_remove_async_cleanup_hook(removeHandle: number): Status {
  const entry = asyncCleanupHooks.get(removeHandle);
  if (!entry) return Status.invalid_arg;
  asyncCleanupHooks.delete(removeHandle);
  entry.e.cleanupHooks.delete(entry);
  return Status.ok;
}

/**
 * Old-style registration: a module's constructor function calls napi_module_register(&module) while
 * the module initializes (dlopen natively, _initialize here). The ModuleManager then registers it
 * through module->nm_register_func, in preference to napi_register_wasm_v1, as Node prefers it to the
 * exported entry point. Called at any other time it does nothing.
 */
export function napi_module_register(mod: Ptr): void {
  registerModule(mod >>> 0);
}
