// Node-API: BigInt (from int64, uint64 and 64-bit words; read back with the lossless flag or as words).
// i64 parameters arrive from wasm as JS BigInts already; int64_t*/uint64_t* results are written through
// the memory's DataView.
import { engines, type Engine } from '../engine.js';
import { scopes, STALE } from '../scope.js';
import { Status, type EnvId, type Handle, type Ptr } from '../types.js';
import { preamble } from './guards.js';

const INT_MAX = 0x7fffffff;
/** V8's BigInt::kMaxLength in 64-bit words (kMaxLengthBits = 2^30): BigInt::FromWords64 refuses more. */
const MAX_WORDS = 1 << 24;

/** True when `size` bytes at `ptr` lie inside linear memory (Node would read or write out of bounds). */
function inMemory(e: Engine, ptr: Ptr, size: number): boolean {
  if (size === 0) return true;
  e.mem.check();
  return (ptr >>> 0) + size <= e.mem.u8.length;
}

export function napi_create_bigint_int64(env: EnvId, value: bigint, result: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  e.setHandle(result, value);
  return e.ok();
}

export function napi_create_bigint_uint64(env: EnvId, value: bigint, result: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  // wasm passes i64 signed: reinterpret the 64 bits as unsigned.
  e.setHandle(result, BigInt.asUintN(64, value));
  return e.ok();
}

export function napi_create_bigint_words(env: EnvId, signBit: number, wordCount: number, words: Ptr, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  if (!words || !result) return e.fail(Status.invalid_arg);
  const count = wordCount >>> 0;
  if (count > INT_MAX) return e.fail(Status.invalid_arg);
  // V8 checks the count before it reads a word, and throws (Node: napi_pending_exception).
  if (count > MAX_WORDS) return e.caught(new RangeError('Maximum BigInt size exceeded'));
  if (!inMemory(e, words, count * 8)) return e.fail(Status.invalid_arg);
  let magnitude = 0n;
  if (count === 1) {
    magnitude = BigInt(e.mem.getU32(words + 4)) * 0x100000000n + BigInt(e.mem.getU32(words));
  } else if (count > 1) {
    // One hex parse is linear in the size; shifting word by word would be quadratic.
    let hex = '';
    for (let i = count - 1; i >= 0; i--) {
      const p = words + i * 8;
      hex += e.mem.getU32(p + 4).toString(16).padStart(8, '0') + e.mem.getU32(p).toString(16).padStart(8, '0');
    }
    magnitude = BigInt(`0x${hex}`);
  }
  // Any non-zero sign_bit is negative; V8 canonicalizes a zero magnitude to 0n whatever the sign.
  e.setHandle(result, signBit !== 0 ? -magnitude : magnitude);
  return e.ok();
}

/** Shared prologue of the two 64-bit readers: the BigInt, or a status to return. */
function bigintArg(e: Engine, value: Handle, result: Ptr, lossless: Ptr): bigint | Status {
  const v = scopes.value(value);
  if (v === STALE || !result || !lossless) return e.fail(Status.invalid_arg);
  if (typeof v !== 'bigint') return e.fail(Status.bigint_expected);
  return v;
}

export function napi_get_value_bigint_int64(env: EnvId, value: Handle, result: Ptr, lossless: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  const v = bigintArg(e, value, result, lossless);
  if (typeof v !== 'bigint') return v;
  // V8's BigInt::Int64Value: the low 64 bits in two's complement, lossless when that is the value.
  const r = BigInt.asIntN(64, v);
  e.mem.check();
  e.mem.dv.setBigInt64(result >>> 0, r, true);
  e.mem.setU8(lossless, r === v ? 1 : 0);
  return e.ok();
}

export function napi_get_value_bigint_uint64(env: EnvId, value: Handle, result: Ptr, lossless: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  const v = bigintArg(e, value, result, lossless);
  if (typeof v !== 'bigint') return v;
  const r = BigInt.asUintN(64, v);
  e.mem.check();
  e.mem.dv.setBigUint64(result >>> 0, r, true);
  e.mem.setU8(lossless, r === v ? 1 : 0);
  return e.ok();
}

export function napi_get_value_bigint_words(env: EnvId, value: Handle, signBit: Ptr, wordCount: Ptr, words: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  const v = scopes.value(value);
  if (v === STALE || !wordCount) return e.fail(Status.invalid_arg);
  if (typeof v !== 'bigint') return e.fail(Status.bigint_expected);
  const negative = v < 0n;
  let hex = (negative ? -v : v).toString(16);
  const total = v === 0n ? 0 : Math.ceil(hex.length / 16);
  if (!signBit && !words) {
    e.mem.setU32(wordCount, total);
    return e.ok();
  }
  if (!signBit || !words) return e.fail(Status.invalid_arg);
  // Node passes *word_count to V8 as an int; V8 writes min(available, needed) words, sets the sign
  // and reports the number of words needed (not the number written).
  const available = e.mem.getI32(wordCount);
  const n = Math.min(Math.max(available, 0), total);
  if (!inMemory(e, words, n * 8)) return e.fail(Status.invalid_arg);
  e.mem.setI32(signBit, negative ? 1 : 0);
  hex = hex.padStart(total * 16, '0');
  for (let i = 0; i < n; i++) {
    const end = hex.length - i * 16;
    e.mem.setU32(words + i * 8, parseInt(hex.slice(end - 8, end), 16));
    e.mem.setU32(words + i * 8 + 4, parseInt(hex.slice(end - 16, end - 8), 16));
  }
  e.mem.setU32(wordCount, total);
  return e.ok();
}
