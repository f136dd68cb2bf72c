// node_api_create_property_key_{latin1,utf8,utf16} (Node-API 10; experimental in Node 20, which
// exports them). They make internalized strings: same results as napi_create_string_*, checked here
// for value, use as a property key and the same bad-input statuses.
import { expect, it } from 'vitest';
import { describeEachBuild, failure, Mode, Status, utf8 } from '../harness.js';

const invalidArg = failure(Status.invalid_arg);
const AUTO = -1;
const codes = (s: string): number[] => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));

await describeEachBuild('strings_experimental', (a) => {
  it('make the same strings as napi_create_string_*', () => {
    expect(a.keyUtf8(Mode.normal, utf8('héllo😀'), AUTO)).toBe('héllo😀');
    expect(a.keyLatin1(Mode.normal, [0x68, 0xe9, 0xff], AUTO)).toBe('h\u00e9\u00ff');
    expect(a.keyUtf16(Mode.normal, codes('a😀b'), AUTO)).toBe('a😀b');
    expect(a.keyUtf8(Mode.normal, utf8('hello'), 2)).toBe('he');
    expect(a.keyUtf8(Mode.normal, [104, 0, 105], 3)).toBe('h\0i');
    expect(a.keyLatin1(Mode.normal, [104, 0, 105], AUTO)).toBe('h');
    expect(a.keyUtf8(Mode.normal, [0xc3, 0x28], 2)).toBe('\ufffd(');
    expect(a.keyUtf16(Mode.normal, [0xd83d], 1)).toBe('\ud83d');
    for (const fn of ['keyLatin1', 'keyUtf8', 'keyUtf16']) {
      expect(a[fn](Mode.normal, [], 0), fn).toBe('');
      expect(a[fn](Mode.nullValue, [], 0), fn).toBe(''); // NULL pointer allowed with length 0
    }
  });

  it('the keys work as property keys', () => {
    const key = a.keyUtf8(Mode.normal, utf8('propé'), AUTO);
    const o = { propé: 1 };
    expect(o[key as keyof typeof o]).toBe(1);
    expect(a.keyUtf16(Mode.normal, codes('propé'), AUTO)).toBe(key);
    expect(a.keyLatin1(Mode.normal, [...'prop'].map((c) => c.charCodeAt(0)).concat(0xe9), AUTO)).toBe(key);
  });

  it('bad input → napi_invalid_arg', () => {
    for (const fn of ['keyLatin1', 'keyUtf8', 'keyUtf16']) {
      expect(a[fn](Mode.nullEnv, [65], AUTO), fn).toBe(Status.invalid_arg);
      expect(a[fn](Mode.nullResult, [65], AUTO), fn).toEqual(invalidArg);
      expect(a[fn](Mode.nullValue, [65], AUTO), fn).toEqual(invalidArg);
      expect(a[fn](Mode.nullValue, [65], 1), fn).toEqual(invalidArg);
      expect(a[fn](Mode.normal, [65], 2 ** 31), fn).toEqual(invalidArg);
    }
  });
});
