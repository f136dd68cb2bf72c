// Node-API: promises. A napi_deferred is an id into one table of unsettled promises (the resolve and
// reject functions of each), shared by every env as Node's persistent handles are by the isolate;
// concluding a deferred deletes its entry, as Node deletes its persistent handle. Node crashes on a
// deferred used twice or never issued; here that is napi_invalid_arg.
import { engines } from '../engine.js';
import { host } from '../host.js';
import { scopes, STALE } from '../scope.js';
import { Status, type EnvId, type Handle, type Ptr } from '../types.js';
import { preamble } from './objects.js';

interface Deferred {
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** The unsettled deferreds, by id. */
const deferreds = new Map<number, Deferred>();
/** Ids are never reused (until 2^31 promises), so a concluded deferred stays invalid. */
let nextId = 1;

export function napi_create_promise(env: EnvId, deferred: Ptr, promise: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  if (!deferred || !promise) return e.fail(Status.invalid_arg);
  let d!: Deferred;
  const p = new Promise((resolve, reject) => {
    d = { resolve, reject };
  });
  const id = nextId;
  nextId = nextId === 0x7fffffff ? 1 : nextId + 1;
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
  // Promise resolve functions never throw: a bad thenable or a self-resolution rejects the promise.
  if (resolved) d.resolve(v);
  else d.reject(v);
  return e.ok();
}

export function napi_resolve_deferred(env: EnvId, deferred: number, resolution: Handle): Status {
  return conclude(env, deferred, resolution, true);
}

export function napi_reject_deferred(env: EnvId, deferred: number, rejection: Handle): Status {
  return conclude(env, deferred, rejection, false);
}

export function napi_is_promise(env: EnvId, value: Handle, isPromise: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  const v = scopes.value(value);
  if (v === STALE || !isPromise) return e.fail(Status.invalid_arg);
  e.mem.setU8(isPromise, host.isPromise(v) ? 1 : 0);
  return e.ok();
}
