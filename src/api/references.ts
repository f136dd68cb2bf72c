// Node-API: references (the ReferenceManager does the work).
import { engines } from '../engine.js';
import { canBeHeldWeakly, Ownership } from '../reference.js';
import { scopes } from '../scope.js';
import { Status, type EnvId, type Handle, type Ptr } from '../types.js';

export function napi_create_reference(env: EnvId, value: Handle, initialRefcount: number, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const s = scopes;
  if (!s.live(value) || result === 0) return e.fail(Status.invalid_arg);
  const v = s.get(value);
  if (e.moduleApiVersion < 10) {
    // Before Node-API 10 only objects, functions and symbols can be referenced.
    if (!canBeHeldWeakly(v)) return e.fail(Status.invalid_arg);
  }
  e.mem.setU32(result, e.refs.create(v, initialRefcount >>> 0, Ownership.userland, 0, 0, 0).id);
  return e.ok();
}

export function napi_delete_reference(env: EnvId, ref: number): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const r = e.refs.get(ref);
  if (r === undefined) return e.fail(Status.invalid_arg);
  e.refs.delete(r);
  return e.ok();
}

export function napi_reference_ref(env: EnvId, ref: number, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const r = e.refs.get(ref);
  if (r === undefined) return e.fail(Status.invalid_arg);
  const count = e.refs.ref(r);
  if (result !== 0) e.mem.setU32(result, count);
  return e.ok();
}

export function napi_reference_unref(env: EnvId, ref: number, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const r = e.refs.get(ref);
  if (r === undefined) return e.fail(Status.invalid_arg);
  if (r.count === 0) return e.fail(Status.generic_failure);
  const count = e.refs.unref(r);
  if (result !== 0) e.mem.setU32(result, count);
  return e.ok();
}

export function napi_get_reference_value(env: EnvId, ref: number, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const r = e.refs.get(ref);
  if (r === undefined || result === 0) return e.fail(Status.invalid_arg);
  // A reference whose value is gone gives NULL.
  const v = e.refs.value(r);
  e.mem.setU32(result, v === undefined && (r.count === 0 || r.gone === true) ? 0 : scopes.push(v));
  return e.ok();
}
