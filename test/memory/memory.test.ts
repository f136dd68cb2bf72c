import { expect, it } from 'vitest';
import { describeEachBuild, utf8 } from '../harness.js';

await describeEachBuild('memory', (addon) => {
  it('reads and writes strings across a memory.grow in the middle of a call', () => {
    const s = 'grow ✓ ' + 'x'.repeat(1000);
    const [before, after, length] = addon.echoGrow(s, 32);
    expect(before).toBe(s);
    expect(after).toBe(s);
    expect(length).toBe(utf8(s).length);
  });

  it('keeps working when memory grew inside a JS callback called from C', () => {
    const r = addon.growInCallback(() => {
      addon.echoGrow('inner', 48);
      return 'after growth';
    });
    expect(r).toBe('after growth');
  });

  it('grows repeatedly without losing earlier values', () => {
    for (let i = 0; i < 5; i++) {
      const s = `round ${i} ` + 'é'.repeat(200 * i);
      expect(addon.echoGrow(s, 8)[1]).toBe(s);
    }
  });
});
