// ArrayBuffers, TypedArrays and DataViews. Expected values are what native Node 20 answers (the
// oracle); where Node's answer is surprising, a comment says what it is and why.
//
// The C side takes a trailing string mode: "env", "value", "result" (or "data", "length") pass NULL in
// that position; "catch" returns { status, message, exception } instead of letting a pending exception
// propagate; "pending" makes the call with an exception already pending and reports the same way;
// "nulls" passes NULL for every out-parameter. A NULL env answers the bare status. Data pointers differ
// between builds, so the C side reads bytes through them and reports offsets between two of them.
import { expect, it } from 'vitest';
import { bufferAlloc, bufferFrom, describeEachBuild, failure, Status } from '../harness.js';

const ok = { status: Status.ok, message: null };
const invalidArg = failure(Status.invalid_arg);
const pendingError = expect.objectContaining({ message: 'already pending' });
/** A call made with an exception pending: NAPI_PREAMBLE refuses it, the exception stays. */
const refusedPending = { ...failure(Status.pending_exception), exception: pendingError };
/** A call that does not use NAPI_PREAMBLE runs normally with an exception pending. */
const okPending = { ...ok, exception: pendingError };

const typedArrays = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
] as const;

/** Bytes a C loop `p[i] = (i * 7 + 3)` writes. */
const pattern = (n: number) => Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Forces GC until `done()` holds. Each round first yields a task: a call into the addon may deref a
 * WeakRef (wasm-napi's mirrors of C-made buffers), which keeps its target alive to the end of the job.
 */
async function collectUntil(done: () => boolean, rounds = 100): Promise<void> {
  for (let i = 0; i < rounds && !done(); i++) {
    await sleep(0);
    globalThis.gc!();
    await sleep(10);
  }
}

await describeEachBuild('binary', (a) => {
  // ---- ArrayBuffer ---------------------------------------------------------------------------
  it('napi_create_arraybuffer with a data pointer: C fills it, JS sees the bytes after return', () => {
    const ab = a.createArrayBuffer(40);
    expect(ab).toBeInstanceOf(ArrayBuffer);
    expect(ab.byteLength).toBe(40);
    expect([...new Uint8Array(ab)]).toEqual(pattern(40));
    expect(a.createArrayBufferDataMatches(16)).toBe(true);
  });

  it('napi_create_arraybuffer without a data pointer: a zero-filled buffer', () => {
    const ab = a.createArrayBuffer(16, 'data');
    expect(ab).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(ab)]).toEqual(new Array(16).fill(0));
    expect(a.createArrayBuffer(0).byteLength).toBe(0);
    expect(a.createArrayBuffer(0, 'data').byteLength).toBe(0);
  });

  it('napi_create_arraybuffer: a second buffer C made does not disturb the first', () => {
    const first = a.createArrayBuffer(8);
    const second = a.createArrayBuffer(8);
    new Uint8Array(second).fill(9);
    a.writeArrayBuffer(second, 100);
    expect([...new Uint8Array(first)]).toEqual(pattern(8));
    expect([...new Uint8Array(second)]).toEqual([100, 101, 102, 103, 104, 105, 106, 107]);
  });

  it('napi_create_arraybuffer: bad input', () => {
    expect(a.createArrayBuffer(8, 'env')).toBe(Status.invalid_arg);
    expect(a.createArrayBuffer(8, 'result')).toEqual(invalidArg);
    expect(a.createArrayBuffer(8, 'pending')).toEqual(refusedPending);
  });

  it('napi_get_arraybuffer_info: byte length and the bytes through the data pointer', () => {
    const ab = new Uint8Array([1, 2, 3, 250]).buffer;
    expect(a.getArrayBufferInfo(ab)).toEqual({ byteLength: 4, dataIsNull: false, bytes: [1, 2, 3, 250] });
    // An empty buffer: V8 gives a NULL data pointer.
    expect(a.getArrayBufferInfo(new ArrayBuffer(0))).toEqual({ byteLength: 0, dataIsNull: true, bytes: [] });
    // Either out-parameter may be NULL.
    expect(a.getArrayBufferInfo(ab, 'data')).toEqual({ byteLength: 4, dataIsNull: true });
    expect(a.getArrayBufferInfo(ab, 'length')).toEqual({ byteLength: 12345, dataIsNull: false });
    // Works with an exception pending (no NAPI_PREAMBLE).
    expect(a.getArrayBufferInfo(ab, 'pending')).toEqual(okPending);
  });

  it('napi_get_arraybuffer_info: a JS write between calls is seen by the next call', () => {
    const ab = new ArrayBuffer(4);
    expect(a.getArrayBufferInfo(ab).bytes).toEqual([0, 0, 0, 0]);
    new Uint8Array(ab).set([4, 3, 2, 1]);
    expect(a.getArrayBufferInfo(ab).bytes).toEqual([4, 3, 2, 1]);
    a.writeArrayBuffer(ab, 7);
    expect([...new Uint8Array(ab)]).toEqual([7, 8, 9, 10]);
    new Uint8Array(ab)[0] = 99;
    expect(a.getArrayBufferInfo(ab).bytes).toEqual([99, 8, 9, 10]);
  });

  it('napi_get_arraybuffer_info: bad input and non-ArrayBuffers', () => {
    const ab = new ArrayBuffer(4);
    expect(a.getArrayBufferInfo(ab, 'env')).toBe(Status.invalid_arg);
    expect(a.getArrayBufferInfo(ab, 'value')).toEqual(invalidArg);
    // Only ArrayBuffers: not views, not SharedArrayBuffers (V8's IsArrayBuffer is false for them).
    for (const v of [new Uint8Array(4), new DataView(ab), new SharedArrayBuffer(4), {}, 1, undefined, null]) {
      expect(a.getArrayBufferInfo(v)).toEqual(invalidArg);
    }
  });

  it('napi_get_arraybuffer_info on a detached buffer: length 0 and a NULL data pointer', () => {
    const ab = new Uint8Array([1, 2, 3]).buffer;
    expect(a.getArrayBufferInfo(ab).bytes).toEqual([1, 2, 3]); // C has seen it before it is detached
    structuredClone(ab, { transfer: [ab] });
    expect(a.getArrayBufferInfo(ab)).toEqual({ byteLength: 0, dataIsNull: true, bytes: [] });
    const made = a.createArrayBuffer(8); // one C made
    structuredClone(made, { transfer: [made] });
    expect(a.getArrayBufferInfo(made)).toEqual({ byteLength: 0, dataIsNull: true, bytes: [] });
  });

  it('napi_get_arraybuffer_info on a resizable ArrayBuffer follows its current length', () => {
    const ab = new ArrayBuffer(4, { maxByteLength: 16 });
    new Uint8Array(ab).set([1, 2, 3, 4]);
    expect(a.getArrayBufferInfo(ab)).toEqual({ byteLength: 4, dataIsNull: false, bytes: [1, 2, 3, 4] });
    ab.resize(8);
    new Uint8Array(ab)[7] = 8;
    expect(a.getArrayBufferInfo(ab)).toEqual({ byteLength: 8, dataIsNull: false, bytes: [1, 2, 3, 4, 0, 0, 0, 8] });
    a.writeArrayBuffer(ab, 20);
    expect([...new Uint8Array(ab)]).toEqual([20, 21, 22, 23, 24, 25, 26, 27]);
    ab.resize(2);
    expect(a.getArrayBufferInfo(ab)).toEqual({ byteLength: 2, dataIsNull: false, bytes: [20, 21] });
    a.writeArrayBuffer(ab, 50);
    expect([...new Uint8Array(ab)]).toEqual([50, 51]);
  });

  it('napi_is_arraybuffer', () => {
    expect(a.isArrayBuffer(new ArrayBuffer(2))).toBe(true);
    expect(a.isArrayBuffer(a.createArrayBuffer(2))).toBe(true);
    expect(a.isArrayBuffer(new ArrayBuffer(0))).toBe(true);
    const detached = new ArrayBuffer(2);
    structuredClone(detached, { transfer: [detached] });
    expect(a.isArrayBuffer(detached)).toBe(true);
    for (const v of [new SharedArrayBuffer(2), new Uint8Array(2), new DataView(new ArrayBuffer(1)), bufferAlloc(1), {}, [], 'ab', 0, null, undefined]) {
      expect(a.isArrayBuffer(v)).toBe(false);
    }
    // An object that pretends to be one is not.
    expect(a.isArrayBuffer(Object.create(ArrayBuffer.prototype))).toBe(false);
    expect(a.isArrayBuffer({ [Symbol.toStringTag]: 'ArrayBuffer' })).toBe(false);
  });

  it('napi_is_arraybuffer: bad input', () => {
    expect(a.isArrayBuffer(new ArrayBuffer(1), 'env')).toBe(Status.invalid_arg);
    expect(a.isArrayBuffer(new ArrayBuffer(1), 'value')).toEqual(invalidArg);
    expect(a.isArrayBuffer(new ArrayBuffer(1), 'result')).toEqual(invalidArg);
    expect(a.isArrayBuffer(new ArrayBuffer(1), 'pending')).toEqual(okPending);
  });

  // ---- external ArrayBuffer ------------------------------------------------------------------
  it("napi_create_external_arraybuffer: JS sees C memory; C and JS see each other's writes", () => {
    const ab = a.createExternalArrayBuffer(8);
    const id = a.lastExternalId();
    expect(ab).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(ab)]).toEqual([1, 6, 11, 16, 21, 26, 31, 36]);
    expect(a.externalDataMatches(ab, id)).toBe(true);
    // C writes through its own pointer in a later call; JS reads with no Node-API call in between.
    a.externalWrite(id, 3, 200);
    expect(new Uint8Array(ab)[3]).toBe(200);
    new Uint8Array(ab)[5] = 77;
    expect(a.externalRead(id, 5)).toBe(77);
    expect(a.externalFinalizeCount(id).count).toBe(0);
  });

  it('napi_create_external_arraybuffer: the finalizer runs exactly once after GC, with data and hint', async () => {
    const id = (() => {
      const ab = a.createExternalArrayBuffer(16);
      expect(ab.byteLength).toBe(16);
      return a.lastExternalId();
    })();
    expect(a.externalFinalizeCount(id)).toEqual({ count: 0, bad: 0 });
    await collectUntil(() => a.externalFinalizeCount(id).count > 0);
    expect(a.externalFinalizeCount(id)).toEqual({ count: 1, bad: 0 });
    await collectUntil(() => false, 5);
    expect(a.externalFinalizeCount(id)).toEqual({ count: 1, bad: 0 });
  });

  it('napi_create_external_arraybuffer: no finalizer, and length 0', async () => {
    expect([...new Uint8Array(a.createExternalArrayBuffer(3, 'nofinalizer'))]).toEqual([1, 6, 11]);
    const id = (() => {
      const empty = a.createExternalArrayBuffer(0);
      expect(empty).toBeInstanceOf(ArrayBuffer);
      expect(empty.byteLength).toBe(0);
      return a.lastExternalId();
    })();
    // An empty external buffer is finalized like any other.
    await collectUntil(() => a.externalFinalizeCount(id).count > 0);
    expect(a.externalFinalizeCount(id)).toEqual({ count: 1, bad: 0 });
  });

  it('napi_create_external_arraybuffer: a NULL result is napi_ok in Node', async () => {
    // Node makes an external Buffer, then asks napi_get_typedarray_info for its arraybuffer with
    // every out-parameter optional: a NULL result is never checked. The buffer is made and dropped,
    // and its finalizer runs after GC.
    expect(a.createExternalArrayBuffer(4, 'result')).toEqual(ok);
    const id = a.lastExternalId();
    await collectUntil(() => a.externalFinalizeCount(id).count > 0);
    expect(a.externalFinalizeCount(id)).toEqual({ count: 1, bad: 0 });
  });

  it('napi_create_external_arraybuffer: bad input', () => {
    expect(a.createExternalArrayBuffer(4, 'env')).toBe(Status.invalid_arg);
    expect(a.createExternalArrayBuffer(4, 'pending')).toEqual(refusedPending);
  });

  // ---- detach --------------------------------------------------------------------------------
  it('napi_detach_arraybuffer: JS sees byteLength 0; views become empty', () => {
    const ab = new ArrayBuffer(8);
    const view = new Uint8Array(ab, 2);
    expect(a.isDetachedArrayBuffer(ab)).toBe(false);
    expect(a.detachArrayBuffer(ab)).toEqual(ok);
    expect(ab.byteLength).toBe(0);
    expect(view.length).toBe(0);
    expect(a.isDetachedArrayBuffer(ab)).toBe(true);
    // Detaching a detached buffer is fine.
    expect(a.detachArrayBuffer(ab)).toEqual(ok);
    // A buffer C made, and one C has a mirror of.
    const made = a.createArrayBuffer(8);
    expect(a.detachArrayBuffer(made)).toEqual(ok);
    expect(made.byteLength).toBe(0);
    const seen = new ArrayBuffer(4);
    a.writeArrayBuffer(seen, 1);
    expect(a.detachArrayBuffer(seen)).toEqual(ok);
    expect(a.getArrayBufferInfo(seen)).toEqual({ byteLength: 0, dataIsNull: true, bytes: [] });
    // Resizable buffers detach too.
    const resizable = new ArrayBuffer(4, { maxByteLength: 8 });
    expect(a.detachArrayBuffer(resizable)).toEqual(ok);
    expect(resizable.byteLength).toBe(0);
  });

  it('napi_detach_arraybuffer of an external arraybuffer runs its finalizer (once), the buffer still alive', async () => {
    const ab = a.createExternalArrayBuffer(4);
    const id = a.lastExternalId();
    expect(a.detachArrayBuffer(ab)).toEqual(ok);
    expect(ab.byteLength).toBe(0);
    // Detaching frees the backing store, whose deleter queues the finalizer: no GC needed.
    for (let i = 0; i < 50 && a.externalFinalizeCount(id).count === 0; i++) await sleep(10);
    expect(a.externalFinalizeCount(id)).toEqual({ count: 1, bad: 0 });
    await collectUntil(() => false, 5);
    expect(a.externalFinalizeCount(id)).toEqual({ count: 1, bad: 0 });
    expect(ab.byteLength).toBe(0);
  });

  it('napi_detach_arraybuffer: bad input', () => {
    const arraybufferExpected = failure(Status.arraybuffer_expected);
    for (const v of [new Uint8Array(2), new DataView(new ArrayBuffer(2)), new SharedArrayBuffer(2), {}, 1, undefined]) {
      expect(a.detachArrayBuffer(v)).toEqual(arraybufferExpected);
    }
    // The memory of a WebAssembly.Memory is not detachable.
    const memory = new WebAssembly.Memory({ initial: 1 });
    expect(a.detachArrayBuffer(memory.buffer)).toEqual(failure(Status.detachable_arraybuffer_expected));
    expect(memory.buffer.byteLength).toBe(65536);
    expect(a.detachArrayBuffer(new ArrayBuffer(1), 'env')).toBe(Status.invalid_arg);
    expect(a.detachArrayBuffer(new ArrayBuffer(1), 'value')).toEqual(invalidArg);
    // No NAPI_PREAMBLE: it detaches with an exception pending.
    const ab = new ArrayBuffer(1);
    expect(a.detachArrayBuffer(ab, 'pending')).toEqual(okPending);
    expect(ab.byteLength).toBe(0);
  });

  it('napi_is_detached_arraybuffer', () => {
    const ab = new ArrayBuffer(2);
    expect(a.isDetachedArrayBuffer(ab)).toBe(false);
    expect(a.isDetachedArrayBuffer(new ArrayBuffer(0))).toBe(false);
    structuredClone(ab, { transfer: [ab] });
    expect(a.isDetachedArrayBuffer(ab)).toBe(true);
    for (const v of [new Uint8Array(0), new SharedArrayBuffer(0), {}, 0, null]) expect(a.isDetachedArrayBuffer(v)).toBe(false);
    expect(a.isDetachedArrayBuffer(ab, 'env')).toBe(Status.invalid_arg);
    expect(a.isDetachedArrayBuffer(ab, 'value')).toEqual(invalidArg);
    expect(a.isDetachedArrayBuffer(ab, 'result')).toEqual(invalidArg);
    expect(a.isDetachedArrayBuffer(ab, 'pending')).toEqual(okPending);
  });

  // ---- TypedArray ----------------------------------------------------------------------------
  it('napi_create_typedarray makes every type over the given buffer', () => {
    const ab = new ArrayBuffer(64);
    typedArrays.forEach((Type, type) => {
      const ta = a.createTypedArray(type, 3, ab, 8);
      expect(ta).toBeInstanceOf(Type);
      expect(ta.length).toBe(3);
      expect(ta.byteOffset).toBe(8);
      expect(ta.buffer).toBe(ab);
      expect(a.getTypedArrayInfo(ta)).toMatchObject({ type, length: 3, byteOffset: 8, dataOffset: 8 });
    });
    // Length 0 and the whole buffer.
    expect(a.createTypedArray(1, 0, ab, 64).length).toBe(0);
    expect(a.createTypedArray(8, 8, ab, 0).length).toBe(8);
  });

  it('napi_create_typedarray over a buffer C filled: the view shows the bytes', () => {
    const ab = a.createArrayBuffer(8);
    expect([...a.createTypedArray(1, 4, ab, 2)]).toEqual(pattern(8).slice(2, 6));
    expect(a.getTypedArrayInfo(a.createTypedArray(4, 2, ab, 4))).toMatchObject({ dataOffset: 4, bytes: pattern(8).slice(4) });
  });

  it('napi_create_typedarray: float16 (type 11) where the engine has Float16Array, and unknown types are invalid_arg', () => {
    const ab = new ArrayBuffer(16);
    // Node 20 has no Float16Array (invalid_arg natively); Chromium has, and the runtime makes one.
    const Float16 = (globalThis as { Float16Array?: new () => unknown }).Float16Array;
    if (Float16 === undefined) {
      expect(a.createTypedArray(11, 2, ab, 0)).toEqual(invalidArg);
    } else {
      const f16 = a.createTypedArray(11, 2, ab, 4);
      expect(f16).toBeInstanceOf(Float16);
      expect([f16.buffer, f16.byteOffset, f16.length]).toEqual([ab, 4, 2]);
    }
    expect(a.createTypedArray(12, 2, ab, 0)).toEqual(invalidArg);
    expect(a.createTypedArray(-1, 2, ab, 0)).toEqual(invalidArg);
  });

  it('napi_create_typedarray: misaligned offset → RangeError ERR_NAPI_INVALID_TYPEDARRAY_ALIGNMENT + generic_failure', () => {
    const ab = new ArrayBuffer(32);
    const r = a.createTypedArray(3, 1, ab, 1, 'catch');
    expect(r).toEqual({
      ...failure(Status.generic_failure),
      exception: expect.objectContaining({
        name: 'RangeError',
        code: 'ERR_NAPI_INVALID_TYPEDARRAY_ALIGNMENT',
        message: 'start offset of Int16Array should be a multiple of 2',
      }),
    });
    expect(r.exception).toBeInstanceOf(RangeError);
    expect(a.createTypedArray(8, 1, ab, 4, 'catch').exception.message).toBe('start offset of Float64Array should be a multiple of 8');
    expect(a.createTypedArray(10, 1, ab, 12, 'catch').exception.message).toBe('start offset of BigUint64Array should be a multiple of 8');
    // Without "catch", the exception propagates to the JS caller.
    expect(() => a.createTypedArray(5, 1, ab, 2)).toThrow(
      expect.objectContaining({ code: 'ERR_NAPI_INVALID_TYPEDARRAY_ALIGNMENT', message: 'start offset of Int32Array should be a multiple of 4' }),
    );
    // Byte-sized types take any offset.
    expect(a.createTypedArray(2, 1, ab, 31).byteOffset).toBe(31);
  });

  it('napi_create_typedarray: too long → RangeError ERR_NAPI_INVALID_TYPEDARRAY_LENGTH + generic_failure', () => {
    const ab = new ArrayBuffer(16);
    const lengthError = {
      ...failure(Status.generic_failure),
      exception: expect.objectContaining({ name: 'RangeError', code: 'ERR_NAPI_INVALID_TYPEDARRAY_LENGTH', message: 'Invalid typed array length' }),
    };
    expect(a.createTypedArray(1, 17, ab, 0, 'catch')).toEqual(lengthError);
    expect(a.createTypedArray(1, 1, ab, 16, 'catch')).toEqual(lengthError);
    expect(a.createTypedArray(6, 4, ab, 4, 'catch')).toEqual(lengthError);
    expect(a.createTypedArray(8, 2, ab, 8, 'catch')).toEqual(lengthError);
    expect(a.createTypedArray(1, 1, ab, 17, 'catch')).toEqual(lengthError);
    // The alignment check comes first.
    expect(a.createTypedArray(6, 100, ab, 2, 'catch').exception.code).toBe('ERR_NAPI_INVALID_TYPEDARRAY_ALIGNMENT');
    // SIZE_MAX elements: length * size wraps in size_t in Node, which still rejects it for a byte type.
    expect(a.createTypedArrayMaxLength(1, ab)).toEqual(lengthError);
  });

  it('napi_create_typedarray: a detached buffer can only hold empty views', () => {
    const ab = new ArrayBuffer(8);
    structuredClone(ab, { transfer: [ab] });
    expect(a.createTypedArray(1, 1, ab, 0, 'catch').exception.code).toBe('ERR_NAPI_INVALID_TYPEDARRAY_LENGTH');
  });

  it('napi_create_typedarray: bad input', () => {
    const ab = new ArrayBuffer(8);
    expect(a.createTypedArray(1, 1, ab, 0, 'env')).toBe(Status.invalid_arg);
    expect(a.createTypedArray(1, 1, ab, 0, 'value')).toEqual(invalidArg);
    expect(a.createTypedArray(1, 1, ab, 0, 'result')).toEqual(invalidArg);
    expect(a.createTypedArray(1, 1, ab, 0, 'pending')).toEqual(refusedPending);
    // Only an ArrayBuffer (not a SharedArrayBuffer, not a view) → invalid_arg, not arraybuffer_expected.
    for (const v of [new SharedArrayBuffer(8), new Uint8Array(8), {}, 8, undefined]) {
      expect(a.createTypedArray(1, 1, v, 0)).toEqual(invalidArg);
    }
  });

  it('napi_get_typedarray_info: type, length, data, arraybuffer identity, byte_offset', () => {
    const u16 = new Uint16Array([1, 2, 0x0403, 0xffff]);
    const sub = u16.subarray(2);
    expect(a.getTypedArrayInfo(sub)).toEqual({
      type: 4,
      length: 2,
      byteOffset: 4,
      arraybuffer: u16.buffer,
      dataIsNull: false,
      dataOffset: 4,
      bytes: [3, 4, 255, 255],
    });
    expect(a.getTypedArrayInfo(sub).arraybuffer).toBe(u16.buffer);
    expect(a.getTypedArrayInfo(new Float64Array([1.5]))).toMatchObject({ type: 8, length: 1, bytes: [0, 0, 0, 0, 0, 0, 0xf8, 0x3f] });
    expect(a.getTypedArrayInfo(new BigInt64Array([-1n]))).toMatchObject({ type: 9, length: 1, bytes: new Array(8).fill(255) });
    // A Buffer is a Uint8Array.
    const buf = bufferFrom([9, 8, 7]);
    expect(a.getTypedArrayInfo(buf)).toMatchObject({ type: 1, length: 3, byteOffset: buf.byteOffset, dataOffset: buf.byteOffset, bytes: [9, 8, 7] });
    // Empty: V8 still reports the arraybuffer.
    const empty = new Int32Array(0);
    expect(a.getTypedArrayInfo(empty)).toMatchObject({ type: 5, length: 0, byteOffset: 0, bytes: [] });
    expect(a.getTypedArrayInfo(empty).arraybuffer).toBe(empty.buffer);
  });

  it('napi_get_typedarray_info: each out-parameter alone, and all NULL', () => {
    const f64 = new Float64Array(4).subarray(1, 3);
    expect(a.typedArrayInfoEach(f64)).toEqual([8, 2, 8, f64.buffer, 8]);
    expect(a.getTypedArrayInfo(f64, 'nulls')).toEqual(ok);
  });

  it('napi_get_typedarray_info on a view of a detached buffer: length 0, offset 0, NULL data', () => {
    const ab = new ArrayBuffer(8);
    const view = new Uint8Array(ab, 4);
    a.getTypedArrayInfo(view);
    structuredClone(ab, { transfer: [ab] });
    expect(a.getTypedArrayInfo(view)).toEqual({ type: 1, length: 0, byteOffset: 0, arraybuffer: ab, dataIsNull: true, bytes: [] });
  });

  it('napi_get_typedarray_info on a view of a SharedArrayBuffer', () => {
    const sab = new SharedArrayBuffer(8);
    const view = new Uint8Array(sab, 2, 4);
    view.set([1, 2, 3, 4]);
    // The arraybuffer is the SharedArrayBuffer (napi_get_arraybuffer_info then refuses it: no dataOffset).
    expect(a.getTypedArrayInfo(view)).toEqual({ type: 1, length: 4, byteOffset: 2, arraybuffer: sab, dataIsNull: false, bytes: [1, 2, 3, 4] });
  });

  it('napi_get_typedarray_info: bad input and non-typed arrays', () => {
    const ta = new Uint8Array(2);
    expect(a.getTypedArrayInfo(ta, 'env')).toBe(Status.invalid_arg);
    expect(a.getTypedArrayInfo(ta, 'value')).toEqual(invalidArg);
    expect(a.getTypedArrayInfo(ta, 'pending')).toEqual(okPending);
    for (const v of [new DataView(new ArrayBuffer(2)), new ArrayBuffer(2), [1, 2], {}, 'x', undefined]) {
      expect(a.getTypedArrayInfo(v)).toEqual(invalidArg);
    }
  });

  it('napi_is_typedarray: typed arrays and Buffers, not DataViews', () => {
    for (const Type of typedArrays) expect(a.isTypedArray(new Type(1))).toBe(true);
    expect(a.isTypedArray(bufferAlloc(1))).toBe(true);
    for (const v of [new DataView(new ArrayBuffer(1)), new ArrayBuffer(1), [1], { length: 1 }, Object.create(Uint8Array.prototype), null]) {
      expect(a.isTypedArray(v)).toBe(false);
    }
    expect(a.isTypedArray(new Uint8Array(1), 'env')).toBe(Status.invalid_arg);
    expect(a.isTypedArray(new Uint8Array(1), 'value')).toEqual(invalidArg);
    expect(a.isTypedArray(new Uint8Array(1), 'result')).toEqual(invalidArg);
    expect(a.isTypedArray(new Uint8Array(1), 'pending')).toEqual(okPending);
  });

  // ---- DataView ------------------------------------------------------------------------------
  it('napi_create_dataview over a buffer', () => {
    const ab = new Uint8Array([1, 2, 3, 4, 5, 6]).buffer;
    const dv = a.createDataView(3, ab, 2);
    expect(dv).toBeInstanceOf(DataView);
    expect(dv.buffer).toBe(ab);
    expect(dv.byteOffset).toBe(2);
    expect(dv.byteLength).toBe(3);
    expect(dv.getUint8(0)).toBe(3);
    expect(a.createDataView(0, ab, 6).byteLength).toBe(0);
    // Over a buffer C made and filled.
    const made = a.createArrayBuffer(4);
    expect(a.createDataView(4, made, 0).getUint32(0, true)).toBe(new Uint32Array(made)[0]);
  });

  it('napi_create_dataview: out of range → RangeError ERR_NAPI_INVALID_DATAVIEW_ARGS + pending_exception', () => {
    const ab = new ArrayBuffer(8);
    const rangeError = {
      ...failure(Status.pending_exception),
      exception: expect.objectContaining({
        name: 'RangeError',
        code: 'ERR_NAPI_INVALID_DATAVIEW_ARGS',
        message: 'byte_offset + byte_length should be less than or equal to the size in bytes of the array passed in',
      }),
    };
    expect(a.createDataView(4, ab, 5, 'catch')).toEqual(rangeError);
    expect(a.createDataView(9, ab, 0, 'catch')).toEqual(rangeError);
    expect(a.createDataView(0, ab, 9, 'catch')).toEqual(rangeError);
    expect(() => a.createDataView(9, ab, 0)).toThrow(RangeError);
  });

  it('napi_create_dataview: bad input', () => {
    const ab = new ArrayBuffer(8);
    expect(a.createDataView(1, ab, 0, 'env')).toBe(Status.invalid_arg);
    expect(a.createDataView(1, ab, 0, 'value')).toEqual(invalidArg);
    expect(a.createDataView(1, ab, 0, 'result')).toEqual(invalidArg);
    expect(a.createDataView(1, ab, 0, 'pending')).toEqual(refusedPending);
    for (const v of [new SharedArrayBuffer(8), new Uint8Array(8), new DataView(ab), {}, null]) {
      expect(a.createDataView(1, v, 0)).toEqual(invalidArg);
    }
  });

  it('napi_is_dataview', () => {
    expect(a.isDataView(new DataView(new ArrayBuffer(1)))).toBe(true);
    expect(a.isDataView(new DataView(new SharedArrayBuffer(1)))).toBe(true);
    for (const v of [new Uint8Array(1), bufferAlloc(1), new ArrayBuffer(1), Object.create(DataView.prototype), {}, undefined]) {
      expect(a.isDataView(v)).toBe(false);
    }
    expect(a.isDataView(new DataView(new ArrayBuffer(1)), 'env')).toBe(Status.invalid_arg);
    expect(a.isDataView(new DataView(new ArrayBuffer(1)), 'value')).toEqual(invalidArg);
    expect(a.isDataView(new DataView(new ArrayBuffer(1)), 'result')).toEqual(invalidArg);
    expect(a.isDataView(new DataView(new ArrayBuffer(1)), 'pending')).toEqual(okPending);
  });

  it('napi_get_dataview_info: byte length, data, arraybuffer identity, byte offset', () => {
    const ab = new Uint8Array([1, 2, 3, 4, 5]).buffer;
    const dv = new DataView(ab, 1, 3);
    expect(a.getDataViewInfo(dv)).toEqual({ byteLength: 3, byteOffset: 1, arraybuffer: ab, dataIsNull: false, dataOffset: 1, bytes: [2, 3, 4] });
    expect(a.getDataViewInfo(dv).arraybuffer).toBe(ab);
    expect(a.getDataViewInfo(dv, 'nulls')).toEqual(ok);
    // C writes through the DataView's pointer; JS sees it, outside the view too nothing changes.
    a.writeDataView(dv, 40);
    expect([...new Uint8Array(ab)]).toEqual([1, 40, 41, 42, 5]);
  });

  it('napi_get_dataview_info: bad input and non-DataViews (typed arrays → invalid_arg)', () => {
    const dv = new DataView(new ArrayBuffer(2));
    expect(a.getDataViewInfo(dv, 'env')).toBe(Status.invalid_arg);
    expect(a.getDataViewInfo(dv, 'value')).toEqual(invalidArg);
    expect(a.getDataViewInfo(dv, 'pending')).toEqual(okPending);
    for (const v of [new Uint8Array(2), bufferAlloc(2), new ArrayBuffer(2), {}, null]) {
      expect(a.getDataViewInfo(v)).toEqual(invalidArg);
    }
  });
});
