// Promises. Expected values are what native Node 20 answers (the oracle). The C side takes a trailing
// string mode: "env", "deferred", "promise", "value", "result" pass NULL in that position, "pending"
// calls with a JS exception already pending and "catch" reports a pending exception instead of letting
// it propagate. A napi_deferred concluded (or never issued) is freed memory to Node, which crashes on
// it: those cases run against the wasm builds only, which answer napi_invalid_arg.
import { expect, it } from 'vitest';
import { describeEachBuild, failure, seesProxies, Status } from '../harness.js';

const ok = { status: Status.ok, message: null };
const invalidArg = failure(Status.invalid_arg);
const alreadyPending = expect.objectContaining({ message: 'already pending' });
const caught = (status: number) => ({ ...failure(status), exception: alreadyPending });
const settle = (p: Promise<unknown>) =>
  p.then(
    (value) => ({ fulfilled: value }),
    (reason: unknown) => ({ rejected: reason }),
  );

await describeEachBuild('promises', (a, build) => {
  it('napi_create_promise gives a pending native promise and a deferred', async () => {
    const { promise, id } = a.createPromise();
    expect(promise).toBeInstanceOf(Promise);
    expect(Object.getPrototypeOf(promise)).toBe(Promise.prototype);
    let settled = false;
    void promise.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(a.resolve(id, 'done')).toEqual(ok);
    await expect(promise).resolves.toBe('done');
  });

  it('napi_resolve_deferred / napi_reject_deferred settle the promise with the value', async () => {
    const values = [42, 'str', null, undefined, { o: 1 }, Symbol('s'), 5n];
    for (const v of values) {
      const r = a.createPromise();
      expect(a.resolve(r.id, v)).toEqual(ok);
      expect(await settle(r.promise)).toEqual({ fulfilled: v });
      const j = a.createPromise();
      expect(a.reject(j.id, v)).toEqual(ok);
      expect(await settle(j.promise)).toEqual({ rejected: v });
    }
    const error = new Error('boom');
    const j = a.createPromise();
    a.reject(j.id, error);
    await expect(j.promise).rejects.toBe(error);
  });

  it('resolving with a thenable or a promise adopts its state; rejecting with one does not', async () => {
    const r1 = a.createPromise();
    a.resolve(r1.id, Promise.resolve('inner'));
    await expect(r1.promise).resolves.toBe('inner');
    const r2 = a.createPromise();
    a.resolve(r2.id, { then: (res: (v: unknown) => void) => res('thenable') });
    await expect(r2.promise).resolves.toBe('thenable');
    const r3 = a.createPromise();
    const inner = Promise.reject(new Error('inner'));
    a.resolve(r3.id, inner);
    await expect(r3.promise).rejects.toThrow('inner');
    const r4 = a.createPromise();
    const p = Promise.resolve(1);
    a.reject(r4.id, p);
    await expect(r4.promise).rejects.toBe(p);
  });

  it('resolving with an object whose `then` getter throws: rejected AND napi_pending_exception', async () => {
    // V8's Promise::Resolver::Resolve rejects the promise with the error, but Node's TryCatch saw the
    // throw: the call answers napi_pending_exception and the same error is pending.
    const bad = Object.defineProperty({}, 'then', {
      get() {
        throw new Error('then getter');
      },
    });
    const r = a.createPromise();
    const report = a.resolve(r.id, bad, 'catch');
    expect(report).toEqual({ ...failure(Status.pending_exception), exception: expect.objectContaining({ message: 'then getter' }) });
    const rejection = await settle(r.promise);
    expect(rejection).toEqual({ rejected: report.exception });
    // Without "catch" the pending error reaches the caller.
    const r2 = a.createPromise();
    expect(() => a.resolve(r2.id, bad)).toThrow('then getter');
    await expect(r2.promise).rejects.toThrow('then getter');
    // Rejecting with it reads nothing.
    const r3 = a.createPromise();
    expect(a.reject(r3.id, bad)).toEqual(ok);
    await expect(r3.promise).rejects.toBe(bad);
  });

  it('a thenable\'s `then` is called in a later microtask, with the promise\'s resolving functions', async () => {
    const log: string[] = [];
    const thenable = {
      then(res: (v: unknown) => void, rej: (e: unknown) => void) {
        log.push('then');
        res('first');
        rej(new Error('ignored'));
        throw new Error('also ignored');
      },
    };
    const r = a.createPromise();
    expect(a.resolve(r.id, thenable)).toEqual(ok);
    log.push('after resolve');
    await expect(r.promise).resolves.toBe('first');
    expect(log).toEqual(['after resolve', 'then']);
    // A `then` that throws before settling rejects the promise.
    const r2 = a.createPromise();
    a.resolve(r2.id, {
      then() {
        throw new Error('then threw');
      },
    });
    await expect(r2.promise).rejects.toThrow('then threw');
    // Same tick count as a JS resolve function: both promises settle in the same order.
    const order: string[] = [];
    const r3 = a.createPromise();
    let jsResolve!: (v: unknown) => void;
    const js = new Promise((res) => (jsResolve = res));
    a.resolve(r3.id, Promise.resolve('x'));
    jsResolve(Promise.resolve('y'));
    await Promise.all([r3.promise.then(() => order.push('napi')), js.then(() => order.push('js'))]);
    expect(order).toEqual(['napi', 'js']);
  });

  it('a promise resolved in the call that made it; a promise resolved with itself rejects', async () => {
    await expect(a.resolvedWith('now')).resolves.toBe('now');
    await expect(a.resolveToItself()).rejects.toThrow(TypeError);
  });

  it('napi_create_promise: bad input', () => {
    expect(a.createPromise('env')).toBe(Status.invalid_arg);
    expect(a.createPromise('deferred')).toEqual(invalidArg);
    expect(a.createPromise('promise')).toEqual(invalidArg);
    expect(a.createPromise('pending')).toEqual(caught(Status.pending_exception));
  });

  it('napi_resolve_deferred / napi_reject_deferred: bad input leaves the deferred usable', async () => {
    for (const fn of ['resolve', 'reject']) {
      const { promise, id } = a.createPromise();
      expect(a[fn](id, 1, 'env'), fn).toBe(Status.invalid_arg);
      expect(a[fn](id, 1, 'value'), fn).toEqual(invalidArg);
      expect(a[fn](id, 1, 'pending'), fn).toEqual(caught(Status.pending_exception));
      // None of these concluded (nor freed) the deferred.
      expect(a[fn](id, 'finally'), fn).toEqual(ok);
      expect(await settle(promise)).toEqual(fn === 'resolve' ? { fulfilled: 'finally' } : { rejected: 'finally' });
    }
  });

  it.skipIf(build === 'native')('a concluded, NULL or unknown deferred → napi_invalid_arg (native Node would crash)', async () => {
    for (const [first, second] of [
      ['resolve', 'resolve'],
      ['resolve', 'reject'],
      ['reject', 'resolve'],
      ['reject', 'reject'],
    ]) {
      const { promise, id } = a.createPromise();
      expect(a[first](id, 'first')).toEqual(ok);
      expect(a[second](id, 'second')).toEqual(invalidArg);
      expect(await settle(promise)).toEqual(first === 'resolve' ? { fulfilled: 'first' } : { rejected: 'first' });
    }
    const { id } = a.createPromise();
    expect(a.resolve(id, 1, 'deferred')).toEqual(invalidArg);
    expect(a.reject(id, 1, 'deferred')).toEqual(invalidArg);
    expect(a.resolve(id, 1, 'bogus')).toEqual(invalidArg);
    expect(a.reject(id, 1, 'bogus')).toEqual(invalidArg);
    expect(a.resolve(id, 1)).toEqual(ok);
  });

  it('napi_is_promise is true for native promises only', () => {
    class Sub extends Promise<unknown> {}
    expect(a.isPromise(Promise.resolve())).toBe(true);
    expect(a.isPromise(a.createPromise().promise)).toBe(true);
    expect(a.isPromise(new Sub(() => {}))).toBe(true);
    const rejected = Promise.reject(new Error('x'));
    rejected.catch(() => {});
    expect(a.isPromise(rejected)).toBe(true);
    expect(a.isPromise((async () => {})())).toBe(true);
    for (const v of [{ then() {} }, Object.create(Promise.prototype), 1, 'p', null, undefined, Promise]) {
      expect(a.isPromise(v)).toBe(false);
    }
    // V8's IsPromise is false for a proxy of a promise; a browser cannot tell a Proxy (README, Limits).
    expect(a.isPromise(new Proxy(Promise.resolve(), {}))).toBe(!seesProxies);
  });

  it('napi_is_promise: bad input', () => {
    expect(a.isPromise(Promise.resolve(), 'env')).toBe(Status.invalid_arg);
    expect(a.isPromise(Promise.resolve(), 'value')).toEqual(invalidArg);
    expect(a.isPromise(Promise.resolve(), 'result')).toEqual(invalidArg);
    // No NAPI_PREAMBLE: it answers with an exception pending.
    expect(a.isPromise(Promise.resolve(), 'pending')).toEqual({ ...ok, exception: alreadyPending });
  });
});
