// Node-API: errors and exceptions (create, throw, pending exception, last error info).
import { engines } from '../engine.js';
import { host } from '../host.js';
import { Fixed, scopes, STALE } from '../scope.js';
import { Status, type EnvId, type Handle, type Ptr } from '../types.js';
import { preamble } from './objects.js';

type ErrorKind = new (message: string) => Error;

function createError(env: EnvId, code: Handle, msg: Handle, result: Ptr, Kind: ErrorKind): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  const m = scopes.value(msg);
  if (m === STALE || !result) return e.fail(Status.invalid_arg);
  if (typeof m !== 'string') return e.fail(Status.string_expected);
  const error = new Kind(m) as Error & { code?: unknown };
  if (code) {
    const c = scopes.value(code);
    if (c === STALE) return e.fail(Status.invalid_arg);
    if (typeof c !== 'string') return e.fail(Status.string_expected);
    error.code = c;
  }
  e.setHandle(result, error);
  return e.ok();
}

export function napi_create_error(env: EnvId, code: Handle, msg: Handle, result: Ptr): Status {
  return createError(env, code, msg, result, Error);
}
export function napi_create_type_error(env: EnvId, code: Handle, msg: Handle, result: Ptr): Status {
  return createError(env, code, msg, result, TypeError);
}
export function napi_create_range_error(env: EnvId, code: Handle, msg: Handle, result: Ptr): Status {
  return createError(env, code, msg, result, RangeError);
}
export function node_api_create_syntax_error(env: EnvId, code: Handle, msg: Handle, result: Ptr): Status {
  return createError(env, code, msg, result, SyntaxError);
}

export function napi_throw(env: EnvId, error: Handle): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const v = scopes.value(error);
  if (v === STALE) return e.fail(Status.invalid_arg);
  e.throwPending(v);
  return e.ok();
}

function throwError(env: EnvId, code: Ptr, msg: Ptr, Kind: ErrorKind): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  if (!msg) return e.fail(Status.invalid_arg);
  const error = new Kind(e.mem.readUtf8(msg, -1)) as Error & { code?: string };
  if (code) error.code = e.mem.readUtf8(code, -1);
  e.throwPending(error);
  return e.ok();
}

export function napi_throw_error(env: EnvId, code: Ptr, msg: Ptr): Status {
  return throwError(env, code, msg, Error);
}
export function napi_throw_type_error(env: EnvId, code: Ptr, msg: Ptr): Status {
  return throwError(env, code, msg, TypeError);
}
export function napi_throw_range_error(env: EnvId, code: Ptr, msg: Ptr): Status {
  return throwError(env, code, msg, RangeError);
}
export function node_api_throw_syntax_error(env: EnvId, code: Ptr, msg: Ptr): Status {
  return throwError(env, code, msg, SyntaxError);
}

export function napi_is_error(env: EnvId, value: Handle, result: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  const v = scopes.value(value);
  if (v === STALE || !result) return e.fail(Status.invalid_arg);
  e.mem.setU8(result, typeof v === 'object' && v !== null && host.isNativeError(v) ? 1 : 0);
  return e.ok();
}

export function napi_is_exception_pending(env: EnvId, result: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  e.mem.setU8(result, e.hasPending ? 1 : 0);
  return e.ok();
}

export function napi_get_and_clear_last_exception(env: EnvId, result: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  if (!e.hasPending) {
    e.mem.setU32(result, Fixed.undefined);
    return e.ok();
  }
  const error = e.pending;
  e.hasPending = false;
  e.pending = undefined;
  e.setHandle(result, error);
  return e.ok();
}

export function napi_get_last_error_info(env: EnvId, result: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  const info = e.errorInfoPtr();
  if (info === 0) return Status.generic_failure;
  e.mem.setU32(result, info);
  // Node leaves the recorded status as it was: reading it is not a call that succeeds or fails.
  return Status.ok;
}
