// The napi_ref table (src/reference.ts) on its own: slots are reused, so these check what the
// addon-level tests cannot reach in a few calls. A deleted napi_ref stays invalid for at least a
// million creations, a live reference's napi_ref is never issued again, and teardown still
// finalizes in creation order when newer references sit in older slots.
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine.js';
import { Ownership, ReferenceManager } from '../../src/reference.js';

/** A manager whose finalizers log their data. */
function manager(log: number[] = []): ReferenceManager {
  const engine = { callFinalizer: (_cb: number, data: number) => log.push(data) } as unknown as Engine;
  return new ReferenceManager(engine);
}

const strong = (m: ReferenceManager, value: object) => m.create(value, 1, Ownership.userland, 0, 0, 0);

describe('napi_ref table', () => {
  it('a deleted napi_ref stays invalid for a million creations; a live one is never issued again', () => {
    const m = manager();
    const kept = { kept: true };
    const live = strong(m, kept).id;
    const stale = strong(m, {}).id;
    m.delete(m.get(stale)!);
    let bad = 0;
    let reissued = -1;
    for (let i = 0; i < 1_100_000 && reissued < 0; i++) {
      const ref = strong(m, {});
      if (ref.id <= 0 || ref.id >= 2 ** 30 || ref.id === live) bad++;
      if (ref.id === stale) reissued = i;
      else if (m.get(stale) !== undefined) bad++;
      m.delete(ref);
    }
    expect(bad).toBe(0);
    // reference.ts promises (127 - 1) generations × 8192 quarantined slots; the slot of a stale
    // napi_ref comes back every 8193 creations here, so its generation wraps a little later.
    expect(reissued).toBeGreaterThanOrEqual(126 * 8192);
    expect(reissued).toBeLessThan(1_100_000);
    expect(m.get(live)?.strong).toBe(kept);
    expect(m.size()).toBe(1);
    m.finalizeAll();
    expect(m.size()).toBe(0);
  });

  it('teardown finalizes newest first, whatever the slots and generations of the references', () => {
    const log: number[] = [];
    const m = manager(log);
    const objects = Array.from({ length: 9000 }, () => ({}));
    const fill = objects.map((o) => strong(m, o));
    // One more freed slot than the quarantine holds: the next two references reuse the oldest slots
    // (second generation), then the table grows again (first generation).
    for (let i = 0; i < 8194; i++) m.delete(fill[i]!);
    const withFinalizer = (data: number) => m.create(objects[data]!, 0, Ownership.userland, 1, data, 0);
    const a = withFinalizer(1);
    withFinalizer(2);
    const c = withFinalizer(3);
    expect(c.id).toBeLessThan(a.id);
    m.finalizeAll({ order: Infinity, run: () => log.push(0) });
    expect(log).toEqual([0, 3, 2, 1]);
    expect(m.size()).toBe(0);
  });

  it('a removed wrap holds no slot; revived, it is finalized as the newest reference, once', () => {
    const log: number[] = [];
    const m = manager(log);
    const o = {};
    const wrap = m.create(o, 0, Ownership.runtime, 1, 1, 0);
    m.markWrap(wrap);
    m.create({}, 0, Ownership.runtime, 1, 2, 0);
    m.removeWrap(wrap);
    expect([m.size(), m.wraps, wrap.id]).toEqual([1, 0, 0]);
    m.revive(wrap, 1, 3, 0);
    m.markWrap(wrap);
    expect([m.size(), m.wraps, m.get(wrap.id)]).toEqual([2, 1, wrap]);
    m.finalizeAll();
    expect(log).toEqual([3, 2]);
    expect(m.size()).toBe(0);
  });
});
