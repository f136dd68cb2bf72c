// Arrays and elements. Expected values are what native Node 20 answers (the oracle); where Node's
// answer is surprising, a comment says what it is and why (the V8 call Node makes).
//
// The C side takes a trailing string mode: "env", "object", "value" or "result" pass NULL in that
// position; "catch" returns { status, message, exception } instead of letting a pending exception
// propagate. A NULL env answers the bare status. Indices are read with napi_get_value_uint32.
import { expect, it } from 'vitest';
import { describeEachBuild, failure, seesProxies, Status } from '../harness.js';

const ok = { status: Status.ok, message: null };
const invalidArg = failure(Status.invalid_arg);
const arrayExpected = failure(Status.array_expected);

function caught(status: number, exception: unknown) {
  return { ...failure(status), exception };
}
const objectExpected = caught(
  Status.object_expected,
  expect.objectContaining({ name: 'TypeError', message: 'Cannot convert undefined or null to object' }),
);

await describeEachBuild('arrays', (a, build) => {
  it('napi_create_array makes an empty array', () => {
    const x = a.createArray();
    expect(Array.isArray(x)).toBe(true);
    expect(x).toEqual([]);
    expect(a.createArray()).not.toBe(x);
  });

  it('napi_create_array_with_length makes holes, not undefined elements', () => {
    const x = a.createArrayWithLength(5);
    expect(x.length).toBe(5);
    expect(Object.keys(x)).toEqual([]);
    expect(0 in x).toBe(false);
    expect(a.createArrayWithLength(0)).toEqual([]);
    const big = a.createArrayWithLength(2 ** 20);
    expect(big.length).toBe(2 ** 20);
    expect(Object.keys(big).length).toBe(0);
  });

  it('napi_create_array_with_length: the length is cast to a C int (V8 Array::New(isolate, int))', () => {
    // size_t → int keeps the low 32 bits; V8 then turns a negative length into 0.
    expect(a.createArrayWithLength(2 ** 31).length).toBe(0); // (int)0x80000000 < 0
    expect(a.createArrayWithLength(2 ** 32 - 1).length).toBe(0); // (int)0xFFFFFFFF = -1
    expect(a.createArrayMaxLength().length).toBe(0); // SIZE_MAX: low 32 bits are -1 on both ABIs
  });

  it.runIf(build !== 'native')('napi_create_array_with_length(2^30) gives an array of that length', () => {
    // Native Node dies here: V8 allocates the backing store eagerly, and a length from about 2^27 up
    // to 2^31-1 is a "Fatal JavaScript invalid size error". JS's `new Array(n)` has no such limit.
    expect(a.createArrayWithLength(2 ** 30).length).toBe(2 ** 30);
  });

  it('napi_get_array_length: arrays only (no array-likes, typed arrays or proxies)', () => {
    expect(a.getArrayLength([1, 2, 3])).toBe(3);
    expect(a.getArrayLength(new Array(10))).toBe(10);
    const sparse: unknown[] = [];
    sparse[4294967294] = 1; // the largest array index
    expect(a.getArrayLength(sparse)).toBe(4294967295);
    for (const v of [{ length: 3 }, new Uint8Array(3), 'abc', undefined, null, 5]) {
      // No exception is left pending (no ToObject here).
      expect(a.getArrayLength(v, 'catch')).toEqual(arrayExpected);
    }
    // A proxy of an array is no array to V8; a browser cannot tell a Proxy (README, Limits), so there
    // the runtime takes it for the array it wraps.
    expect(a.getArrayLength(new Proxy([], {}), 'catch')).toEqual(seesProxies ? arrayExpected : 0);
  });

  it('napi_is_array is V8 IsArray: a Proxy of an array is not an array (unlike Array.isArray) where the host can tell', () => {
    expect(a.isArray([])).toBe(true);
    expect(a.isArray(a.createArrayWithLength(3))).toBe(true);
    expect(a.isArray(class extends Array {}.from([1]))).toBe(true);
    expect(a.isArray({})).toBe(false);
    expect(a.isArray(new Uint8Array(1))).toBe(false);
    expect(a.isArray(Object.create(Array.prototype))).toBe(false);
    expect(a.isArray('x')).toBe(false);
    expect(a.isArray(undefined)).toBe(false);
    // v8::Value::IsArray() checks for a JSArray; Array.isArray(proxy) would say true, and so does the
    // runtime in a browser, which cannot tell a Proxy (README, Limits).
    expect(Array.isArray(new Proxy([], {}))).toBe(true);
    expect(a.isArray(new Proxy([], {}))).toBe(!seesProxies);
  });

  it('set/get/has/delete_element on arrays, with holes and indices beyond the length', () => {
    const x: unknown[] = [];
    expect(a.setElement(x, 5, 'five')).toEqual(ok);
    expect(x.length).toBe(6);
    expect(a.hasElement(x, 2)).toBe(false); // a hole
    expect(a.hasElement(x, 5)).toBe(true);
    expect(a.getElement(x, 2)).toBe(undefined);
    expect(a.getElement(x, 100)).toBe(undefined);
    expect(a.hasElement(x, 100)).toBe(false);
    const y = [1, 2, 3];
    expect(a.deleteElement(y, 1)).toBe(true);
    expect(y.length).toBe(3); // delete leaves a hole
    expect(1 in y).toBe(false);
    expect(a.hasElement(y, 1)).toBe(false);
    expect(a.deleteElement(y, 10)).toBe(true); // absent: deleted trivially
    const z = [undefined];
    expect(a.hasElement(z, 0)).toBe(true); // undefined element is not a hole
  });

  it('index 2^32-1 is not an array index: a plain property, the length is unchanged', () => {
    const x: unknown[] = [];
    expect(a.setElement(x, 4294967295, 'big')).toEqual(ok);
    expect(x.length).toBe(0);
    expect(Object.keys(x)).toEqual(['4294967295']);
    expect(a.getElement(x, 4294967295)).toBe('big');
    expect(a.hasElement(x, 4294967295)).toBe(true);
  });

  it('element functions on plain objects, typed arrays and primitives', () => {
    const o: Record<number, unknown> = {};
    expect(a.setElement(o, 3, 'x')).toEqual(ok);
    expect(o).toEqual({ 3: 'x' });
    expect(a.getElement(o, 3)).toBe('x');
    expect(a.hasElement(o, 3)).toBe(true);
    expect(a.deleteElement(o, 3)).toBe(true);
    expect(o).toEqual({});

    const t = new Uint8Array(4);
    expect(a.setElement(t, 1, 300)).toEqual(ok);
    expect(t[1]).toBe(44); // ToUint8
    expect(a.getElement(t, 1)).toBe(44);
    expect(a.hasElement(t, 3)).toBe(true);
    expect(a.hasElement(t, 4)).toBe(false);
    expect(a.setElement(t, 10, 5)).toEqual(ok); // out of bounds: ignored
    expect(t.length).toBe(4);
    expect(a.getElement(t, 10)).toBe(undefined);
    expect(a.deleteElement(t, 1)).toBe(false); // typed array elements cannot be deleted
    expect(a.deleteElement(t, 10)).toBe(true);

    // Primitives are boxed (ToObject).
    expect(a.getElement('abc', 1)).toBe('b');
    expect(a.hasElement('abc', 1)).toBe(true);
    expect(a.hasElement('abc', 3)).toBe(false);
    expect(a.setElement('abc', 1, 'z', 'catch')).toEqual(ok);
    expect(a.deleteElement('abc', 1, 'catch')).toBe(false); // string indices are read-only
    expect(a.deleteElement('abc', 5, 'catch')).toBe(true);
    expect(a.getElement(5, 0)).toBe(undefined);
    expect(a.hasElement(5, 0)).toBe(false);
    expect(a.setElement(5, 0, 1, 'catch')).toEqual(ok);
  });

  it('sloppy-mode semantics on frozen arrays: writes ignored, deletes answer false', () => {
    const x = Object.freeze([1, 2, 3]);
    expect(a.setElement(x, 1, 9, 'catch')).toEqual(ok);
    expect(a.setElement(x, 5, 9, 'catch')).toEqual(ok);
    expect(a.deleteElement(x, 1, 'catch')).toBe(false);
    expect(x).toEqual([1, 2, 3]);
  });

  it('undefined/null targets → napi_object_expected with the TypeError pending', () => {
    for (const target of [undefined, null]) {
      expect(a.setElement(target, 0, 1, 'catch')).toEqual(objectExpected);
      expect(a.getElement(target, 0, 'catch')).toEqual(objectExpected);
      expect(a.hasElement(target, 0, 'catch')).toEqual(objectExpected);
      expect(a.deleteElement(target, 0, 'catch')).toEqual(objectExpected);
    }
    expect(() => a.getElement(undefined, 0)).toThrow(TypeError);
  });

  it('exceptions from proxy traps and element getters → napi_generic_failure, pending', () => {
    const fail = (what: string) => () => {
      throw new Error(what);
    };
    const proxy = new Proxy([], {
      get: fail('get'),
      set: fail('set'),
      has: fail('has'),
      deleteProperty: fail('delete'),
    });
    const thrown = (message: string) => caught(Status.generic_failure, expect.objectContaining({ message }));
    expect(a.getElement(proxy, 0, 'catch')).toEqual(thrown('get'));
    expect(a.setElement(proxy, 0, 1, 'catch')).toEqual(thrown('set'));
    expect(a.hasElement(proxy, 0, 'catch')).toEqual(thrown('has'));
    expect(a.deleteElement(proxy, 0, 'catch')).toEqual(thrown('delete'));
    const getter = Object.defineProperty([], 0, {
      get() {
        throw new TypeError('element getter');
      },
    });
    expect(a.getElement(getter, 0, 'catch')).toEqual(caught(Status.generic_failure, expect.any(TypeError)));
    expect(() => a.getElement(getter, 0)).toThrow('element getter');
    expect(() => a.setElement(proxy, 0, 1)).toThrow('set');
  });

  it('NULL env → napi_invalid_arg (returned, not recorded)', () => {
    expect(a.createArray('env')).toBe(Status.invalid_arg);
    expect(a.createArrayWithLength(3, 'env')).toBe(Status.invalid_arg);
    expect(a.getArrayLength([1], 'env')).toBe(Status.invalid_arg);
    expect(a.isArray([1], 'env')).toBe(Status.invalid_arg);
    expect(a.setElement([], 0, 1, 'env')).toBe(Status.invalid_arg);
    expect(a.getElement([1], 0, 'env')).toBe(Status.invalid_arg);
    expect(a.hasElement([1], 0, 'env')).toBe(Status.invalid_arg);
    expect(a.deleteElement([1], 0, 'env')).toBe(Status.invalid_arg);
  });

  it('NULL handles and NULL results → napi_invalid_arg (delete_element result is optional)', () => {
    expect(a.getArrayLength([1], 'value')).toEqual(invalidArg);
    expect(a.isArray([1], 'value')).toEqual(invalidArg);
    expect(a.setElement([], 0, 1, 'object')).toEqual(invalidArg);
    expect(a.setElement([], 0, 1, 'value')).toEqual(invalidArg);
    expect(a.getElement([1], 0, 'object')).toEqual(invalidArg);
    expect(a.hasElement([1], 0, 'object')).toEqual(invalidArg);
    expect(a.deleteElement([1], 0, 'object')).toEqual(invalidArg);

    expect(a.createArray('result')).toEqual(invalidArg);
    expect(a.createArrayWithLength(3, 'result')).toEqual(invalidArg);
    expect(a.getArrayLength([1], 'result')).toEqual(invalidArg);
    expect(a.isArray([1], 'result')).toEqual(invalidArg);
    expect(a.getElement([1], 0, 'result')).toEqual(invalidArg);
    expect(a.hasElement([1], 0, 'result')).toEqual(invalidArg);
    const x = [1];
    expect(a.deleteElement(x, 0, 'result')).toEqual(ok);
    expect(0 in x).toBe(false);
  });

  it('many elements round-trip through C', () => {
    const squares = a.fillSquares(100_000);
    expect(squares.length).toBe(100_000);
    expect(squares[99_999]).toBe(99_999 * 99_999);
    expect(a.fillSquares(5)).toEqual([0, 1, 4, 9, 16]);
  });
});
