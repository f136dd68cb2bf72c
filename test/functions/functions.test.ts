// Functions: napi_create_function, napi_get_cb_info, napi_get_new_target, napi_call_function,
// napi_new_instance and nested calls. Expected values are what native Node 20 answers (the oracle).
//
// The C side takes a trailing string mode: "env", "cb", "cbinfo", "func", "recv", "cons", "argv" or
// "result" pass NULL in that position; "catch" returns { status, message, exception } instead of
// letting a pending exception propagate. A NULL env answers the bare status.
import { expect, it } from 'vitest';
import { describeEachBuild, failure, Status } from '../harness.js';

const ok = { status: Status.ok, message: null };
const invalidArg = failure(Status.invalid_arg);

function caught(status: number, exception: unknown) {
  return { ...failure(status), exception };
}

await describeEachBuild('functions', (a) => {
  it('napi_create_function: the name, from NAPI_AUTO_LENGTH or an explicit byte length', () => {
    const name = (n: string | null, length: number) => a.makeFunction(n, length).name;
    expect(name('hello', -1)).toBe('hello');
    expect(name('hello world', 5)).toBe('hello');
    expect(name('ünï✓', -1)).toBe('ünï✓');
    expect(name('ünï', 2)).toBe('ü'); // a length in UTF-8 bytes
    expect(name('', -1)).toBe('');
    expect(name('x', 0)).toBe('');
    expect(name(null, -1)).toBe(''); // a NULL name → ''
    expect(name(null, 3)).toBe('');
    // NAPI_AUTO_LENGTH stops at the first NUL; an explicit length keeps it.
    expect(name('a\0b', -1)).toBe('a');
    expect(name('a\0b', 3)).toBe('a\0b');
  });

  it('napi_create_function: a function like a sloppy `function` declaration', () => {
    const f = a.makeFunction('named', -1);
    expect(typeof f).toBe('function');
    expect(f.length).toBe(0);
    expect(Object.getOwnPropertyDescriptor(f, 'name')).toEqual({
      value: 'named',
      writable: false,
      enumerable: false,
      configurable: true,
    });
    expect('prototype' in f).toBe(true);
    expect(f(1, 'two')).toEqual([1, 'two']);
    expect(new f(1)).toEqual([1]); // constructible; an object returned by C replaces `this`
    expect(Object.getPrototypeOf(f)).toBe(Function.prototype);
  });

  it('napi_create_function: bad input', () => {
    expect(a.makeFunction('x', -1, 'env')).toBe(Status.invalid_arg);
    expect(a.makeFunction('x', -1, 'cb')).toEqual(invalidArg);
    expect(a.makeFunction('x', -1, 'result')).toEqual(invalidArg);
  });

  it('napi_get_cb_info: fewer arguments than argc are padded with undefined', () => {
    expect(a.cbInfo()).toMatchObject({ argc: 0, argv: [undefined, undefined, undefined] });
    expect(a.cbInfo(1)).toMatchObject({ argc: 1, argv: [1, undefined, undefined] });
    expect(a.cbInfo(undefined)).toMatchObject({ argc: 1, argv: [undefined, undefined, undefined] });
  });

  it('napi_get_cb_info: more arguments than argc → argc out is the real count, argv holds argc', () => {
    expect(a.cbInfo(1, 2, 3, 4, 5)).toMatchObject({ argc: 5, argv: [1, 2, 3] });
    expect(a.cbInfoCount()).toBe(0);
    expect(a.cbInfoCount(1, 2, 3)).toBe(3);
    expect(a.cbInfoCount(...new Array(100).fill(0))).toBe(100);
    // argc in = 0 with an argv: nothing is written.
    expect(a.cbInfoZeroArgc(1, 2)).toEqual({ argc: 2, argv0: 'untouched' });
  });

  it('napi_get_cb_info: the data pointer given to napi_create_function comes back', () => {
    expect(a.cbInfo().data).toBe('cb data');
    const c1 = a.makeCounter();
    const c2 = a.makeCounter();
    expect([c1(), c1(), c1(), c2()]).toEqual([1, 2, 3, 1]);
    expect(c1.name).toBe('count');
  });

  it('napi_get_cb_info: this for a method call, a plain call and a construct call', () => {
    const o = { m: a.cbInfo };
    expect(o.m().thisArg).toBe(o);
    const f = a.cbInfo;
    // Native functions get sloppy-mode receivers even when called from strict code (this ES module):
    // an undefined or null `this` becomes the global object.
    expect(f().thisArg).toBe(globalThis);
    expect(f.call(undefined).thisArg).toBe(globalThis);
    expect(f.call(null).thisArg).toBe(globalThis);
    const made = new a.cbInfo(1);
    expect(Object.getPrototypeOf(made.thisArg)).toBe(a.cbInfo.prototype);
  });

  it('napi_get_cb_info: a primitive `this` is boxed', () => {
    for (const v of [5, 'str', true, Symbol('s'), 10n]) {
      const self = a.cbInfo.call(v).thisArg;
      expect(typeof self, String(v)).toBe('object');
      expect(self.valueOf(), String(v)).toBe(v);
    }
    expect(a.cbInfo.call(5).thisArg).toBeInstanceOf(Number);
  });

  it('napi_get_cb_info: NULL arguments', () => {
    expect(a.cbInfoBad('none')).toEqual(ok);
    expect(a.cbInfoBad('allNull')).toEqual(ok); // argc and argv both NULL: nothing asked, fine
    expect(a.cbInfoBad('argvWithoutArgc')).toEqual(invalidArg);
    expect(a.cbInfoBad('cbinfo')).toEqual(invalidArg);
    expect(a.cbInfoBad('env')).toBe(Status.invalid_arg);
  });

  it('napi_get_new_target: NULL for a plain call, new.target for a construct call', () => {
    expect(a.newTarget()).toEqual({ newTarget: null });
    expect(a.newTarget.call({})).toEqual({ newTarget: null });
    expect(new a.newTarget().newTarget).toBe(a.newTarget);
    class Sub extends a.newTarget {}
    expect(new Sub().newTarget).toBe(Sub);
    function Other() {}
    expect(Reflect.construct(a.newTarget, [], Other).newTarget).toBe(Other);
  });

  it('napi_get_new_target: bad input', () => {
    expect(a.newTarget('env')).toBe(Status.invalid_arg);
    expect(a.newTarget('cbinfo')).toEqual(invalidArg);
    expect(a.newTarget('result')).toEqual(invalidArg);
    expect(new a.newTarget('result')).toEqual(invalidArg);
  });

  it('napi_call_function: receiver, arguments and result', () => {
    const recv = { r: 1 };
    expect(
      a.callFunction(
        function (this: unknown, ...args: unknown[]) {
          return [this, ...args];
        },
        recv,
        [1, 'two'],
      ),
    ).toEqual([recv, 1, 'two']);
    // The receiver is passed as is: a strict function sees the primitive, a sloppy one would box it.
    const strictThis = function (this: unknown) {
      return this;
    };
    expect(a.callFunction(strictThis, 5, [])).toBe(5);
    expect(a.callFunction(strictThis, undefined, [])).toBe(undefined);
    expect(a.callFunction(Math.max, undefined, [1, 5, 3])).toBe(5);
    expect(a.callFunction((...x: unknown[]) => x.length, undefined, [])).toBe(0);
    // Calling a C function from C: its `this` is boxed as for any native function.
    const viaC = a.callFunction(a.cbInfo, 'r', [1]);
    expect(viaC).toMatchObject({ argc: 1, argv: [1, undefined, undefined], data: 'cb data' });
    expect(viaC.thisArg).toBeInstanceOf(String);
    // A NULL result pointer is allowed: the call still happens.
    let called = 0;
    expect(a.callFunction(() => called++, undefined, [], 'result')).toEqual(ok);
    expect(called).toBe(1);
  });

  it('napi_call_function: a function that throws → napi_pending_exception, the caller sees it', () => {
    const thrower = () => {
      throw new RangeError('js threw');
    };
    expect(a.callFunction(thrower, undefined, [], 'catch')).toEqual(
      caught(Status.pending_exception, expect.any(RangeError)),
    );
    expect(() => a.callFunction(thrower, undefined, [])).toThrow(RangeError);
    expect(() => a.callFunction(thrower, undefined, [])).toThrow('js threw');
    // Errors thrown by C callbacks reach JS too.
    expect(() => a.throwFrom('boom')).toThrow(expect.objectContaining({ message: 'boom', code: 'ERR_FROM_C' }));
  });

  it('napi_call_function: a non-function → napi_invalid_arg (not napi_function_expected)', () => {
    // Node's CHECK_TO_FUNCTION answers napi_invalid_arg for any value that is not a function.
    for (const v of [5, {}, 'f', undefined, null]) {
      expect(a.callFunction(v, undefined, [], 'catch'), String(v)).toEqual(invalidArg);
    }
  });

  it('napi_call_function: bad input', () => {
    expect(a.callFunction((x: unknown) => x, undefined, [], 'env')).toBe(Status.invalid_arg);
    expect(a.callFunction((x: unknown) => x, undefined, [], 'recv')).toEqual(invalidArg);
    expect(a.callFunction((x: unknown) => x, undefined, [], 'func')).toEqual(invalidArg);
    // argc > 0 with a NULL argv.
    expect(a.callFunction((x: unknown) => x, undefined, [], 'argv')).toEqual(invalidArg);
    // Called while an exception is pending: refused, the pending exception stays.
    let called = 0;
    expect(a.callFunction(() => called++, undefined, [], 'pending')).toEqual(
      caught(Status.pending_exception, expect.objectContaining({ message: 'already pending' })),
    );
    expect(called).toBe(0);
  });

  it('napi_new_instance', () => {
    class K {
      args: unknown[];
      constructor(...args: unknown[]) {
        this.args = args;
      }
    }
    const k = a.newInstance(K, [1, 2]);
    expect(k).toBeInstanceOf(K);
    expect(k.args).toEqual([1, 2]);
    expect(a.newInstance(Date, [0]).getTime()).toBe(0);
    // A C function as the constructor: new.target is that function.
    expect(a.newInstance(a.newTarget, []).newTarget).toBe(a.newTarget);
  });

  it('napi_new_instance: a constructor that throws → napi_pending_exception', () => {
    class Throws {
      constructor() {
        throw new Error('ctor threw');
      }
    }
    expect(a.newInstance(Throws, [], 'catch')).toEqual(
      caught(Status.pending_exception, expect.objectContaining({ message: 'ctor threw' })),
    );
    expect(() => a.newInstance(Throws, [])).toThrow('ctor threw');
    // A function that is not a constructor: V8 throws a TypeError, also napi_pending_exception.
    expect(a.newInstance(() => 1, [], 'catch')).toEqual(caught(Status.pending_exception, expect.any(TypeError)));
  });

  it('napi_new_instance: bad input', () => {
    class K {}
    expect(a.newInstance({}, [], 'catch')).toEqual(invalidArg);
    expect(a.newInstance(5, [], 'catch')).toEqual(invalidArg);
    expect(a.newInstance(K, [], 'env')).toBe(Status.invalid_arg);
    expect(a.newInstance(K, [], 'cons')).toEqual(invalidArg);
    expect(a.newInstance(K, [], 'argv')).toEqual(invalidArg);
    expect(a.newInstance(K, [], 'result')).toEqual(invalidArg);
  });

  it('JS → C → JS → C nesting: handles stay valid across nested calls', () => {
    const down = (d: number): unknown => (d > 0 ? a.nest(d - 1, down) : 'bottom');
    expect(a.nest(10, down)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    const deep = (d: number): unknown => (d > 0 ? a.nest(d - 1, deep) : []);
    expect(a.nest(100, deep)).toHaveLength(101);
  });

  it('an exception thrown deep inside nested calls unwinds through every C frame', () => {
    const throwsAtBottom = (d: number): unknown => {
      if (d > 0) return a.nest(d - 1, throwsAtBottom);
      throw new Error('bottom');
    };
    expect(() => a.nest(5, throwsAtBottom)).toThrow('bottom');
    expect(a.nest(2, (d: number): unknown => (d > 0 ? a.nest(d - 1, () => []) : []))).toEqual([2, 1]);
  });

  it('a callback returning NULL gives undefined', () => {
    expect(a.returnsNull()).toBe(undefined);
    expect(a.manyHandles(3, 5)).toBe(undefined); // k never reached: returns NULL
  });

  it('a callback that makes many handles returns one of them', () => {
    expect(a.manyHandles(100_000, 77_777)).toEqual({ index: 77_777 });
    expect(a.manyHandles(100_000, 0)).toEqual({ index: 0 });
    // Repeated calls: handles of finished calls are released, not accumulated.
    for (let i = 0; i < 20; i++) expect(a.manyHandles(50_000, 49_999)).toEqual({ index: 49_999 });
  });

  // Last: on a runtime that gets this wrong, the module may be unusable afterwards.
  it('unbounded JS → C recursion ends in a RangeError, and the addon still works after', () => {
    // nestBig keeps a 4 KiB C frame per level. Natively the C stack is the JS stack: V8 throws a
    // RangeError after ~160 levels. On wasm the C stack is a separate region of linear memory (64 KiB
    // by default on wasm32-wasi, no guard page): it must not overflow first, silently or with a trap,
    // and the module must stay usable after the RangeError unwinds through its frames.
    let levels = 0;
    const up = (d: number): unknown => {
      levels = d;
      return a.nestBig(d + 1, up);
    };
    expect(() => a.nestBig(0, up)).toThrow(RangeError);
    expect(levels).toBeGreaterThan(50);
    const down = (d: number): unknown => (d > 0 ? a.nest(d - 1, down) : []);
    expect(a.nest(20, down)).toHaveLength(21);
    expect(a.manyHandles(10, 3)).toEqual({ index: 3 });
    expect(a.cbInfo(1, 2)).toMatchObject({ argc: 2, argv: [1, 2, undefined], data: 'cb data' });
  });
});
