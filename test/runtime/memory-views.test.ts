// The Engine's memory views (src/memory.ts) follow growth of the module's memory: a plain memory
// detaches its old buffer, a shared one (modules built for napi-rs, test/foreign) keeps the old
// views at their old length. No addon grows a shared memory past napi-rs's 4000 initial pages in
// the tests, so the views are checked here directly.
import { describe, expect, it } from 'vitest';
import { Memory } from '../../src/memory.js';

const PAGE = 65536;

for (const shared of [false, true]) {
  describe(`${shared ? 'shared' : 'plain'} memory views after the memory grows`, () => {
    it('read and write past the old end', () => {
      const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared });
      const mem = new Memory(memory);
      expect(mem.getU32(16)).toBe(0); // views made for one page
      memory.grow(1);
      new Uint32Array(memory.buffer)[(PAGE + 8) / 4] = 0xdeadbeef;
      expect(mem.getU32(PAGE + 8)).toBe(0xdeadbeef);
      mem.setI32(PAGE + 12, -5);
      mem.setF64(PAGE + 16, 1.5);
      mem.setU8(PAGE + 24, 7);
      const view = new DataView(memory.buffer);
      expect([view.getInt32(PAGE + 12, true), view.getFloat64(PAGE + 16, true), view.getUint8(PAGE + 24)]).toEqual([-5, 1.5, 7]);
    });

    it('strings past the old end, short and long (encoder and decoder paths)', () => {
      const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared });
      const mem = new Memory(memory);
      mem.getU8(0);
      memory.grow(1);
      const long = 'é✓ '.repeat(40); // over the 64-character short path: TextEncoder/TextDecoder
      for (const s of ['short', long]) {
        const written = mem.writeUtf8(s, PAGE + 100, 1000);
        expect(written).toBe(new TextEncoder().encode(s).length);
        expect(mem.readUtf8(PAGE + 100, written)).toBe(s);
      }
      // A capacity too small for the whole string never splits a character.
      expect(mem.writeUtf8(long, PAGE + 100, 4)).toBe(2);
    });
  });
}
