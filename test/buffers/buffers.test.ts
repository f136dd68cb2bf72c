// Node Buffers (node_api.h). Expected values are what native Node 20 answers (the oracle); where
// Node's answer is surprising, a comment says what it is and why. In the browser, which has no
// Buffer, the runtime makes plain Uint8Arrays (isHostBuffer), and the Buffers the tests pass in are
// Uint8Arrays carved from a pool as Node's are (bufferFrom).
//
// The C side takes a trailing string mode: "env", "value", "result", "data" or "length" pass NULL in
// that position; "pending" makes the call with an exception already pending and reports
// { status, message, exception }. A NULL env answers the bare status.
import { expect, it } from 'vitest';
import { bufferAlloc, bufferFrom, describeEachBuild, failure, hex, isHostBuffer, Status, text } from '../harness.js';

const ok = { status: Status.ok, message: null };
const invalidArg = failure(Status.invalid_arg);
const pendingError = expect.objectContaining({ message: 'already pending' });
const refusedPending = { ...failure(Status.pending_exception), exception: pendingError };
const okPending = { ...ok, exception: pendingError };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Forces GC until `done()` holds (yielding a task before each GC: see test/binary). */
async function collectUntil(done: () => boolean, rounds = 100): Promise<void> {
  for (let i = 0; i < rounds && !done(); i++) {
    await sleep(0);
    globalThis.gc!();
    await sleep(10);
  }
}

await describeEachBuild('buffers', (a) => {
  it('napi_create_buffer: a real Buffer (a Uint8Array in browsers); C fills it through the data pointer', () => {
    const b = a.createBuffer(6);
    expect(isHostBuffer(b)).toBe(true);
    expect(b).toBeInstanceOf(Uint8Array);
    expect([...b]).toEqual([1, 4, 7, 10, 13, 16]);
    expect(b.length).toBe(6);
    // Not a slice of Node's pool: a buffer of its own.
    expect(b.byteOffset).toBe(0);
    expect(b.buffer.byteLength).toBe(6);
    expect(hex(b)).toBe('0104070a0d10');
    const empty = a.createBuffer(0);
    expect(isHostBuffer(empty)).toBe(true);
    expect(empty.length).toBe(0);
  });

  it('napi_create_buffer without a data pointer', () => {
    // Node's buffer is not zero-filled (uninitialised memory, like Buffer.allocUnsafe): only the
    // length is portable.
    const b = a.createBuffer(6, 'data');
    expect(isHostBuffer(b)).toBe(true);
    expect(b.length).toBe(6);
  });

  it('napi_create_buffer: bad input', () => {
    expect(a.createBuffer(1, 'env')).toBe(Status.invalid_arg);
    expect(a.createBuffer(1, 'result')).toEqual(invalidArg);
    expect(a.createBuffer(1, 'pending')).toEqual(refusedPending);
  });

  it('napi_create_buffer_copy: a Buffer holding a copy of C memory; result_data is the copy', () => {
    // C writes '!' into the copy's last byte through result_data, after checking it is a copy.
    const b = a.createBufferCopy(6);
    expect(isHostBuffer(b)).toBe(true);
    expect(text(b)).toBe('copie!');
    expect(text(a.createBufferCopy(20))).toBe('copied from C memor!');
    expect(text(a.createBufferCopy(6, 'data'))).toBe('copied');
    expect(a.createBufferCopy(0).length).toBe(0);
  });

  it('napi_create_buffer_copy: bad input', () => {
    expect(a.createBufferCopy(1, 'env')).toBe(Status.invalid_arg);
    expect(a.createBufferCopy(1, 'result')).toEqual(invalidArg);
    expect(a.createBufferCopy(1, 'pending')).toEqual(refusedPending);
  });

  it("napi_create_external_buffer: a Buffer over C memory; C and JS see each other's writes", () => {
    const b = a.createExternalBuffer(5);
    const id = a.lastExternalId();
    expect(isHostBuffer(b)).toBe(true);
    expect([...b]).toEqual([1, 6, 11, 16, 21]);
    expect(b.byteOffset).toBe(0);
    expect(b.buffer.byteLength).toBe(5);
    expect(a.externalDataMatches(b, id)).toBe(true);
    a.externalWrite(id, 0, 99);
    expect(b[0]).toBe(99);
    b[4] = 42;
    expect(a.externalRead(id, 4)).toBe(42);
    const empty = a.createExternalBuffer(0);
    expect(isHostBuffer(empty)).toBe(true);
    expect(empty.length).toBe(0);
    expect(a.createExternalBuffer(2, 'nofinalizer').length).toBe(2);
  });

  it('napi_create_external_buffer: the finalizer runs exactly once after GC, with data and hint', async () => {
    const id = (() => {
      const b = a.createExternalBuffer(32);
      expect(b.length).toBe(32);
      return a.lastExternalId();
    })();
    expect(a.externalFinalizeCount(id)).toEqual({ count: 0, bad: 0 });
    await collectUntil(() => a.externalFinalizeCount(id).count > 0);
    expect(a.externalFinalizeCount(id)).toEqual({ count: 1, bad: 0 });
    await collectUntil(() => false, 5);
    expect(a.externalFinalizeCount(id)).toEqual({ count: 1, bad: 0 });
  });

  it('napi_create_external_buffer: bad input', () => {
    expect(a.createExternalBuffer(1, 'env')).toBe(Status.invalid_arg);
    expect(a.createExternalBuffer(1, 'result')).toEqual(invalidArg);
    expect(a.createExternalBuffer(1, 'pending')).toEqual(refusedPending);
  });

  it('napi_get_buffer_info: data and length of a Buffer (pooled ones too)', () => {
    const pooled = bufferFrom('abc'); // a slice of Node's shared pool: byteOffset is not 0
    expect(a.getBufferInfo(pooled)).toEqual({ length: 3, dataIsNull: false, bytes: [97, 98, 99] });
    expect(a.bufferDataMatchesView(pooled)).toBe(true);
    expect(a.getBufferInfo(bufferAlloc(0))).toMatchObject({ length: 0, bytes: [] });
    expect(a.getBufferInfo(a.createBuffer(3))).toEqual({ length: 3, dataIsNull: false, bytes: [1, 4, 7] });
    // Either out-parameter may be NULL; works with an exception pending (no NAPI_PREAMBLE).
    expect(a.getBufferInfo(pooled, 'data')).toEqual({ length: 3, dataIsNull: true });
    expect(a.getBufferInfo(pooled, 'length')).toEqual({ length: 12345, dataIsNull: false });
    expect(a.getBufferInfo(pooled, 'pending')).toEqual(okPending);
  });

  it('napi_get_buffer_info / napi_is_buffer accept any ArrayBufferView in Node 20', () => {
    // Node's Buffer::HasInstance is IsArrayBufferView: typed arrays of any type and DataViews pass;
    // data is the view's first byte, length its byteLength.
    const views: [ArrayBufferView, number[]][] = [
      [new Uint8Array([1, 2]), [1, 2]],
      [new Float64Array([1]), [0, 0, 0, 0, 0, 0, 0xf0, 0x3f]],
      [new DataView(new Uint8Array([7, 8, 9]).buffer, 1), [8, 9]],
      [new Uint16Array([1, 2, 3]).subarray(1), [2, 0, 3, 0]],
      [new Int8Array(new SharedArrayBuffer(2)), [0, 0]],
    ];
    for (const [view, bytes] of views) {
      expect(a.isBuffer(view)).toBe(true);
      expect(a.getBufferInfo(view)).toEqual({ length: bytes.length, dataIsNull: false, bytes });
      expect(a.bufferDataMatchesView(view)).toBe(true);
    }
  });

  it('napi_get_buffer_info on a view of a detached buffer: length 0, NULL data', () => {
    const view = new Uint8Array(4);
    a.getBufferInfo(view);
    structuredClone(view.buffer, { transfer: [view.buffer] });
    expect(a.getBufferInfo(view)).toEqual({ length: 0, dataIsNull: true, bytes: [] });
  });

  it('napi_get_buffer_info: bad input and non-views → invalid_arg', () => {
    expect(a.getBufferInfo(bufferFrom('x'), 'env')).toBe(Status.invalid_arg);
    expect(a.getBufferInfo(bufferFrom('x'), 'value')).toEqual(invalidArg);
    for (const v of [new ArrayBuffer(4), new SharedArrayBuffer(4), {}, [1], 'abc', 1, null, undefined]) {
      expect(a.getBufferInfo(v)).toEqual(invalidArg);
    }
  });

  it('napi_is_buffer: not ArrayBuffers or other objects; bad input', () => {
    expect(a.isBuffer(bufferFrom('x'))).toBe(true);
    expect(a.isBuffer(a.createBuffer(1))).toBe(true);
    for (const v of [new ArrayBuffer(2), {}, { buffer: new ArrayBuffer(1) }, 'abc', 1, null, undefined]) {
      expect(a.isBuffer(v)).toBe(false);
    }
    expect(a.isBuffer(1, 'env')).toBe(Status.invalid_arg);
    expect(a.isBuffer(1, 'value')).toEqual(invalidArg);
    expect(a.isBuffer(1, 'result')).toEqual(invalidArg);
    expect(a.isBuffer(1, 'pending')).toEqual(okPending);
  });

  // ---- bufferutil: C writes into Buffers JS passed in ---------------------------------------
  const maskBytes = bufferFrom([0x37, 0xfa, 0x21, 0x3d]);
  const xorMask = (data: Uint8Array) => bufferFrom(data.map((b, i) => b ^ maskBytes[i & 3]!));

  it('bufferutil mask: C writes into the output Buffer at an offset; JS sees it', () => {
    const source = bufferFrom('Hello, WebSocket!');
    const output = bufferAlloc(source.length + 6, 0xee);
    a.mask(source, maskBytes, output, 6, source.length);
    expect(output.subarray(0, 6)).toEqual(bufferAlloc(6, 0xee));
    expect(output.subarray(6)).toEqual(xorMask(source));
    expect(text(source)).toBe('Hello, WebSocket!');
  });

  it('bufferutil unmask: C rewrites a pooled Buffer in place; its pool neighbours are untouched', () => {
    const before = bufferFrom('neighbour before');
    const payload = bufferFrom('masked payload bytes');
    const after = bufferFrom('neighbour after');
    expect(payload.buffer).toBe(before.buffer); // all three share Node's pool
    const masked = xorMask(payload);
    payload.set(masked);
    a.unmask(payload, maskBytes);
    expect(text(payload)).toBe('masked payload bytes');
    expect(text(before)).toBe('neighbour before');
    expect(text(after)).toBe('neighbour after');
    // Twice more: unmask is its own inverse.
    a.unmask(payload, maskBytes);
    expect(payload).toEqual(masked);
    a.unmask(payload, maskBytes);
    expect(text(payload)).toBe('masked payload bytes');
  });

  it('bufferutil unmask on a subarray and on a large Buffer', () => {
    const whole = bufferAlloc(64, 0);
    const part = whole.subarray(10, 20);
    a.unmask(part, maskBytes);
    expect([...whole.subarray(0, 10)]).toEqual(new Array(10).fill(0));
    expect(whole.subarray(10, 20)).toEqual(xorMask(bufferAlloc(10)));
    expect([...whole.subarray(20)]).toEqual(new Array(44).fill(0));
    const big = bufferAlloc(1 << 20, 0x5a);
    a.unmask(big, maskBytes);
    expect(big).toEqual(xorMask(bufferAlloc(1 << 20, 0x5a)));
  });
});
