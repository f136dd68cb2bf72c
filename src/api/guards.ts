// Shared guards of the Node-API functions: each function opens with the same checks as Node's
// (CHECK_ENV, NAPI_PREAMBLE, CHECK_TO_OBJECT), so they are written once here.
import { engines, type Engine } from '../engine.js';
import { scopes } from '../scope.js';
import { Status, type EnvId, type Handle, type Ptr } from '../types.js';

/**
 * Node's CHECK_TO_OBJECT: ToObject of the argument. undefined/null give napi_object_expected with
 * V8's TypeError left pending (its TryCatch records the exception); primitives are boxed.
 */
export function objectArg(e: Engine, h: Handle): object | Status {
  // live() then get(), not `value(h) === STALE`: every property and element access passes here, and
  // V8's optimized code made that compare (any value against a symbol) a StrictEqual builtin call.
  const s = scopes;
  if (!s.live(h)) return e.fail(Status.invalid_arg);
  const v = s.get(h);
  if (typeof v === 'object' ? v !== null : typeof v === 'function') return v as object;
  if (v === undefined || v === null) {
    e.throwPending(new TypeError('Cannot convert undefined or null to object'));
    return e.fail(Status.object_expected);
  }
  return Object(v) as object;
}

/** Node's preamble for functions that may run JS: env, no pending exception, clear last error. */
export function preamble(env: EnvId): Engine | Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (e.hasPending === true) return e.fail(Status.pending_exception);
  e.lastStatus = Status.ok;
  return e;
}

/**
 * The napi_is_* shape: `*result = test(value)` for any live value, with no pending-exception check
 * (Node's type checks run while an exception is pending).
 */
export function typeCheck(env: EnvId, value: Handle, result: Ptr, test: (v: unknown) => boolean): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const s = scopes;
  if (!s.live(value) || !result) return e.fail(Status.invalid_arg);
  e.mem.setU8(result, test(s.get(value)) ? 1 : 0);
  return e.ok();
}
