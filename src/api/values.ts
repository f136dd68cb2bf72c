// Node-API: primitive values, numbers, type checks and coercions, dates and symbols (js_native_api.h).
import { engines } from '../engine.js';
import { Fixed, scopes, STALE } from '../scope.js';
import { AUTO_LENGTH, Status, ValueType, type EnvId, type Handle, type Ptr } from '../types.js';
import { typeCheck } from './guards.js';

function fixed(env: EnvId, result: Ptr, handle: Fixed): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (result === 0) return e.fail(Status.invalid_arg);
  e.mem.setU32(result, handle);
  return e.ok();
}

// The hot ones are written out rather than calling fixed()/createNumber(): a call to a function of
// the module costs a check that its binding still holds it.
export function napi_get_undefined(env: EnvId, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (result === 0) return e.fail(Status.invalid_arg);
  e.mem.setU32(result, Fixed.undefined);
  return e.ok();
}
export function napi_get_null(env: EnvId, result: Ptr): Status {
  return fixed(env, result, Fixed.null);
}
export function napi_get_global(env: EnvId, result: Ptr): Status {
  return fixed(env, result, Fixed.global);
}
export function napi_get_boolean(env: EnvId, value: number, result: Ptr): Status {
  return fixed(env, result, value & 0xff ? Fixed.true : Fixed.false);
}

function createNumber(env: EnvId, value: number, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (result === 0) return e.fail(Status.invalid_arg);
  e.mem.setU32(result, scopes.push(value));
  return e.ok();
}

export function napi_create_double(env: EnvId, value: number, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (result === 0) return e.fail(Status.invalid_arg);
  e.mem.setU32(result, scopes.push(value));
  return e.ok();
}
export function napi_create_int32(env: EnvId, value: number, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (result === 0) return e.fail(Status.invalid_arg);
  e.mem.setU32(result, scopes.push(value));
  return e.ok();
}
export function napi_create_uint32(env: EnvId, value: number, result: Ptr): Status {
  return createNumber(env, value >>> 0, result);
}
export function napi_create_int64(env: EnvId, value: bigint, result: Ptr): Status {
  return createNumber(env, Number(value), result);
}


export function napi_get_value_double(env: EnvId, value: Handle, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const s = scopes;
  if (!s.live(value) || result === 0) return e.fail(Status.invalid_arg);
  const v = s.get(value);
  if (typeof v !== 'number') return e.fail(Status.number_expected);
  e.mem.setF64(result, v);
  return e.ok();
}

export function napi_get_value_int32(env: EnvId, value: Handle, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const s = scopes;
  if (!s.live(value) || result === 0) return e.fail(Status.invalid_arg);
  const v = s.get(value);
  if (typeof v !== 'number') return e.fail(Status.number_expected);
  e.mem.setI32(result, v | 0); // ToInt32: modulo 2^32, NaN and ±Infinity to 0, as V8's Int32Value
  return e.ok();
}

export function napi_get_value_uint32(env: EnvId, value: Handle, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const s = scopes;
  if (!s.live(value) || result === 0) return e.fail(Status.invalid_arg);
  const v = s.get(value);
  if (typeof v !== 'number') return e.fail(Status.number_expected);
  e.mem.setU32(result, v >>> 0);
  return e.ok();
}

export function napi_get_value_int64(env: EnvId, value: Handle, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const v = scopes.value(value);
  if (v === STALE || !result) return e.fail(Status.invalid_arg);
  if (typeof v !== 'number') return e.fail(Status.number_expected);
  // Non-finite values give 0 (Node special-cases them); others truncate and saturate.
  e.mem.setI64(result, Number.isFinite(v) ? Math.trunc(v) : 0);
  return e.ok();
}

export function napi_get_value_bool(env: EnvId, value: Handle, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const v = scopes.value(value);
  if (v === STALE || !result) return e.fail(Status.invalid_arg);
  if (typeof v !== 'boolean') return e.fail(Status.boolean_expected);
  e.mem.setU8(result, v ? 1 : 0);
  return e.ok();
}

/** napi_valuetype of a JS value (externals are recognised by the ReferenceManager's marker). */
export function typeOf(v: unknown): ValueType {
  switch (typeof v) {
    case 'number':
      return ValueType.number;
    case 'bigint':
      return ValueType.bigint;
    case 'string':
      return ValueType.string;
    case 'function':
      return ValueType.function;
    case 'object':
      return v === null ? ValueType.null : isExternal(v) ? ValueType.external : ValueType.object;
    case 'boolean':
      return ValueType.boolean;
    case 'undefined':
      return ValueType.undefined;
    case 'symbol':
      return ValueType.symbol;
    default:
      return ValueType.object;
  }
}

/** Externals (napi_create_external) are frozen null-prototype objects registered here. */
export const externals = new WeakMap<object, number>();
function isExternal(v: object): boolean {
  return externals.has(v);
}

export function napi_typeof(env: EnvId, value: Handle, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const v = scopes.value(value);
  if (v === STALE || !result) return e.fail(Status.invalid_arg);
  e.mem.setI32(result, typeOf(v));
  return e.ok();
}

export function napi_strict_equals(env: EnvId, lhs: Handle, rhs: Handle, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (e.hasPending === true) return e.fail(Status.pending_exception);
  const a = scopes.value(lhs);
  const b = scopes.value(rhs);
  if (a === STALE || b === STALE || !result) return e.fail(Status.invalid_arg);
  e.mem.setU8(result, a === b ? 1 : 0);
  return e.ok();
}

export function napi_coerce_to_bool(env: EnvId, value: Handle, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (e.hasPending === true) return e.fail(Status.pending_exception);
  const v = scopes.value(value);
  if (v === STALE || !result) return e.fail(Status.invalid_arg);
  e.mem.setU32(result, v ? Fixed.true : Fixed.false);
  return e.ok();
}

/** Shared shape of the throwing coercions: ToNumber, ToObject, ToString. */
function coerce(env: EnvId, value: Handle, result: Ptr, convert: (v: unknown) => unknown, failure: Status): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (e.hasPending === true) return e.fail(Status.pending_exception);
  const v = scopes.value(value);
  if (v === STALE || !result) return e.fail(Status.invalid_arg);
  let r: unknown;
  try {
    r = convert(v);
  } catch (error) {
    // V8 reports the conversion failure as the expected-type status, with the exception pending.
    e.throwPending(error);
    return e.fail(failure);
  }
  e.setHandle(result, r);
  return e.ok();
}

// Unary plus is ToNumber: it throws for Symbol and BigInt, as V8's Value::ToNumber does.
const toNumber = (v: unknown): unknown => +(v as number);
const toString = (v: unknown): unknown => `${v as string}`;
export const toObject = (v: unknown): object => {
  if (v === undefined || v === null) throw new TypeError('Cannot convert undefined or null to object');
  return Object(v) as object;
};

export function napi_coerce_to_number(env: EnvId, value: Handle, result: Ptr): Status {
  return coerce(env, value, result, toNumber, Status.number_expected);
}
export function napi_coerce_to_object(env: EnvId, value: Handle, result: Ptr): Status {
  return coerce(env, value, result, toObject, Status.object_expected);
}
export function napi_coerce_to_string(env: EnvId, value: Handle, result: Ptr): Status {
  return coerce(env, value, result, toString, Status.string_expected);
}

export function napi_instanceof(env: EnvId, object: Handle, constructor: Handle, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (e.hasPending === true) return e.fail(Status.pending_exception);
  const v = scopes.value(object);
  if (v === STALE || !result) return e.fail(Status.invalid_arg);
  e.mem.setU8(result, 0);
  const c = scopes.value(constructor);
  if (c === STALE) return e.fail(Status.invalid_arg);
  if (c === undefined || c === null) {
    e.throwPending(new TypeError('Cannot convert undefined or null to object'));
    return e.fail(Status.object_expected);
  }
  if (typeof c !== 'function') {
    const err = new TypeError('Constructor must be a function') as TypeError & { code: string };
    err.code = 'ERR_NAPI_CONS_FUNCTION';
    e.throwPending(err);
    return e.fail(Status.function_expected);
  }
  try {
    e.mem.setU8(result, v instanceof (c as new () => unknown) ? 1 : 0);
  } catch (error) {
    // Node answers a throwing check with napi_generic_failure, the exception left pending.
    e.throwPending(error);
    return e.fail(Status.generic_failure);
  }
  return e.ok();
}

// ---- dates ---------------------------------------------------------------------------------------

/** V8's Value::IsDate: an object with a [[DateValue]] slot (subclasses yes; proxies and look-alikes no). */
function isDate(v: unknown): v is Date {
  if (typeof v !== 'object' || v === null) return false;
  try {
    Date.prototype.getTime.call(v);
    return true;
  } catch {
    return false;
  }
}

export function napi_create_date(env: EnvId, time: number, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (e.hasPending === true) return e.fail(Status.pending_exception);
  if (!result) return e.fail(Status.invalid_arg);
  // The Date constructor applies TimeClip as v8::Date::New does: NaN beyond ±8.64e15, else truncated.
  e.setHandle(result, new Date(time));
  return e.ok();
}

export function napi_is_date(env: EnvId, value: Handle, result: Ptr): Status {
  return typeCheck(env, value, result, isDate);
}

export function napi_get_date_value(env: EnvId, value: Handle, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (e.hasPending === true) return e.fail(Status.pending_exception);
  const v = scopes.value(value);
  if (v === STALE || !result) return e.fail(Status.invalid_arg);
  if (!isDate(v)) return e.fail(Status.date_expected);
  // The [[DateValue]] slot, whatever the object's own valueOf/getTime say.
  e.mem.setF64(result, Date.prototype.getTime.call(v));
  return e.ok();
}

// ---- symbols -------------------------------------------------------------------------------------

export function napi_create_symbol(env: EnvId, description: Handle, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  if (description === 0) {
    e.setHandle(result, Symbol());
    return e.ok();
  }
  const d = scopes.value(description);
  if (d === STALE) return e.fail(Status.invalid_arg);
  if (typeof d !== 'string') return e.fail(Status.string_expected);
  e.setHandle(result, Symbol(d));
  return e.ok();
}

export function node_api_symbol_for(env: EnvId, utf8description: Ptr, length: number, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  // Node makes the description with napi_create_string_utf8, so its argument rules apply: the
  // pointer may be NULL only for length 0, and a size_t length (an i32 here) is AUTO or ≤ INT_MAX.
  if ((length !== 0 && !utf8description) || (length < 0 && length !== AUTO_LENGTH)) return e.fail(Status.invalid_arg);
  e.setHandle(result, Symbol.for(utf8description ? e.mem.readUtf8(utf8description, length) : ''));
  return e.ok();
}
