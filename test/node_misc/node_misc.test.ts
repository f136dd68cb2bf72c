// node_api.h odds and ends: napi_get_node_version, napi_get_uv_event_loop, napi_fatal_exception and
// napi_fatal_error. Expected values are what native Node 20 answers (the oracle). The C side takes a
// trailing string mode: "env", "result", "err" pass NULL in that position; "pending" calls with an
// exception already pending.
import { expect, it } from 'vitest';
import { runChild } from '../child.js';
import { describeEachBuild, failure, isBrowser, itInNode, reportedUncaught, Status, withUncaught } from '../harness.js';

const ok = { status: Status.ok, message: null };
const invalidArg = failure(Status.invalid_arg);

/** Collects the host's uncaught-exception reports made while `fn` runs into `log`. */
const collectUncaught = (log: unknown[], fn: () => void): void => withUncaught((...report) => log.push(report), fn);

await describeEachBuild('node_misc', (a, build) => {
  it('napi_get_node_version: the Node version running, in a static struct (0.0.0 "wasm-napi" in browsers)', () => {
    const [major, minor, patch] = isBrowser ? [0, 0, 0] : process.versions.node.split('.').map(Number);
    const release = isBrowser ? 'wasm-napi' : process.release.name;
    expect(a.nodeVersion()).toEqual({ major, minor, patch, release, stable: true });
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
    // In browsers: the window's 'error' listeners (reportError).
    const log: unknown[] = [];
    const error = new Error('fatal');
    let result: unknown;
    collectUncaught(log, () => {
      result = a.fatalException(error, () => log.push('back in C'));
    });
    expect(result).toEqual(ok);
    expect(log).toEqual([...reportedUncaught(error), 'back in C']);
    // Any value can be reported.
    log.length = 0;
    collectUncaught(log, () => expect(a.fatalException(5, null)).toEqual(ok));
    expect(log).toEqual(reportedUncaught(5));
  });

  it('napi_fatal_exception: bad input', () => {
    const log: unknown[] = [];
    collectUncaught(log, () => {
      expect(a.fatalException(new Error('x'), null, 'env')).toBe(Status.invalid_arg);
      expect(a.fatalException(new Error('x'), null, 'err')).toEqual(invalidArg);
      // With an exception pending: napi_pending_exception, and that exception reaches JS.
      expect(() => a.fatalException(new Error('x'), null, 'pending')).toThrow('already pending');
    });
    expect(log).toEqual([]);
  });

  itInNode('napi_fatal_error: natively the process aborts; on wasm an Error with the same text', 'child_process', async () => {
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
