// Async work. Expected values are what native Node 20 answers (the oracle). Natively `execute` runs on
// a thread-pool thread; on wasm on the main thread in a later task: the tests look at what JS can
// observe either way (the order of complete callbacks, nextTicks and promise reactions; statuses;
// cancellation). Natively, works that must finish in order wait for the previous one in `execute`
// (F.afterPrevious), and a work that must stay cancellable is queued behind works that hold every
// pool thread (F.block).
//
// The C side takes a trailing string mode: "env", "work", "execute", "result", "name" pass NULL in
// that position ("resource" passes a NULL async_resource, which is allowed). A NULL env answers the
// bare status.
import { afterEach, expect, it, vi } from 'vitest';
import { describeEachBuild, failure, isBrowser, itInNode, nextTick, reportedUncaught, Status, withUncaught, type Uncaught } from '../harness.js';

// Async contexts are Node's (async_hooks); a browser has no AsyncLocalStorage to observe them with.
const asyncHooks = isBrowser ? undefined : await import('node:async_hooks');

const F = {
  throw: 1,
  afterPrevious: 2,
  cancelInComplete: 4,
  requeueOnce: 8,
  block: 16,
  noComplete: 32,
  keep: 64,
} as const;

const ok = { status: Status.ok, message: null };
const invalidArg = failure(Status.invalid_arg);

/** Node's thread pool size: that many blocking works hold every pool thread. */
const poolSize = (!isBrowser && Number(process.env.UV_THREADPOOL_SIZE)) || 4;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

await describeEachBuild('async_work', (a, build) => {
  afterEach(() => a.release());

  it('complete callbacks run later, in order, each followed by its nextTicks and microtasks', async () => {
    const log: string[] = [];
    const ids: number[] = [];
    const promises = [0, 1, 2].map(() => {
      const { id, promise } = a.start((status: number, id: number) => {
        log.push(`complete ${id} (status ${status})`);
        nextTick?.(() => log.push(`tick ${id}`));
        void Promise.resolve().then(() => log.push(`microtask ${id}`));
      }, F.afterPrevious);
      ids.push(id);
      return (promise as Promise<{ status: number }>).then((r) => log.push(`then ${id} (status ${r.status})`));
    });
    log.push('queued');
    await Promise.all(promises);
    expect(log).toEqual([
      'queued',
      // (Browsers have no nextTick queue.)
      ...ids.flatMap((id) => [`complete ${id} (status 0)`, ...(nextTick ? [`tick ${id}`] : []), `microtask ${id}`, `then ${id} (status 0)`]),
    ]);
  });

  it('execute runs before complete; complete gets napi_ok', async () => {
    const { id, promise } = a.start(null, 0);
    expect(await promise).toEqual({ status: Status.ok, executed: 1, completes: 1 });
    expect(a.executed(id)).toBe(true);
  });

  it('fake timers installed after loading do not hold completions back (libuv is no JS timer)', async () => {
    vi.useFakeTimers();
    try {
      expect(await a.start(null, 0).promise).toEqual({ status: Status.ok, executed: 1, completes: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('complete may be NULL: execute still runs', async () => {
    const none = a.start(null, F.noComplete);
    await a.start(null, F.afterPrevious).promise;
    expect(a.executed(none.id)).toBe(true);
  });

  it('a queued work that has not started can be cancelled: complete gets napi_cancelled', async () => {
    a.hold();
    const blockers = Array.from({ length: poolSize }, () => a.start(null, F.block).promise);
    const target = a.start(null, 0);
    expect(a.cancel(target.id)).toEqual(ok);
    a.release();
    expect(await target.promise).toEqual({ status: Status.cancelled, executed: 0, completes: 1 });
    expect(a.executed(target.id)).toBe(false);
    for (const r of await Promise.all(blockers)) expect(r).toEqual({ status: Status.ok, executed: 1, completes: 1 });
  });

  it('a finished work cannot be cancelled: napi_generic_failure (also from its complete callback)', async () => {
    const w = a.start(null, F.keep);
    await w.promise;
    expect(a.cancel(w.id)).toEqual(failure(Status.generic_failure));
    expect(a.remove(w.id)).toEqual(ok);
    const c = a.start(null, F.cancelInComplete);
    expect(await c.promise).toEqual({ status: Status.ok, executed: 1, completes: 1, cancelInComplete: Status.generic_failure });
  });

  it('a work can be queued again from its complete callback', async () => {
    const w = a.start(null, F.requeueOnce);
    expect(await w.promise).toEqual({ status: Status.ok, executed: 1, completes: 2, requeue: Status.ok });
  });

  it('an exception left by complete is an uncaught exception of the process (of the page in browsers)', async () => {
    const caught: Uncaught[] = [];
    await withUncaught(
      (...report) => caught.push(report),
      async () => {
        const w = a.start(null, F.throw);
        await w.promise;
        await nextTask();
        // The works after it still complete.
        expect(await a.start(null, 0).promise).toMatchObject({ status: Status.ok });
      },
    );
    expect(caught).toEqual(reportedUncaught(expect.objectContaining({ message: expect.stringMatching(/^complete \d$/) })));
  });

  itInNode('complete runs in the async context of napi_create_async_work (AsyncLocalStorage)', 'node:async_hooks (AsyncLocalStorage)', async () => {
    const als = new asyncHooks!.AsyncLocalStorage<string>();
    let seen: unknown = 'not called';
    const w = als.run('at create', () => a.start(() => (seen = als.getStore()), 0));
    await w.promise;
    expect(seen).toBe('at create');
  });

  it('napi_create_async_work: arguments', () => {
    expect(a.create({}, 'name')).toEqual(ok);
    expect(a.create({}, 'name', 'resource')).toEqual(ok); // async_resource is optional
    expect(a.create(5, 'name')).toEqual(ok); // converted with ToObject
    expect(a.create({}, 5)).toEqual(ok); // converted with ToString
    expect(a.create({}, 'name', 'env')).toBe(Status.invalid_arg);
    expect(a.create({}, 'name', 'execute')).toEqual(invalidArg);
    expect(a.create({}, 'name', 'result')).toEqual(invalidArg);
    expect(a.create({}, 'name', 'name')).toEqual(invalidArg);
  });

  it('napi_create_async_work: a resource ToObject refuses, a name ToString refuses: the error is thrown', () => {
    // Node converts with no TryCatch of its own: the call answers the status and V8 throws the
    // error when the callback returns.
    expect(() => a.create(undefined, 'name')).toThrow(new TypeError('Cannot convert undefined or null to object'));
    expect(a.lastCreateStatus()).toBe(Status.object_expected);
    expect(() => a.create(null, 'name')).toThrow(TypeError);
    expect(a.lastCreateStatus()).toBe(Status.object_expected);
    expect(() => a.create({}, Symbol('s'))).toThrow(new TypeError('Cannot convert a Symbol value to a string'));
    expect(a.lastCreateStatus()).toBe(Status.string_expected);
    const boom = new Error('toString');
    expect(() =>
      a.create({}, {
        toString() {
          throw boom;
        },
      }),
    ).toThrow(boom);
    expect(a.lastCreateStatus()).toBe(Status.string_expected);
  });

  it('queue, cancel, delete: NULL env or work', async () => {
    const w = a.start(null, F.keep);
    await w.promise;
    for (const op of ['queue', 'cancel', 'remove'] as const) {
      expect(a[op](w.id, 'env')).toBe(Status.invalid_arg);
      expect(a[op](w.id, 'work')).toEqual(invalidArg);
    }
    expect(a.remove(w.id)).toEqual(ok);
  });

  if (build !== 'native') {
    // Each of these is undefined behaviour in Node (freed or uninitialised memory, a corrupted
    // thread-pool queue); the runtime answers instead.
    it('wasm: a deleted work is napi_invalid_arg for every function', async () => {
      const w = a.start(null, F.keep);
      await w.promise;
      expect(a.remove(w.id)).toEqual(ok);
      expect(a.remove(w.id)).toEqual(invalidArg);
      expect(a.queue(w.id)).toEqual(invalidArg);
      expect(a.cancel(w.id)).toEqual(invalidArg);
    });

    it('wasm: a queued work can be neither queued again nor deleted', async () => {
      const w = a.start(null, 0);
      expect(a.queue(w.id)).toEqual(invalidArg);
      expect(a.remove(w.id)).toEqual(invalidArg);
      expect(await w.promise).toEqual({ status: Status.ok, executed: 1, completes: 1 });
    });

    it('wasm: a work never queued cannot be cancelled: napi_generic_failure', () => {
      expect(a.cancelNeverQueued()).toEqual(failure(Status.generic_failure));
    });

    it('wasm: execute runs on the main thread in a later task, not inside napi_queue_async_work', async () => {
      const w = a.start(null, 0);
      expect(a.executed(w.id)).toBe(false);
      await w.promise;
      expect(a.executed(w.id)).toBe(true);
    });
  }
});
