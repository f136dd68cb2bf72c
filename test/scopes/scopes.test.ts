// Handle scopes and escapable handle scopes, checked against native Node 20 (the oracle). Where Node
// has no check (it would read a dead V8 handle or corrupt V8's scope stack), the case runs on wasm
// only, and the test says why.
import { expect, it } from 'vitest';
import { builds, describeEachBuild, failure, Mode, runtime, Status } from '../harness.js';

const invalidArg = failure(Status.invalid_arg);

type HandleStats = { top: number; capacity: number; scopes: number };

/** The wasm runtime's handle table statistics, loaded only for wasm builds. */
async function wasmHandleStats(): Promise<() => HandleStats> {
  return ((await runtime()) as { handleStats: () => HandleStats }).handleStats;
}

const ONE_MILLION = 1_000_000;
const handleStats = builds.some((b) => b !== 'native') ? await wasmHandleStats() : undefined;

await describeEachBuild('scopes', (a, build) => {
  const stats = build === 'native' ? undefined : handleStats;

  it('napi_open_handle_scope / napi_close_handle_scope', () => {
    expect(a.openHandleScope(Mode.normal)).toBe(true);
    expect(a.closeHandleScope(Mode.normal)).toBe(true);
    expect(a.openEscapableScope(Mode.normal)).toBe(true);
    expect(a.closeEscapableScope(Mode.normal)).toBe(true);
  });

  it('open/close: NULL env, NULL result, NULL scope → napi_invalid_arg', () => {
    expect(a.openHandleScope(Mode.nullEnv)).toBe(Status.invalid_arg);
    expect(a.openHandleScope(Mode.nullResult)).toEqual(invalidArg);
    expect(a.closeHandleScope(Mode.nullEnv)).toBe(Status.invalid_arg);
    expect(a.closeHandleScope(Mode.nullValue)).toEqual(invalidArg);
    expect(a.openEscapableScope(Mode.nullEnv)).toBe(Status.invalid_arg);
    expect(a.openEscapableScope(Mode.nullResult)).toEqual(invalidArg);
    expect(a.closeEscapableScope(Mode.nullEnv)).toBe(Status.invalid_arg);
    expect(a.closeEscapableScope(Mode.nullValue)).toEqual(invalidArg);
  });

  it('napi_escape_handle: the escaped value outlives its scope', () => {
    const o = { k: 1 };
    const r = a.escape(Mode.normal, o);
    expect(r.value).toBe(o);
    expect(a.escape(Mode.normal, 'str')).toEqual({ value: 'str' });
  });

  it('napi_escape_handle: NULL env, scope, escapee, result → napi_invalid_arg', () => {
    expect(a.escape(Mode.nullEnv, 1)).toBe(Status.invalid_arg);
    expect(a.escape(Mode.nullResult, 1)).toEqual(invalidArg);
    expect(a.escape(Mode.nullValue, 1)).toEqual(invalidArg); // escapee
    expect(a.escape(Mode.nullValue2, 1)).toEqual(invalidArg); // scope
  });

  it('a second escape from one scope → napi_escape_called_twice, result not written', () => {
    const r = a.escapeTwice();
    expect(r.first).toBe(Status.ok);
    expect(r.second).toBe(Status.escape_called_twice);
    expect(r.secondMessage).toBe('napi_escape_handle already called on scope');
    expect(r.third).toBe(Status.escape_called_twice);
    expect(r.out2Written).toBe(false);
    expect(r.escaped).toEqual({});
  });

  // Node checks only that some scope is open (a counter), before touching the scope. Surprise: it
  // returns napi_handle_scope_mismatch WITHOUT recording it as the last error, so
  // napi_get_last_error_info still shows the previous call's result (here the successful first
  // close: no message).
  it('closing a scope twice → napi_handle_scope_mismatch (not recorded in the last error)', () => {
    expect(a.closeTwice()).toEqual({ status: Status.handle_scope_mismatch, message: null });
    expect(a.closeEscapableTwice()).toEqual({ status: Status.handle_scope_mismatch, message: null });
  });

  // Native Node does not check the order: it answers napi_ok to both closes and destroys V8 handle
  // scopes out of order (undefined behaviour in V8), so it is no oracle here. The wasm runtime knows
  // the order and refuses to close a scope that is not the innermost.
  it.skipIf(build === 'native')('closing scopes out of order → napi_handle_scope_mismatch (wasm only)', () => {
    expect(a.closeOutOfOrder()).toEqual({ closeOuter: Status.handle_scope_mismatch, closeInner: Status.ok });
  });

  it('1,000 nested scopes closed innermost first', () => {
    const before = stats?.();
    expect(a.nestedScopes(1000)).toBe(1000);
    if (stats) expect(stats()).toEqual(before);
  });

  it('a value from an outer scope survives an inner scope closing', () => {
    expect(a.outerValueSurvives()).toEqual({ outer: 'outer' });
  });

  it('1,000,000 handles, each in its own scope, in one callback', () => {
    const before = stats?.();
    expect(a.manyHandlesScoped(ONE_MILLION)).toBe(ONE_MILLION);
    if (stats && before) {
      const after = stats();
      expect(after.top).toBe(before.top); // the handle table is back to its starting size
      expect(after.scopes).toBe(before.scopes);
    }
  });

  it('1,000,000 handles without inner scopes in one callback', () => {
    const before = stats?.();
    expect(a.manyHandlesUnscoped(ONE_MILLION)).toBe(ONE_MILLION - 1);
    if (stats && before) {
      const after = stats();
      expect(after.top).toBe(before.top); // the callback's scope released all of them
      expect(after.scopes).toBe(before.scopes);
    }
  });

  it('repeated calls do not grow the handle table', () => {
    if (!stats) return;
    a.manyHandlesUnscoped(1000);
    const before = stats();
    for (let i = 0; i < 1000; i++) a.manyHandlesUnscoped(100);
    expect(stats().top).toBe(before.top);
    expect(stats().capacity).toBe(before.capacity);
  });

  // Native Node would read a dead V8 handle slot here (it answers napi_ok with whatever the slot
  // holds, or crashes once the slot is reused): no oracle. The wasm runtime answers napi_invalid_arg.
  it.skipIf(build === 'native')('a handle used after its scope closed → napi_invalid_arg (wasm only)', () => {
    expect(a.useAfterClose()).toEqual(invalidArg);
  });

  it.skipIf(build === 'native')('escapable scope: the escaped handle lives on, the others die (wasm only)', () => {
    // Native Node would read a dead V8 handle slot for `other`.
    expect(a.useAfterCloseEscapable()).toEqual({ escaped: Status.ok, other: Status.invalid_arg });
  });

  it.skipIf(build === 'native')('a handle kept across callbacks → napi_invalid_arg (wasm only)', () => {
    // Native Node would read a dead V8 handle slot (the first callback's scope is gone). Both
    // callbacks take no arguments, so the stale handle is not inside the second call's live range.
    expect(a.keepHandle()).toEqual({});
    a.manyHandlesUnscoped(10); // reuse the slots
    expect(a.useKeptHandle()).toEqual(invalidArg);
  });
});
