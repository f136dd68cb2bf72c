// References and finalizers: napi_create_reference, napi_reference_ref / napi_reference_unref,
// napi_get_reference_value, napi_delete_reference, napi_add_finalizer, and the finalizers of wraps,
// externals and napi_add_finalizer (run after the GC, in a later task, exactly once). Expected values
// are what native Node 20 answers (the oracle).
//
// napi_ref values live in a C table; tests see slot numbers. `get(slot)` answers { value }, or {}
// when napi_get_reference_value gave NULL (the value is gone). The C side takes a trailing string
// mode naming the argument passed as NULL; a NULL env answers the bare status.
import { expect, it } from 'vitest';
import { addonPath, describeEachBuild, failure, runtime, Status, type Addon } from '../harness.js';
import { gcRounds, gcUntil } from '../gc.js';

const ok = { status: Status.ok, message: null };
const invalidArg = failure(Status.invalid_arg);
const genericFailure = failure(Status.generic_failure);

type Stats = Record<'wrap' | 'external' | 'added' | 'addedRef' | 'wrapRef', [number, number, number]> & {
  wrongEnv: number;
};

async function referenceCount(): Promise<number> {
  const { referenceStats } = await runtime();
  return referenceStats().references;
}

await describeEachBuild('references', (a, build) => {
  const stats = (): Stats => a.finalizerStats();
  const calls = (kind: keyof Omit<Stats, 'wrongEnv'>) => stats()[kind][0];

  it('napi_create_reference / ref / unref / get / delete: counts', () => {
    const o = { tag: 1 };
    const s = a.createReference(o, 0);
    expect(s).toBeGreaterThan(0);
    expect(a.get(s)).toEqual({ value: o });
    expect(a.get(s).value).toBe(o);
    expect(a.ref(s)).toBe(1);
    expect(a.ref(s)).toBe(2);
    expect(a.unref(s)).toBe(1);
    expect(a.unref(s)).toBe(0);
    // Unref at 0 fails.
    expect(a.unref(s)).toEqual(genericFailure);
    expect(a.get(s).value).toBe(o);
    // The count out-parameter is optional.
    expect(a.ref(s, 'noresult')).toEqual(ok);
    expect(a.unref(s, 'noresult')).toEqual(ok);
    expect(a.deleteReference(s)).toEqual(ok);
    a.forget(s);
    const strong = a.createReference(o, 3);
    expect(a.unref(strong)).toBe(2);
    expect(a.ref(strong)).toBe(3);
    expect(a.get(strong).value).toBe(o);
    expect(a.deleteReference(strong)).toEqual(ok);
    a.forget(strong);
  });

  it('napi_create_reference: objects, functions and symbols only (Node-API 9 module)', () => {
    for (const v of [1, 'str', null, undefined, true, 10n]) {
      expect(a.createReference(v, 0), String(v)).toEqual(invalidArg);
      expect(a.createReference(v, 1), String(v)).toEqual(invalidArg);
    }
    const sym = Symbol('local');
    const fn = () => 1;
    const arr: number[] = [];
    for (const v of [sym, fn, arr, new Proxy({}, {}), a.createExternal(0)]) {
      const s = a.createReference(v, 0);
      expect(s, String(typeof v)).toBeGreaterThan(0);
      expect(a.get(s).value).toBe(v);
      expect(a.deleteReference(s)).toEqual(ok);
      a.forget(s);
    }
  });

  it('references: bad input', () => {
    expect(a.createReference({}, 0, 'env')).toBe(Status.invalid_arg);
    expect(a.createReference({}, 0, 'value')).toEqual(invalidArg);
    expect(a.createReference({}, 0, 'result')).toEqual(invalidArg);
    const s = a.createReference({}, 1);
    expect(a.ref(s, 'env')).toBe(Status.invalid_arg);
    expect(a.ref(s, 'ref')).toEqual(invalidArg);
    expect(a.unref(s, 'env')).toBe(Status.invalid_arg);
    expect(a.unref(s, 'ref')).toEqual(invalidArg);
    expect(a.get(s, 'env')).toBe(Status.invalid_arg);
    expect(a.get(s, 'ref')).toEqual(invalidArg);
    expect(a.get(s, 'result')).toEqual(invalidArg);
    expect(a.deleteReference(s, 'env')).toBe(Status.invalid_arg);
    expect(a.deleteReference(s, 'ref')).toEqual(invalidArg);
    expect(a.unref(s)).toBe(0); // none of the above changed the count
    expect(a.deleteReference(s)).toEqual(ok);
    a.forget(s);
  });

  // Native Node dereferences a deleted napi_ref (a use after free: it crashes or worse). wasm-napi's
  // napi_ref carries its slot's generation, so it answers napi_invalid_arg (test/references/table.test.ts
  // checks that through slot reuse).
  it.skipIf(build === 'native')('a deleted napi_ref → napi_invalid_arg (wasm only: native would crash)', () => {
    const s = a.createReference({}, 1);
    expect(a.deleteReference(s)).toEqual(ok);
    expect(a.get(s)).toEqual(invalidArg);
    expect(a.ref(s)).toEqual(invalidArg);
    expect(a.unref(s)).toEqual(invalidArg);
    expect(a.deleteReference(s)).toEqual(invalidArg);
    a.forget(s);
  });

  it('a weak reference (count 0) does not keep its object: NULL after the GC, ref gives 0', async () => {
    const s = (() => a.createReference({ weak: true }, 0))();
    expect(await gcUntil(() => !('value' in a.get(s)))).toBe(true);
    expect(a.get(s)).toEqual({});
    // Ref of a reference whose object is gone leaves the count at 0.
    expect(a.ref(s)).toBe(0);
    expect(a.get(s)).toEqual({});
    expect(a.unref(s)).toEqual(genericFailure);
    expect(a.deleteReference(s)).toEqual(ok);
    a.forget(s);
  });

  it('a strong reference keeps its object alive; after unref to 0 it is collected and finalized once', async () => {
    await gcRounds(3);
    const before = stats().added;
    const s = (() => {
      const o = { alive: true };
      expect(a.addFinalizer(o, 500)).toEqual(ok);
      return a.createReference(o, 1);
    })();
    await gcRounds(5);
    expect(a.get(s)).toEqual({ value: { alive: true } });
    expect(stats().added).toEqual(before);
    expect(a.unref(s)).toBe(0);
    expect(await gcUntil(() => calls('added') > before[0])).toBe(true);
    expect(stats().added).toEqual([before[0] + 1, 500, 501]); // data and hint
    expect(a.get(s)).toEqual({});
    await gcRounds(3);
    expect(stats().added[0]).toBe(before[0] + 1); // exactly once
    expect(stats().wrongEnv).toBe(0);
    expect(a.deleteReference(s)).toEqual(ok);
    a.forget(s);
  });

  it('finalizers of wraps, externals and napi_add_finalizer run after the GC, exactly once', async () => {
    await gcRounds(3);
    const before = stats();
    (() => {
      const o = {};
      expect(a.addFinalizer(o, 20)).toEqual(ok);
      expect(a.addFinalizer(o, 20)).toEqual(ok); // several finalizers on one object
      expect(a.wrap(o, 30)).toEqual(ok); // and a wrap
      a.createExternal(40);
      // Nothing runs while the objects are reachable, nor synchronously after a GC.
      globalThis.gc!();
      expect(stats()).toEqual(before);
    })();
    const done = () => calls('added') === before.added[0] + 2 && calls('wrap') > before.wrap[0] && calls('external') > before.external[0];
    expect(await gcUntil(done)).toBe(true);
    const after = stats();
    expect(after.added).toEqual([before.added[0] + 2, 20, 21]);
    expect(after.wrap).toEqual([before.wrap[0] + 1, 30, 31]);
    expect(after.external).toEqual([before.external[0] + 1, 40, 41]);
    expect(after.wrongEnv).toBe(0); // each finalizer got the module's env
    await gcRounds(3);
    expect(stats()).toEqual(after);
  });

  it('napi_wrap with a result napi_ref: valid while the object lives; the finalizer deletes it', async () => {
    await gcRounds(3);
    const before = stats().wrapRef;
    let slot = 0;
    (() => {
      const o = { wrapped: 1 };
      slot = a.wrapWithRef(o);
      expect(slot).toBeGreaterThan(0);
      expect(a.get(slot).value).toBe(o);
      // The returned reference is weak (count 0).
      expect(a.unref(slot)).toEqual(genericFailure);
    })();
    expect(await gcUntil(() => calls('wrapRef') > before[0])).toBe(true);
    expect(stats().wrapRef).toEqual([before[0] + 1, slot, 7]);
  });

  it('napi_add_finalizer with a result napi_ref: the finalizer deletes it', async () => {
    await gcRounds(3);
    const before = stats().addedRef;
    let slot = 0;
    (() => {
      const o = {};
      slot = a.addFinalizer(o, 9, 'ref');
      expect(slot).toBeGreaterThan(0);
      expect(a.get(slot).value).toBe(o);
    })();
    expect(await gcUntil(() => calls('addedRef') > before[0])).toBe(true);
    expect(stats().addedRef).toEqual([before[0] + 1, slot, 9]);
  });

  it('napi_remove_wrap: the wrap finalizer never runs; a returned napi_ref stays for the addon', async () => {
    await gcRounds(3);
    const before = stats();
    let slot = 0;
    (() => {
      const o = {};
      expect(a.wrap(o, 60)).toEqual(ok);
      expect(a.removeWrap(o)).toBe(60);
      expect(a.addFinalizer(o, 61)).toEqual(ok); // tells when `o` was collected
      const p = {};
      slot = a.wrapWithRef(p);
      expect(a.removeWrap(p)).toBe(slot);
      expect(a.get(slot).value).toBe(p); // the reference outlives the wrap
      expect(a.addFinalizer(p, 62)).toEqual(ok);
    })();
    expect(await gcUntil(() => calls('added') === before.added[0] + 2)).toBe(true);
    await gcRounds(2);
    const after = stats();
    expect(after.wrap).toEqual(before.wrap);
    expect(after.wrapRef).toEqual(before.wrapRef); // the finalizer was dropped with the wrap
    expect(after.added[0]).toBe(before.added[0] + 2);
    // The reference napi_wrap returned is still the addon's: weak, its object gone, to be deleted.
    expect(a.get(slot)).toEqual({});
    expect(a.deleteReference(slot)).toEqual(ok);
    a.forget(slot);
  });

  // wasm-napi keeps a removed wrap for the next napi_wrap of its object (src/reference.ts, removeWrap):
  // wrapping and removing again and again must leave one wrap, finalized once, and no references.
  it('napi_wrap / napi_remove_wrap over and over on one object: only the last wrap is finalized, once', async () => {
    await gcRounds(3);
    const wasm = build !== 'native';
    const { referenceStats } = await runtime();
    const before = stats();
    let start = 0;
    (() => {
      const o = {};
      start = wasm ? referenceStats().references : 0;
      let wrong = 0;
      for (let i = 0; i < 10_000; i++) {
        if (a.wrap(o, i).status !== Status.ok || a.removeWrap(o) !== i) wrong++;
      }
      expect(wrong).toBe(0);
      // A wrap with a returned napi_ref in between, then wraps without one again.
      const slot = a.wrapWithRef(o);
      expect(a.wrap(o, 1)).toEqual(invalidArg);
      expect(a.removeWrap(o)).toBe(slot);
      expect(a.deleteReference(slot)).toEqual(ok);
      a.forget(slot);
      expect(a.wrap(o, 90)).toEqual(ok);
      expect(a.wrap(o, 1)).toEqual(invalidArg);
      expect(a.removeWrap(o)).toBe(90);
      expect(a.removeWrap(o)).toEqual(invalidArg);
      expect(a.wrap(o, 91)).toEqual(ok);
      if (wasm) expect(referenceStats().references).toBe(start + 1);
    })();
    expect(await gcUntil(() => calls('wrap') > before.wrap[0])).toBe(true);
    await gcRounds(3);
    const after = stats();
    expect(after.wrap).toEqual([before.wrap[0] + 1, 91, 92]);
    expect(after.wrapRef).toEqual(before.wrapRef);
    expect(after.wrongEnv).toBe(0);
    if (wasm) expect(referenceStats().references).toBe(start);
  });

  // Wraps live in a private field of the object, and in a WeakMap for an object that refuses one
  // (src/api/classes.ts): the global object (a global proxy in browsers), frozen objects, proxies and
  // functions all wrap, unwrap and remove as in Node.
  it('napi_wrap / napi_remove_wrap of the global object, a frozen object, a proxy and a function', () => {
    const objects: [string, object][] = [
      ['globalThis', globalThis],
      ['frozen', Object.freeze({})],
      ['proxy', new Proxy({}, {})],
      ['function', () => 0],
    ];
    for (const [what, o] of objects) {
      expect(a.wrap(o, 31), what).toEqual(ok);
      expect(a.wrap(o, 32), what).toEqual(invalidArg);
      expect(a.removeWrap(o), what).toBe(31);
      expect(a.removeWrap(o), what).toEqual(invalidArg);
      expect(a.wrap(o, 33), what).toEqual(ok);
      expect(a.removeWrap(o), what).toBe(33);
    }
  });

  // Natively a second load of the addon would share its statics (the finalizer counts, the env it
  // checks), so the two envs are wasm only.
  it.skipIf(build === 'native')('napi_wrap / napi_remove_wrap of one object from two envs (wasm only)', async () => {
    await gcRounds(3);
    const { load, unload, referenceStats, stats: moduleStats } = await runtime();
    // Counts the registrations of b's ReferenceManager (made at load).
    let registrations = 0;
    const Registry = globalThis.FinalizationRegistry;
    globalThis.FinalizationRegistry = class<T> extends Registry<T> {
      override register(target: WeakKey, held: T, token?: WeakKey): void {
        registrations++;
        super.register(target, held, token);
      }
    };
    let b: Addon;
    try {
      b = await load(addonPath('references', build));
    } finally {
      globalThis.FinalizationRegistry = Registry;
    }
    const before = { a: stats(), b: b.finalizerStats() as Stats };
    let start = 0;
    (() => {
      const o = {};
      start = referenceStats().references;
      let wrong = 0;
      for (let i = 0; i < 1000; i++) {
        // Each env wraps after the other's wrap was removed, by either env.
        if (a.wrap(o, i).status !== Status.ok || a.removeWrap(o) !== i) wrong++;
        if (b.wrap(o, i).status !== Status.ok || a.wrap(o, 1).status === Status.ok || a.removeWrap(o) !== i) wrong++;
        if (a.wrap(o, i).status !== Status.ok || b.removeWrap(o) !== i) wrong++;
        if (b.wrap(o, i).status !== Status.ok || b.removeWrap(o) !== i) wrong++;
      }
      expect(wrong).toBe(0);
      expect(b.wrap(o, 50)).toEqual(ok);
      expect(referenceStats().references).toBe(start + 1);
      // b's removed wraps were revived: its first wrap registered `o`, no other did.
      expect(registrations).toBe(1);
    })();
    expect(await gcUntil(() => b.finalizerStats().wrap[0] > before.b.wrap[0])).toBe(true);
    await gcRounds(3);
    expect(b.finalizerStats().wrap).toEqual([before.b.wrap[0] + 1, 50, 51]);
    expect(b.finalizerStats().wrongEnv).toBe(0);
    expect(stats().wrap).toEqual(before.a.wrap);
    expect(referenceStats().references).toBe(start);
    // b's teardown ends the wraps it holds: the object is then not wrapped, for a as for anyone.
    const p = {};
    expect(b.wrap(p, 7)).toEqual(ok);
    expect(moduleStats(b).wraps).toBe(1);
    unload(b);
    expect(a.removeWrap(p)).toEqual(invalidArg);
    expect(a.wrap(p, 8)).toEqual(ok);
    expect(a.removeWrap(p)).toBe(8);
  });

  it('napi_add_finalizer: bad input', () => {
    expect(a.addFinalizer({}, 1, 'env')).toBe(Status.invalid_arg);
    expect(a.addFinalizer({}, 1, 'object')).toEqual(invalidArg);
    expect(a.addFinalizer({}, 1, 'finalizer')).toEqual(invalidArg);
    for (const v of [1, 'str', null, undefined, true, 10n, Symbol('s')]) {
      expect(a.addFinalizer(v, 1), String(v)).toEqual(invalidArg);
    }
  });

  it('instance data: napi_set_instance_data / napi_get_instance_data', () => {
    expect(a.getInstanceData()).toEqual([0, 0]);
    expect(a.setInstanceData(5)).toEqual(ok);
    expect(a.getInstanceData()).toEqual([5, 0]);
    // Replacing the data does not finalize the old one.
    expect(a.setInstanceData(6)).toEqual(ok);
    expect(a.getInstanceData()).toEqual([6, 0]);
  });

  // The instance data's finalizer runs at env teardown (process exit natively, unload() in wasm):
  // test/runtime checks it and its place among the other finalizers, test/cleanup the exit order
  // against native Node in child processes.

  it('leak test: 100,000 wraps and 100,000 weak references, dropped → all finalized, no references left', async () => {
    const n = 100_000;
    await gcRounds(5);
    const wasm = build !== 'native';
    const { referenceStats } = await runtime();
    const start = wasm ? referenceStats().references : 0;
    const [wraps0, refs0] = a.leakStats();
    a.leak(n);
    // Read in the same job: the GC may collect the objects as soon as the call returns (even during
    // it, as V8 does natively), but no finalizer runs before this job ends.
    if (wasm) expect(referenceStats().references).toBe(start + 3 * n); // a wrap, a weak ref and a finalizer ref each
    const done = await gcUntil(() => {
      const [wraps, refs] = a.leakStats();
      return wraps - wraps0 === n && refs - refs0 === n;
    }, 200);
    expect(done).toBe(true);
    // Every finalizer ran exactly once, and each saw its weak reference's value NULL.
    expect(a.leakStats()).toEqual([wraps0 + n, refs0 + n]);
    if (wasm) expect(await referenceCount()).toBe(start);
  });
});
