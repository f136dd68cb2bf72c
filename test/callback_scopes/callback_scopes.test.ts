// Async contexts (napi_async_init, napi_async_destroy), napi_make_callback and callback scopes
// (napi_open_callback_scope, napi_close_callback_scope). Expected values are what native Node 20
// answers (the oracle). Contexts are indices into a C table (-1 = NULL). The C side takes a trailing
// string mode: "env", "resource", "name", "result", "context", "recv", "func", "argv" pass NULL in
// that position; "catch" reports a pending exception instead of letting it propagate.
import { expect, it } from 'vitest';
import { describeEachBuild, failure, isBrowser, itInNode, nextTick, Status } from '../harness.js';

// Async contexts are Node's (async_hooks); a browser has no AsyncLocalStorage to observe them with.
const asyncHooks = isBrowser ? undefined : await import('node:async_hooks');
const needsAls = 'node:async_hooks (AsyncLocalStorage)';

const ok = { status: Status.ok, message: null };
const invalidArg = failure(Status.invalid_arg);

await describeEachBuild('callback_scopes', (a, build) => {
  const als = asyncHooks ? new asyncHooks.AsyncLocalStorage<string>() : undefined!;

  it('napi_async_init: arguments', () => {
    expect(typeof a.asyncInit({}, 'name')).toBe('number');
    expect(typeof a.asyncInit({}, 'name', 'resource')).toBe('number'); // async_resource is optional
    expect(typeof a.asyncInit(5, 'name')).toBe('number'); // ToObject
    expect(typeof a.asyncInit({}, 5)).toBe('number'); // ToString
    expect(a.asyncInit({}, 'name', 'env')).toBe(Status.invalid_arg);
    expect(a.asyncInit({}, 'name', 'name')).toEqual(invalidArg);
    expect(a.asyncInit({}, 'name', 'result')).toEqual(invalidArg);
    // Converted with no TryCatch of Node's own: the status comes back and V8 throws the error when
    // the callback returns.
    expect(() => a.asyncInit(undefined, 'name')).toThrow(new TypeError('Cannot convert undefined or null to object'));
    expect(a.lastStatus()).toBe(Status.object_expected);
    expect(() => a.asyncInit({}, Symbol('s'))).toThrow(new TypeError('Cannot convert a Symbol value to a string'));
    expect(a.lastStatus()).toBe(Status.string_expected);
  });

  it('napi_async_destroy', () => {
    const c = a.asyncInit({}, 'name');
    expect(a.asyncDestroy(c, 'env')).toBe(Status.invalid_arg);
    expect(a.asyncDestroy(c, 'context')).toEqual(invalidArg);
    expect(a.asyncDestroy(-1)).toEqual(invalidArg);
    expect(a.asyncDestroy(c)).toEqual(ok);
  });

  it('napi_make_callback calls the function with recv and the arguments', () => {
    const recv = {};
    expect(a.makeCallback(-1, recv, function (this: unknown, ...args: unknown[]) {
      return [this === recv, args];
    }, [1, 'two'])).toEqual([true, [1, 'two']]);
    // result may be NULL.
    expect(a.makeCallback(-1, recv, () => 7, [], 'result')).toEqual(ok);
  });

  it('napi_make_callback converts recv with ToObject (even for a strict function)', () => {
    const seen = a.makeCallback(-1, 5, function (this: unknown) {
      return [typeof this, this instanceof Number, Number(this)];
    }, []);
    expect(seen).toEqual(['object', true, 5]);
    const r = a.makeCallback(-1, undefined, () => 1, [], 'catch');
    expect(r).toEqual({
      ...failure(Status.object_expected),
      exception: new TypeError('Cannot convert undefined or null to object'),
    });
  });

  it('napi_make_callback: bad input', () => {
    const fn = () => 1;
    expect(a.makeCallback(-1, {}, fn, [], 'env')).toBe(Status.invalid_arg);
    expect(a.makeCallback(-1, {}, fn, [], 'recv')).toEqual(invalidArg);
    expect(a.makeCallback(-1, {}, fn, [], 'func')).toEqual(invalidArg);
    expect(a.makeCallback(-1, {}, 5, [], 'catch')).toEqual(invalidArg); // not a function
    expect(a.makeCallback(-1, {}, fn, [], 'argv')).toEqual(invalidArg); // argc 1, argv NULL
  });

  it('napi_make_callback: an exception thrown by the function is pending', () => {
    const boom = new Error('boom');
    expect(a.makeCallback(-1, {}, () => {
      throw boom;
    }, [], 'catch')).toEqual({ ...failure(Status.pending_exception), exception: boom });
  });

  itInNode('napi_make_callback runs the function in the async context given (AsyncLocalStorage)', needsAls, () => {
    const context = als.run('at init', () => a.asyncInit({}, 'ctx'));
    const store = () => als.getStore();
    expect(als.run('at call', () => a.makeCallback(context, {}, store, []))).toBe('at init');
    // A NULL context: Node makes the receiver the async resource, which has no store.
    expect(als.run('at call', () => a.makeCallback(-1, {}, store, []))).toBe(undefined);
    a.asyncDestroy(context);
  });

  it('napi_make_callback from JS does not run nextTicks or microtasks before returning to C', async () => {
    // Node runs them when the outermost callback scope closes; called from JS (a callback scope of
    // Node's is always open below), that is later.
    const log: string[] = [];
    const context = a.asyncInit({}, 'ctx');
    for (const c of [-1, context]) {
      a.makeCallbackThen(
        c,
        () => {
          log.push('function');
          nextTick?.(() => log.push('tick'));
          void Promise.resolve().then(() => log.push('microtask'));
        },
        () => log.push('back in C'),
      );
    }
    log.push('back in JS');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(log.slice(0, 5)).toEqual(['function', 'back in C', 'function', 'back in C', 'back in JS']);
    expect(log.slice(5).sort()).toEqual(nextTick ? ['microtask', 'microtask', 'tick', 'tick'] : ['microtask', 'microtask']);
    a.asyncDestroy(context);
  });

  it('callback scopes: open and close in order; closing with none open is napi_callback_scope_mismatch', () => {
    const c = a.asyncInit({}, 'ctx');
    expect(a.scopes(c, ['open', 'close 0', 'close 0'])).toEqual([Status.ok, Status.ok, Status.callback_scope_mismatch]);
    expect(a.scopes(c, ['open', 'open', 'close 1', 'close 0'])).toEqual([Status.ok, Status.ok, Status.ok, Status.ok]);
    expect(a.scopes(c, ['closeNull', 'openNullResult', 'openNullEnv'])).toEqual([
      Status.invalid_arg,
      Status.invalid_arg,
      Status.invalid_arg,
    ]);
    expect(a.scopes(c, ['open', 'closeNullEnv', 'close 0'])).toEqual([Status.ok, Status.invalid_arg, Status.ok]);
    a.asyncDestroy(c);
  });

  itInNode('inside a callback scope, JS sees the async context natively; the caller’s here (no JS API enters one)', needsAls, () => {
    const c = als.run('at init', () => a.asyncInit({}, 'ctx'));
    const [open, store, close] = als.run('at call', () => a.inScope(c, () => als.getStore(), null));
    expect([open, close]).toEqual([Status.ok, Status.ok]);
    expect(store).toBe(build === 'native' ? 'at init' : 'at call');
    a.asyncDestroy(c);
  });

  if (build !== 'native') {
    // Node crashes on each of these (a NULL or freed context, a scope freed twice or closed out of
    // order, a scope left open when the callback returns: CHECK failures); the runtime answers.
    it('wasm: a NULL or destroyed context is napi_invalid_arg for make_callback and open_callback_scope', () => {
      const c = a.asyncInit({}, 'ctx');
      expect(a.asyncDestroy(c)).toEqual(ok);
      expect(a.asyncDestroy(c)).toEqual(invalidArg);
      expect(a.makeCallback(c, {}, () => 1, [])).toEqual(invalidArg);
      expect(a.scopes(c, ['open'])).toEqual([Status.invalid_arg]);
      expect(a.scopes(-1, ['openNullContext'])).toEqual([Status.invalid_arg]);
    });

    it('wasm: closing a scope that is not the innermost is a mismatch; closing one twice is napi_invalid_arg', () => {
      const c = a.asyncInit({}, 'ctx');
      expect(a.scopes(c, ['open', 'open', 'close 0', 'close 1', 'close 0', 'close 1'])).toEqual([
        Status.ok,
        Status.ok,
        Status.callback_scope_mismatch,
        Status.ok,
        Status.ok,
        Status.callback_scope_mismatch, // none open
      ]);
      expect(a.scopes(c, ['open', 'open', 'close 1', 'close 1', 'close 0'])).toEqual([
        Status.ok,
        Status.ok,
        Status.ok,
        Status.invalid_arg, // closed already, another is open
        Status.ok,
      ]);
      a.asyncDestroy(c);
    });

    it('wasm: a scope left open by a callback does not get in the way of later ones', () => {
      const c = a.asyncInit({}, 'ctx');
      expect(a.scopes(c, ['open'])).toEqual([Status.ok]);
      expect(a.scopes(c, ['open', 'close 0'])).toEqual([Status.ok, Status.ok]);
      expect(a.scopes(c, ['open', 'open', 'close 1', 'close 0'])).toEqual([Status.ok, Status.ok, Status.ok, Status.ok]);
      a.asyncDestroy(c);
    });
  }
});
