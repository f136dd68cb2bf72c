// Threadsafe functions, called from the main thread. Expected values are what native Node 20 answers
// (the oracle). Functions that take no env (call, acquire, release, context) and ref/unref answer
// the bare status (Node records no last error for them).
//
// create(fn, maxQueue, threads, flags, onFinalize, mode, name, resource): flags F.callJs (a call_js_cb
// that passes the data as an int32), F.noFunc (func NULL; call_js calls `fn` as a sink), F.noFinalize.
// Mode "env", "name", "result" pass NULL there; "resource" passes `resource` as async_resource.
import { expect, it, vi } from 'vitest';
import { runChild } from '../child.js';
import { describeEachBuild, failure, isBrowser, itInNode, nextTick, Status } from '../harness.js';

// Async contexts are Node's (async_hooks); a browser has no AsyncLocalStorage to observe them with.
const asyncHooks = isBrowser ? undefined : await import('node:async_hooks');

const F = { callJs: 1, noFunc: 2, noFinalize: 4 } as const;
const invalidArg = failure(Status.invalid_arg);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const noop = () => {};

/** Resolves when `onFinalize` was called (pass `done.fn` as create's onFinalize). */
function finalized(): { fn: () => void; promise: Promise<void> } {
  let fn!: () => void;
  const promise = new Promise<void>((resolve) => (fn = resolve));
  return { fn, promise };
}

interface State {
  finalized: number;
  finalizeSeq: number;
  finalizeArgsOk: number;
  nullCalls: number[];
  nullSeq: number;
  jsCbNull: number;
}

await describeEachBuild('tsfn', (a, build) => {
  it('calls are queued and made later, in order; each gets its own nextTicks and microtasks', async () => {
    const log: unknown[] = [];
    const done = finalized();
    const id = a.create(
      (d: number) => {
        log.push(`call ${d}`);
        nextTick?.(() => log.push(`tick ${d}`));
        void Promise.resolve().then(() => log.push(`microtask ${d}`));
        // A call made while the queue is dispatched goes to its end.
        if (d === 2) log.push(`queued 9: ${a.call(id, 9)}`);
      },
      0,
      1,
      F.callJs,
      () => {
        log.push('finalize');
        done.fn();
      },
    );
    expect([a.call(id, 1), a.call(id, 2), a.call(id, 3)]).toEqual([Status.ok, Status.ok, Status.ok]);
    expect(log).toEqual([]); // never called inside napi_call_threadsafe_function
    expect(a.release(id, false)).toBe(Status.ok);
    await done.promise;
    expect(log).toEqual([
      'call 1', 'tick 1', 'microtask 1',
      'call 2', 'queued 9: 0', 'tick 2', 'microtask 2',
      'call 3', 'tick 3', 'microtask 3',
      'call 9', 'tick 9', 'microtask 9',
      'finalize',
    ].filter((entry) => nextTick || !entry.startsWith('tick'))); // browsers have no nextTick queue
    const s: State = a.state(id);
    expect(s).toMatchObject({ finalized: 1, finalizeArgsOk: 1, nullCalls: [] });
  });

  it('without call_js_cb, the function is called with no arguments and undefined as this', async () => {
    const calls: unknown[] = [];
    const done = finalized();
    const id = a.create(
      function (this: unknown, ...args: unknown[]) {
        calls.push([args, this]); // a strict function (ES module): undefined stays undefined
      },
      0,
      1,
      0,
      done.fn,
    );
    a.call(id, 7);
    a.call(id, 8);
    a.release(id, false);
    await done.promise;
    expect(calls).toEqual([
      [[], undefined],
      [[], undefined],
    ]);
  });

  it('func may be NULL with a call_js_cb: call_js gets a NULL js_callback', async () => {
    const calls: number[] = [];
    const done = finalized();
    const id = a.create((d: number) => calls.push(d), 0, 1, F.callJs | F.noFunc, done.fn);
    a.call(id, 5);
    a.release(id, false);
    await done.promise;
    expect(calls).toEqual([5]);
    expect(a.state(id)).toMatchObject({ jsCbNull: 1 });
  });

  it('a full queue: napi_queue_full for a non-blocking call; room again once dispatched', async () => {
    const calls: number[] = [];
    const done = finalized();
    const id = a.create((d: number) => calls.push(d), 2, 1, F.callJs, done.fn);
    expect([a.call(id, 1), a.call(id, 2), a.call(id, 3)]).toEqual([Status.ok, Status.ok, Status.queue_full]);
    await sleep(10);
    expect(calls).toEqual([1, 2]);
    expect(a.call(id, 4)).toBe(Status.ok);
    a.release(id, false);
    await done.promise;
    expect(calls).toEqual([1, 2, 4]);
  });

  it('napi_tsfn_abort: later calls get napi_closing; queued items go to call_js with a NULL env after the finalizer', async () => {
    const calls: number[] = [];
    const id = a.create((d: number) => calls.push(d), 0, 2, F.callJs);
    expect([a.call(id, 1), a.call(id, 2)]).toEqual([Status.ok, Status.ok]);
    expect(a.release(id, true)).toBe(Status.ok); // 2 → 1 thread, closing
    // A call while closing gives up its thread: 1 → 0; with none left, the function is gone.
    expect(a.call(id, 3)).toBe(Status.closing);
    expect(a.call(id, 4)).toBe(Status.invalid_arg);
    expect(a.acquire(id)).toBe(Status.closing);
    expect(a.release(id, false)).toBe(Status.invalid_arg);
    await sleep(20);
    expect(calls).toEqual([]);
    const s: State = a.state(id);
    expect(s).toMatchObject({ finalized: 1, finalizeArgsOk: 1, nullCalls: [1, 2] });
    expect(s.nullSeq).toBeGreaterThan(s.finalizeSeq);
  });

  it('thread counts: released to 0, it closes once the queue is empty; until then it can be called and acquired', async () => {
    const calls: number[] = [];
    const id = a.create((d: number) => calls.push(d), 0, 1, F.callJs);
    expect(a.release(id, false)).toBe(Status.ok); // 0 threads: closes at the next dispatch
    expect(a.call(id, 7)).toBe(Status.ok); // not closing yet
    expect(a.release(id, false)).toBe(Status.invalid_arg); // no thread left to release
    expect(a.acquire(id)).toBe(Status.ok); // 1 thread again: it stays open
    await sleep(20);
    expect(calls).toEqual([7]);
    expect(a.state(id)).toMatchObject({ finalized: 0 });
    expect(a.release(id, false)).toBe(Status.ok);
    await sleep(20);
    expect(a.state(id)).toMatchObject({ finalized: 1 });
  });

  it('initial_thread_count and acquire add threads; it closes after the last release', async () => {
    const id = a.create(noop, 0, 2, F.callJs);
    expect(a.acquire(id)).toBe(Status.ok);
    expect(a.release(id, false)).toBe(Status.ok);
    expect(a.release(id, false)).toBe(Status.ok);
    await sleep(20);
    expect(a.state(id)).toMatchObject({ finalized: 0 });
    expect(a.release(id, false)).toBe(Status.ok);
    await sleep(20);
    expect(a.state(id)).toMatchObject({ finalized: 1, finalizeArgsOk: 1 });
  });

  it('napi_get_threadsafe_function_context; ref/unref check only the function (a NULL env is fine)', async () => {
    const id = a.create(noop, 0, 1, 0);
    expect(a.context(id)).toBe(true);
    expect(a.unref(id)).toBe(Status.ok);
    expect(a.ref(id)).toBe(Status.ok);
    expect(a.unref(id, 'env')).toBe(Status.ok);
    expect(a.ref(id, 'env')).toBe(Status.ok);
    a.release(id, false);
    await sleep(20);
    expect(a.state(id)).toMatchObject({ finalized: 1 });
  });

  itInNode('the calls run in the async context of napi_create_threadsafe_function (AsyncLocalStorage)', 'node:async_hooks (AsyncLocalStorage)', async () => {
    const als = new asyncHooks!.AsyncLocalStorage<string>();
    const seen: unknown[] = [];
    const done = finalized();
    const id = als.run('at create', () => a.create(() => seen.push(als.getStore()), 0, 1, F.callJs, done.fn));
    als.run('at call', () => a.call(id, 1));
    a.release(id, false);
    await done.promise;
    expect(seen).toEqual(['at create']);
  });

  it('an exception from the function, call_js or the finalizer: dropped with a DEP0168 warning', async () => {
    // Node emits a process warning; a browser has none, and the runtime writes it to console.warn.
    const warnings: string[] = [];
    const onWarning = (w: Error & { code?: string }) => warnings.push(`${w.name} ${w.code}`);
    const consoleWarn = isBrowser
      ? vi.spyOn(console, 'warn').mockImplementation((message: unknown) => {
          // DEP0168 is the deprecation of exactly this warning.
          warnings.push(String(message).replace(/^DeprecationWarning: Uncaught N-API callback exception detected.*$/s, 'DeprecationWarning DEP0168'));
        })
      : undefined;
    if (!isBrowser) process.on('warning', onWarning);
    try {
      const calls: number[] = [];
      const plain = a.create(() => {
        throw new Error('from the function');
      }, 0, 1, 0);
      a.call(plain, 1);
      const custom = a.create(
        (d: number) => {
          calls.push(d);
          throw new Error('through call_js');
        },
        0,
        1,
        F.callJs,
        () => {
          throw new Error('from the finalizer');
        },
      );
      a.call(custom, 1);
      a.call(custom, 2);
      a.release(plain, false);
      a.release(custom, false);
      await sleep(30);
      expect(calls).toEqual([1, 2]); // the second call is made all the same
      expect(a.state(custom)).toMatchObject({ finalized: 1 });
    } finally {
      if (isBrowser) consoleWarn!.mockRestore();
      else process.off('warning', onWarning);
    }
    expect(warnings).toEqual(Array(4).fill('DeprecationWarning DEP0168'));
  });

  it('napi_create_threadsafe_function: arguments', () => {
    const made = [
      a.create(noop, 0, 1, F.noFinalize),
      a.create(noop, 0, 1, F.noFinalize, null, '', 5), // name: ToString
      a.create(noop, 0, 1, F.noFinalize, null, 'resource', undefined, 5), // resource: ToObject
    ];
    for (const id of made) expect(a.release(id, false)).toBe(Status.ok);
    expect(a.create(noop, 0, 1, 0, null, 'env')).toBe(Status.invalid_arg);
    expect(a.create(noop, 0, 1, 0, null, 'name')).toEqual(invalidArg);
    expect(a.create(noop, 0, 1, 0, null, 'result')).toEqual(invalidArg);
    expect(a.create(noop, 0, 0, 0, null, '')).toEqual(invalidArg); // initial_thread_count 0
    expect(a.create(noop, 0, 1, F.noFunc, null, '')).toEqual(invalidArg); // neither func nor call_js
    expect(a.create(5, 0, 1, 0, null, '')).toEqual(invalidArg); // func not a function
    // Node converts the resource and the name with no TryCatch of its own: the error is thrown when
    // the callback returns.
    expect(() => a.create(noop, 0, 1, 0, null, 'resource', undefined, undefined)).toThrow(
      new TypeError('Cannot convert undefined or null to object'),
    );
    expect(() => a.create(noop, 0, 1, 0, null, '', Symbol('s'))).toThrow(new TypeError('Cannot convert a Symbol value to a string'));
  });

  itInNode('a referenced function keeps the process alive; an unreferenced one does not', 'child_process', async () => {
    // A function never released: natively its uv_async_t stays referenced and the loop never ends.
    const held = await runChild('tsfn', build, `addon.create(() => {}, 0, 1, 0);`, 1500);
    expect(held.timedOut).toBe(true);
    const unrefd = await runChild('tsfn', build, `const id = addon.create(() => {}, 0, 1, 0); addon.unref(id);`, 10_000);
    expect(unrefd).toMatchObject({ timedOut: false, code: 0 });
    // Unreferenced with a call queued: the process may end before the call is made (it does here).
    // The runtime dispatches such a call with an unreferenced 0 ms timer. Code that continues from
    // an I/O callback (an `import()` settles in the one that closes its file) runs with libuv's loop
    // time as of that poll, and libuv runs the timers that are due before it checks whether the
    // loop is alive: the timer can fire then, whatever the runtime loaded. So the script starts from
    // a timer, where the loop time is fresh.
    const queued = await runChild(
      'tsfn',
      build,
      `await new Promise((r) => setTimeout(r, 50));
       const id = addon.create(() => console.log('called'), 0, 1, 0); addon.call(id, 1); addon.unref(id);`,
      10_000,
    );
    expect(queued).toMatchObject({ timedOut: false, code: 0, stdout: '' });
    // Referenced again, and released by its own call: the call is made, then the process ends.
    const released = await runChild(
      'tsfn',
      build,
      `const id = addon.create(() => { console.log('called'); addon.release(id, false); }, 0, 1, 0);
       addon.unref(id); addon.ref(id); addon.call(id, 1);`,
      10_000,
    );
    expect(released).toMatchObject({ timedOut: false, code: 0, stdout: 'called\n' });
  }, 30_000);

  itInNode('at teardown an open function is finalized; each queued item reaches call_js once, JS is not called', 'child_process', async () => {
    // Natively, at exit, the queued items go to call_js (with an env, but JS can no longer run),
    // then the finalizer runs. unload() finalizes first, then passes the items with a NULL env, as
    // Node does for items left when a function is aborted or closed by its env's cleanup.
    const r = await runChild(
      'tsfn',
      build,
      `addon.print(true);
       const id = addon.create(() => console.log('called'), 0, 1, 1);
       addon.call(id, 1);
       addon.call(id, 2);
       addon.unref(id);
       teardown();`,
    );
    expect(r).toMatchObject({ code: 0, stdout: '' });
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('finalize'))).toEqual(['finalize 0']);
    expect(lines.filter((l) => l.startsWith('call_js')).map((l) => l.replace(/.* /, ''))).toEqual(['1', '2']);
  });

  if (build !== 'native') {
    // Node aborts the process on a NULL napi_threadsafe_function (CHECK_NOT_NULL), deadlocks on a
    // blocking call with a full queue from the main thread, and reads freed memory for a finalized
    // function; the runtime answers instead.
    it('wasm: a NULL function is napi_invalid_arg everywhere', () => {
      const id = a.create(noop, 0, 1, F.callJs);
      expect(a.call(id, 1, false, 'func')).toBe(Status.invalid_arg);
      expect(a.acquire(id, 'func')).toBe(Status.invalid_arg);
      expect(a.release(id, false, 'func')).toBe(Status.invalid_arg);
      expect(a.ref(id, 'func')).toBe(Status.invalid_arg);
      expect(a.unref(id, 'func')).toBe(Status.invalid_arg);
      expect(a.context(id, 'func')).toBe(Status.invalid_arg);
      expect(a.context(id, 'result')).toBe(Status.invalid_arg);
      a.release(id, false);
    });

    it('wasm: a blocking call with a full queue on the main thread is napi_would_deadlock', async () => {
      const done = finalized();
      const id = a.create(noop, 1, 1, F.callJs, done.fn);
      expect(a.call(id, 1, true)).toBe(Status.ok);
      expect(a.call(id, 2, true)).toBe(Status.would_deadlock);
      expect(a.call(id, 2, false)).toBe(Status.queue_full);
      a.release(id, false);
      await done.promise;
    });

    it('wasm: a finalized function is napi_invalid_arg everywhere', async () => {
      const done = finalized();
      const id = a.create(noop, 0, 1, F.callJs, done.fn);
      a.release(id, false);
      await done.promise;
      expect(a.call(id, 1)).toBe(Status.invalid_arg);
      expect(a.acquire(id)).toBe(Status.invalid_arg);
      expect(a.release(id, false)).toBe(Status.invalid_arg);
      expect(a.ref(id)).toBe(Status.invalid_arg);
      expect(a.context(id)).toBe(Status.invalid_arg);
    });
  }
});
