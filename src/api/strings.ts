// Node-API: strings (create/get in UTF-8, Latin-1 and UTF-16; property keys).
import { engines, type Engine } from '../engine.js';
import { host } from '../host.js';
import { scopes, STALE } from '../scope.js';
import { AUTO_LENGTH, Status, type EnvId, type Handle, type Ptr } from '../types.js';

type Reader = (e: Engine, str: Ptr, length: number) => string;

const readUtf8: Reader = (e, str, length) => e.mem.readUtf8(str, length);
const readLatin1: Reader = (e, str, length) => e.mem.readLatin1(str, length);
const readUtf16: Reader = (e, str, length) => e.mem.readUtf16(str, length);

/** Node's CHECK_NEW_STRING_ARGS: str may be NULL only for length 0; length is AUTO or ≤ INT_MAX. */
function createString(env: EnvId, str: Ptr, length: number, result: Ptr, read: Reader): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  // `length` is a size_t arriving as i32: AUTO_LENGTH is -1, any other negative is above INT_MAX.
  if ((length !== 0 && !str) || !result || (length < 0 && length !== AUTO_LENGTH)) return e.fail(Status.invalid_arg);
  e.mem.setU32(result, scopes.push(str ? read(e, str, length) : ''));
  return e.ok();
}

// The UTF-8 pair is written out rather than going through createString/getValueString: their
// reader and writer arguments make the calls inside them polymorphic, which V8 does not inline.
export function napi_create_string_utf8(env: EnvId, str: Ptr, length: number, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if ((length !== 0 && str === 0) || result === 0 || (length < 0 && length !== AUTO_LENGTH)) return e.fail(Status.invalid_arg);
  e.mem.setU32(result, scopes.push(str === 0 ? '' : e.mem.readUtf8(str, length)));
  return e.ok();
}
export function napi_create_string_latin1(env: EnvId, str: Ptr, length: number, result: Ptr): Status {
  return createString(env, str, length, result, readLatin1);
}
export function napi_create_string_utf16(env: EnvId, str: Ptr, length: number, result: Ptr): Status {
  return createString(env, str, length, result, readUtf16);
}
// Property keys are ordinary strings here: V8 internalizes them, JS engines intern keys themselves.
export function node_api_create_property_key_utf8(env: EnvId, str: Ptr, length: number, result: Ptr): Status {
  return createString(env, str, length, result, readUtf8);
}
export function node_api_create_property_key_latin1(env: EnvId, str: Ptr, length: number, result: Ptr): Status {
  return createString(env, str, length, result, readLatin1);
}
export function node_api_create_property_key_utf16(env: EnvId, str: Ptr, length: number, result: Ptr): Status {
  return createString(env, str, length, result, readUtf16);
}

/** Shared prologue of napi_get_value_string_*: the string, or a status to return. */
function stringArg(e: Engine, value: Handle): string | Status {
  const v = scopes.value(value);
  if (v === STALE) return e.fail(Status.invalid_arg);
  if (typeof v !== 'string') return e.fail(Status.string_expected);
  return v;
}

type Writer = (e: Engine, s: string, buf: Ptr, capacity: number) => number;

/**
 * Node's shape for napi_get_value_string_*: with no buffer, the length (in the encoding's units);
 * with bufsize 0, nothing; else at most bufsize - 1 units, NUL-terminated, and the count written.
 */
function getValueString(env: EnvId, value: Handle, buf: Ptr, bufsize: number, result: Ptr, length: (s: string) => number, write: Writer): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const s = stringArg(e, value);
  if (typeof s !== 'string') return s;
  bufsize >>>= 0;
  if (!buf) {
    if (!result) return e.fail(Status.invalid_arg);
    e.mem.setU32(result, length(s));
  } else if (bufsize !== 0) {
    const written = write(e, s, buf, bufsize - 1);
    if (result) e.mem.setU32(result, written);
  } else if (result) {
    e.mem.setU32(result, 0);
  }
  return e.ok();
}

const codeUnits = (s: string): number => s.length;

// V8's WriteOneByte keeps the low byte of each UTF-16 unit.
const writeLatin1: Writer = (e, s, buf, capacity) => {
  const n = e.mem.writeLatin1(s, buf, capacity);
  e.mem.setU8(buf + n, 0);
  return n;
};

// UTF-16 units are copied as they are (a surrogate pair may be split at the end, as in V8).
const writeUtf16: Writer = (e, s, buf, capacity) => {
  const n = e.mem.writeUtf16(s, buf, capacity);
  e.mem.setU16(buf + 2 * n, 0);
  return n;
};

export function napi_get_value_string_utf8(env: EnvId, value: Handle, buf: Ptr, bufsize: number, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const sm = scopes;
  if (!sm.live(value)) return e.fail(Status.invalid_arg);
  const s = sm.get(value);
  if (typeof s !== 'string') return e.fail(Status.string_expected);
  bufsize >>>= 0;
  if (buf === 0) {
    if (result === 0) return e.fail(Status.invalid_arg);
    e.mem.setU32(result, host.utf8Length(s));
  } else if (bufsize !== 0) {
    // Memory.writeUtf8 called here, not through a writer like the other encodings: one call less
    // for V8 to inline, whose budget the string cache's code already takes.
    const mem = e.mem;
    const written = mem.writeUtf8(s, buf, bufsize - 1);
    mem.setU8(buf + written, 0);
    if (result !== 0) mem.setU32(result, written);
  } else if (result !== 0) {
    e.mem.setU32(result, 0);
  }
  return e.ok();
}
export function napi_get_value_string_latin1(env: EnvId, value: Handle, buf: Ptr, bufsize: number, result: Ptr): Status {
  return getValueString(env, value, buf, bufsize, result, codeUnits, writeLatin1);
}
export function napi_get_value_string_utf16(env: EnvId, value: Handle, buf: Ptr, bufsize: number, result: Ptr): Status {
  return getValueString(env, value, buf, bufsize, result, codeUnits, writeUtf16);
}

// External strings: the runtime copies the characters (a JS engine offers no string over foreign
// memory), reports `*copied = true`, and calls the finalizer at once, synchronously, as Node does when
// it copies (V8 sandbox builds). The finalizer may then free `str`: it is read before the call.
/** A native `napi_finalize` as exported through the module's table. */
type NativeFinalizer = (env: EnvId, data: Ptr, hint: Ptr) => void;

function createExternalString(
  env: EnvId,
  str: Ptr,
  length: number,
  finalizeCb: number,
  finalizeHint: Ptr,
  result: Ptr,
  copied: Ptr,
  read: Reader,
): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if ((length !== 0 && !str) || !result || (length < 0 && length !== AUTO_LENGTH)) return e.fail(Status.invalid_arg);
  // A table index that is not a function would crash Node when it calls it.
  const finalize = finalizeCb ? (e.callback(finalizeCb) as unknown as NativeFinalizer | undefined) : undefined;
  if (finalizeCb && !finalize) return e.fail(Status.invalid_arg);
  e.mem.setU32(result, scopes.push(str ? read(e, str, length) : ''));
  if (copied) e.mem.setU8(copied, 1);
  e.lastStatus = Status.ok;
  if (finalize) {
    // Handles the finalizer makes live in a scope of their own, as in Node's CallFinalizer. Node
    // returns napi_ok without clearing the last error the finalizer's own calls left.
    const depth = scopes.depth;
    scopes.open(false);
    try {
      finalize(e.id, str, finalizeHint);
    } finally {
      scopes.closeTo(depth);
    }
  }
  return Status.ok;
}

export function node_api_create_external_string_latin1(
  env: EnvId,
  str: Ptr,
  length: number,
  finalizeCb: number,
  finalizeHint: Ptr,
  result: Ptr,
  copied: Ptr,
): Status {
  return createExternalString(env, str, length, finalizeCb, finalizeHint, result, copied, readLatin1);
}

export function node_api_create_external_string_utf16(
  env: EnvId,
  str: Ptr,
  length: number,
  finalizeCb: number,
  finalizeHint: Ptr,
  result: Ptr,
  copied: Ptr,
): Status {
  return createExternalString(env, str, length, finalizeCb, finalizeHint, result, copied, readUtf16);
}
