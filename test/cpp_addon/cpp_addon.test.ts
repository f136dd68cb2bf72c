// A C++ addon written with node-addon-api only (cpp_addon.cc): ObjectWrap, errors, functions, typed
// arrays, Buffers, promises, AsyncWorker and ThreadSafeFunction. Expected values are what the native
// build answers (the oracle).
//
// The builds differ in how C++ errors travel, not in what JS sees: the native build (node-gyp, as
// node-addon-api's except.gypi sets it up) and the Emscripten build (-fwasm-exceptions) define
// NAPI_CPP_EXCEPTIONS, so errors are C++ `throw`s of Napi::Error; the wasm32-wasi build has no C++
// exceptions (NAPI_DISABLE_CPP_EXCEPTIONS) and the same source throws with
// ThrowAsJavaScriptException() and checks Env().IsExceptionPending(). Every assertion below holds
// for all three.
import { expect, it } from 'vitest';
import { bufferAlloc, bufferFrom, describeEachBuild, hex, isHostBuffer, text, thrown } from '../harness.js';
import { gcUntil } from '../gc.js';

/** The exception `fn` throws, as is. */
function exceptionOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('no exception');
}

const settle = (p: Promise<unknown>) =>
  p.then(
    (value) => ({ fulfilled: value }),
    (reason: unknown) => ({ rejected: reason }),
  );

await describeEachBuild('cpp_addon', (a, build) => {
  const { Counter } = a;

  it('builds with C++ exceptions on native and Emscripten, without them on wasm32-wasi', () => {
    // The one expected difference, and the reason the source has both error paths.
    expect(a.cppExceptions()).toBe(build !== 'wasi');
  });

  it('ObjectWrap: constructor arguments, instance methods, getters and setters', () => {
    expect(typeof Counter).toBe('function');
    expect(Counter.name).toBe('Counter');
    const c = new Counter(5, 2);
    expect(c).toBeInstanceOf(Counter);
    expect(c.value).toBe(5);
    expect(c.step).toBe(2);
    expect(c.increment()).toBe(7);
    expect(c.increment()).toBe(9);
    // add() returns `this`, so it chains.
    expect(c.add(1).add(0.5)).toBe(c);
    expect(c.value).toBe(10.5);
    c.value = -3;
    expect(c.value).toBe(-3);
    expect(c.increment()).toBe(-1);
    // Defaults when arguments are missing or undefined.
    const d = new Counter();
    expect([d.value, d.step]).toEqual([0, 1]);
    expect(new Counter(undefined, 4).step).toBe(4);
    // `step` has only a getter: assigning is ignored in sloppy mode, a TypeError in strict mode.
    expect(() => {
      'use strict';
      c.step = 10;
    }).toThrow(TypeError);
    expect(c.step).toBe(2);
    // Instances are separate native objects.
    const e = new Counter(100);
    expect(e.increment()).toBe(101);
    expect(c.value).toBe(-1);
  });

  it('ObjectWrap: the class shape (prototype methods, accessors, static methods)', () => {
    const proto = Counter.prototype;
    expect(Object.getOwnPropertyNames(proto).sort()).toEqual(['add', 'addTo', 'constructor', 'increment', 'step', 'value']);
    // Native functions made from templates also own sloppy-mode 'arguments' and 'caller' (not
    // compared: wasm-napi's functions are strict-mode functions; see test/classes).
    const own = Object.getOwnPropertyNames(Counter).filter((n) => n !== 'arguments' && n !== 'caller');
    expect(own).toEqual(['length', 'name', 'prototype', 'create', 'isCounter', 'live']);
    const value = Object.getOwnPropertyDescriptor(proto, 'value')!;
    expect(typeof value.get).toBe('function');
    expect(typeof value.set).toBe('function');
    const step = Object.getOwnPropertyDescriptor(proto, 'step')!;
    expect(typeof step.get).toBe('function');
    expect(step.set).toBeUndefined();
    expect(proto.increment.name).toBe('increment');
    // StaticMethod<fn>("create") goes to napi_define_class as a static method, and those are
    // anonymous (test/classes).
    expect(Counter.create.name).toBe('');
    // StaticMethod's default attributes are napi_default: read-only, not configurable.
    expect(Object.getOwnPropertyDescriptor(Counter, 'create')).toEqual({
      value: Counter.create,
      writable: false,
      enumerable: false,
      configurable: false,
    });
    expect(proto.constructor).toBe(Counter);
  });

  it('ObjectWrap: the constructor throws TypeError/RangeError for bad arguments and needs `new`', () => {
    expect(thrown(() => new Counter('x'))).toEqual({ type: 'TypeError', message: 'start must be a number' });
    expect(thrown(() => new Counter(1, null))).toEqual({ type: 'TypeError', message: 'step must be a number' });
    expect(thrown(() => new Counter(1, 0))).toEqual({ type: 'RangeError', message: 'step must not be 0' });
    // ObjectWrap's default OnCalledAsFunction.
    expect(thrown(() => Counter(1))).toEqual({ type: 'TypeError', message: "Class constructors cannot be invoked without 'new'" });
    // A failed construction leaves nothing behind and the class keeps working.
    const before = Counter.live();
    for (let i = 0; i < 100; i++) expect(() => new Counter(1, 0)).toThrow(RangeError);
    expect(Counter.live()).toBe(before);
    expect(new Counter(1).increment()).toBe(2);
  });

  it('ObjectWrap: methods and setters throw TypeError for bad arguments', () => {
    const c = new Counter(1);
    expect(thrown(() => c.add('2'))).toEqual({ type: 'TypeError', message: 'add() expects a number' });
    expect(thrown(() => c.add())).toEqual({ type: 'TypeError', message: 'add() expects a number' });
    expect(thrown(() => (c.value = 'x'))).toEqual({ type: 'TypeError', message: 'value must be a number' });
    expect(c.value).toBe(1);
    expect(thrown(() => c.addTo({}))).toEqual({ type: 'TypeError', message: 'addTo() expects a Counter' });
    expect(thrown(() => c.addTo(Object.create(Counter.prototype)))).toEqual({ type: 'Error', message: 'Invalid argument' });
  });

  it('ObjectWrap: a method called on the wrong receiver', () => {
    const c = new Counter(1);
    // Methods carry the class's signature (napi_define_class): V8 refuses other receivers itself.
    expect(thrown(() => Counter.prototype.increment.call({}))).toEqual({ type: 'TypeError', message: 'Illegal invocation' });
    expect(thrown(() => c.increment.call(Object.create(Counter.prototype)))).toEqual({ type: 'TypeError', message: 'Illegal invocation' });
    expect(thrown(() => c.add.call(new Counter(2).constructor, 1))).toEqual({ type: 'TypeError', message: 'Illegal invocation' });
    // Accessors carry no signature: node-addon-api's Unwrap fails (napi_unwrap: napi_invalid_arg) and
    // throws the last error's message.
    const getter = Object.getOwnPropertyDescriptor(Counter.prototype, 'value')!.get!;
    expect(thrown(() => getter.call({}))).toEqual({ type: 'Error', message: 'Invalid argument' });
    expect(thrown(() => getter.call(Object.create(Counter.prototype)))).toEqual({ type: 'Error', message: 'Invalid argument' });
    expect(getter.call(c)).toBe(1);
    // The receiver is still fine afterwards.
    expect(c.increment()).toBe(2);
  });

  it('ObjectWrap: instanceof, unwrapping another instance, static methods', () => {
    const c = new Counter(3);
    expect(Counter.isCounter(c)).toBe(true);
    expect(Counter.isCounter({})).toBe(false);
    expect(Counter.isCounter(3)).toBe(false);
    expect(Counter.isCounter(Object.create(Counter.prototype))).toBe(true); // instanceof is about the prototype chain
    const made = Counter.create(7);
    expect(made).toBeInstanceOf(Counter);
    expect(made.value).toBe(7);
    expect(Counter.create().value).toBe(0);
    expect(() => Counter.create('x')).toThrow(new TypeError('start must be a number'));
    // addTo() unwraps its argument: the other instance's native state changes.
    expect(c.addTo(made)).toBe(10);
    expect(made.value).toBe(10);
    expect(c.value).toBe(3);
  });

  it('ObjectWrap: a JS subclass', () => {
    class Sub extends Counter {
      constructor(start: number, step: number) {
        super(start, step);
      }
      twice(): number {
        this.increment();
        return this.increment();
      }
    }
    const s = new Sub(10, 5);
    expect(s).toBeInstanceOf(Sub);
    expect(s).toBeInstanceOf(Counter);
    expect(Object.getPrototypeOf(s)).toBe(Sub.prototype);
    expect(s.twice()).toBe(20);
    expect(Counter.isCounter(s)).toBe(true);
    expect(new Counter(1).addTo(s)).toBe(21);
  });

  it('ObjectWrap: collected instances run their C++ destructor', async () => {
    const before = Counter.live();
    (() => {
      for (let i = 0; i < 50; i++) new Counter(i);
    })();
    expect(Counter.live()).toBe(before + 50);
    expect(await gcUntil(() => Counter.live() <= before)).toBe(true);
  });

  it('Napi::Error, TypeError, RangeError thrown from C++ become JS exceptions', () => {
    expect(thrown(() => a.throwError('error', 'plain'))).toEqual({ type: 'Error', message: 'plain' });
    expect(thrown(() => a.throwError('type', 'typed'))).toEqual({ type: 'TypeError', message: 'typed' });
    expect(thrown(() => a.throwError('range', 'ranged'))).toEqual({ type: 'RangeError', message: 'ranged' });
    const e = exceptionOf(() => a.throwError('code', 'with code')) as Error & { code: string };
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe('with code');
    expect(e.code).toBe('E_CPP_ADDON');
    expect(Object.keys(e)).toEqual(['code']);
    // Non-ASCII messages survive the UTF-8 round trip.
    expect(thrown(() => a.throwError('type', 'ü → 😀'))).toEqual({ type: 'TypeError', message: 'ü → 😀' });
  });

  it('many exceptions in a row leave the module working', () => {
    for (let i = 0; i < 2000; i++) {
      expect(() => a.throwError('type', `n${i}`)).toThrow(`n${i}`);
      expect(() => new Counter('x')).toThrow(TypeError);
    }
    expect(new Counter(1).increment()).toBe(2);
    expect(a.greet('after')).toBe('hello, after!');
  });

  it('C++ catches what a JS callback throws (try/catch, or IsExceptionPending without exceptions)', () => {
    const error = new RangeError('from JS');
    expect(a.catchFromCallback(() => {
      throw error;
    })).toEqual({ caught: error, message: 'from JS' });
    expect(a.catchFromCallback(() => 'fine')).toEqual({ value: 'fine' });
    // A thrown primitive comes back as itself (node-addon-api boxes it inside Napi::Error).
    expect(a.catchFromCallback(() => {
      throw 42;
    })).toEqual({ caught: 42 });
    const plain = { not: 'an error' };
    const r = a.catchFromCallback(() => {
      throw plain;
    });
    expect(r).toEqual({ caught: plain });
    expect(r.caught).toBe(plain);
    // An error thrown by C++ further in, through a JS frame.
    const inner = a.catchFromCallback(() => a.throwError('type', 'inner'));
    expect(inner.caught).toBeInstanceOf(TypeError);
    expect(inner.message).toBe('inner');
  });

  it('an exception from a callback passes through C++ unchanged', () => {
    const error = new Error('same object');
    expect(exceptionOf(() => a.propagate(() => {
      throw error;
    }))).toBe(error);
    expect(exceptionOf(() => a.propagate(() => {
      throw 42;
    }))).toBe(42);
    expect(exceptionOf(() => a.propagate(() => {
      throw undefined;
    }))).toBe(undefined);
    const sym = Symbol('thrown');
    expect(exceptionOf(() => a.propagate(() => {
      throw sym;
    }))).toBe(sym);
    expect(thrown(() => a.propagate(() => a.throwError('range', 'deep')))).toEqual({ type: 'RangeError', message: 'deep' });
    expect(a.propagate((x: number, y: number) => x * y, 6, 7)).toBe(42);
    // A throwing getter read by Object::Get.
    const o = {
      get x(): string {
        throw new TypeError('getter');
      },
    };
    expect(thrown(() => a.getProperty(o, 'x'))).toEqual({ type: 'TypeError', message: 'getter' });
    expect(a.getProperty({ x: 1 }, 'x')).toBe('got 1');
  });

  it('Napi::Function: calling JS with a receiver and arguments, native lambdas', () => {
    expect(
      a.callWith(
        function (this: unknown, ...args: unknown[]) {
          return [this, ...args];
        },
        'self',
        [1, 'two', null],
      ),
    ).toEqual(['self', 1, 'two', null]);
    const target = { n: 3 };
    expect(
      a.callWith(
        function (this: { n: number }, k: number) {
          return this.n * k;
        },
        target,
        [5],
      ),
    ).toBe(15);
    expect(a.map([1, 2, 3], (v: number, i: number) => v * 10 + i)).toEqual([10, 21, 32]);
    expect(a.map([], () => 1)).toEqual([]);
    expect(() =>
      a.map([1, 2, 3], (v: number) => {
        if (v === 2) throw new Error('stop at 2');
        return v;
      }),
    ).toThrow('stop at 2');
    const add5 = a.makeAdder(5);
    const add10 = a.makeAdder(10);
    expect(add5.name).toBe('adder');
    expect(typeof add5).toBe('function');
    expect([add5(1), add10(1), add5(-5)]).toEqual([6, 11, 0]);
  });

  it('Napi::String and Napi::Object', () => {
    expect(a.greet('wörld 😀')).toBe('hello, wörld 😀!');
    expect(a.greet('')).toBe('hello, !');
    expect(thrown(() => a.greet(1))).toEqual({ type: 'TypeError', message: 'greet() expects a string' });
    const d = a.describe();
    expect(d).toEqual({ int: 42, text: 'node-addon-api', flag: true, list: [0, 1.5, 3], nothing: null });
    expect(Object.keys(d)).toEqual(['int', 'text', 'flag', 'list', 'nothing']);
    expect(Array.isArray(d.list)).toBe(true);
  });

  it('Napi::TypedArrayOf<uint8_t>: C++ writes in place and JS sees it', () => {
    const u = new Uint8Array(8);
    expect(a.fillBytes(u, 1)).toBe(8);
    expect([...u]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // A view with an offset: only its bytes change; values wrap at 256.
    const whole = new Uint8Array(8);
    expect(a.fillBytes(whole.subarray(2, 6), 254)).toBe(4);
    expect([...whole]).toEqual([0, 0, 254, 255, 0, 1, 0, 0]);
    // A view of a Buffer's memory.
    const b = bufferAlloc(4);
    a.fillBytes(new Uint8Array(b.buffer, b.byteOffset, 4), 65);
    expect(text(b)).toBe('ABCD');
    expect(a.fillBytes(new Uint8Array(0), 0)).toBe(0);
    expect(thrown(() => a.fillBytes(new Int8Array(2), 0))).toEqual({ type: 'TypeError', message: 'fillBytes() expects a Uint8Array' });
    expect(thrown(() => a.fillBytes([1, 2], 0))).toEqual({ type: 'TypeError', message: 'fillBytes() expects a Uint8Array' });
  });

  it('Napi::Float64Array: in-place writes and a new array', () => {
    const f = new Float64Array([1, 2.5, -3]);
    expect(a.scale(f, 2)).toBe(1);
    expect([...f]).toEqual([2, 5, -6]);
    const big = new Float64Array(1000).map((_, i) => i);
    expect(a.scale(big.subarray(10, 20), -1)).toBe(-145);
    expect(big[9]).toBe(9);
    expect(big[10]).toBe(-10);
    expect(big[19]).toBe(-19);
    expect(big[20]).toBe(20);
    const h = a.halves(5);
    expect(h).toBeInstanceOf(Float64Array);
    expect([...h]).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(h.byteOffset).toBe(0);
    // JS writes into the array C++ made, and C++ reads them back.
    h[0] = 10;
    expect(a.scale(h, 1)).toBe(15);
    expect(thrown(() => a.scale(new Float32Array(1), 1))).toEqual({ type: 'TypeError', message: 'scale() expects a Float64Array' });
  });

  it('Napi::Buffer<uint8_t>: Copy, New, and in-place changes', () => {
    const b = a.bufferFrom('héllo');
    expect(isHostBuffer(b)).toBe(true);
    expect(hex(b)).toBe('68c3a96c6c6f');
    expect(text(b)).toBe('héllo');
    const n = a.newBuffer(5);
    expect(isHostBuffer(n)).toBe(true);
    expect([...n]).toEqual([0, 1, 2, 3, 4]);
    const input = bufferFrom([1, 2, 3, 250]);
    const r = a.reverseBuffer(input);
    expect(r.buffer).toBe(input);
    expect(r.sum).toBe(256);
    expect([...input]).toEqual([250, 3, 2, 1]);
    // A Buffer that is a slice of a bigger one (Buffer.from uses Node's pool).
    const pooled = bufferFrom('abcdef');
    a.reverseBuffer(pooled.subarray(1, 5));
    expect(text(pooled)).toBe('aedcbf');
    expect(thrown(() => a.reverseBuffer('abc'))).toEqual({ type: 'TypeError', message: 'reverseBuffer() expects a Buffer' });
    // Node-API's is_buffer accepts any ArrayBufferView since Node 20.
    const u = new Uint8Array([1, 2]);
    expect(a.reverseBuffer(u).sum).toBe(3);
    expect([...u]).toEqual([2, 1]);
  });

  it('Napi::Promise::Deferred: resolve and reject', async () => {
    const p = a.settle(true, 'yes');
    expect(p).toBeInstanceOf(Promise);
    await expect(p).resolves.toBe('yes');
    const obj = { o: 1 };
    await expect(a.settle(true, obj)).resolves.toBe(obj);
    const rejected = await settle(a.settle(false, 'no'));
    expect(rejected).toEqual({ rejected: new Error('no') });
    expect((rejected as { rejected: unknown }).rejected).toBeInstanceOf(Error);
  });

  // Async work and threadsafe functions last: they run the event loop between C++ calls.

  it('Napi::AsyncWorker with a callback: callback(null, result) or callback(error)', async () => {
    const result = await new Promise((resolve) => {
      a.sumAsync([1, 2, 3.5], (err: unknown, sum: unknown) => resolve({ err, sum }));
    });
    expect(result).toEqual({ err: null, sum: 6.5 });
    const failed = await new Promise<{ err: Error; rest: unknown[] }>((resolve) => {
      a.sumAsync([1, -2], (err: Error, ...rest: unknown[]) => resolve({ err, rest }));
    });
    expect(failed.err).toBeInstanceOf(Error);
    expect(failed.err.message).toBe('negative value: -2');
    expect(failed.rest).toEqual([]);
    // The callback runs asynchronously, after the current job.
    const order: string[] = [];
    const done = new Promise<void>((resolve) => {
      a.sumAsync([], () => {
        order.push('callback');
        resolve();
      });
    });
    order.push('returned');
    await done;
    expect(order).toEqual(['returned', 'callback']);
  });

  it('Napi::AsyncWorker with a promise; several at once', async () => {
    await expect(a.sumPromise([10, 20, 30])).resolves.toBe(60);
    await expect(a.sumPromise([1, -7])).rejects.toThrow('negative value: -7');
    const many = Array.from({ length: 20 }, (_, i) => a.sumPromise([i, i]));
    expect(await Promise.all(many)).toEqual(Array.from({ length: 20 }, (_, i) => 2 * i));
  });

  it('Napi::ThreadSafeFunction: queued calls run in order on the JS thread, then the finalizer', async () => {
    const seen: number[] = [];
    const promise = a.tsfnCalls((n: number) => seen.push(n), [1, 2, 3, 4, 5]);
    // Calls are queued: nothing ran during tsfnCalls itself.
    expect(seen).toEqual([]);
    expect(await promise).toBe(5);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(await a.tsfnCalls(() => {}, [])).toBe(0);
  });
});
