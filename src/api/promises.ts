// Node-API: promises. A napi_deferred is an id into one table of unsettled promises (the resolve and
// reject functions of each), shared by every env as Node's persistent handles are by the isolate;
// concluding a deferred deletes its entry, as Node deletes its persistent handle. Node crashes on a
// deferred used twice or never issued; here that is napi_invalid_arg.
import { ownedTable, type Engine } from '../engine.js';
import { host } from '../host.js';
import { scopes, STALE } from '../scope.js';
import { Status, type EnvId, type Handle, type Ptr } from '../types.js';
import { preamble, typeCheck } from './guards.js';

interface Deferred {
  readonly e: Engine;
  promise: Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** The unsettled deferreds, by id. */
const deferreds = ownedTable<Deferred>('deferreds');

export function napi_create_promise(env: EnvId, deferred: Ptr, promise: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  if (!deferred || !promise) return e.fail(Status.invalid_arg);
  let resolve!: Deferred['resolve'];
  let reject!: Deferred['reject'];
  const p = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const d: Deferred = { e, promise: p, resolve, reject };
  const id = deferreds.freeId();
  deferreds.set(id, d);
  e.mem.setU32(deferred, id);
  e.setHandle(promise, p);
  return e.ok();
}

function conclude(env: EnvId, deferred: number, result: Handle, resolved: boolean): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  // Node checks the value first: a NULL value leaves the deferred usable.
  const v = scopes.value(result);
  if (v === STALE) return e.fail(Status.invalid_arg);
  const d = deferreds.get(deferred >>> 0);
  if (!d) return e.fail(Status.invalid_arg);
  deferreds.delete(deferred >>> 0);
  if (!resolved) d.reject(v);
  else if (v !== d.promise && ((typeof v === 'object' && v !== null) || typeof v === 'function')) return resolveWithObject(e, d, v);
  else d.resolve(v); // a primitive fulfills; the promise itself rejects with V8's TypeError
  return e.ok();
}

/**
 * Resolution with an object, as V8's JSPromise::Resolve does it. Its only observable difference from
 * the resolve function: when reading `then` throws, the promise is rejected with the error AND Node's
 * TryCatch has seen it, so the call answers napi_pending_exception with the error pending. `then` is
 * read once here; a callable one is called in a microtask, as the PromiseResolveThenableJob would.
 */
function resolveWithObject(e: Engine, d: Deferred, v: object): Status {
  let then: unknown;
  try {
    then = (v as { then?: unknown }).then;
  } catch (error) {
    d.reject(error);
    return e.caught(error);
  }
  if (typeof then !== 'function') {
    // Not a thenable: fulfill. (The resolve function reads `then` again: a getter runs twice.)
    d.resolve(v);
    return e.ok();
  }
  queueMicrotask(() => {
    try {
      (then as (onFulfilled: unknown, onRejected: unknown) => unknown).call(v, d.resolve, d.reject);
    } catch (error) {
      d.reject(error); // ignored if `then` settled the promise before throwing, as in the spec
    }
  });
  return e.ok();
}

export function napi_resolve_deferred(env: EnvId, deferred: number, resolution: Handle): Status {
  return conclude(env, deferred, resolution, true);
}

export function napi_reject_deferred(env: EnvId, deferred: number, rejection: Handle): Status {
  return conclude(env, deferred, rejection, false);
}

export function napi_is_promise(env: EnvId, value: Handle, isPromise: Ptr): Status {
  return typeCheck(env, value, isPromise, host.isPromise);
}
