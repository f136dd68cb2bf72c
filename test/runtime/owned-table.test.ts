// The id tables of async works, threadsafe functions, async contexts and deferreds (OwnedTable in
// src/engine.ts) on their own: reaching the wrap of their ids takes 2^31 creations through the API.
import { describe, expect, it } from 'vitest';
import { OwnedTable, type Engine } from '../../src/engine.js';

const entry = () => ({ e: {} as Engine });

describe('OwnedTable ids', () => {
  it('count up from 1 and are not reused while ids remain below 2^31', () => {
    const t = new OwnedTable();
    const a = t.freeId();
    t.set(a, entry());
    t.delete(a);
    const b = t.freeId();
    expect([a, b]).toEqual([1, 2]);
  });

  it('wrap to 1 after 2^31 - 1 and skip ids still in use', () => {
    const t = new OwnedTable(0x7ffffffe);
    const live = t.freeId();
    t.set(live, entry());
    expect(live).toBe(0x7ffffffe);
    const top = t.freeId();
    expect(top).toBe(0x7fffffff);
    t.set(top, entry());
    // Entries 1 and 2 were issued before the wrap and are still live.
    t.set(1, entry());
    t.set(2, entry());
    const next = t.freeId();
    expect(next).toBe(3);
    t.set(next, entry());
    expect(t.size).toBe(5);
    // Freed ids come back only when the counter reaches them again.
    t.delete(1);
    expect(t.freeId()).toBe(4);
  });

  it('skip the live ids at the top of the range after a wrap', () => {
    const t = new OwnedTable(0x7fffffff);
    t.set(0x7fffffff, entry());
    t.set(1, entry());
    expect(t.freeId()).toBe(2);
  });
});
