// Objects and properties. Expected values are what native Node 20 answers (the oracle); where Node's
// answer is surprising, a comment says what it is and why (the V8 call Node makes).
//
// The C side takes a trailing string mode: "env", "object", "key", "value", "name" or "result" pass NULL
// in that position; "catch" returns { status, message, exception } instead of letting a pending
// exception propagate. A NULL env answers the bare status (there is no env to read a last error from).
import { expect, it } from 'vitest';
import { describeEachBuild, failure, seesProxies, Status } from '../harness.js';

const ok = { status: Status.ok, message: null };
const invalidArg = failure(Status.invalid_arg);
const nameExpected = failure(Status.name_expected);

/** { status, message, exception } as report_status_catch gives it, the exception matched loosely. */
function caught(status: number, exception: unknown) {
  return { ...failure(status), exception };
}

// napi_get_property & co. call ToObject on their target (V8's CHECK_TO_OBJECT): a primitive is boxed,
// and undefined/null fail with napi_object_expected AND leave ToObject's TypeError pending.
const toObjectError = expect.objectContaining({
  name: 'TypeError',
  message: 'Cannot convert undefined or null to object',
});
const objectExpected = caught(Status.object_expected, toObjectError);

// A JS exception thrown while V8 gets/sets/has/deletes a property (proxy trap, accessor, ToPropertyKey)
// is reported by Node as napi_generic_failure, not napi_pending_exception, with the exception pending.
const thrown = (message: string) => caught(Status.generic_failure, expect.objectContaining({ message }));

await describeEachBuild('objects', (a, build) => {
  it('napi_create_object makes a plain empty object', () => {
    const o = a.createObject();
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Reflect.ownKeys(o)).toEqual([]);
    expect(a.createObject()).not.toBe(o);
    expect(a.createObject('env')).toBe(Status.invalid_arg);
    expect(a.createObject('result')).toEqual(invalidArg);
  });

  it('set/get/has/delete_property with string, number, symbol and object keys', () => {
    const sym = Symbol('s');
    const o: Record<PropertyKey, unknown> = {};
    expect(a.setProperty(o, 'x', 1)).toEqual(ok);
    expect(a.setProperty(o, 1, 'one')).toEqual(ok);
    expect(a.setProperty(o, sym, 's')).toEqual(ok);
    // Any key is converted with ToPropertyKey, as `o[key]` would.
    expect(a.setProperty(o, { toString: () => 'k' }, 'kv')).toEqual(ok);
    expect(Reflect.ownKeys(o)).toEqual(['1', 'x', 'k', sym]);
    expect(a.getProperty(o, 'x')).toBe(1);
    expect(a.getProperty(o, '1')).toBe('one');
    expect(a.getProperty(o, 1)).toBe('one');
    expect(a.getProperty(o, sym)).toBe('s');
    expect(a.getProperty(o, 'missing')).toBe(undefined);
    expect(a.hasProperty(o, 1)).toBe(true);
    expect(a.hasProperty(o, sym)).toBe(true);
    expect(a.hasProperty(o, 'missing')).toBe(false);
    expect(a.deleteProperty(o, 'x')).toBe(true);
    expect('x' in o).toBe(false);
    expect(a.deleteProperty(o, 'missing')).toBe(true);
  });

  it('has_property and get_property see the prototype chain; has_own_property does not', () => {
    class A {
      own = 1;
    }
    (A.prototype as unknown as Record<string, number>).inherited = 2;
    const o = new A();
    expect(a.hasProperty(o, 'inherited')).toBe(true);
    expect(a.hasNamedProperty(o, 'inherited')).toBe(true);
    expect(a.getProperty(o, 'inherited')).toBe(2);
    expect(a.hasOwnProperty(o, 'inherited')).toBe(false);
    expect(a.hasOwnProperty(o, 'own')).toBe(true);
    expect(a.hasOwnProperty(o, 'toString')).toBe(false);
    expect(a.hasProperty(o, 'toString')).toBe(true);
  });

  it('has_own_property takes only a name as key: number or object → napi_name_expected', () => {
    const sym = Symbol('own');
    const o = { 1: 'one', [sym]: true };
    expect(a.hasOwnProperty(o, sym)).toBe(true);
    expect(a.hasOwnProperty(o, '1')).toBe(true);
    expect(a.hasOwnProperty(o, 1)).toEqual(nameExpected);
    expect(a.hasOwnProperty(o, { toString: () => '1' })).toEqual(nameExpected);
    expect(a.hasOwnProperty(o, undefined)).toEqual(nameExpected);
  });

  it('sloppy-mode semantics: writes to frozen objects fail silently, deletes answer false', () => {
    // V8's Object::Set/Delete do not throw on failure (as sloppy JS), so Node answers napi_ok.
    const frozen = Object.freeze({ x: 1 });
    expect(a.setProperty(frozen, 'x', 2, 'catch')).toEqual(ok);
    expect(a.setProperty(frozen, 'y', 2, 'catch')).toEqual(ok);
    expect(a.setNamedProperty(frozen, 'x', 2, 'catch')).toEqual(ok);
    expect(frozen).toEqual({ x: 1 });
    expect(a.deleteProperty(frozen, 'x', 'catch')).toBe(false);
    expect(frozen.x).toBe(1);
    const getterOnly = Object.defineProperty({}, 'g', { get: () => 1 });
    expect(a.setProperty(getterOnly, 'g', 2, 'catch')).toEqual(ok);
  });

  it('named properties: UTF-8 names, incl. non-ASCII and astral characters', () => {
    const name = 'ünï✓😀';
    const o: Record<string, unknown> = {};
    expect(a.setNamedProperty(o, name, 1)).toEqual(ok);
    expect(Object.keys(o)).toEqual([name]);
    expect(a.getNamedProperty(o, name)).toBe(1);
    expect(a.hasNamedProperty(o, name)).toBe(true);
    expect(a.hasNamedProperty(o, 'ünï')).toBe(false);
    expect(a.getNamedProperty({ length: 7 }, 'length')).toBe(7);
    expect(a.getNamedProperty({}, '')).toBe(undefined);
    expect(a.setNamedProperty(o, '', 'empty')).toEqual(ok);
    expect(o['']).toBe('empty');
  });

  it('a name that is not valid UTF-8 is decoded with U+FFFD', () => {
    const o = {};
    expect(a.setInvalidUtf8Named(o)).toEqual(ok);
    expect(Object.keys(o)).toEqual(['a\uFFFDz']);
  });

  it('primitive targets are boxed (ToObject)', () => {
    expect(a.getProperty(5, 'toFixed')).toBe(Number.prototype.toFixed);
    expect(a.getProperty('abc', 'length')).toBe(3);
    expect(a.getNamedProperty(5, 'toFixed')).toBe(Number.prototype.toFixed);
    expect(a.setProperty(5, 'x', 1)).toEqual(ok); // on a temporary wrapper
    expect(a.setNamedProperty(true, 'x', 1)).toEqual(ok);
    expect(a.hasProperty(5, 'toFixed')).toBe(true);
    expect(a.hasNamedProperty('s', 'charAt')).toBe(true);
    expect(a.hasOwnProperty(5, 'toFixed')).toBe(false);
    expect(a.hasOwnProperty('abc', 'length')).toBe(true);
    expect(a.deleteProperty(5, 'x')).toBe(true);
    expect(a.getPropertyNames(5)).toEqual([]);
    expect(a.getPropertyNames('ab')).toEqual(['0', '1']);
    expect(a.getPrototype(5)).toBe(Number.prototype);
    expect(a.getPrototype('s')).toBe(String.prototype);
    expect(a.getPrototype(Symbol('p'))).toBe(Symbol.prototype);
  });

  it('undefined/null targets → napi_object_expected with the TypeError pending', () => {
    for (const target of [undefined, null]) {
      expect(a.setProperty(target, 'x', 1, 'catch')).toEqual(objectExpected);
      expect(a.getProperty(target, 'x', 'catch')).toEqual(objectExpected);
      expect(a.hasProperty(target, 'x', 'catch')).toEqual(objectExpected);
      expect(a.deleteProperty(target, 'x', 'catch')).toEqual(objectExpected);
      expect(a.hasOwnProperty(target, 'x', 'catch')).toEqual(objectExpected);
      expect(a.setNamedProperty(target, 'x', 1, 'catch')).toEqual(objectExpected);
      expect(a.getNamedProperty(target, 'x', 'catch')).toEqual(objectExpected);
      expect(a.hasNamedProperty(target, 'x', 'catch')).toEqual(objectExpected);
      expect(a.getPropertyNames(target, 'catch')).toEqual(objectExpected);
      expect(a.getPrototype(target, 'catch')).toEqual(objectExpected);
      expect(a.defineBad(target, 'good', 'catch')).toEqual(objectExpected);
    }
    // Without "catch", the pending TypeError reaches the JS caller when the callback returns.
    expect(() => a.getProperty(undefined, 'x')).toThrow(TypeError);
    expect(() => a.setNamedProperty(null, 'x', 1)).toThrow('Cannot convert undefined or null to object');
  });

  it('NULL env → napi_invalid_arg (returned, not recorded)', () => {
    expect(a.setProperty({}, 'x', 1, 'env')).toBe(Status.invalid_arg);
    expect(a.getProperty({}, 'x', 'env')).toBe(Status.invalid_arg);
    expect(a.hasProperty({}, 'x', 'env')).toBe(Status.invalid_arg);
    expect(a.deleteProperty({}, 'x', 'env')).toBe(Status.invalid_arg);
    expect(a.hasOwnProperty({}, 'x', 'env')).toBe(Status.invalid_arg);
    expect(a.setNamedProperty({}, 'x', 1, 'env')).toBe(Status.invalid_arg);
    expect(a.getNamedProperty({}, 'x', 'env')).toBe(Status.invalid_arg);
    expect(a.hasNamedProperty({}, 'x', 'env')).toBe(Status.invalid_arg);
    expect(a.getPropertyNames({}, 'env')).toBe(Status.invalid_arg);
    expect(a.getPrototype({}, 'env')).toBe(Status.invalid_arg);
    expect(a.defineBad({}, 'nullEnv')).toBe(Status.invalid_arg);
  });

  it('NULL object, key, value, name → napi_invalid_arg', () => {
    for (const which of ['object', 'key', 'value']) {
      expect(a.setProperty({}, 'x', 1, which), which).toEqual(invalidArg);
    }
    for (const which of ['object', 'key']) {
      expect(a.getProperty({}, 'x', which), which).toEqual(invalidArg);
      expect(a.hasProperty({}, 'x', which), which).toEqual(invalidArg);
      expect(a.deleteProperty({}, 'x', which), which).toEqual(invalidArg);
      expect(a.hasOwnProperty({}, 'x', which), which).toEqual(invalidArg);
    }
    for (const which of ['object', 'name', 'value']) {
      expect(a.setNamedProperty({}, 'x', 1, which), which).toEqual(invalidArg);
    }
    for (const which of ['object', 'name']) {
      expect(a.getNamedProperty({}, 'x', which), which).toEqual(invalidArg);
      expect(a.hasNamedProperty({}, 'x', which), which).toEqual(invalidArg);
    }
    expect(a.getPropertyNames({}, 'object')).toEqual(invalidArg);
    expect(a.getPrototype({}, 'object')).toEqual(invalidArg);
  });

  it('NULL result → napi_invalid_arg, except napi_delete_property where it is optional', () => {
    expect(a.getProperty({}, 'x', 'result')).toEqual(invalidArg);
    expect(a.hasProperty({}, 'x', 'result')).toEqual(invalidArg);
    expect(a.hasOwnProperty({}, 'x', 'result')).toEqual(invalidArg);
    expect(a.getNamedProperty({}, 'x', 'result')).toEqual(invalidArg);
    expect(a.hasNamedProperty({}, 'x', 'result')).toEqual(invalidArg);
    expect(a.getPropertyNames({}, 'result')).toEqual(invalidArg);
    expect(a.getPrototype({}, 'result')).toEqual(invalidArg);
    const o = { x: 1 };
    expect(a.deleteProperty(o, 'x', 'result')).toEqual(ok);
    expect(o).toEqual({});
  });

  it('a call made while an exception is pending → napi_pending_exception', () => {
    expect(a.throwThenSet({}, 'catch')).toEqual(
      caught(Status.pending_exception, expect.objectContaining({ message: 'already pending' })),
    );
    const o = {};
    expect(() => a.throwThenSet(o)).toThrow('already pending');
    expect(o).toEqual({});
  });

  it('exceptions from proxy traps, accessors and ToPropertyKey → napi_generic_failure, pending', () => {
    const fail = (what: string) => () => {
      throw new Error(what);
    };
    const proxy = new Proxy(
      {},
      {
        get: fail('get trap'),
        set: fail('set trap'),
        has: fail('has trap'),
        deleteProperty: fail('delete trap'),
        getOwnPropertyDescriptor: fail('gopd trap'),
        ownKeys: fail('ownKeys trap'),
      },
    );
    expect(a.getProperty(proxy, 'x', 'catch')).toEqual(thrown('get trap'));
    expect(a.getNamedProperty(proxy, 'x', 'catch')).toEqual(thrown('get trap'));
    expect(a.setProperty(proxy, 'x', 1, 'catch')).toEqual(thrown('set trap'));
    expect(a.setNamedProperty(proxy, 'x', 1, 'catch')).toEqual(thrown('set trap'));
    expect(a.hasProperty(proxy, 'x', 'catch')).toEqual(thrown('has trap'));
    expect(a.hasNamedProperty(proxy, 'x', 'catch')).toEqual(thrown('has trap'));
    expect(a.deleteProperty(proxy, 'x', 'catch')).toEqual(thrown('delete trap'));
    expect(a.hasOwnProperty(proxy, 'x', 'catch')).toEqual(thrown('gopd trap'));
    // napi_get_property_names checks its TryCatch: there it is napi_pending_exception.
    expect(a.getPropertyNames(proxy, 'catch')).toEqual(
      caught(Status.pending_exception, expect.objectContaining({ message: 'ownKeys trap' })),
    );

    const setterThrows = Object.defineProperty({}, 's', {
      set() {
        throw new RangeError('setter threw');
      },
    });
    expect(a.setProperty(setterThrows, 's', 1, 'catch')).toEqual(
      caught(Status.generic_failure, expect.any(RangeError)),
    );
    const badKey = { toString: fail('toString') };
    expect(a.getProperty({}, badKey, 'catch')).toEqual(thrown('toString'));
    expect(a.setProperty({}, badKey, 1, 'catch')).toEqual(thrown('toString'));
    expect(a.hasProperty({}, badKey, 'catch')).toEqual(thrown('toString'));
    expect(a.deleteProperty({}, badKey, 'catch')).toEqual(thrown('toString'));

    // Without "catch" the exception reaches the JS caller unchanged.
    expect(() => a.getProperty(proxy, 'x')).toThrow('get trap');
    expect(() => a.setProperty(proxy, 'x', 1)).toThrow('set trap');
    expect(() => a.setProperty(setterThrows, 's', 1)).toThrow(RangeError);
  });

  it('napi_get_property_names: enumerable string keys, inherited ones too, numbers as strings', () => {
    const sym = Symbol('skipped');
    class A {
      own = 1;
      [sym] = 's';
    }
    (A.prototype as unknown as Record<string, number>).inherited = 1;
    Object.defineProperty(A.prototype, 'hidden', { value: 1, enumerable: false });
    const o = new A() as unknown as Record<string | number, unknown>;
    o[10] = 'ten';
    o[2] = 'two';
    o.b = 2;
    Object.defineProperty(o, 'notEnumerable', { value: 1, enumerable: false });
    const names = a.getPropertyNames(o);
    expect(Array.isArray(names)).toBe(true);
    // The for-in order: integer keys ascending, then strings in creation order, then the prototype's.
    expect(names).toEqual(['2', '10', 'own', 'b', 'inherited']);
    expect(a.getPropertyNames(['x', , 'z'])).toEqual(['0', '2']); // holes are not keys
    expect(a.getPropertyNames(new Uint8Array(2))).toEqual(['0', '1']);
    expect(a.getPropertyNames(function f() {})).toEqual([]);
    expect(a.getPropertyNames(Object.create(null, { n: { value: 1, enumerable: true } }))).toEqual(['n']);
  });

  it('napi_get_prototype', () => {
    class A {}
    expect(a.getPrototype(new A())).toBe(A.prototype);
    expect(a.getPrototype(Object.create(null))).toBe(null);
    expect(a.getPrototype(function () {})).toBe(Function.prototype);
    expect(a.getPrototype([])).toBe(Array.prototype);
  });

  it('napi_get_prototype of a Proxy is null and runs no trap (V8 Object::GetPrototype) where the host can tell', () => {
    // Node calls v8::Object::GetPrototype(), which does not look through proxies. Plain JS cannot tell a
    // proxy apart (Object.getPrototypeOf runs the trap), so a runtime needs a host check for proxies;
    // browsers have none (README, Limits): there the runtime answers as Object.getPrototypeOf.
    let calls = 0;
    const proxy = new Proxy([], {
      getPrototypeOf() {
        calls++;
        return Array.prototype;
      },
    });
    expect(a.getPrototype(proxy, 'catch')).toBe(seesProxies ? null : Array.prototype);
    expect(a.getPrototype(new Proxy({}, {}), 'catch')).toBe(seesProxies ? null : Object.prototype);
    expect(calls).toBe(seesProxies ? 0 : 1);
  });

  it('napi_define_properties: attributes as Object.getOwnPropertyDescriptor reports them', () => {
    const sym = Symbol('bySymbol');
    const o = a.defineFixture({}, sym);
    const d = (k: PropertyKey) => Object.getOwnPropertyDescriptor(o, k);
    expect(d('plain')).toEqual({ value: 0, writable: false, enumerable: false, configurable: false });
    expect(d('writable')).toEqual({ value: 1, writable: true, enumerable: false, configurable: false });
    expect(d('enumerable')).toEqual({ value: 2, writable: false, enumerable: true, configurable: false });
    expect(d('configurable')).toEqual({ value: 3, writable: false, enumerable: false, configurable: true });
    expect(d('all')).toEqual({ value: 4, writable: true, enumerable: true, configurable: true });
    // utf8name (non-ASCII), then `name` as a napi_value string and as a symbol.
    expect(d('ünicøde_✓')).toEqual({ value: 5, writable: false, enumerable: true, configurable: false });
    expect(d('byNameValue')).toEqual({ value: 6, writable: false, enumerable: true, configurable: false });
    expect(d(sym)).toEqual({ value: 7, writable: false, enumerable: true, configurable: false });
    // utf8name wins over name when both are set.
    expect(d('utf8Wins')?.value).toBe(0);
    expect(d('ignoredName')).toBe(undefined);
    expect(Reflect.ownKeys(o)).toEqual([
      'plain', 'writable', 'enumerable', 'configurable', 'all', 'accessor', 'getterOnly', 'setterOnly',
      'method', 'methodAll', 'throwingGetter', 'ünicøde_✓', 'byNameValue', 'utf8Wins', 'getterAndValue', sym,
    ]);
  });

  it('napi_define_properties: accessors', () => {
    const o = a.defineFixture({}, Symbol('s'));
    const accessor = Object.getOwnPropertyDescriptor(o, 'accessor')!;
    expect(typeof accessor.get).toBe('function');
    expect(typeof accessor.set).toBe('function');
    expect(accessor.enumerable).toBe(true);
    expect(accessor.configurable).toBe(false);
    expect('writable' in accessor).toBe(false);
    o.accessor = 42;
    expect(o.accessor).toBe(42);
    const getterOnly = Object.getOwnPropertyDescriptor(o, 'getterOnly')!;
    expect(getterOnly.set).toBe(undefined);
    expect(o.getterOnly).toBe(42);
    expect(() => {
      o.getterOnly = 1; // strict mode (ES module): no setter → TypeError
    }).toThrow(TypeError);
    const setterOnly = Object.getOwnPropertyDescriptor(o, 'setterOnly')!;
    expect(setterOnly.get).toBe(undefined);
    expect(setterOnly.configurable).toBe(true);
    o.setterOnly = 7;
    expect(o.setterOnly).toBe(undefined);
    expect(o.accessor).toBe(7);
    // A getter and a value together: Node takes the getter (it checks getter/setter first).
    expect(Object.getOwnPropertyDescriptor(o, 'getterAndValue')!.get).toBeTypeOf('function');
    expect(o.getterAndValue).toBe(7);
    // The accessor functions Node makes have an empty name.
    expect(accessor.get!.name).toBe('');
  });

  it('napi_define_properties: a getter that throws propagates its exception', () => {
    const o = a.defineFixture({}, Symbol('s'));
    expect(() => o.throwingGetter).toThrow(expect.objectContaining({ message: 'getter threw', code: 'ERR_GETTER' }));
  });

  it('napi_define_properties: methods get their data pointer and `this`', () => {
    const o = a.defineFixture({}, Symbol('s'));
    expect(o.method()).toEqual({ data: 'method data', self: o });
    expect(o.methodAll()).toEqual({ data: '(null)', self: o });
    expect(Object.getOwnPropertyDescriptor(o, 'method')).toMatchObject({
      writable: false, enumerable: false, configurable: false,
    });
    expect(Object.getOwnPropertyDescriptor(o, 'methodAll')).toMatchObject({
      writable: true, enumerable: true, configurable: true,
    });
    // Node does not name the function after the property: `.name` is '' and `.length` 0.
    expect(o.method.name).toBe('');
    expect(o.method.length).toBe(0);
    // A primitive receiver is boxed (API functions get sloppy-mode receiver conversion).
    const self = o.methodAll.call(7).self;
    expect(typeof self).toBe('object');
    expect(self.valueOf()).toBe(7);
  });

  it('napi_define_properties: bad descriptors and targets', () => {
    // A name that is not a string or symbol → napi_name_expected; properties before it are defined.
    for (const which of ['numberName', 'objectName']) {
      const o = {};
      expect(a.defineBad(o, which, 'catch'), which).toEqual(nameExpected);
      expect(Reflect.ownKeys(o), which).toEqual(['first']);
    }
    expect(a.defineBad({}, 'nullProperties', 'catch')).toEqual(invalidArg);
    expect(a.defineBad({}, 'zeroCountNullProperties', 'catch')).toEqual(ok);
    expect(a.defineBad({}, 'nullObject', 'catch')).toEqual(invalidArg);
    expect(a.defineBad({}, 'good', 'catch')).toEqual(ok);
    // A NULL value (and no accessor or method) is not an error: the property's value is undefined.
    const withNull = {};
    expect(a.defineBad(withNull, 'nullValue', 'catch')).toEqual(ok);
    expect(Object.getOwnPropertyDescriptor(withNull, 'nullValue')).toEqual({
      value: undefined, writable: false, enumerable: true, configurable: false,
    });
    // A primitive target is boxed: defining on the temporary wrapper succeeds.
    expect(a.defineBad(5, 'good', 'catch')).toEqual(ok);
  });

  it('napi_define_properties: a failed definition → napi_invalid_arg (an exception stays pending)', () => {
    // v8::Object::DefineProperty answers false without throwing: Node maps that to napi_invalid_arg.
    const frozen = Object.freeze({});
    expect(a.defineBad(frozen, 'good', 'catch')).toEqual(invalidArg);
    expect(a.defineBad(new Proxy({}, { defineProperty: () => false }), 'good', 'catch')).toEqual(invalidArg);
    // A throwing trap: still napi_invalid_arg, and the trap's exception is pending.
    const throwing = new Proxy({}, {
      defineProperty() {
        throw new Error('trap');
      },
    });
    expect(a.defineBad(throwing, 'good', 'catch')).toEqual(
      caught(Status.invalid_arg, expect.objectContaining({ message: 'trap' })),
    );
  });

  it.runIf(build !== 'native')('napi_define_properties: utf8name and name both NULL → napi_name_expected', () => {
    // Native Node crashes here (it dereferences the NULL `name` handle: segfault), so this case runs
    // on wasm only, where the runtime must answer napi_name_expected.
    const o = {};
    expect(a.defineBad(o, 'noName', 'catch')).toEqual(nameExpected);
    expect(Reflect.ownKeys(o)).toEqual(['first']); // no symbol-keyed property either
  });

  it.runIf(build !== 'native')('a handle used after its callback returned, or never issued → napi_invalid_arg', () => {
    // Native Node has undefined behaviour here (a dangling V8 handle: garbage or a crash), so these run
    // on wasm only, where the runtime must detect the stale handle even when its slot was reused.
    class Kept {}
    a.keepHandle(new Kept());
    expect(a.useKeptHandle({})).toEqual(invalidArg);
    expect(a.useKeptHandle([])).toEqual(invalidArg);
    expect(a.useBogusHandle()).toEqual(invalidArg);
  });
});
