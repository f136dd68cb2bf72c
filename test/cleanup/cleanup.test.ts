// Cleanup hooks. Natively they run when the Node.js environment is torn down at process exit, so the
// order test runs in a child process for every build: natively the process just ends; on wasm the
// script calls unload() (the runtime's env teardown) at its end. The C hooks print to stderr.
// Expected values are what native Node 20 answers (the oracle).
//
// The C side takes a trailing string mode: "env", "fun", "hook", "handle" pass NULL in that position.
import { expect, it } from 'vitest';
import { runChild } from '../child.js';
import { describeEachBuild, failure, itInNode, Status } from '../harness.js';

const ok = { status: Status.ok, message: null };
const invalidArg = failure(Status.invalid_arg);

await describeEachBuild('cleanup', (a, build) => {
  itInNode('at teardown: hooks run last added first, async ones among them, then the finalizers', 'child_process', async () => {
    const r = await runChild(
      'cleanup',
      build,
      `addon.print(true);
       addon.withFinalizers(false);
       addon.addHook(1);
       addon.addHook(2);
       addon.addAsyncHook(true); // removes itself from inside the hook (its arg is 0)
       addon.addHook(3);
       addon.addHook(4, '', true); // another function
       addon.addHook(5);
       addon.removeHook(2);
       addon.addAsyncHook(true, 'handle'); // no remove_handle given: the hook gets one all the same
       teardown();`,
    );
    expect(r).toMatchObject({ code: 0, timedOut: false });
    const lines = r.stderr.trim().split('\n');
    expect(lines.slice(0, 6)).toEqual(['async hook 1', 'hook 5', 'other hook 4', 'hook 3', 'async hook 0', 'hook 1']);
    // Then the finalizers of what is still alive. (Node 20 runs them newest first, the instance data
    // among them; the runtime's teardown runs references' first, then the instance data's.)
    expect(lines.slice(6).sort()).toEqual(['finalizer', 'instance data finalizer']);
  });

  it('napi_add_env_cleanup_hook / napi_remove_env_cleanup_hook: arguments', () => {
    expect(a.addHook(100)).toEqual(ok);
    expect(a.addHook(100, '', true)).toEqual(ok); // the same arg with another function
    expect(a.removeHook(100)).toEqual(ok);
    expect(a.removeHook(100, '', true)).toEqual(ok);
    expect(a.removeHook(101)).toEqual(ok); // never added: nothing to do
    expect(a.addHook(100, 'env')).toBe(Status.invalid_arg);
    expect(a.addHook(100, 'fun')).toEqual(invalidArg);
    expect(a.removeHook(100, 'env')).toBe(Status.invalid_arg);
    expect(a.removeHook(100, 'fun')).toEqual(invalidArg);
  });

  it('napi_add_async_cleanup_hook / napi_remove_async_cleanup_hook: arguments', () => {
    const h = a.addAsyncHook(false);
    expect(typeof h).toBe('number');
    // Every hook added here is removed again: natively, one left in place would keep the test
    // process from exiting (Node waits for it at teardown).
    expect(a.removeAsyncHook(h)).toBe(Status.ok);
    expect(a.addAsyncHook(false, 'env')).toBe(Status.invalid_arg);
    expect(a.addAsyncHook(false, 'hook')).toEqual(invalidArg);
    expect(a.removeAsyncHook(h, 'handle')).toBe(Status.invalid_arg); // NULL: no env, the bare status
  });

  if (build !== 'native') {
    // Node aborts the process on the same function and arg added twice, and frees a removed
    // async hook handle twice; the runtime answers napi_invalid_arg.
    it('wasm: the same hook twice, or a removed async hook handle, is napi_invalid_arg', () => {
      expect(a.addHook(200)).toEqual(ok);
      expect(a.addHook(200)).toEqual(invalidArg);
      expect(a.removeHook(200)).toEqual(ok);
      const h = a.addAsyncHook(false);
      expect(a.removeAsyncHook(h)).toBe(Status.ok);
      expect(a.removeAsyncHook(h)).toBe(Status.invalid_arg);
    });

    itInNode('wasm: unload() runs the hooks; a hook added by unload() time and removed is not run', 'child_process', async () => {
      const r = await runChild(
        'cleanup',
        build,
        `addon.print(true);
         addon.addHook(7);
         const h = addon.addAsyncHook(false);
         addon.addHook(8);
         addon.removeAsyncHook(h);
         teardown();
         process.stderr.write('after unload\\n');`,
      );
      expect(r).toMatchObject({ code: 0, stderr: 'hook 8\nhook 7\nafter unload\n' });
    });
  }
});
