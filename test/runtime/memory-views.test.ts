// The Engine's memory views (src/memory.ts) follow growth of the module's memory: a plain memory
// detaches its old buffer, a shared one (modules built for napi-rs, test/foreign) keeps the old
// views at their old length. No addon grows a shared memory past napi-rs's 4000 initial pages in
// the tests, so the views are checked here directly. In Node, strings go through the host's
// TextView (a Buffer over the memory) and, as in browsers, through TextDecoder, TextEncoder and
// loops: both are checked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { host } from '../../src/host.js';
import { Memory } from '../../src/memory.js';
import { isBrowser } from '../harness.js';

const PAGE = 65536;

const portable = host.textView;
const conversions: [string, typeof portable][] = [['portable', portable]];
if (!isBrowser) {
  await import('../../src/host-node.js');
  conversions.push(['Node Buffer', host.textView]);
}
const installed = host.textView;

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
      mem.setU16(PAGE + 26, 0xbeef);
      mem.setU16(PAGE + 29, 0xcafe);
      const view = new DataView(memory.buffer);
      expect([view.getInt32(PAGE + 12, true), view.getFloat64(PAGE + 16, true), view.getUint8(PAGE + 24)]).toEqual([-5, 1.5, 7]);
      expect([view.getUint16(PAGE + 26, true), view.getUint16(PAGE + 29, true)]).toEqual([0xbeef, 0xcafe]);
    });

    for (const [name, textView] of conversions) {
      describe(`strings (${name})`, () => {
        beforeEach(() => {
          host.textView = textView;
        });
        afterEach(() => {
          host.textView = installed;
        });

        /** A Memory whose views were made for one page, and the memory grown to two since. */
        function grown(): [Memory, WebAssembly.Memory] {
          const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared });
          const mem = new Memory(memory);
          mem.getU8(0);
          memory.grow(1);
          return [mem, memory];
        }

        it('UTF-8 past the old end, short and long', () => {
          const [mem] = grown();
          const long = 'é✓ '.repeat(40); // over the 64-character short path
          for (const s of ['short', 'é', long, 'x'.repeat(1000)]) {
            const written = mem.writeUtf8(s, PAGE + 100, 5000);
            expect(written).toBe(new TextEncoder().encode(s).length);
            expect(mem.readUtf8(PAGE + 100, written)).toBe(s);
          }
          // A capacity too small for the whole string never splits a character.
          expect(mem.writeUtf8(long, PAGE + 100, 4)).toBe(2);
          expect(mem.writeUtf8(`${'x'.repeat(100)}😀`, PAGE + 100, 103)).toBe(100);
          expect(mem.writeUtf8(`${'x'.repeat(100)}\ud800`, PAGE + 100, 103)).toBe(103);
          expect(mem.readUtf8(PAGE + 100, 103)).toBe(`${'x'.repeat(100)}\ufffd`);
          // V8 keeps a byte order mark.
          expect(mem.writeUtf8(`\ufeff${long}`, PAGE + 100, 5000)).toBe(3 + new TextEncoder().encode(long).length);
          expect(mem.readUtf8(PAGE + 100, 3)).toBe('\ufeff');
        });

        it('Latin-1 and UTF-16 past the old end, at even and odd addresses', () => {
          const [mem] = grown();
          for (const s of ['abc', 'é\u00ff'.repeat(100)]) {
            expect(mem.writeLatin1(s, PAGE + 101, 5000)).toBe(s.length);
            expect(mem.readLatin1(PAGE + 101, s.length)).toBe(s);
          }
          expect(mem.writeLatin1('€😀'.repeat(50), PAGE + 100, 99)).toBe(99);
          expect(mem.readLatin1(PAGE + 100, 3)).toBe('\u00ac\u003d\u0000');
          for (const at of [PAGE + 100, PAGE + 101]) {
            for (const s of ['a😀', 'a😀\ud800é'.repeat(50)]) {
              expect(mem.writeUtf16(s, at, 5000)).toBe(s.length);
              expect(mem.readUtf16(at, s.length)).toBe(s);
            }
            expect(mem.writeUtf16('x😀'.repeat(50), at, 101)).toBe(101);
            expect(mem.readUtf16(at, 101)).toBe(`${'x😀'.repeat(33)}x\ud83d`);
          }
        });

        it('strlen (NAPI_AUTO_LENGTH): short, long, and unterminated up to the end of memory', () => {
          const [mem, memory] = grown();
          const end = memory.buffer.byteLength;
          const u8 = new Uint8Array(memory.buffer);
          for (const n of [0, 1, 15, 16, 17, 1000]) {
            u8.fill(0x61, PAGE, PAGE + n);
            u8[PAGE + n] = 0;
            expect(mem.strlen(PAGE), String(n)).toBe(n);
            expect(mem.readUtf8(PAGE, -1)).toBe('a'.repeat(n));
          }
          for (const n of [3, 16, 40]) {
            u8.fill(0x62, end - n, end);
            expect(mem.strlen(end - n), String(n)).toBe(n);
            expect(mem.readLatin1(end - n, -1)).toBe('b'.repeat(n));
          }
        });

        // A bad pointer from C: Node's Buffer methods would throw, typed arrays leave the bytes out.
        it('a string reaching past the end of memory is cut there, without an exception', () => {
          const [mem, memory] = grown();
          const end = memory.buffer.byteLength;
          expect(mem.writeUtf8('é'.repeat(100), end - 11, 1000)).toBe(10);
          expect(mem.readUtf8(end - 11, 1000)).toBe(`${'é'.repeat(5)}\0`);
          expect(mem.writeLatin1('y'.repeat(100), end - 2, 1000)).toBe(2);
          expect(mem.readLatin1(end - 2, 100)).toBe('yy');
          expect(mem.writeLatin1('y'.repeat(100), end + 5, 1000)).toBe(0);
          for (const at of [end - 4, end - 5]) {
            expect(mem.writeUtf16('z'.repeat(100), at, 1000), String(end - at)).toBe(2);
            expect(mem.readUtf16(at, 100)).toBe('zz');
            // The terminator napi_get_value_string_utf16 writes after the cut string lands nowhere.
            expect(() => mem.setU16(at + 4, 0)).not.toThrow();
            // Unterminated up to the end (NAPI_AUTO_LENGTH).
            expect(mem.readUtf16(at, -1)).toBe('zz');
          }
        });
      });
    }
  });
}
