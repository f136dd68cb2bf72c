import { expect, it } from 'vitest';
import { describeEachBuild, failure, Mode, Status } from '../harness.js';

// Many filter/mode combinations. Expected values are what native Node 20 answers (the oracle), which
// the native build checks in the node project.

// napi_key_collection_mode, napi_key_filter, napi_key_conversion
const INCLUDE_PROTOTYPES = 0;
const OWN_ONLY = 1;
const ALL = 0;
const WRITABLE = 1;
const ENUMERABLE = 2;
const CONFIGURABLE = 4;
const SKIP_STRINGS = 8;
const SKIP_SYMBOLS = 16;
const KEEP_NUMBERS = 0;
const NUMBERS_TO_STRINGS = 1;

const sym = Symbol('s');
const hiddenSym = Symbol('hidden');

function subject(): object {
  const proto = { inherited: 1, shadowed: 'proto', [Symbol.for('protoSym')]: 2 };
  const o = Object.create(proto) as Record<PropertyKey, unknown>;
  o.b = 1;
  o[2] = 'two';
  o.a = 2;
  o[0] = 'zero';
  o[sym] = 3;
  Object.defineProperty(o, 'readOnly', { value: 4, enumerable: true, writable: false, configurable: true });
  Object.defineProperty(o, 'hidden', { value: 5, enumerable: false, writable: true, configurable: true });
  Object.defineProperty(o, 'fixed', { value: 6, enumerable: true, writable: true, configurable: false });
  Object.defineProperty(o, hiddenSym, { value: 7, enumerable: false, writable: true, configurable: true });
  Object.defineProperty(o, 'accessor', { get: () => 8, enumerable: true, configurable: true });
  // A non-enumerable own key shadows an enumerable inherited one of the same name.
  Object.defineProperty(o, 'shadowed', { value: 'own', enumerable: false, writable: true, configurable: true });
  return o;
}

/** Numbers as NUMBERS_TO_STRINGS gives them. */
const converted = (keys: PropertyKey[]): PropertyKey[] => keys.map((k) => (typeof k === 'number' ? String(k) : k));

/** subject()'s own keys by filter, with KEEP_NUMBERS: integer indices first, then insertion order. */
const ownKeys: [filter: number, keys: PropertyKey[]][] = [
  [ALL, [0, 2, 'b', 'a', 'readOnly', 'hidden', 'fixed', 'accessor', 'shadowed', sym, hiddenSym]],
  [WRITABLE, [0, 2, 'b', 'a', 'hidden', 'fixed', 'accessor', 'shadowed', sym, hiddenSym]], // an accessor counts as writable
  [ENUMERABLE, [0, 2, 'b', 'a', 'readOnly', 'fixed', 'accessor', sym]],
  [CONFIGURABLE, [0, 2, 'b', 'a', 'readOnly', 'hidden', 'accessor', 'shadowed', sym, hiddenSym]],
  [SKIP_STRINGS, [sym, hiddenSym]],
  [SKIP_SYMBOLS, [0, 2, 'b', 'a', 'readOnly', 'hidden', 'fixed', 'accessor', 'shadowed']],
  [ENUMERABLE | SKIP_SYMBOLS, [0, 2, 'b', 'a', 'readOnly', 'fixed', 'accessor']],
  [WRITABLE | CONFIGURABLE, [0, 2, 'b', 'a', 'hidden', 'accessor', 'shadowed', sym, hiddenSym]],
  [ENUMERABLE | SKIP_STRINGS, [sym]],
  [SKIP_STRINGS | SKIP_SYMBOLS, []],
];

/** Object.prototype's keys in V8's order. */
const objectPrototypeKeys = ['constructor', '__defineGetter__', '__defineSetter__', 'hasOwnProperty', '__lookupGetter__',
  '__lookupSetter__', 'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'valueOf', '__proto__', 'toLocaleString'];

/** subject()'s keys up the prototype chain by filter, with KEEP_NUMBERS: each object's own keys in turn. */
const chainKeys: [filter: number, keys: PropertyKey[]][] = [
  [ALL, [0, 2, 'b', 'a', 'readOnly', 'hidden', 'fixed', 'accessor', 'shadowed', sym, hiddenSym, 'inherited', Symbol.for('protoSym'), ...objectPrototypeKeys]],
  [ENUMERABLE, [0, 2, 'b', 'a', 'readOnly', 'fixed', 'accessor', sym, 'inherited', Symbol.for('protoSym')]],
  [ENUMERABLE | SKIP_SYMBOLS, [0, 2, 'b', 'a', 'readOnly', 'fixed', 'accessor', 'inherited']],
  [SKIP_STRINGS, [sym, hiddenSym, Symbol.for('protoSym')]],
];

await describeEachBuild('property_names', (a) => {
  const names = (o: unknown, mode: number, filter: number, conversion: number) => a.allNames(undefined, o, mode, filter, conversion);

  it('own keys, every filter, with numbers converted or kept', () => {
    for (const [filter, keys] of ownKeys) {
      expect(names(subject(), OWN_ONLY, filter, KEEP_NUMBERS), `filter ${filter}`).toEqual(keys);
      expect(names(subject(), OWN_ONLY, filter, NUMBERS_TO_STRINGS), `filter ${filter} as strings`).toEqual(converted(keys));
    }
    expect(names(subject(), OWN_ONLY, ALL, KEEP_NUMBERS)).toEqual(
      [0, 2, 'b', 'a', 'readOnly', 'hidden', 'fixed', 'accessor', 'shadowed', sym, hiddenSym]);
    expect(names(subject(), OWN_ONLY, ENUMERABLE | SKIP_SYMBOLS, NUMBERS_TO_STRINGS)).toEqual(
      ['0', '2', 'b', 'a', 'readOnly', 'fixed', 'accessor']);
    expect(names(subject(), OWN_ONLY, WRITABLE | SKIP_STRINGS, KEEP_NUMBERS)).toEqual([sym, hiddenSym]);
  });

  it('with prototypes: enumerable string keys are the for-in keys', () => {
    expect(names(subject(), INCLUDE_PROTOTYPES, ENUMERABLE | SKIP_SYMBOLS, NUMBERS_TO_STRINGS)).toEqual(
      ['0', '2', 'b', 'a', 'readOnly', 'fixed', 'accessor', 'inherited']);
  });

  it('keys up the prototype chain, shadowed keys reported once', () => {
    for (const [filter, keys] of chainKeys) {
      for (const conversion of [KEEP_NUMBERS, NUMBERS_TO_STRINGS]) {
        const got = names(subject(), INCLUDE_PROTOTYPES, filter, conversion) as PropertyKey[];
        expect(got, `filter ${filter} conversion ${conversion}`).toEqual(conversion === KEEP_NUMBERS ? keys : converted(keys));
        expect(new Set(got).size).toBe(got.length);
      }
    }
  });

  it('arrays, typed arrays, strings (boxed) and proxies', () => {
    expect(names([5, 6, , 8], OWN_ONLY, ALL, KEEP_NUMBERS)).toEqual([0, 1, 3, 'length']);
    expect(names(new Uint8Array(3), OWN_ONLY, ENUMERABLE, NUMBERS_TO_STRINGS)).toEqual(['0', '1', '2']);
    expect(names('hi', OWN_ONLY, ALL, KEEP_NUMBERS)).toEqual([0, 1, 'length']);
    const proxy = new Proxy({ x: 1 }, { ownKeys: () => ['y', 'x'], getOwnPropertyDescriptor: (t, k) => ({ value: 1, enumerable: true, configurable: true }) });
    expect(names(proxy, OWN_ONLY, ENUMERABLE, NUMBERS_TO_STRINGS)).toEqual(['y', 'x']);
  });

  it('a throwing ownKeys trap → napi_pending_exception with the error pending', () => {
    const error = new Error('keys');
    const proxy = new Proxy({}, { ownKeys: () => { throw error; } });
    expect(a.allNames(Mode.catch, proxy, OWN_ONLY, ALL, KEEP_NUMBERS)).toEqual({ ...failure(Status.pending_exception), exception: error });
  });

  it('bad input', () => {
    expect(a.allNames(Mode.nullEnv, {}, OWN_ONLY, ALL, KEEP_NUMBERS)).toBe(Status.invalid_arg);
    expect(a.allNames(Mode.nullResult, {}, OWN_ONLY, ALL, KEEP_NUMBERS)).toEqual(failure(Status.invalid_arg));
    expect(a.allNames(Mode.nullValue, {}, OWN_ONLY, ALL, KEEP_NUMBERS)).toEqual(failure(Status.invalid_arg));
    expect(a.allNames(Mode.normal, {}, 2, ALL, KEEP_NUMBERS)).toEqual(failure(Status.invalid_arg));
    expect(a.allNames(Mode.normal, {}, OWN_ONLY, ALL, 2)).toEqual(failure(Status.invalid_arg));
    const r = a.allNames(Mode.catch, undefined, OWN_ONLY, ALL, KEEP_NUMBERS);
    expect(r.status).toBe(Status.object_expected);
    expect(r.exception).toBeInstanceOf(TypeError);
  });

  it('napi_object_freeze and napi_object_seal', () => {
    const f = a.freeze(undefined, { x: 1 });
    expect(Object.isFrozen(f)).toBe(true);
    const s = a.seal(undefined, { x: 1 });
    expect(Object.isSealed(s)).toBe(true);
    expect(Object.isFrozen(s)).toBe(false);
    s.x = 2;
    expect(s.x).toBe(2);
    // A primitive is boxed: freezing the temporary wrapper succeeds.
    expect(a.freeze(undefined, 5)).toBe(5);
  });

  it('napi_object_freeze / seal: a proxy that refuses, and bad input', () => {
    const refusing = new Proxy({ x: 1 }, { preventExtensions: () => false });
    const refused = {
      ...failure(Status.pending_exception),
      exception: expect.objectContaining({ name: 'TypeError', message: "'preventExtensions' on proxy: trap returned falsish" }),
    };
    expect(a.freeze(Mode.catch, refusing)).toEqual(refused);
    expect(a.seal(Mode.catch, refusing)).toEqual(refused);
    const error = new Error('trap');
    const throwing = new Proxy({}, { preventExtensions: () => { throw error; } });
    expect(a.freeze(Mode.catch, throwing).exception).toBe(error);
    for (const f of [a.freeze, a.seal]) {
      expect(f(Mode.nullEnv, {})).toBe(Status.invalid_arg);
      expect(f(Mode.nullValue, {})).toEqual(failure(Status.invalid_arg));
      const r = f(Mode.catch, null);
      expect(r.status).toBe(Status.object_expected);
      expect(r.exception).toBeInstanceOf(TypeError);
    }
  });
});
