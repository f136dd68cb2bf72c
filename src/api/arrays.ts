// Node-API: arrays and indexed elements.
import { engines } from '../engine.js';
import { host } from '../host.js';
import { scopes, STALE } from '../scope.js';
import { Status, type EnvId, type Handle, type Ptr } from '../types.js';
import { objectArg, preamble, typeCheck } from './guards.js';

type Indexed = Record<number, unknown>;

export function napi_is_array(env: EnvId, value: Handle, result: Ptr): Status {
  return typeCheck(env, value, result, host.isArray);
}

export function napi_create_array(env: EnvId, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  e.mem.setU32(result, scopes.push([]));
  return e.ok();
}

export function napi_create_array_with_length(env: EnvId, length: number, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  // V8's Array::New(isolate, int length) takes an int: a size_t above INT_MAX wraps negative and
  // V8 then makes an empty array.
  const n = length | 0;
  e.mem.setU32(result, scopes.push(n > 0 ? new Array(n) : []));
  return e.ok();
}

export function napi_get_array_length(env: EnvId, value: Handle, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const v = scopes.value(value);
  if (v === STALE || !result) return e.fail(Status.invalid_arg);
  if (!host.isArray(v)) return e.fail(Status.array_expected);
  e.mem.setU32(result, (v as unknown[]).length);
  return e.ok();
}

export function napi_set_element(env: EnvId, object: Handle, index: number, value: Handle): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const v = scopes.value(value);
  if (v === STALE) return e.fail(Status.invalid_arg);
  const o = objectArg(e, object);
  if (typeof o === 'number') return o;
  try {
    Reflect.set(o, index >>> 0, v); // a silent failure is napi_ok, as in Node
  } catch (error) {
    return e.caught(error, Status.generic_failure);
  }
  return e.ok();
}

export function napi_get_element(env: EnvId, object: Handle, index: number, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  if (!result) return e.fail(Status.invalid_arg);
  const o = objectArg(e, object);
  if (typeof o === 'number') return o;
  let v: unknown;
  try {
    v = (o as Indexed)[index >>> 0];
  } catch (error) {
    return e.caught(error, Status.generic_failure);
  }
  e.setHandle(result, v);
  return e.ok();
}

export function napi_has_element(env: EnvId, object: Handle, index: number, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  if (!result) return e.fail(Status.invalid_arg);
  const o = objectArg(e, object);
  if (typeof o === 'number') return o;
  let has: boolean;
  try {
    has = index >>> 0 in o;
  } catch (error) {
    return e.caught(error, Status.generic_failure);
  }
  e.mem.setU8(result, has ? 1 : 0);
  return e.ok();
}

export function napi_delete_element(env: EnvId, object: Handle, index: number, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const o = objectArg(e, object);
  if (typeof o === 'number') return o;
  let deleted: boolean;
  try {
    deleted = Reflect.deleteProperty(o, index >>> 0);
  } catch (error) {
    return e.caught(error, Status.generic_failure);
  }
  if (result) e.mem.setU8(result, deleted ? 1 : 0);
  return e.ok();
}
