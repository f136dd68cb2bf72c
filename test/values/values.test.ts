// Primitive values, numbers, napi_typeof, equality, coercion, instanceof, napi_is_array and
// napi_get_version. Expected values are what native Node 20 answers (the oracle).
import { expect, it } from 'vitest';
import { describeEachBuild, failure, Mode, seesProxies, Status } from '../harness.js';

const invalidArg = failure(Status.invalid_arg);

// napi_valuetype
const T = {
  undefined: 0,
  null: 1,
  boolean: 2,
  number: 3,
  string: 4,
  symbol: 5,
  object: 6,
  function: 7,
  external: 8,
  bigint: 9,
} as const;

await describeEachBuild('values', (a, build) => {
  it('napi_get_undefined / null / global / boolean', () => {
    expect(a.getUndefined()).toBe(undefined);
    expect(a.getNull()).toBe(null);
    expect(a.getGlobal()).toBe(globalThis);
    expect(a.getBoolean(Mode.normal, true)).toBe(true);
    expect(a.getBoolean(Mode.normal, false)).toBe(false);
  });

  it('singletons: NULL env → napi_invalid_arg, NULL result → napi_invalid_arg', () => {
    for (const fn of ['getUndefined', 'getNull', 'getGlobal']) {
      expect(a[fn](Mode.nullEnv), fn).toBe(Status.invalid_arg);
      expect(a[fn](Mode.nullResult), fn).toEqual(invalidArg);
    }
    expect(a.getBoolean(Mode.nullEnv, true)).toBe(Status.invalid_arg);
    expect(a.getBoolean(Mode.nullResult, true)).toEqual(invalidArg);
  });

  it('napi_create_int32 / uint32 take the C value as is', () => {
    expect(a.createInt32(Mode.normal, '2147483647')).toBe(2147483647);
    expect(a.createInt32(Mode.normal, '-2147483648')).toBe(-2147483648);
    expect(a.createInt32(Mode.normal, '-1')).toBe(-1);
    expect(Object.is(a.createInt32(Mode.normal, '0'), 0)).toBe(true);
    expect(a.createUint32(Mode.normal, '4294967295')).toBe(4294967295);
    expect(a.createUint32(Mode.normal, '2147483648')).toBe(2147483648);
    expect(a.createUint32(Mode.normal, '0')).toBe(0);
  });

  it('napi_create_int64 rounds to the nearest double', () => {
    expect(a.createInt64(Mode.normal, '9223372036854775807')).toBe(2 ** 63);
    expect(a.createInt64(Mode.normal, '-9223372036854775808')).toBe(-(2 ** 63));
    expect(a.createInt64(Mode.normal, '9007199254740993')).toBe(2 ** 53); // 2^53+1 is not a double
    expect(a.createInt64(Mode.normal, '9007199254740995')).toBe(2 ** 53 + 4); // ties to even
    expect(a.createInt64(Mode.normal, '-1')).toBe(-1);
  });

  it('napi_create_double keeps NaN, -0 and infinities', () => {
    for (const x of [NaN, -0, 0, Infinity, -Infinity, 1.5, Number.MIN_VALUE, Number.MAX_VALUE]) {
      expect(Object.is(a.createDouble(Mode.normal, x), x), String(x)).toBe(true);
    }
  });

  it('number creation: NULL env and NULL result → napi_invalid_arg', () => {
    for (const fn of ['createInt32', 'createUint32', 'createInt64']) {
      expect(a[fn](Mode.nullEnv, '1'), fn).toBe(Status.invalid_arg);
      expect(a[fn](Mode.nullResult, '1'), fn).toEqual(invalidArg);
    }
    expect(a.createDouble(Mode.nullEnv, 1)).toBe(Status.invalid_arg);
    expect(a.createDouble(Mode.nullResult, 1)).toEqual(invalidArg);
  });

  // [input, int32, uint32, int64 (decimal string)] as native Node 20 converts them: int32/uint32 are
  // ECMAScript ToInt32/ToUint32 (modulo 2^32) except that non-finite values give 0; int64 truncates
  // toward zero, saturates at INT64_MIN/INT64_MAX and gives 0 for NaN and ±Infinity.
  const conversions: [number, number, number, string][] = [
    [0, 0, 0, '0'],
    [-0, 0, 0, '0'],
    [1.9, 1, 1, '1'],
    [-1.9, -1, 4294967295, '-1'],
    [-5, -5, 4294967291, '-5'],
    [NaN, 0, 0, '0'],
    [Infinity, 0, 0, '0'],
    [-Infinity, 0, 0, '0'],
    [2 ** 31, -(2 ** 31), 2 ** 31, '2147483648'],
    [2 ** 31 + 5, -2147483643, 2147483653, '2147483653'],
    [-(2 ** 31) - 1, 2147483647, 2147483647, '-2147483649'],
    [4294967295, -1, 4294967295, '4294967295'],
    [2 ** 32, 0, 0, '4294967296'],
    [2 ** 32 + 5, 5, 5, '4294967301'],
    [4294967296.5, 0, 0, '4294967296'],
    [2 ** 53, 0, 0, '9007199254740992'],
    [2 ** 53 + 2, 2, 2, '9007199254740994'],
    [2 ** 63, 0, 0, '9223372036854775807'],
    [-(2 ** 63), 0, 0, '-9223372036854775808'],
    [2 ** 64, 0, 0, '9223372036854775807'],
    [1e20, 1661992960, 1661992960, '9223372036854775807'],
    [-1e20, -1661992960, 2632974336, '-9223372036854775808'],
    [Number.MAX_VALUE, 0, 0, '9223372036854775807'],
    [-Number.MAX_VALUE, 0, 0, '-9223372036854775808'],
    [Number.MIN_VALUE, 0, 0, '0'],
  ];

  it.each(conversions)('napi_get_value_int32/uint32/int64/double of %d', (x, i32, u32, i64) => {
    expect(a.getValueInt32(Mode.normal, x)).toBe(i32);
    expect(a.getValueUint32(Mode.normal, x)).toBe(u32);
    expect(a.getValueInt64(Mode.normal, x)).toBe(i64);
    expect(Object.is(a.getValueDouble(Mode.normal, x), x)).toBe(true);
  });

  it('number reading: non-numbers → napi_number_expected (no coercion)', () => {
    for (const v of ['1', true, null, undefined, {}, [1], 1n, Symbol('s'), new Number(1)]) {
      for (const fn of ['getValueInt32', 'getValueUint32', 'getValueInt64', 'getValueDouble']) {
        expect(a[fn](Mode.normal, v), `${fn}(${String(v)})`).toEqual(failure(Status.number_expected));
      }
    }
  });

  it('napi_get_value_bool: only booleans', () => {
    expect(a.getValueBool(Mode.normal, true)).toBe(true);
    expect(a.getValueBool(Mode.normal, false)).toBe(false);
    for (const v of [1, 0, 'true', null, undefined, {}, new Boolean(true), Symbol('s'), 0n]) {
      expect(a.getValueBool(Mode.normal, v), String(v)).toEqual(failure(Status.boolean_expected));
    }
  });

  it('value reading: NULL env, NULL result, NULL value → napi_invalid_arg', () => {
    const fns: [string, unknown][] = [
      ['getValueInt32', 1],
      ['getValueUint32', 1],
      ['getValueInt64', 1],
      ['getValueDouble', 1],
      ['getValueBool', true],
      ['typeOf', 1],
      ['isArray', []],
      ['coerceToBool', 1],
      ['coerceToNumber', 1],
      ['coerceToObject', 1],
      ['coerceToString', 1],
    ];
    for (const [fn, v] of fns) {
      expect(a[fn](Mode.nullEnv, v), fn).toBe(Status.invalid_arg);
      expect(a[fn](Mode.nullResult, v), fn).toEqual(invalidArg);
      expect(a[fn](Mode.nullValue, v), fn).toEqual(invalidArg);
    }
  });

  it('a NULL env call leaves the last error of the real env alone', () => {
    expect(a.lastErrorAfterNullEnv()).toEqual({
      nullEnvStatus: Status.invalid_arg,
      lastStatus: Status.number_expected,
      lastMessage: 'A number was expected',
    });
  });

  it('napi_typeof for every type', () => {
    expect(a.typeOf(Mode.normal, undefined)).toBe(T.undefined);
    expect(a.typeOf(Mode.normal, null)).toBe(T.null);
    expect(a.typeOf(Mode.normal, false)).toBe(T.boolean);
    expect(a.typeOf(Mode.normal, -0)).toBe(T.number);
    expect(a.typeOf(Mode.normal, NaN)).toBe(T.number);
    expect(a.typeOf(Mode.normal, '')).toBe(T.string);
    expect(a.typeOf(Mode.normal, Symbol('s'))).toBe(T.symbol);
    expect(a.typeOf(Mode.normal, Symbol.iterator)).toBe(T.symbol);
    expect(a.typeOf(Mode.normal, {})).toBe(T.object);
    expect(a.typeOf(Mode.normal, [])).toBe(T.object);
    expect(a.typeOf(Mode.normal, new Number(1))).toBe(T.object);
    expect(a.typeOf(Mode.normal, new Date())).toBe(T.object);
    expect(a.typeOf(Mode.normal, new Proxy({}, {}))).toBe(T.object);
    expect(a.typeOf(Mode.normal, () => 1)).toBe(T.function);
    expect(a.typeOf(Mode.normal, class {})).toBe(T.function);
    expect(a.typeOf(Mode.normal, async () => 1)).toBe(T.function);
    expect(a.typeOf(Mode.normal, new Proxy(() => 1, {}))).toBe(T.function);
    expect(a.typeOf(Mode.normal, a.makeExternal())).toBe(T.external);
    expect(a.typeOf(Mode.normal, 10n)).toBe(T.bigint);
  });

  it('napi_strict_equals is ===', () => {
    const o = {};
    const cases: [unknown, unknown, boolean][] = [
      [NaN, NaN, false],
      [0, -0, true],
      ['a', 'a', true],
      ['a', 'a\0', false],
      [o, o, true],
      [{}, {}, false],
      [1, '1', false],
      [null, undefined, false],
      [undefined, undefined, true],
      [1n, 1n, true],
      [Symbol.iterator, Symbol.iterator, true],
    ];
    for (const [x, y, eq] of cases) expect(a.strictEquals(Mode.normal, x, y), `${String(x)} === ${String(y)}`).toBe(eq);
  });

  it('napi_strict_equals: NULL env, result, either value → napi_invalid_arg', () => {
    expect(a.strictEquals(Mode.nullEnv, 1, 1)).toBe(Status.invalid_arg);
    expect(a.strictEquals(Mode.nullResult, 1, 1)).toEqual(invalidArg);
    expect(a.strictEquals(Mode.nullValue, 1, 1)).toEqual(invalidArg);
    expect(a.strictEquals(Mode.nullValue2, 1, 1)).toEqual(invalidArg);
  });

  it('napi_coerce_to_bool is ToBoolean and never throws', () => {
    const thrower = { valueOf() { throw new Error('no'); } };
    const cases: [unknown, boolean][] = [
      [undefined, false], [null, false], [0, false], [-0, false], [NaN, false], ['', false], [0n, false],
      [1, true], ['0', true], [' ', true], [{}, true], [[], true], [Symbol('s'), true], [1n, true], [thrower, true],
    ];
    for (const [v, b] of cases) expect(a.coerceToBool(Mode.normal, v), String(v)).toBe(b);
  });

  it('napi_coerce_to_number is ToNumber', () => {
    expect(a.coerceToNumber(Mode.normal, undefined)).toBeNaN();
    expect(a.coerceToNumber(Mode.normal, null)).toBe(0);
    expect(a.coerceToNumber(Mode.normal, true)).toBe(1);
    expect(Object.is(a.coerceToNumber(Mode.normal, -0), -0)).toBe(true);
    expect(a.coerceToNumber(Mode.normal, ' 12 ')).toBe(12);
    expect(a.coerceToNumber(Mode.normal, '0x10')).toBe(16);
    expect(a.coerceToNumber(Mode.normal, 'abc')).toBeNaN();
    expect(a.coerceToNumber(Mode.normal, '')).toBe(0);
    expect(a.coerceToNumber(Mode.normal, [])).toBe(0);
    expect(a.coerceToNumber(Mode.normal, [5])).toBe(5);
    expect(a.coerceToNumber(Mode.normal, {})).toBeNaN();
    expect(a.coerceToNumber(Mode.normal, { valueOf: () => 7 })).toBe(7);
  });

  // Surprise: Node does not answer napi_pending_exception when the coercion itself throws; it answers
  // the type status of the coercion (number_expected / string_expected / object_expected) and leaves
  // the JS exception pending, which then reaches the JS caller.
  it('napi_coerce_to_number of a Symbol: napi_number_expected + the TypeError is pending', () => {
    const r = a.coerceToNumber(Mode.catch, Symbol('s'));
    expect(r.status).toBe(Status.number_expected);
    expect(r.message).toBe('A number was expected');
    expect(r.exception).toBeInstanceOf(TypeError);
    expect(r.exception.message).toBe('Cannot convert a Symbol value to a number');
    expect(() => a.coerceToNumber(Mode.normal, Symbol('s'))).toThrow(TypeError);
    const b = a.coerceToNumber(Mode.catch, 1n);
    expect(b.status).toBe(Status.number_expected);
    expect(b.exception.message).toBe('Cannot convert a BigInt value to a number');
  });

  it('coercion: an exception thrown by valueOf/toString reaches the caller unchanged', () => {
    const boom = new Error('boom');
    const thrower = { valueOf() { throw boom; }, toString() { throw boom; } };
    let caught: unknown;
    try { a.coerceToNumber(Mode.normal, thrower); } catch (e) { caught = e; }
    expect(caught).toBe(boom);
    caught = undefined;
    try { a.coerceToString(Mode.normal, thrower); } catch (e) { caught = e; }
    expect(caught).toBe(boom);
    const r = a.coerceToString(Mode.catch, thrower);
    expect(r.status).toBe(Status.string_expected);
    expect(r.exception).toBe(boom);
    const n = a.coerceToNumber(Mode.catch, thrower);
    expect(n.status).toBe(Status.number_expected);
    expect(n.exception).toBe(boom);
  });

  it('napi_coerce_to_object is ToObject', () => {
    const o = {};
    expect(a.coerceToObject(Mode.normal, o)).toBe(o);
    const n = a.coerceToObject(Mode.normal, 5);
    expect(n).toBeInstanceOf(Number);
    expect(n.valueOf()).toBe(5);
    expect(a.coerceToObject(Mode.normal, 'ab')).toBeInstanceOf(String);
    expect(a.coerceToObject(Mode.normal, true)).toBeInstanceOf(Boolean);
    const s = Symbol('s');
    expect(Object(s).valueOf()).toBe(s);
    expect(a.coerceToObject(Mode.normal, s).valueOf()).toBe(s);
    expect(typeof a.coerceToObject(Mode.normal, 1n)).toBe('object');
    for (const v of [undefined, null]) {
      const r = a.coerceToObject(Mode.catch, v);
      expect(r.status).toBe(Status.object_expected);
      expect(r.message).toBe('An object was expected');
      expect(r.exception).toBeInstanceOf(TypeError);
      expect(() => a.coerceToObject(Mode.normal, v)).toThrow(TypeError);
    }
  });

  it('napi_coerce_to_string is ToString', () => {
    expect(a.coerceToString(Mode.normal, undefined)).toBe('undefined');
    expect(a.coerceToString(Mode.normal, null)).toBe('null');
    expect(a.coerceToString(Mode.normal, -0)).toBe('0');
    expect(a.coerceToString(Mode.normal, 1e21)).toBe('1e+21');
    expect(a.coerceToString(Mode.normal, 12n)).toBe('12');
    expect(a.coerceToString(Mode.normal, [1, [2, 3]])).toBe('1,2,3');
    expect(a.coerceToString(Mode.normal, {})).toBe('[object Object]');
    expect(a.coerceToString(Mode.normal, { toString: () => 'ts' })).toBe('ts');
    const r = a.coerceToString(Mode.catch, Symbol('s'));
    expect(r.status).toBe(Status.string_expected);
    expect(r.message).toBe('A string was expected');
    expect(r.exception).toBeInstanceOf(TypeError);
    expect(r.exception.message).toBe('Cannot convert a Symbol value to a string');
  });

  it('napi_instanceof', () => {
    class A {}
    class B extends A {}
    expect(a.instanceOf(Mode.normal, new A(), A)).toBe(true);
    expect(a.instanceOf(Mode.normal, new B(), A)).toBe(true);
    expect(a.instanceOf(Mode.normal, new A(), B)).toBe(false);
    expect(a.instanceOf(Mode.normal, {}, A)).toBe(false);
    expect(a.instanceOf(Mode.normal, [], Object)).toBe(true);
    expect(a.instanceOf(Mode.normal, 5, Number)).toBe(false);
    expect(a.instanceOf(Mode.normal, null, Object)).toBe(false);
    const Custom = { [Symbol.hasInstance]: (v: unknown) => v === 1 };
    // A non-callable object with Symbol.hasInstance is still rejected: Node checks IsFunction first.
    expect(a.instanceOf(Mode.catch, 1, Custom).status).toBe(Status.function_expected);
    function F() {}
    Object.defineProperty(F, Symbol.hasInstance, { value: (v: unknown) => v === 1 });
    expect(a.instanceOf(Mode.normal, 1, F)).toBe(true);
  });

  it('napi_instanceof: a non-function constructor → napi_function_expected + a pending TypeError', () => {
    for (const ctor of [{}, 1, 'A']) {
      const r = a.instanceOf(Mode.catch, {}, ctor);
      expect(r.status, String(ctor)).toBe(Status.function_expected);
      expect(r.message).toBe('A function was expected');
      expect(r.exception).toBeInstanceOf(TypeError);
      expect(r.exception.message).toBe('Constructor must be a function');
      expect(r.exception.code).toBe('ERR_NAPI_CONS_FUNCTION');
    }
    expect(() => a.instanceOf(Mode.normal, {}, {})).toThrow('Constructor must be a function');
  });

  it('napi_instanceof: undefined/null constructor → napi_object_expected (ToObject threw)', () => {
    for (const ctor of [undefined, null]) {
      const r = a.instanceOf(Mode.catch, {}, ctor);
      expect(r.status).toBe(Status.object_expected);
      expect(r.exception).toBeInstanceOf(TypeError);
    }
  });

  it('napi_instanceof: a throwing check → napi_generic_failure with the exception pending', () => {
    const boom = new Error('boom');
    function F() {}
    Object.defineProperty(F, Symbol.hasInstance, { value: () => { throw boom; } });
    const r = a.instanceOf(Mode.catch, {}, F);
    expect(r.status).toBe(Status.generic_failure);
    expect(r.message).toBe('Unknown failure');
    expect(r.exception).toBe(boom);
    let caught: unknown;
    try { a.instanceOf(Mode.normal, {}, F); } catch (e) { caught = e; }
    expect(caught).toBe(boom);
    // An arrow function has no prototype: OrdinaryHasInstance throws a TypeError.
    const arrow = a.instanceOf(Mode.catch, {}, () => 1);
    expect(arrow.status).toBe(Status.generic_failure);
    expect(arrow.exception).toBeInstanceOf(TypeError);
  });

  it('napi_instanceof: NULL env, result, object, constructor → napi_invalid_arg', () => {
    expect(a.instanceOf(Mode.nullEnv, {}, Object)).toBe(Status.invalid_arg);
    expect(a.instanceOf(Mode.nullResult, {}, Object)).toEqual(invalidArg);
    expect(a.instanceOf(Mode.nullValue, {}, Object)).toEqual(invalidArg);
    expect(a.instanceOf(Mode.nullValue2, {}, Object)).toEqual(invalidArg);
  });

  it('napi_is_array', () => {
    expect(a.isArray(Mode.normal, [])).toBe(true);
    expect(a.isArray(Mode.normal, new Array(3))).toBe(true);
    expect(a.isArray(Mode.normal, {})).toBe(false);
    expect(a.isArray(Mode.normal, { length: 0 })).toBe(false);
    expect(a.isArray(Mode.normal, 'ab')).toBe(false);
    expect(a.isArray(Mode.normal, new Uint8Array(2))).toBe(false);
    expect(a.isArray(Mode.normal, undefined)).toBe(false);
    // Surprise: Node uses V8's Value::IsArray(), not Array.isArray(): a Proxy of an array is not one.
    // A browser cannot tell a Proxy (README, Limits): there the runtime answers as Array.isArray.
    expect(Array.isArray(new Proxy([], {}))).toBe(true);
    expect(a.isArray(Mode.normal, new Proxy([], {}))).toBe(!seesProxies);
  });

  it('napi_get_version', () => {
    const v = a.getVersion(Mode.normal);
    expect(typeof v).toBe('number');
    expect(v).toBeGreaterThanOrEqual(8);
    // Native Node 20 reports 9 (process.versions.napi). The wasm runtime reports the version it
    // implements (9 today, on both wasm routes); it need not equal Node's, so only native is pinned.
    if (build === 'native') expect(v).toBe(Number(process.versions.napi));
    expect(a.getVersion(Mode.nullEnv)).toBe(Status.invalid_arg);
    expect(a.getVersion(Mode.nullResult)).toEqual(invalidArg);
  });
});
