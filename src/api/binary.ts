// Node-API: ArrayBuffer, TypedArray, DataView and Node Buffers. How C sees their bytes through a
// data pointer is the Engine's mirror model (src/mirror.ts, docs/memory.md).
import { engines, type Engine } from '../engine.js';
import { host } from '../host.js';
import { scopes, STALE } from '../scope.js';
import { Status, type EnvId, type Handle, type Ptr } from '../types.js';
import { preamble, typeCheck } from './guards.js';

type TypedArrayConstructor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Uint8ClampedArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor;

/** napi_typedarray_type → constructor (Float16Array only where the engine has it). */
const typedArrayTypes: (TypedArrayConstructor | undefined)[] = [
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
  (globalThis as { Float16Array?: TypedArrayConstructor }).Float16Array,
];
const typeByName = new Map(typedArrayTypes.map((c, i) => [c?.name, i]));
// The last tag looked up: a program mostly hands C one kind of typed array, and comparing two
// internalized strings is cheaper than a Map lookup.
let lastTag = 'Uint8Array';
let lastType = 1;
function typeOfTag(tag: string): number {
  if (tag !== lastTag) {
    lastType = typeByName.get(tag) ?? 0;
    lastTag = tag;
  }
  return lastType;
}

/** %TypedArray%.prototype[@@toStringTag]: the element type's name for a typed array, else undefined. */
const typedArrayTag = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag)!
  .get as (this: unknown) => string | undefined;

export function isTypedArray(v: unknown): v is ArrayBufferView & { length: number } {
  return ArrayBuffer.isView(v) && typedArrayTag.call(v) !== undefined;
}
function isDataView(v: unknown): v is DataView {
  return ArrayBuffer.isView(v) && typedArrayTag.call(v) === undefined;
}
/** ArrayBuffer.prototype.byteLength's getter: throws unless `this` is a real ArrayBuffer (any realm). */
const arrayBufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')!.get!;

/** V8's IsArrayBuffer: a brand check (not instanceof, not the toStringTag); false for SharedArrayBuffers. */
function isArrayBuffer(v: unknown): v is ArrayBuffer {
  if (typeof v !== 'object' || v === null) return false;
  try {
    arrayBufferByteLength.call(v);
    return true;
  } catch {
    return false;
  }
}
const isDetachedArrayBuffer = (v: unknown): boolean => isArrayBuffer(v) && isDetached(v);

function isDetached(ab: ArrayBuffer): boolean {
  const detached = (ab as { detached?: boolean }).detached;
  if (detached !== undefined) return detached;
  if (ab.byteLength !== 0) return false;
  try {
    new Uint8Array(ab);
    return false;
  } catch {
    return true;
  }
}

/** The pointer C gets for byte `offset` of `buffer`: its own memory's offset, or a mirror's. */
function dataPointer(e: Engine, buffer: ArrayBufferLike, offset: number): Ptr {
  // The views' buffer is memory.buffer once check() re-derived them after growth (reading
  // memory.buffer itself is a call into the engine's C++).
  const mem = e.mem;
  mem.check();
  if (buffer === mem.u8.buffer) return offset;
  const base = e.mirrors.pointerOf(buffer as ArrayBuffer);
  return base === 0 ? 0 : base + offset;
}

/** A zero-filled block of linear memory for a buffer C creates (persistent mirror). */
function allocZeroed(e: Engine, length: number): Ptr {
  const ptr = e.alloc(length);
  if (ptr === 0) return 0;
  e.mem.check();
  e.mem.u8.fill(0, ptr, ptr + length);
  return ptr;
}

/** Creates an ArrayBuffer of `length` bytes; with `data`, C gets a pointer kept in step with it. */
function newArrayBuffer(e: Engine, length: number, data: Ptr): ArrayBuffer | Status {
  let ab: ArrayBuffer;
  try {
    ab = new ArrayBuffer(length);
  } catch (error) {
    return e.caught(error);
  }
  if (data) {
    let ptr = 0;
    if (length > 0) {
      ptr = allocZeroed(e, length);
      if (ptr === 0) return e.fail(Status.generic_failure);
      e.mirrors.adopt(ab, ptr, true);
    }
    e.mem.setU32(data, ptr);
  }
  return ab;
}

export function napi_create_arraybuffer(env: EnvId, byteLength: number, data: Ptr, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  if (!result) return e.fail(Status.invalid_arg);
  const ab = newArrayBuffer(e, byteLength >>> 0, data);
  if (typeof ab === 'number') return ab;
  e.setHandle(result, ab);
  return e.ok();
}

/** An ArrayBuffer holding a copy of C's bytes at `data`, kept in step with them; `finalizeCb` runs when it is collected. */
function externalArrayBuffer(e: Engine, data: Ptr, length: number, finalizeCb: number, hint: Ptr): ArrayBuffer {
  const ab = new ArrayBuffer(length);
  if (length > 0) {
    e.mem.check();
    new Uint8Array(ab).set(e.mem.u8.subarray(data >>> 0, (data >>> 0) + length));
  }
  e.mirrors.adopt(ab, data >>> 0, false, finalizeCb, hint);
  return ab;
}

export function napi_create_external_arraybuffer(env: EnvId, data: Ptr, byteLength: number, finalizeCb: number, hint: Ptr, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  // Node makes an external Buffer and takes its arraybuffer with napi_get_typedarray_info, whose
  // out-parameters are all optional: a NULL result is napi_ok there (the buffer is made and dropped,
  // and its finalizer runs after GC).
  const ab = externalArrayBuffer(e, data, byteLength >>> 0, finalizeCb, hint);
  if (result) e.setHandle(result, ab);
  return e.ok();
}

export function napi_get_arraybuffer_info(env: EnvId, arraybuffer: Handle, data: Ptr, byteLength: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const ab = scopes.value(arraybuffer);
  if (ab === STALE || !isArrayBuffer(ab)) return e.fail(Status.invalid_arg);
  if (data) e.mem.setU32(data, dataPointer(e, ab, 0));
  if (byteLength) e.mem.setU32(byteLength, ab.byteLength);
  return e.ok();
}

export function napi_is_arraybuffer(env: EnvId, value: Handle, result: Ptr): Status {
  return typeCheck(env, value, result, isArrayBuffer);
}

export function napi_detach_arraybuffer(env: EnvId, arraybuffer: Handle): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const ab = scopes.value(arraybuffer);
  if (ab === STALE) return e.fail(Status.invalid_arg);
  if (!isArrayBuffer(ab)) return e.fail(Status.arraybuffer_expected);
  if (ab === e.mem.memory.buffer) return e.fail(Status.detachable_arraybuffer_expected);
  // Detaching a detached buffer is fine in V8; browsers' structuredClone refuses to transfer one.
  if (!isDetached(ab)) {
    try {
      // Transferring an ArrayBuffer detaches it: the portable way to detach one from JS.
      structuredClone(ab, { transfer: [ab] });
    } catch {
      return e.fail(Status.detachable_arraybuffer_expected);
    }
    // V8 "transfers" another module's WebAssembly.Memory buffer without detaching it (a copy).
    if (!isDetached(ab)) return e.fail(Status.detachable_arraybuffer_expected);
  }
  e.mirrors.forget(ab);
  return e.ok();
}

export function napi_is_detached_arraybuffer(env: EnvId, value: Handle, result: Ptr): Status {
  return typeCheck(env, value, result, isDetachedArrayBuffer);
}

function rangeError(message: string, code: string): RangeError {
  const error = new RangeError(message) as RangeError & { code: string };
  error.code = code;
  return error;
}

export function napi_create_typedarray(env: EnvId, type: number, length: number, arraybuffer: Handle, byteOffset: number, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const ab = scopes.value(arraybuffer);
  if (ab === STALE || !result) return e.fail(Status.invalid_arg);
  if (!isArrayBuffer(ab)) return e.fail(Status.invalid_arg);
  const Type = typedArrayTypes[type];
  if (Type === undefined) return e.fail(Status.invalid_arg);
  length >>>= 0;
  byteOffset >>>= 0;
  const size = Type.BYTES_PER_ELEMENT;
  // Node throws these RangeErrors and reports napi_generic_failure.
  if (size > 1 && byteOffset % size !== 0) {
    e.throwPending(rangeError(`start offset of ${Type.name} should be a multiple of ${size}`, 'ERR_NAPI_INVALID_TYPEDARRAY_ALIGNMENT'));
    return e.fail(Status.generic_failure);
  }
  if (length * size + byteOffset > ab.byteLength) {
    e.throwPending(rangeError('Invalid typed array length', 'ERR_NAPI_INVALID_TYPEDARRAY_LENGTH'));
    return e.fail(Status.generic_failure);
  }
  let ta: ArrayBufferView;
  try {
    ta = new Type(ab, byteOffset, length);
  } catch (error) {
    return e.caught(error);
  }
  e.setHandle(result, ta);
  return e.ok();
}

export function napi_is_typedarray(env: EnvId, value: Handle, result: Ptr): Status {
  return typeCheck(env, value, result, isTypedArray);
}

export function napi_get_typedarray_info(
  env: EnvId,
  typedarray: Handle,
  type: Ptr,
  length: Ptr,
  data: Ptr,
  arraybuffer: Ptr,
  byteOffset: Ptr,
): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const ta = scopes.value(typedarray);
  const tag = ArrayBuffer.isView(ta) ? typedArrayTag.call(ta) : undefined;
  if (tag === undefined) return e.fail(Status.invalid_arg);
  const view = ta as ArrayBufferView & { length: number };
  if (type) e.mem.setI32(type, typeOfTag(tag));
  if (length) e.mem.setU32(length, view.length);
  const buffer = data || arraybuffer ? view.buffer : undefined;
  if (data) e.mem.setU32(data, dataPointer(e, buffer!, view.byteOffset));
  if (arraybuffer) e.setHandle(arraybuffer, buffer);
  if (byteOffset) e.mem.setU32(byteOffset, view.byteOffset);
  return e.ok();
}

export function napi_create_dataview(env: EnvId, byteLength: number, arraybuffer: Handle, byteOffset: number, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const ab = scopes.value(arraybuffer);
  if (ab === STALE || !result) return e.fail(Status.invalid_arg);
  if (!isArrayBuffer(ab)) return e.fail(Status.invalid_arg);
  byteLength >>>= 0;
  byteOffset >>>= 0;
  if (byteLength + byteOffset > ab.byteLength) {
    e.throwPending(
      rangeError(
        'byte_offset + byte_length should be less than or equal to the size in bytes of the array passed in',
        'ERR_NAPI_INVALID_DATAVIEW_ARGS',
      ),
    );
    return e.fail(Status.pending_exception);
  }
  e.setHandle(result, new DataView(ab, byteOffset, byteLength));
  return e.ok();
}

export function napi_is_dataview(env: EnvId, value: Handle, result: Ptr): Status {
  return typeCheck(env, value, result, isDataView);
}

export function napi_get_dataview_info(env: EnvId, dataview: Handle, byteLength: Ptr, data: Ptr, arraybuffer: Ptr, byteOffset: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const dv = scopes.value(dataview);
  if (dv === STALE || !isDataView(dv)) return e.fail(Status.invalid_arg);
  if (byteLength) e.mem.setU32(byteLength, dv.byteLength);
  if (data) e.mem.setU32(data, dataPointer(e, dv.buffer, dv.byteOffset));
  if (arraybuffer) e.setHandle(arraybuffer, dv.buffer);
  if (byteOffset) e.mem.setU32(byteOffset, dv.byteOffset);
  return e.ok();
}

// ---- node_api.h: Buffers (a Node Buffer in Node, a Uint8Array in browsers) ----------------------

export function napi_create_buffer(env: EnvId, size: number, data: Ptr, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  if (!result) return e.fail(Status.invalid_arg);
  size >>>= 0;
  const ab = newArrayBuffer(e, size, data);
  if (typeof ab === 'number') return ab;
  e.setHandle(result, host.bufferFrom(ab, 0, size));
  return e.ok();
}

export function napi_create_buffer_copy(env: EnvId, length: number, data: Ptr, resultData: Ptr, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  if (!result) return e.fail(Status.invalid_arg);
  length >>>= 0;
  const ab = newArrayBuffer(e, length, resultData);
  if (typeof ab === 'number') return ab;
  if (length > 0) {
    e.mem.check();
    const bytes = e.mem.u8.subarray(data >>> 0, (data >>> 0) + length);
    new Uint8Array(ab).set(bytes);
    if (resultData) e.mem.u8.copyWithin(e.mem.getU32(resultData), data >>> 0, (data >>> 0) + length);
  }
  e.setHandle(result, host.bufferFrom(ab, 0, length));
  return e.ok();
}

export function napi_create_external_buffer(env: EnvId, length: number, data: Ptr, finalizeCb: number, hint: Ptr, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  if (!result) return e.fail(Status.invalid_arg);
  length >>>= 0;
  e.setHandle(result, host.bufferFrom(externalArrayBuffer(e, data, length, finalizeCb, hint), 0, length));
  return e.ok();
}

export function node_api_create_buffer_from_arraybuffer(env: EnvId, arraybuffer: Handle, byteOffset: number, byteLength: number, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const ab = scopes.value(arraybuffer);
  if (ab === STALE || !result) return e.fail(Status.invalid_arg);
  if (!isArrayBuffer(ab)) return e.fail(Status.arraybuffer_expected);
  byteOffset >>>= 0;
  byteLength >>>= 0;
  if (byteOffset + byteLength > ab.byteLength) {
    e.throwPending(rangeError('The byte offset + length is out of range', 'ERR_OUT_OF_RANGE'));
    return e.fail(Status.pending_exception);
  }
  e.setHandle(result, host.bufferFrom(ab, byteOffset, byteLength));
  return e.ok();
}

export function napi_get_buffer_info(env: EnvId, value: Handle, data: Ptr, length: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const v = scopes.value(value);
  // Node's Buffer::HasInstance accepts any ArrayBufferView.
  if (v === STALE || !ArrayBuffer.isView(v)) return e.fail(Status.invalid_arg);
  if (data) e.mem.setU32(data, dataPointer(e, v.buffer, v.byteOffset));
  if (length) e.mem.setU32(length, v.byteLength);
  return e.ok();
}

export function napi_is_buffer(env: EnvId, value: Handle, result: Ptr): Status {
  return typeCheck(env, value, result, ArrayBuffer.isView);
}
