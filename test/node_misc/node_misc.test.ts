// node_api.h odds and ends: napi_get_node_version, napi_get_uv_event_loop, napi_fatal_exception and
// napi_fatal_error. Expected values are what native Node 20 answers (the oracle). The C side takes a
// trailing string mode: "env", "result", "err" pass NULL in that position; "pending" calls with an
// exception already pending.
import { expect, it } from 'vitest';
import { runChild } from '../child.js';
import { describeEachBuild, failure, Status } from '../harness.js';

const ok = { status: Status.ok, message: null };
const invalidArg = failure(Status.invalid_arg);

type Listener = (...args: unknown[]) => void;

/** Replaces the process's uncaught-exception listeners (Vitest's among them) while `fn` runs. */
function withUncaught(log: unknown[], fn: () => void): void {
  // Typed loosely: the two events have different listener types in @types/node.
  const emitter = process as unknown as NodeJS.EventEmitter;
  const events = ['uncaughtException', 'uncaughtExceptionMonitor'];
  const saved = events.map((e) => emitter.listeners(e) as Listener[]);
  for (const e of events) {
    emitter.removeAllListeners(e);
    emitter.on(e, (error: unknown, origin: unknown) => log.push([e, error, origin]));
  }
  try {
    fn();
  } finally {
    events.forEach((e, i) => {
      emitter.removeAllListeners(e);
      for (const l of saved[i]!) emitter.on(e, l);
    });
  }
}

await describeEachBuild('node_misc', (a, build) => {
  it('napi_get_node_version: the Node version running, in a static struct', () => {
    const [major, minor, patch] = process.versions.node.split('.').map(Number);
    expect(a.nodeVersion()).toEqual({ major, minor, patch, release: process.release.name, stable: true });
    expect(a.nodeVersion('env')).toBe(Status.invalid_arg);
    expect(a.nodeVersion('result')).toEqual(invalidArg);
  });

  it('napi_get_uv_event_loop: natively the loop; no libuv loop on wasm (napi_generic_failure)', () => {
    if (build === 'native') expect(a.uvLoop()).toEqual({ ...ok, loop: true });
    else expect(a.uvLoop()).toEqual({ ...failure(Status.generic_failure), loop: false });
    expect(a.uvLoop('env')).toBe(Status.invalid_arg);
    expect(a.uvLoop('result')).toEqual({ ...invalidArg, loop: false });
  });

  it('napi_fatal_exception: the uncaught-exception listeners run before it returns', () => {
    const log: unknown[] = [];
    const error = new Error('fatal');
    let result: unknown;
    withUncaught(log, () => {
      result = a.fatalException(error, () => log.push('back in C'));
    });
    expect(result).toEqual(ok);
    expect(log).toEqual([
      ['uncaughtExceptionMonitor', error, 'uncaughtException'],
      ['uncaughtException', error, 'uncaughtException'],
      'back in C',
    ]);
    // Any value can be reported.
    log.length = 0;
    withUncaught(log, () => expect(a.fatalException(5, null)).toEqual(ok));
    expect(log).toEqual([
      ['uncaughtExceptionMonitor', 5, 'uncaughtException'],
      ['uncaughtException', 5, 'uncaughtException'],
    ]);
  });

  it('napi_fatal_exception: bad input', () => {
    const log: unknown[] = [];
    withUncaught(log, () => {
      expect(a.fatalException(new Error('x'), null, 'env')).toBe(Status.invalid_arg);
      expect(a.fatalException(new Error('x'), null, 'err')).toEqual(invalidArg);
      // With an exception pending: napi_pending_exception, and that exception reaches JS.
      expect(() => a.fatalException(new Error('x'), null, 'pending')).toThrow('already pending');
    });
    expect(log).toEqual([]);
  });

  it('napi_fatal_error: natively the process aborts; on wasm an Error with the same text', async () => {
    const r = await runChild('node_misc', build, `addon.fatalError('the_location', -1, 'the message', -1);`);
    expect(r.stderr).toContain('FATAL ERROR: the_location the message');
    if (build === 'native') expect(r.signal).toBe('SIGABRT');
    else expect(r).toMatchObject({ code: 1, signal: null }); // an uncaught Error
  });

  if (build !== 'native') {
    it('wasm: napi_fatal_error throws to the JS caller; lengths are honoured; the module stays usable', () => {
      expect(() => a.fatalError('the_location', -1, 'the message', -1)).toThrow(
        new Error('FATAL ERROR: the_location the message'),
      );
      expect(() => a.fatalError('the_location', 3, 'the message', 5)).toThrow(new Error('FATAL ERROR: the the m'));
      expect(() => a.fatalError(null, 0, 'msg', -1)).toThrow(new Error('FATAL ERROR:  msg'));
      expect(() => a.fatalError(null, -1, null, -1)).toThrow(new Error('FATAL ERROR:  ')); // Node would crash
      expect(a.nodeVersion()).toMatchObject({ stable: true });
    });
  }
});
