// Forcing garbage collection in tests: the node project runs its workers with --expose-gc, the
// browser project starts Chromium with --js-flags=--expose-gc (vitest.config.ts); both give `gc()`.
//
// Finalizers run in a later task after the GC both in Node (SetImmediate) and in wasm-napi (a
// FinalizationRegistry callback queues them, a setTimeout runs them), so the helper alternates GC
// and waiting. It also waits once before each GC: a WeakRef deref (which wasm-napi's
// napi_get_reference_value does) keeps its target alive until the end of the current job, so a
// condition that read a weak reference must not be followed by a GC in the same job.

const gc = (globalThis as { gc?: () => void }).gc;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Collects garbage until `condition()` holds (at most `rounds` times); returns whether it held. */
export async function gcUntil(condition: () => boolean, rounds = 50): Promise<boolean> {
  if (!gc) throw new Error('globalThis.gc is missing: run node with --expose-gc, Chromium with --js-flags=--expose-gc');
  for (let i = 0; i < rounds; i++) {
    await sleep(0);
    gc();
    await sleep(10);
    if (condition()) return true;
  }
  return false;
}

/** Collects garbage `rounds` times, letting finalizers run in between. */
export async function gcRounds(rounds = 5): Promise<void> {
  await gcUntil(() => false, rounds);
}
