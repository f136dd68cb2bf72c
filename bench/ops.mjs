// The call-overhead benchmark's operations and its timing method, shared by bench/run.mjs (Node) and
// bench/browser/main.js (Chromium). Browser-safe: no node: imports, nothing host-specific; each host
// passes its clock, GC and event-loop turn to measureOp.

const MIB = 1024 * 1024;
const str16 = 'abcdefghijklmnop';
const str1k = 'The quick brown fox jumps over the lazy dog. '.repeat(23).slice(0, 1024);
if (str16.length !== 16 || str1k.length !== 1024) throw new Error('bad benchmark strings');
const callback = (x) => x + 1;
const array1000 = Array.from({ length: 1000 }, (_, i) => i * 0.5);
const bytes = (n) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255);
const FILL_BYTE = 0xa5; // bench.c's fillNew1MB
const countNot = (t, v) => {
  let k = 0;
  for (let i = 0; i < t.length; i++) if (t[i] !== v) k++;
  return k;
};
// fillU8's check: fill the caller's array with 1s, let C write 7s, then read the bytes back in JS.
const fillCheck = (b, t) => {
  t.fill(1);
  const result = b.fillU8(t, 7);
  return { result, first: t[0], last: t[t.length - 1], bytesNot7: countNot(t, 7) };
};
// After the timed rounds, every byte must hold the value of the last call, (n - 1) & 255.
const fillVerify = (t, n) => {
  const bad = countNot(t, (n - 1) & 255);
  return bad ? `after the timed calls ${bad} of ${t.length} bytes differ from the last value written, ${(n - 1) & 255}` : undefined;
};

// Each op: how to call it once (the correctness check: `call(module, arg)`), the body of the timing
// loop (`expr`, with `b` the module, `arg` the op's argument, `i` the loop index), and optionally
// `setup(module)`, which makes the argument once per variant (so no two variants share a buffer or
// a wrapped object), `module: 'wrap'` for the node-addon-api module, `calls` to fix the number of
// calls per round for every variant, `verify(arg, n)` run after the timed rounds, and `core` (see
// CORE_NOTE). Each (op, variant) pair gets its own compiled loop (new Function) so V8's feedback
// for one variant's functions never makes another variant's call site polymorphic.
export const OPS = [
  { name: 'noop()', core: true, call: (b) => b.noop(), expr: 'b.noop()' },
  { name: 'add(a, b)', core: true, call: (b) => b.add(1.5, 2.25), expr: 'b.add(i, 0.5)' },
  { name: 'echo(16 B)', core: true, setup: () => str16, call: (b, s) => b.echo(s), expr: 'b.echo(arg)' },
  { name: 'echo(1 KB)', core: true, setup: () => str1k, call: (b, s) => b.echo(s), expr: 'b.echo(arg)' },
  { name: 'makeObject()', core: true, call: (b) => b.makeObject(), expr: 'b.makeObject()' },
  { name: 'callJs(fn)', core: true, setup: () => callback, call: (b, f) => b.callJs(f), expr: 'b.callJs(arg)' },
  { name: 'sumArray(1000)', core: true, setup: () => array1000, call: (b, a) => b.sumArray(a), expr: 'b.sumArray(arg)' },
  {
    // A fixed 5000 calls per round for every variant, so each creates the same number of
    // finalizable objects between event-loop turns: emnapi's finalizer queue (Array indexOf/splice/
    // shift) is quadratic, and rounds sized to ROUND_MS left it seconds of finalizers to drain.
    name: 'wrapNew()', core: true, expr: 'b.wrapNew()', calls: 5000,
    call: (b) => {
      const o = b.wrapNew();
      return { type: typeof o, keys: Object.keys(o), unwrapped: b.unwrap(o) };
    },
  },
  { name: 'unwrap(obj)', core: true, setup: (b) => b.wrapNew(), call: (b, o) => b.unwrap(o), expr: 'b.unwrap(arg)' },
  { name: 'refCycle(obj)', core: true, setup: () => ({ answer: 42 }), call: (b, o) => b.refCycle(o) === o, expr: 'b.refCycle(arg)' },
  {
    name: 'ObjectWrap increment()', core: true, module: 'wrap', setup: (w) => new w.Counter(), expr: 'arg.increment()',
    call: (w) => {
      const c = new w.Counter();
      return [c instanceof w.Counter, c.increment(), c.increment()];
    },
  },
  {
    // A fixed 16 calls per round for every variant: wasm-napi's cost per call grows with the number
    // of C-made buffers created since the event loop last turned (their mirrors stay synced until
    // collected), so letting each variant size its own round would compare different workloads.
    name: 'fillNew1MB()', core: true, calls: 16, expr: 'b.fillNew1MB()',
    call: (b) => {
      const t = b.fillNew1MB();
      return { type: t?.constructor?.name, length: t?.length, bytesNotA5: t?.length ? countNot(t, FILL_BYTE) : undefined };
    },
  },
  { name: 'sumU8(1 KB)', core: false, setup: () => bytes(1024), call: (b, t) => b.sumU8(t), expr: 'b.sumU8(arg)' },
  { name: 'sumU8(1 MB)', core: true, setup: () => bytes(MIB), call: (b, t) => b.sumU8(t), expr: 'b.sumU8(arg)' },
  { name: 'fillU8(1 KB)', core: false, setup: () => new Uint8Array(1024), call: fillCheck, expr: 'b.fillU8(arg, i & 255)', verify: fillVerify },
  { name: 'fillU8(1 MB)', core: false, setup: () => new Uint8Array(MIB), call: fillCheck, expr: 'b.fillU8(arg, i & 255)', verify: fillVerify },
];

/** The ops whose names contain one of `only` (BENCH_OPS), or all of them. */
export const selectOps = (only) => OPS.filter((op) => !only?.length || only.some((x) => op.name.includes(x)));

export const CORE_NOTE = 'the core operations of the project\'s speed goal (noop, add, 16 B and 1 KB ' +
  'string round trips, an object with 3 properties, a 1000-element array through napi_get_element, ' +
  'a JS callback, wrap, unwrap, reference create+get+delete, C filling a new 1 MB ArrayBuffer, ' +
  'C summing a 1 MB Uint8Array, an ObjectWrap method call); the 1 KB typed-array ops and fillU8 are ' +
  'extra measurements of the mirror model (docs/memory.md).';

export function makeLoop(expr) {
  // Returns elapsed ns for n calls (`now` returns ns, as a bigint or a number); `sink` keeps
  // results alive so no call is dead code.
  return new Function('b', 'n', 'arg', 'now', `
    let sink;
    const t0 = now();
    for (let i = 0; i < n; i++) sink = ${expr};
    const t1 = now();
    globalThis.__benchSink = sink;
    return Number(t1 - t0);
  `);
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const geomean = (xs) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);

/**
 * Deep equality of what the ops' `call` returns (primitives, arrays, plain objects), with Node's
 * isDeepStrictEqual rules for them: Object.is on primitives, same prototype, same own keys.
 */
export function sameResult(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameResult(a[k], b[k]));
}

const errorText = (e) => `${e?.name ?? 'Error'}: ${e?.message ?? e}`;

/**
 * Times one op on each of `entries` ({ key, b, arg }: variants whose first check passed) with the
 * method BENCHMARKS.md describes: warm up, size the rounds, run `rounds` rounds with the variants
 * interleaved (order rotated each round, settled before each), then check every variant again.
 * `host` gives { now (ns), turn (one event-loop turn), gc, rounds, roundMs, recheck(entry) → error
 * text or undefined }. Returns { [key]: { n, samples, median } | { error } }.
 */
export async function measureOp(op, entries, host) {
  const { now, turn, gc, rounds, roundMs } = host;
  // Finalizers and FinalizationRegistry callbacks run in later tasks, and WeakRef targets read
  // during a job stay alive until it ends: turn, collect, turn.
  const settle = async () => {
    await turn();
    gc();
    await turn();
    await turn();
  };
  const out = {};
  const live = [];
  for (const { key, b, arg } of entries) {
    const loop = makeLoop(op.expr);
    // Warm up for >= 250 ms (tiers up the loop and the runtime's glue), then size n from the
    // fastest of 3 ~30 ms probes so one round takes about roundMs when the machine is quiet
    // (or use the op's fixed `calls`). The event loop turns between warm-up loops, and each probe
    // starts settled like a timed round: garbage left by an earlier op (a C-made 1 MB buffer stays
    // synced by wasm-napi at every call until it is collected) must not size this op's rounds.
    let n = op.calls ?? 256;
    try {
      await settle();
      const warmStart = performance.now();
      if (!op.calls) while (loop(b, n, arg, now) < 30e6) n *= 2;
      while (performance.now() - warmStart < 250) {
        loop(b, n, arg, now);
        await turn();
      }
      if (!op.calls) {
        let best = Infinity;
        for (let k = 0; k < 3; k++) {
          await settle();
          best = Math.min(best, loop(b, n, arg, now) / n);
        }
        // At least 10 calls: a slow op (a 1 MB copy, 1000 elements) gets ~roundMs rounds too.
        n = Math.max(10, Math.round((roundMs * 1e6) / best));
      }
    } catch (e) {
      out[key] = { error: `threw while warming up (loops of ${n} calls): ${errorText(e)}` };
      continue;
    }
    live.push({ key, b, arg, loop, n, samples: [], error: undefined });
  }
  for (let r = 0; r < rounds; r++) {
    // Rotate the order each round so no variant always runs right after a GC or another's garbage.
    for (let j = 0; j < live.length; j++) {
      const s = live[(j + r) % live.length];
      if (s.error) continue;
      await settle();
      try {
        s.samples.push(s.loop(s.b, s.n, s.arg, now) / s.n);
      } catch (e) {
        s.error = `threw in timed round ${r + 1} (${s.n} calls): ${errorText(e)}`;
      }
    }
  }
  await settle();
  for (const s of live) {
    // Check again after the timed calls: a runtime that degrades under load must not pass as fast.
    let error = s.error;
    if (!error) {
      try {
        error = op.verify?.(s.arg, s.n) ?? host.recheck(s);
      } catch (e) {
        error = `after the timed calls threw ${errorText(e)}`;
      }
    }
    out[s.key] = error ? { error } : { n: s.n, samples: s.samples, median: median(s.samples) };
  }
  return out;
}
