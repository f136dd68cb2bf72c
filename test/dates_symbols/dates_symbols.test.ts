// Dates and symbols. Expected values are what native Node 20 answers (the oracle). The C side takes a
// trailing string mode: "env", "value", "result", "str" pass NULL in that position, "pending" calls
// with a JS exception already pending (the report then carries the exception), "catch" reports a
// pending exception instead of letting it propagate.
import { expect, it } from 'vitest';
import { describeEachBuild, failure, Status, utf8 } from '../harness.js';

const ok = { status: Status.ok, message: null };
const invalidArg = failure(Status.invalid_arg);
const alreadyPending = expect.objectContaining({ message: 'already pending' });
/** The report of a call made with an exception pending: its status, and the exception still there. */
const withPending = (status: number) => ({ ...(status === Status.ok ? ok : failure(status)), exception: alreadyPending });
const AUTO = -1;

await describeEachBuild('dates_symbols', (a) => {
  it('napi_create_date makes a Date with TimeClip applied', () => {
    const d = a.createDate(1700000000123);
    expect(d).toBeInstanceOf(Date);
    expect(d.getTime()).toBe(1700000000123);
    expect(a.createDate(1.9).getTime()).toBe(1);
    expect(a.createDate(-1.9).getTime()).toBe(-1);
    expect(Object.is(a.createDate(-0).getTime(), 0)).toBe(true);
    expect(a.createDate(8.64e15).getTime()).toBe(8.64e15);
    expect(a.createDate(-8.64e15).getTime()).toBe(-8.64e15);
    for (const t of [8.64e15 + 1, -8.64e15 - 1, NaN, Infinity, -Infinity]) expect(a.createDate(t).getTime()).toBeNaN();
    expect(a.createDate(0)).not.toBe(a.createDate(0));
  });

  it('napi_create_date: bad input; it checks for a pending exception', () => {
    expect(a.createDate(0, 'env')).toBe(Status.invalid_arg);
    expect(a.createDate(0, 'result')).toEqual(invalidArg);
    expect(a.createDate(0, 'pending')).toEqual(withPending(Status.pending_exception));
  });

  it('napi_is_date is true for Date objects (subclasses too), not for look-alikes or proxies', () => {
    class Sub extends Date {}
    expect(a.isDate(new Date())).toBe(true);
    expect(a.isDate(new Date(NaN))).toBe(true);
    expect(a.isDate(new Sub(5))).toBe(true);
    const fake = Object.create(Date.prototype);
    for (const v of [fake, new Proxy(new Date(), {}), Date.now(), '2020-01-01', { getTime: () => 1 }, null, undefined, Date]) {
      expect(a.isDate(v)).toBe(false);
    }
  });

  it('napi_is_date: bad input; no check for a pending exception', () => {
    expect(a.isDate(new Date(), 'env')).toBe(Status.invalid_arg);
    expect(a.isDate(new Date(), 'value')).toEqual(invalidArg);
    expect(a.isDate(new Date(), 'result')).toEqual(invalidArg);
    expect(a.isDate(new Date(), 'pending')).toEqual(withPending(Status.ok));
  });

  it('napi_get_date_value reads the time value, not what valueOf says', () => {
    expect(a.getDateValue(new Date(1234))).toBe(1234);
    expect(a.getDateValue(new Date(NaN))).toBeNaN();
    const d = new Date(99);
    d.valueOf = () => 5;
    d.getTime = () => 6;
    expect(a.getDateValue(d)).toBe(99);
    class Sub extends Date {}
    expect(a.getDateValue(new Sub(-42))).toBe(-42);
  });

  it('napi_get_date_value: napi_date_expected for non-dates, bad input', () => {
    const dateExpected = failure(Status.date_expected);
    for (const v of [0, '1970', {}, Object.create(Date.prototype), new Proxy(new Date(), {}), null]) {
      expect(a.getDateValue(v)).toEqual(dateExpected);
    }
    expect(a.getDateValue(new Date(), 'env')).toBe(Status.invalid_arg);
    expect(a.getDateValue(new Date(), 'value')).toEqual(invalidArg);
    expect(a.getDateValue(new Date(), 'result')).toEqual(invalidArg);
    expect(a.getDateValue(new Date(), 'pending')).toEqual(withPending(Status.pending_exception));
  });

  it('napi_create_symbol makes a new symbol with the string description, or none for NULL', () => {
    const s = a.createSymbol('desc');
    expect(typeof s).toBe('symbol');
    expect(s.description).toBe('desc');
    expect(a.createSymbol('desc')).not.toBe(s);
    expect(Symbol.keyFor(s)).toBeUndefined();
    expect(a.createSymbol('').description).toBe('');
    expect(a.createSymbol('é😀').description).toBe('é😀');
    const none = a.createSymbol(undefined, 'value');
    expect(typeof none).toBe('symbol');
    expect(none.description).toBeUndefined();
  });

  it('napi_create_symbol: the description must be a string (no conversion); bad input', () => {
    const stringExpected = failure(Status.string_expected);
    for (const v of [undefined, null, 5, Symbol('x'), { toString: () => 'x' }, new String('x')]) {
      expect(a.createSymbol(v), String(typeof v)).toEqual(stringExpected);
    }
    expect(a.createSymbol('d', 'env')).toBe(Status.invalid_arg);
    expect(a.createSymbol('d', 'result')).toEqual(invalidArg);
    // The result is checked before the description.
    expect(a.createSymbol(5, 'result')).toEqual(invalidArg);
    expect(a.createSymbol('d', 'pending').status).toBe(Status.ok);
  });

  it('node_api_symbol_for returns the registry symbol, as Symbol.for', () => {
    const s = a.symbolFor(utf8('wasm-napi.key'), AUTO);
    expect(s).toBe(Symbol.for('wasm-napi.key'));
    expect(a.symbolFor(utf8('wasm-napi.key'), AUTO)).toBe(s);
    expect(Symbol.keyFor(s)).toBe('wasm-napi.key');
    // An explicit length takes that many bytes, NULs included.
    expect(a.symbolFor(utf8('wasm-napi.keyXYZ'), 13)).toBe(s);
    expect(a.symbolFor([104, 0, 105], 3)).toBe(Symbol.for('h\0i'));
    expect(a.symbolFor(utf8('é😀'), AUTO)).toBe(Symbol.for('é😀'));
    expect(a.symbolFor([0xc3, 0x28], 2)).toBe(Symbol.for('\ufffd('));
    expect(a.symbolFor([], 0)).toBe(Symbol.for(''));
    // A NULL description is allowed with length 0 (napi_create_string_utf8's rule).
    expect(a.symbolFor([], 0, 'str')).toBe(Symbol.for(''));
  });

  it('node_api_symbol_for: bad input (napi_create_string_utf8\'s rules)', () => {
    expect(a.symbolFor(utf8('k'), AUTO, 'env')).toBe(Status.invalid_arg);
    expect(a.symbolFor(utf8('k'), AUTO, 'result')).toEqual(invalidArg);
    expect(a.symbolFor(utf8('k'), AUTO, 'str')).toEqual(invalidArg);
    expect(a.symbolFor(utf8('k'), 1, 'str')).toEqual(invalidArg);
    expect(a.symbolFor(utf8('k'), 2 ** 31)).toEqual(invalidArg);
    expect(a.symbolFor(utf8('k'), AUTO, 'pending')).toEqual({ ...ok, exception: alreadyPending });
  });
});
