// Errors and exceptions, checked against native Node 20 (the oracle): creating and throwing errors,
// napi_get_last_error_info, JS exceptions crossing C, and the calls that refuse to run while an
// exception is pending.
import { expect, it } from 'vitest';
import { describeEachBuild, failure, Mode, Status } from '../harness.js';

const invalidArg = failure(Status.invalid_arg);
const stringExpected = failure(Status.string_expected);

/** Runs fn and answers what it threw (fails the test if it did not throw). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

const kinds = [
  ['createError', 'throwError', Error],
  ['createTypeError', 'throwTypeError', TypeError],
  ['createRangeError', 'throwRangeError', RangeError],
  ['createSyntaxError', 'throwSyntaxError', SyntaxError], // node_api_*_syntax_error (Node-API 9)
] as const;

await describeEachBuild('errors', (a) => {
  it.each(kinds)('%s without and with a code', (create, _throw, Ctor) => {
    const e = a[create](Mode.normal, undefined, 'msg');
    expect(e).toBeInstanceOf(Ctor);
    expect(Object.getPrototypeOf(e)).toBe(Ctor.prototype);
    expect(e.message).toBe('msg');
    expect('code' in e).toBe(false);
    expect(Object.keys(e)).toEqual([]);
    expect(typeof e.stack).toBe('string');

    const c = a[create](Mode.normal, 'ECODE', 'msg');
    expect(c).toBeInstanceOf(Ctor);
    expect(c.message).toBe('msg');
    // The code is a plain own data property (enumerable, writable, configurable).
    expect(Object.getOwnPropertyDescriptor(c, 'code')).toEqual({
      value: 'ECODE',
      writable: true,
      enumerable: true,
      configurable: true,
    });
    expect(a[create](Mode.normal, '', '').code).toBe('');
  });

  it.each(kinds)('%s: code and msg must be strings; NULL env/result/msg → napi_invalid_arg', (create) => {
    for (const code of [1, null, {}, Symbol('s'), new String('c')]) {
      expect(a[create](Mode.normal, code, 'msg'), String(code)).toEqual(stringExpected);
    }
    for (const msg of [1, null, undefined, {}, Symbol('s')]) {
      expect(a[create](Mode.normal, undefined, msg), String(msg)).toEqual(stringExpected);
    }
    expect(a[create](Mode.normal, 1, 1)).toEqual(stringExpected);
    expect(a[create](Mode.nullEnv, undefined, 'msg')).toBe(Status.invalid_arg);
    expect(a[create](Mode.nullResult, undefined, 'msg')).toEqual(invalidArg);
    expect(a[create](Mode.nullValue, undefined, 'msg')).toEqual(invalidArg); // msg = NULL
  });

  it.each(kinds)('%s / %s throws the matching error, with a code or a NULL code', (_create, thr, Ctor) => {
    const e = thrown(() => a[thr](Mode.normal, undefined, 'msg')) as Error & { code?: string };
    expect(e).toBeInstanceOf(Ctor);
    expect(e.message).toBe('msg');
    expect('code' in e).toBe(false);
    const c = thrown(() => a[thr](Mode.normal, 'ECODE', 'msg')) as Error & { code?: string };
    expect(c).toBeInstanceOf(Ctor);
    expect(c.message).toBe('msg');
    expect(c.code).toBe('ECODE');
    expect(Object.keys(c)).toEqual(['code']);
  });

  it.each(kinds)('%s / %s: NULL msg → napi_invalid_arg, nothing thrown; NULL env → napi_invalid_arg', (_c, thr) => {
    expect(a[thr](Mode.normal, 'ECODE', undefined)).toEqual(invalidArg);
    expect(a[thr](Mode.normal, undefined, undefined)).toEqual(invalidArg);
    expect(a[thr](Mode.nullEnv, 'ECODE', 'msg')).toBe(Status.invalid_arg);
  });

  it('napi_throw throws any value, identity kept', () => {
    const err = new Error('mine');
    expect(thrown(() => a.throw(Mode.normal, err))).toBe(err);
    const obj = { not: 'an error' };
    expect(thrown(() => a.throw(Mode.normal, obj))).toBe(obj);
    expect(thrown(() => a.throw(Mode.normal, 'str'))).toBe('str');
    expect(thrown(() => a.throw(Mode.normal, 42))).toBe(42);
    expect(thrown(() => a.throw(Mode.normal, null))).toBe(null);
    expect(thrown(() => a.throw(Mode.normal, undefined))).toBe(undefined);
  });

  it('napi_throw: NULL env, NULL value → napi_invalid_arg, nothing thrown', () => {
    expect(a.throw(Mode.nullEnv, 1)).toBe(Status.invalid_arg);
    expect(a.throw(Mode.nullValue, 1)).toEqual(invalidArg);
  });

  it('a second throw while one is pending → napi_pending_exception; the first one wins', () => {
    const e = thrown(() => a.throwTwice()) as Error;
    expect(e.message).toBe('first');
    expect(a.secondThrowStatus()).toBe(Status.pending_exception);
  });

  it('a callback that throws and returns a value: the caller gets the exception', () => {
    expect((thrown(() => a.throwAndReturn()) as Error).message).toBe('thrown');
  });

  it('napi_is_error is V8 IsNativeError', () => {
    class MyError extends Error {}
    expect(a.isError(Mode.normal, new Error())).toBe(true);
    expect(a.isError(Mode.normal, new TypeError())).toBe(true);
    expect(a.isError(Mode.normal, new MyError())).toBe(true);
    expect(a.isError(Mode.normal, a.createRangeError(Mode.normal, undefined, 'x'))).toBe(true);
    // Not native errors: objects inheriting from Error.prototype, look-alikes, DOMException.
    expect(a.isError(Mode.normal, Object.create(Error.prototype))).toBe(false);
    expect(a.isError(Mode.normal, { message: 'x', stack: '' })).toBe(false);
    expect(a.isError(Mode.normal, new DOMException('x'))).toBe(false);
    expect(a.isError(Mode.normal, MyError)).toBe(false);
    expect(a.isError(Mode.normal, 'error')).toBe(false);
    expect(a.isError(Mode.normal, undefined)).toBe(false);
    expect(a.isError(Mode.nullEnv, 1)).toBe(Status.invalid_arg);
    expect(a.isError(Mode.nullResult, 1)).toEqual(invalidArg);
    expect(a.isError(Mode.nullValue, 1)).toEqual(invalidArg);
  });

  it('napi_is_exception_pending / napi_get_and_clear_last_exception with nothing pending', () => {
    expect(a.isExceptionPending(Mode.normal)).toBe(false);
    expect(a.isExceptionPending(Mode.nullEnv)).toBe(Status.invalid_arg);
    expect(a.isExceptionPending(Mode.nullResult)).toEqual(invalidArg);
    expect(a.getAndClearLastException(Mode.normal)).toBe(undefined);
    expect(a.getAndClearLastException(Mode.nullEnv)).toBe(Status.invalid_arg);
    expect(a.getAndClearLastException(Mode.nullResult)).toEqual(invalidArg);
  });

  it('an exception from napi_call_function can be inspected and cleared in C', () => {
    const boom = new Error('boom');
    const r = a.catchFromCall(() => {
      throw boom;
    });
    expect(r).toEqual({
      callStatus: Status.pending_exception,
      pendingBefore: true,
      exception: boom,
      pendingAfter: false,
      again: undefined,
    });
    expect(r.exception).toBe(boom);
    // A thrown undefined is still a pending exception.
    const u = a.catchFromCall(() => {
      throw undefined;
    });
    expect(u.callStatus).toBe(Status.pending_exception);
    expect(u.pendingBefore).toBe(true);
    expect(u.exception).toBe(undefined);
    expect(u.pendingAfter).toBe(false);
    const none = a.catchFromCall(() => 1);
    expect(none).toEqual({ callStatus: 0, pendingBefore: false, exception: undefined, pendingAfter: false, again: undefined });
  });

  it('napi_call_function: the JS exception reaches the JS caller unchanged', () => {
    expect(a.callFunction(Mode.normal, (x: number, y: number) => x + y, 1, 2)).toBe(3);
    const boom = new Error('boom');
    expect(thrown(() => a.callFunction(Mode.normal, () => { throw boom; }))).toBe(boom);
    const sym = Symbol('thrown');
    expect(thrown(() => a.callFunction(Mode.normal, () => { throw sym; }))).toBe(sym);
    const r = a.callFunction(Mode.catch, () => { throw boom; });
    expect(r.status).toBe(Status.pending_exception);
    expect(r.message).toBe('An exception is pending');
    expect(r.exception).toBe(boom);
    // Nested: JS → C → JS → C → JS throw, back out through both C frames.
    const deep = thrown(() =>
      a.callFunction(Mode.normal, () => a.callFunction(Mode.normal, () => { throw boom; })),
    );
    expect(deep).toBe(boom);
  });

  it('napi_call_function: bad input', () => {
    // Surprise: a non-function is napi_invalid_arg, not napi_function_expected.
    expect(a.callFunction(Mode.normal, 1)).toEqual(invalidArg);
    expect(a.callFunction(Mode.normal, {})).toEqual(invalidArg);
    expect(a.callFunction(Mode.nullEnv, () => 1)).toBe(Status.invalid_arg);
    expect(a.callFunction(Mode.nullValue, () => 1)).toEqual(invalidArg);
    // A NULL result pointer is allowed: the call is made and its result dropped.
    let called = false;
    expect(a.callFunction(Mode.nullResult, () => { called = true; })).toBe(undefined);
    expect(called).toBe(true);
  });

  it('napi_get_last_error_info after successful and failing calls', () => {
    const info = (errorCode: number) => ({
      errorCode,
      errorMessage: failure(errorCode).message,
      engineErrorCode: 0,
      engineReservedNull: true,
    });
    expect(a.lastErrorAfter('ok')).toEqual(info(Status.ok));
    expect(a.lastErrorAfter('ok').errorMessage).toBe(null);
    expect(a.lastErrorAfter('number_expected')).toEqual(info(Status.number_expected));
    expect(a.lastErrorAfter('boolean_expected')).toEqual(info(Status.boolean_expected));
    expect(a.lastErrorAfter('string_expected')).toEqual(info(Status.string_expected));
    expect(a.lastErrorAfter('array_expected')).toEqual(info(Status.array_expected));
    expect(a.lastErrorAfter('invalid_arg')).toEqual(info(Status.invalid_arg));
    expect(a.lastErrorAfter('call_non_function')).toEqual(info(Status.invalid_arg));
    // A successful call clears the previous error; a NULL-env call does not touch it.
    expect(a.lastErrorAfter('failure_then_ok')).toEqual(info(Status.ok));
    expect(a.lastErrorAfter('failure_then_null_env')).toEqual(info(Status.number_expected));
  });

  it('napi_get_last_error_info: bad input', () => {
    expect(a.getLastErrorInfo(Mode.normal)).toEqual({
      errorCode: 0,
      errorMessage: null,
      engineErrorCode: 0,
      engineReservedNull: true,
    });
    expect(a.getLastErrorInfo(Mode.nullEnv)).toBe(Status.invalid_arg);
    expect(a.getLastErrorInfo(Mode.nullResult)).toEqual(invalidArg);
  });

  // Node guards only some functions with NAPI_PREAMBLE (those that may run JS); they answer
  // napi_pending_exception while an exception is pending, the rest work normally.
  const refuse = [
    'napi_strict_equals',
    'napi_coerce_to_bool',
    'napi_coerce_to_string',
    'napi_instanceof',
    'napi_get_named_property',
    'napi_set_named_property',
    'napi_has_named_property',
    'napi_get_array_length',
    'napi_call_function',
    'napi_new_instance',
    'napi_throw',
    'napi_throw_error',
  ];
  const work = [
    'napi_get_undefined',
    'napi_get_global',
    'napi_create_int32',
    'napi_create_object',
    'napi_create_array',
    'napi_create_string_utf8',
    'napi_get_value_string_utf8',
    'napi_typeof',
    'napi_get_value_int32',
    'napi_get_value_bool',
    'napi_is_array',
    'napi_is_error',
    'napi_create_error',
    'napi_is_exception_pending',
    'napi_open_handle_scope',
    'napi_create_reference',
  ];
  const boom = new Error('boom');
  const thrower = () => {
    throw boom;
  };

  it.each(refuse)('while an exception is pending, %s → napi_pending_exception', (which) => {
    const r = a.statusWhilePending(thrower, which);
    expect(r.callStatus).toBe(Status.pending_exception);
    expect(r.status).toBe(Status.pending_exception);
    expect(r.message).toBe('An exception is pending');
    expect(r.exception).toBe(boom); // still the first exception
  });

  it.each(work)('while an exception is pending, %s still works', (which) => {
    const r = a.statusWhilePending(thrower, which);
    expect(r.callStatus).toBe(Status.pending_exception);
    expect(r.status).toBe(Status.ok);
    expect(r.message).toBe(null);
    expect(r.exception).toBe(boom);
  });
});
