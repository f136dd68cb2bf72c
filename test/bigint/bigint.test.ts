// BigInt. Expected values are what native Node 20 answers (the oracle). 64-bit integers cross the C
// boundary as decimal strings. The C side takes a trailing string mode: "env", "value", "result",
// "lossless", "sign", "count", "words" pass NULL in that position, "signwords" passes NULL for both
// sign_bit and words, "pending" calls with a JS exception already pending and "catch" reports a
// pending exception ({ status, message, exception }) instead of letting it propagate.
import { expect, it } from 'vitest';
import { describeEachBuild, failure, Status } from '../harness.js';

const invalidArg = failure(Status.invalid_arg);
const bigintExpected = failure(Status.bigint_expected);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** The 16 words getWords reports: the first ones written, null for the untouched ones. */
const words = (...written: bigint[]) => [...written.map(String), ...Array(16 - written.length).fill(null)];

/** A pending exception taken by report_status_catch. */
const caught = (status: number, exception: unknown) => ({ ...failure(status), exception });
const alreadyPending = expect.objectContaining({ message: 'already pending' });

await describeEachBuild('bigint', (a, build) => {
  it('napi_create_bigint_int64 / _uint64 make BigInts of the full 64-bit range', () => {
    for (const v of [0n, 1n, -1n, 42n, INT64_MIN, INT64_MAX, -(2n ** 53n) - 1n]) {
      expect(a.createInt64(String(v))).toBe(v);
    }
    for (const v of [0n, 1n, 2n ** 63n, UINT64_MAX, 2n ** 53n + 1n]) {
      expect(a.createUint64(String(v))).toBe(v);
    }
  });

  it('napi_create_bigint_int64 / _uint64: bad input, and no check for a pending exception', () => {
    for (const fn of ['createInt64', 'createUint64']) {
      expect(a[fn]('1', 'env'), fn).toBe(Status.invalid_arg);
      expect(a[fn]('1', 'result'), fn).toEqual(invalidArg);
      // No NAPI_PREAMBLE in Node: they succeed with an exception pending (and leave it pending).
      expect(a[fn]('1', 'pending'), fn).toEqual({ status: Status.ok, message: null, exception: alreadyPending });
    }
  });

  it('napi_create_bigint_words builds the magnitude from little-endian words, sign_bit negates', () => {
    expect(a.createWords(0, ['5'], -1)).toBe(5n);
    expect(a.createWords(1, ['5'], -1)).toBe(-5n);
    expect(a.createWords(0, [String(UINT64_MAX)], -1)).toBe(UINT64_MAX);
    expect(a.createWords(0, ['1', '2'], -1)).toBe(2n * 2n ** 64n + 1n);
    expect(a.createWords(1, ['1', '2'], -1)).toBe(-(2n * 2n ** 64n + 1n));
    const big = (1n << 700n) - 12345n;
    const parts = Array.from({ length: 11 }, (_, i) => String((big >> BigInt(64 * i)) & UINT64_MAX));
    expect(a.createWords(0, parts, -1)).toBe(big);
    expect(a.createWords(1, parts, -1)).toBe(-big);
    // Leading zero words are dropped; a zero magnitude is 0n whatever the sign.
    expect(a.createWords(0, ['7', '0', '0'], -1)).toBe(7n);
    expect(a.createWords(1, ['0', '0'], -1)).toBe(0n);
    expect(a.createWords(0, [], 0)).toBe(0n);
    // Only the first word_count words are read.
    expect(a.createWords(0, ['3', '4'], 1)).toBe(3n);
    // Any non-zero sign_bit means negative.
    expect(a.createWords(-2, ['3'], -1)).toBe(-3n);
  });

  it('napi_create_bigint_words: word_count above INT_MAX is napi_invalid_arg, above V8\'s limit a RangeError', () => {
    expect(a.createWords(0, ['1'], 2 ** 31)).toEqual(invalidArg);
    // V8 refuses more than 2^24 words (2^30 bits) before reading any: the RangeError is left pending.
    const tooBig = caught(Status.pending_exception, expect.objectContaining({ name: 'RangeError', message: 'Maximum BigInt size exceeded' }));
    expect(a.createWords(0, ['1'], 2 ** 24 + 1, 'catch')).toEqual(tooBig);
    expect(a.createWords(0, ['1'], 2 ** 31 - 1, 'catch')).toEqual(tooBig);
    expect(() => a.createWords(0, ['1'], 2 ** 24 + 1)).toThrow(RangeError);
  });

  it('napi_create_bigint_words: bad input', () => {
    expect(a.createWords(0, ['1'], -1, 'env')).toBe(Status.invalid_arg);
    expect(a.createWords(0, ['1'], -1, 'result')).toEqual(invalidArg);
    expect(a.createWords(0, ['1'], -1, 'words')).toEqual(invalidArg);
    // words is checked even when word_count is 0.
    expect(a.createWords(0, [], 0, 'words')).toEqual(invalidArg);
    // It has NAPI_PREAMBLE: a pending exception stops it.
    expect(a.createWords(0, ['1'], -1, 'pending')).toEqual(caught(Status.pending_exception, alreadyPending));
  });

  it('napi_get_value_bigint_int64: the low 64 bits as two\'s complement, lossless when exact', () => {
    expect(a.getInt64(0n)).toEqual(['0', true]);
    expect(a.getInt64(-1n)).toEqual(['-1', true]);
    expect(a.getInt64(INT64_MIN)).toEqual([String(INT64_MIN), true]);
    expect(a.getInt64(INT64_MAX)).toEqual([String(INT64_MAX), true]);
    expect(a.getInt64(2n ** 63n)).toEqual([String(INT64_MIN), false]);
    expect(a.getInt64(UINT64_MAX)).toEqual(['-1', false]);
    expect(a.getInt64(2n ** 64n + 5n)).toEqual(['5', false]);
    expect(a.getInt64(-(2n ** 64n) - 5n)).toEqual(['-5', false]);
    expect(a.getInt64(-(2n ** 64n))).toEqual(['0', false]);
  });

  it('napi_get_value_bigint_uint64: the low 64 bits, lossless only for 0..2^64-1', () => {
    expect(a.getUint64(0n)).toEqual(['0', true]);
    expect(a.getUint64(UINT64_MAX)).toEqual([String(UINT64_MAX), true]);
    expect(a.getUint64(2n ** 63n)).toEqual([String(2n ** 63n), true]);
    expect(a.getUint64(-1n)).toEqual([String(UINT64_MAX), false]);
    expect(a.getUint64(2n ** 64n)).toEqual(['0', false]);
    expect(a.getUint64(2n ** 64n + 7n)).toEqual(['7', false]);
    expect(a.getUint64(-(2n ** 64n) - 1n)).toEqual([String(UINT64_MAX), false]);
  });

  it('napi_get_value_bigint_int64 / _uint64: bad input', () => {
    for (const fn of ['getInt64', 'getUint64']) {
      expect(a[fn](1n, 'env'), fn).toBe(Status.invalid_arg);
      expect(a[fn](1n, 'value'), fn).toEqual(invalidArg);
      expect(a[fn](1n, 'result'), fn).toEqual(invalidArg);
      expect(a[fn](1n, 'lossless'), fn).toEqual(invalidArg);
      // The pointers are checked before the type.
      expect(a[fn](5, 'lossless'), fn).toEqual(invalidArg);
      for (const v of [5, '5', null, undefined, {}, Object(5n)]) expect(a[fn](v), `${fn}(${String(v)})`).toEqual(bigintExpected);
      expect(a[fn](1n, 'pending'), fn).toEqual({ status: Status.ok, message: null, exception: alreadyPending });
    }
  });

  it('napi_get_value_bigint_words writes min(word_count, needed) words and reports the count needed', () => {
    const v = -(2n ** 130n) - 7n; // magnitude words: 7, 0, 4
    expect(a.getWords(v, 16)).toEqual({ sign: 1, count: 3, words: words(7n, 0n, 4n) });
    expect(a.getWords(-v, 3)).toEqual({ sign: 0, count: 3, words: words(7n, 0n, 4n) });
    // Too small a buffer: only what fits is written, and *word_count says how many are needed.
    expect(a.getWords(v, 2)).toEqual({ sign: 1, count: 3, words: words(7n, 0n) });
    expect(a.getWords(v, 1)).toEqual({ sign: 1, count: 3, words: words(7n) });
    // word_count 0: nothing written, but the sign is.
    expect(a.getWords(v, 0)).toEqual({ sign: 1, count: 3, words: words() });
    expect(a.getWords(0n, 4)).toEqual({ sign: 0, count: 0, words: words() });
    expect(a.getWords(UINT64_MAX, 4)).toEqual({ sign: 0, count: 1, words: words(UINT64_MAX) });
    expect(a.getWords(-(2n ** 64n), 4)).toEqual({ sign: 1, count: 2, words: words(0n, 1n) });
    // Node hands *word_count to V8 as an int: SIZE_MAX becomes -1, and nothing is written.
    expect(a.getWords(5n, -1)).toEqual({ sign: 0, count: 1, words: words() });
  });

  it('napi_get_value_bigint_words with NULL sign_bit and words only reports the count', () => {
    expect(a.getWords(-(2n ** 130n), 3, 'signwords')).toEqual({ sign: -7, count: 3, words: words() });
    expect(a.getWords(0n, 3, 'signwords')).toEqual({ sign: -7, count: 0, words: words() });
    expect(a.getWords(1n << 1000n, 0, 'signwords')).toEqual({ sign: -7, count: 16, words: words() });
  });

  it('napi_get_value_bigint_words: bad input', () => {
    expect(a.getWords(5n, 3, 'env')).toBe(Status.invalid_arg);
    expect(a.getWords(5n, 3, 'value')).toEqual(invalidArg);
    expect(a.getWords(5n, 3, 'count')).toEqual(invalidArg);
    // One of sign_bit / words NULL (not both) is napi_invalid_arg, but only after the type check.
    expect(a.getWords(5n, 3, 'sign')).toEqual(invalidArg);
    expect(a.getWords(5n, 3, 'words')).toEqual(invalidArg);
    expect(a.getWords(5, 3, 'sign')).toEqual(bigintExpected);
    expect(a.getWords(5, 3, 'count')).toEqual(invalidArg);
    for (const v of [5, '5', null, {}]) expect(a.getWords(v, 3), String(v)).toEqual(bigintExpected);
    expect(a.getWords(5n, 3, 'pending')).toEqual({ status: Status.ok, message: null, exception: alreadyPending });
  });

  // Native Node reads or writes through any pointer and crashes outside its memory; the runtime
  // checks the words buffer against linear memory.
  it.skipIf(build === 'native')('words outside linear memory → napi_invalid_arg (native Node would crash)', () => {
    expect(a.createWords(0, ['1', '2'], -1, 'farwords')).toEqual(invalidArg);
    expect(a.getWords(-(2n ** 130n), 3, 'farwords')).toEqual(invalidArg);
    // Nothing is read or written when no word is: word_count 0 is fine anywhere.
    expect(a.createWords(0, [], 0, 'farwords')).toBe(0n);
    expect(a.getWords(-(2n ** 130n), 0, 'farwords')).toEqual({ sign: 1, count: 3, words: words() });
  });
});
