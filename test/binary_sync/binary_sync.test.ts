// The no-manual-sync model (docs/memory.md): C reads and writes bytes JS sees through data pointers,
// with no sync call, and the same source passes natively — where the pointer is the backing store
// itself — and in wasm, where it points at a mirror the runtime keeps in step at every JS/native
// boundary. Every case here is one a real addon relies on.
import { expect, it } from 'vitest';
import { bufferFrom, describeEachBuild, isHostBuffer, runtime, text } from '../harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Forces GC until `done()` holds; `done` must not call into the addon (a call would sync mirrors). */
async function collectUntil(done: () => boolean, rounds = 100): Promise<void> {
  for (let i = 0; i < rounds && !done(); i++) {
    await sleep(0);
    globalThis.gc!();
    await sleep(10);
  }
}

const range = (n: number, start: number, step = 1) => Array.from({ length: n }, (_, i) => start + i * step);

await describeEachBuild('binary_sync', (a, build) => {
  // (a) C writes, JS reads after the call.
  it('C writes through the data pointer of a JS Uint8Array; JS sees the writes after the call', () => {
    const u8 = new Uint8Array(16);
    a.fill(u8, 10);
    expect([...u8]).toEqual(range(16, 10));
  });

  it('… of a Float64Array with a non-zero byteOffset: only the view changes', () => {
    const ab = new ArrayBuffer(64);
    const before = new Uint8Array(ab).fill(0xcc);
    const f64 = new Float64Array(ab, 16, 4);
    a.fill(f64, 3);
    expect([...f64]).toEqual([3.5, 4.5, 5.5, 6.5]);
    expect([...before.subarray(0, 16)]).toEqual(new Array(16).fill(0xcc));
    expect([...before.subarray(48)]).toEqual(new Array(16).fill(0xcc));
  });

  it('… of a subarray of a Buffer from the pool, and of a Uint32Array', () => {
    const pooled = bufferFrom('0123456789abcdef');
    const part = pooled.subarray(4, 8);
    a.fill(part, 65); // 'A'…
    expect(text(pooled)).toBe('0123ABCD89abcdef');
    const u32 = new Uint32Array([1, 2, 3]);
    a.fill(u32, 0xfffffffe);
    expect([...u32]).toEqual([0xfffffffe, 0xffffffff, 0]);
  });

  it('several views in one call: distinct buffers, and two views of one buffer', () => {
    const x = new Uint8Array(3);
    const y = new Float64Array(2);
    const z = new Uint32Array(2);
    a.fillMany(x, y, z, 1);
    expect([...x]).toEqual([1, 2, 3]);
    expect([...y]).toEqual([11.5, 12.5]);
    expect([...z]).toEqual([21, 22]);
    // Three views of one buffer, the later ones overwriting part of the earlier ones.
    const shared = new Uint8Array(8);
    a.fillMany(shared, shared.subarray(4), shared.subarray(6), 0);
    expect([...shared]).toEqual([0, 1, 2, 3, 10, 11, 20, 21]);
  });

  it('writes made before C throws are visible to the JS that catches the error', () => {
    const u8 = new Uint8Array(4);
    expect(() => a.fillThenThrow(u8, 50)).toThrow('thrown after writing');
    expect([...u8]).toEqual([50, 51, 52, 53]);
  });

  // (b) JS writes, C reads.
  it('C reads values JS wrote before the call, and again after JS changes them', () => {
    const f64 = new Float64Array(new ArrayBuffer(40), 8, 3);
    f64.set([1.25, -2, 1e300]);
    expect(a.read(f64)).toEqual([1.25, -2, 1e300]);
    f64[1] = 42;
    expect(a.read(f64)).toEqual([1.25, 42, 1e300]);
    const u8 = Uint8Array.from([9, 8, 7]);
    expect(a.read(u8)).toEqual([9, 8, 7]);
    a.fill(u8, 0);
    u8[2] = 77; // JS writes after C did
    expect(a.read(u8)).toEqual([0, 1, 77]);
  });

  // (c) During napi_call_function.
  it('napi_call_function: JS sees what C wrote, C sees what JS wrote, through the same pointer', () => {
    const u8 = new Uint8Array(6);
    let seen: number[] = [];
    const after = a.writeCallRead(u8, (view: Uint8Array) => {
      expect(view).toBe(u8);
      seen = [...view];
      view.set([60, 61, 62, 63, 64, 65]);
    });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(after).toEqual([60, 61, 62, 63, 64, 65]);
    expect([...u8]).toEqual([60, 61, 62, 63, 64, 65]);
  });

  it('napi_call_function: a Float64Array at an offset, JS writing through another view of the buffer', () => {
    const ab = new ArrayBuffer(48);
    const f64 = new Float64Array(ab, 8, 3);
    const after = a.writeCallRead(f64, () => {
      expect([...f64]).toEqual([1.5, 2.5, 3.5]);
      new Float64Array(ab).set([-1, -2, -3, -4], 1);
    });
    expect(after).toEqual([-1, -2, -3]);
    expect(new Float64Array(ab)[4]).toBe(-4);
  });

  it('napi_call_function whose callback throws after writing: C still sees the JS writes', () => {
    const u8 = new Uint8Array(3);
    const result = a.writeThrowRead(u8, (view: Uint8Array) => {
      expect([...view]).toEqual([1, 2, 3]);
      view.set([30, 31, 32]);
      throw new Error('callback failed');
    });
    expect(result).toEqual(['callback failed', 30, 31, 32]);
  });

  it('napi_new_instance: the constructor sees what C wrote, C sees what it wrote', () => {
    const u32 = new Uint32Array(3);
    let seen: number[] = [];
    class Reader {
      constructor(view: Uint32Array) {
        seen = [...view];
        view.set([7, 8, 9]);
      }
    }
    expect(a.writeConstructRead(u32, Reader)).toEqual([7, 8, 9]);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('napi_call_function: many round trips in one native call', () => {
    const u32 = new Uint32Array(2);
    const good = a.writeCallReadRepeat(
      u32,
      (view: Uint32Array, round: number) => {
        expect(view[0]).toBe(round);
        view[1] = round * 2;
      },
      50,
    );
    expect(good).toBe(50);
  });

  // (d) memory.grow in the middle.
  it('memory.grow between taking the pointer and writing through it', () => {
    const u8 = new Uint8Array(8);
    a.growWrite(u8, 32);
    expect([...u8]).toEqual(range(8, 200));
    const f64 = new Float64Array(new ArrayBuffer(32), 8, 2);
    a.growWrite(f64, 8);
    expect([...f64]).toEqual([200.5, 201.5]);
  });

  it('memory.grow inside a JS callback (through another call into the addon) while C holds a pointer', () => {
    const u8 = new Uint8Array(4);
    const seen = a.growInCallbackWrite(u8, () => {
      a.growOnly(16);
      u8.set([1, 2, 3, 4]);
    });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect([...u8]).toEqual([100, 101, 102, 103]);
  });

  // (e) Retained pointers (tree-sitter).
  for (const kind of ['arraybuffer', 'buffer'] as const) {
    it(`retained pointer (${kind}): C writes in later calls through a stored pointer; JS reads between calls`, () => {
      const made = a.retainedCreate(8, kind);
      const u32 = kind === 'buffer' ? new Uint32Array(made.buffer, made.byteOffset, 8) : made;
      if (kind === 'buffer') expect(isHostBuffer(made)).toBe(true);
      else expect(made).toBeInstanceOf(Uint32Array);
      expect([...u32]).toEqual(range(8, 0));
      for (let i = 0; i < 8; i++) {
        a.retainedWrite(i, 1000 + i);
        // No Node-API call on the array in between: JS reads it directly.
        expect(u32[i]).toBe(1000 + i);
      }
      // JS writes between calls; C sees them in the next call.
      u32[3] = 0xdeadbeef;
      expect(a.retainedRead(3)).toBe(0xdeadbeef);
      u32.fill(5);
      expect(range(8, 0).map((i) => a.retainedRead(i))).toEqual(new Array(8).fill(5));
      // Across a memory.grow.
      a.retainedGrowFill(70, 24);
      expect([...u32]).toEqual(range(8, 70));
      // During napi_call_function.
      expect(
        a.retainedCallback(() => {
          expect(u32[0]).toBe(7);
          u32[1] = 8;
        }),
      ).toBe(8);
    });
  }

  it('retained pointer: the array stays in step while other calls come and go', () => {
    const u32 = a.retainedCreate(4, 'arraybuffer');
    const other = new Uint8Array(4);
    for (let round = 0; round < 20; round++) {
      a.retainedWrite(round % 4, round);
      a.fill(other, round); // an unrelated call with a mirror of its own
      expect(u32[round % 4]).toBe(round);
      expect(other[0]).toBe(round);
    }
  });

  it('retained pointer: a finalizer reads JS writes and writes through the pointer; JS sees it with no call', async () => {
    // Finalizers are native code entered from the event loop, not from a JS call: the bytes must be
    // in step around them too.
    const u32 = a.retainedCreate(4, 'arraybuffer');
    a.retainedOnCollect(999);
    u32[1] = 4242; // after the last call into the addon
    await collectUntil(() => u32[0] === 999);
    expect(u32[0]).toBe(999);
    expect(a.finalizerSaw()).toBe(4242);
  });

  // (f) Nested.
  it('nested JS → C → JS → C on the same buffer', () => {
    const u8 = new Uint8Array(4);
    const result = a.nestedOuter(u8, () => {
      expect([...u8]).toEqual([1, 0, 0, 0]);
      u8[1] = 2;
      const innerSaw = a.nestedInner(u8, 2, 3);
      expect(innerSaw).toEqual([1, 2, 0, 0]);
      expect([...u8]).toEqual([1, 2, 3, 0]);
      u8[3] = 4;
    });
    expect(result).toEqual([1, 2, 3, 4]);
    expect([...u8]).toEqual([1, 2, 3, 4]);
  });

  it('nested, the inner call using another view (a subarray) of the same buffer', () => {
    const f64 = new Float64Array(4);
    const tail = f64.subarray(2);
    const result = a.nestedOuter(f64, () => {
      expect(f64[0]).toBe(1);
      f64[1] = 2;
      expect(a.nestedInner(tail, 0, 3)).toEqual([0, 0]);
      expect(f64[2]).toBe(3);
      const deeper = a.nestedOuter(tail, () => {
        // Three native frames deep: the outer call's pointer is still in step.
        expect([...f64]).toEqual([1, 2, 1, 0]);
        tail[1] = 9;
      });
      expect(deeper).toEqual([1, 9]);
      f64[3] = 4;
    });
    expect(result).toEqual([1, 2, 1, 4]);
  });

  // The copies in linear memory of buffers JS made must go with the buffers, or every buffer C
  // ever read would stay in wasm memory for good.
  it('C reads and writes 64 fresh 256 KiB buffers; the copies are freed once the buffers are collected', async () => {
    const rt = build === 'native' ? undefined : await runtime();
    const copies = () => rt?.stats(a).mirrorBytes ?? 0; // native: the pointer is the buffer itself
    const before = copies();
    // In a function of its own: a buffer held in a local of this async function may stay alive in
    // its suspended frame (V8 keeps the last one).
    const fillFresh = (i: number) => {
      const u8 = new Uint8Array(256 * 1024);
      a.fill(u8, i);
      return [u8[0], u8[1], u8[u8.length - 1]];
    };
    for (let batch = 0; batch < 8; batch++) {
      for (let i = 0; i < 8; i++) expect(fillFresh(i)).toEqual([i, i + 1, (i + 256 * 1024 - 1) & 255]);
      await sleep(0); // buffers made in this job are collectable after it
    }
    await collectUntil(() => copies() <= before);
    expect(copies()).toBeLessThanOrEqual(before); // earlier tests' buffers may go too
  });
});
