// Strings: creation from UTF-8 / Latin-1 / UTF-16 and reading back into C buffers, checked byte for
// byte against native Node 20 (the oracle), including truncation, NUL handling and invalid input.
import { expect, it } from 'vitest';
import { describeEachBuild, failure, Mode, Status, utf8 } from '../harness.js';

const invalidArg = failure(Status.invalid_arg);
const stringExpected = failure(Status.string_expected);
const AUTO = -1; // NAPI_AUTO_LENGTH
const SLACK = 4; // sentinel elements the C side adds after the buffer (strings.c)

const codes = (s: string): number[] => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));

/** What a C buffer of `bufsize` elements holds after the call: `written` then the sentinel. */
function filled(written: number[], bufsize: number, sentinel: number): number[] {
  return [...written, ...Array(bufsize + SLACK - written.length).fill(sentinel)];
}
const b8 = (written: number[], bufsize: number) => filled(written, bufsize, 0xaa);
const b16 = (written: number[], bufsize: number) => filled(written, bufsize, 0xaaaa);

await describeEachBuild('strings', (a) => {
  // ---- creation ------------------------------------------------------------------------------

  it('napi_create_string_utf8 with NAPI_AUTO_LENGTH and explicit lengths', () => {
    expect(a.createUtf8(Mode.normal, utf8('héllo'), AUTO)).toBe('héllo');
    expect(a.createUtf8(Mode.normal, utf8('héllo'), 6)).toBe('héllo');
    expect(a.createUtf8(Mode.normal, utf8('héllo'), 3)).toBe('hé');
    expect(a.createUtf8(Mode.normal, utf8('a😀b'), AUTO)).toBe('a😀b');
    expect(a.createUtf8(Mode.normal, utf8('€'), AUTO)).toBe('€');
  });

  it('napi_create_string_utf8: a length that cuts a multi-byte character gives U+FFFD', () => {
    expect(a.createUtf8(Mode.normal, utf8('hé'), 2)).toBe('h\ufffd');
    expect(a.createUtf8(Mode.normal, utf8('a😀'), 3)).toBe('a\ufffd');
  });

  it('napi_create_string_*: embedded NULs are kept with an explicit length, end the string with AUTO', () => {
    expect(a.createUtf8(Mode.normal, [97, 0, 98], 3)).toBe('a\0b');
    expect(a.createUtf8(Mode.normal, [97, 0, 98], AUTO)).toBe('a');
    expect(a.createLatin1(Mode.normal, [97, 0, 98], 3)).toBe('a\0b');
    expect(a.createLatin1(Mode.normal, [97, 0, 98], AUTO)).toBe('a');
    expect(a.createUtf16(Mode.normal, [97, 0, 98], 3)).toBe('a\0b');
    expect(a.createUtf16(Mode.normal, [97, 0, 98], AUTO)).toBe('a');
  });

  // V8 decodes invalid UTF-8 the WHATWG way: one U+FFFD per maximal invalid subsequence (this is
  // also what TextDecoder does, so a runtime using it matches).
  it.each([
    [[0xc3, 0x28], '\ufffd('],
    [[0xf0, 0x9f, 0x98], '\ufffd'], // truncated 4-byte sequence
    [[0xe2, 0x82], '\ufffd'], // truncated 3-byte sequence
    [[0xed, 0xa0, 0x80], '\ufffd\ufffd\ufffd'], // an encoded surrogate
    [[0xc0, 0xaf], '\ufffd\ufffd'], // overlong '/'
    [[0xff], '\ufffd'],
    [[0x80, 0x80], '\ufffd\ufffd'], // lone continuation bytes
    [[0xf4, 0x90, 0x80, 0x80], '\ufffd\ufffd\ufffd\ufffd'], // above U+10FFFF
    [[0x61, 0xff, 0x62], 'a\ufffdb'],
  ])('napi_create_string_utf8 of invalid bytes %j', (bytes, expected) => {
    expect(a.createUtf8(Mode.normal, bytes, bytes.length)).toBe(expected);
    expect(new TextDecoder().decode(new Uint8Array(bytes))).toBe(expected);
  });

  it('napi_create_string_latin1 maps each byte to U+0000..U+00FF', () => {
    expect(a.createLatin1(Mode.normal, [0x41, 0xe9, 0xff, 0x80], AUTO)).toBe('A\u00e9\u00ff\u0080');
    const all = Array.from({ length: 255 }, (_, i) => i + 1);
    expect(a.createLatin1(Mode.normal, all, AUTO)).toBe(String.fromCharCode(...all));
    expect(a.createLatin1(Mode.normal, [0x41, 0x42, 0x43], 2)).toBe('AB');
  });

  it('napi_create_string_utf16: surrogate pairs and lone surrogates are kept as code units', () => {
    expect(a.createUtf16(Mode.normal, codes('a😀b'), AUTO)).toBe('a😀b');
    expect(a.createUtf16(Mode.normal, [0xd83d, 0x41], AUTO)).toBe('\ud83dA');
    expect(a.createUtf16(Mode.normal, [0xde00], AUTO)).toBe('\ude00');
    // A length that splits a pair leaves the high surrogate alone.
    expect(a.createUtf16(Mode.normal, codes('😀'), 1)).toBe('\ud83d');
  });

  it('napi_create_string_*: empty strings, and a NULL pointer with length 0', () => {
    for (const fn of ['createUtf8', 'createLatin1', 'createUtf16']) {
      expect(a[fn](Mode.normal, [], 0), fn).toBe('');
      expect(a[fn](Mode.normal, [], AUTO), fn).toBe('');
      expect(a[fn](Mode.normal, [65, 66], 0), fn).toBe('');
      // Node only checks the pointer when length > 0.
      expect(a[fn](Mode.nullValue, [], 0), fn).toBe('');
    }
  });

  it('napi_create_string_*: bad input → napi_invalid_arg', () => {
    for (const fn of ['createUtf8', 'createLatin1', 'createUtf16']) {
      expect(a[fn](Mode.nullEnv, [65], AUTO), fn).toBe(Status.invalid_arg);
      expect(a[fn](Mode.nullResult, [65], AUTO), fn).toEqual(invalidArg);
      // NULL string with NAPI_AUTO_LENGTH or a length > 0.
      expect(a[fn](Mode.nullValue, [65], AUTO), fn).toEqual(invalidArg);
      expect(a[fn](Mode.nullValue, [65, 65], 2), fn).toEqual(invalidArg);
      // Lengths above INT_MAX (other than NAPI_AUTO_LENGTH) are refused before the string is read.
      expect(a[fn](Mode.normal, [65], 2 ** 31), fn).toEqual(invalidArg);
      expect(a[fn](Mode.normal, [65], 2 ** 32 - 2), fn).toEqual(invalidArg);
    }
  });

  // ---- reading -------------------------------------------------------------------------------

  it('napi_get_value_string_utf8: length query (buf NULL) counts UTF-8 bytes without the NUL', () => {
    expect(a.getUtf8(Mode.normal, 'hello', AUTO)).toEqual({ result: 5 });
    expect(a.getUtf8(Mode.normal, '', AUTO)).toEqual({ result: 0 });
    expect(a.getUtf8(Mode.normal, 'h€llo', AUTO)).toEqual({ result: 7 });
    expect(a.getUtf8(Mode.normal, 'a😀b', AUTO)).toEqual({ result: 6 });
    expect(a.getUtf8(Mode.normal, '\ud83d', AUTO)).toEqual({ result: 3 }); // as U+FFFD
    expect(a.getUtf8(Mode.normal, 'a\0b', AUTO)).toEqual({ result: 3 });
  });

  it('napi_get_value_string_utf8: bufsize 0 writes nothing, bufsize 1 writes only the NUL', () => {
    expect(a.getUtf8(Mode.normal, 'hello', 0)).toEqual({ result: 0, units: b8([], 0) });
    expect(a.getUtf8(Mode.normal, 'hello', 1)).toEqual({ result: 0, units: b8([0], 1) });
    expect(a.getUtf8(Mode.normal, '', 0)).toEqual({ result: 0, units: b8([], 0) });
    expect(a.getUtf8(Mode.normal, '', 1)).toEqual({ result: 0, units: b8([0], 1) });
  });

  it('napi_get_value_string_utf8: truncation never splits a character', () => {
    const cases: [string, number, number[]][] = [
      ['hello', 2, [104]],
      ['hello', 4, [104, 101, 108]],
      ['hello', 6, utf8('hello')],
      ['hello', 20, utf8('hello')],
      ['h€llo', 2, [104]],
      ['h€llo', 3, [104]],
      ['h€llo', 4, [104]],
      ['h€llo', 5, utf8('h€')],
      ['h€llo', 6, utf8('h€l')],
      ['a😀b', 4, [97]],
      ['a😀b', 5, [97]],
      ['a😀b', 6, utf8('a😀')],
      ['é', 2, []],
      ['é', 3, utf8('é')],
      ['\ud83d', 3, []],
      ['\ud83d', 4, [0xef, 0xbf, 0xbd]], // a lone surrogate is written as U+FFFD
      ['x\ude00y', 20, [0x78, 0xef, 0xbf, 0xbd, 0x79]],
      ['a\0b', 3, [97, 0]],
      ['a\0b', 4, [97, 0, 98]],
    ];
    for (const [s, bufsize, written] of cases) {
      expect(a.getUtf8(Mode.normal, s, bufsize), `${JSON.stringify(s)} in ${bufsize}`).toEqual({
        result: written.length,
        units: b8([...written, 0], bufsize),
      });
    }
  });

  it('napi_get_value_string_latin1: one byte per UTF-16 unit, the low byte of units above U+00FF', () => {
    expect(a.getLatin1(Mode.normal, 'hello', AUTO)).toEqual({ result: 5 });
    expect(a.getLatin1(Mode.normal, 'a😀b', AUTO)).toEqual({ result: 4 });
    expect(a.getLatin1(Mode.normal, 'hello', 0)).toEqual({ result: 0, units: b8([], 0) });
    expect(a.getLatin1(Mode.normal, 'hello', 1)).toEqual({ result: 0, units: b8([0], 1) });
    expect(a.getLatin1(Mode.normal, 'hello', 3)).toEqual({ result: 2, units: b8([104, 101, 0], 3) });
    expect(a.getLatin1(Mode.normal, 'é\u00ff', 20)).toEqual({ result: 2, units: b8([0xe9, 0xff, 0], 20) });
    // '€' is U+20AC → 0xAC; '😀' is D83D DE00 → 0x3D 0x00; a lone D83D → 0x3D.
    expect(a.getLatin1(Mode.normal, 'h€llo', 20)).toEqual({ result: 5, units: b8([104, 0xac, 108, 108, 111, 0], 20) });
    expect(a.getLatin1(Mode.normal, 'a😀b', 20)).toEqual({ result: 4, units: b8([97, 0x3d, 0, 98, 0], 20) });
    expect(a.getLatin1(Mode.normal, '\ud83d', 20)).toEqual({ result: 1, units: b8([0x3d, 0], 20) });
    expect(a.getLatin1(Mode.normal, 'a\0b', 3)).toEqual({ result: 2, units: b8([97, 0, 0], 3) });
  });

  it('napi_get_value_string_utf16: code units; truncation may split a surrogate pair', () => {
    expect(a.getUtf16(Mode.normal, 'hello', AUTO)).toEqual({ result: 5 });
    expect(a.getUtf16(Mode.normal, 'a😀b', AUTO)).toEqual({ result: 4 });
    expect(a.getUtf16(Mode.normal, '', AUTO)).toEqual({ result: 0 });
    expect(a.getUtf16(Mode.normal, 'hello', 0)).toEqual({ result: 0, units: b16([], 0) });
    expect(a.getUtf16(Mode.normal, 'hello', 1)).toEqual({ result: 0, units: b16([0], 1) });
    expect(a.getUtf16(Mode.normal, 'h€llo', 3)).toEqual({ result: 2, units: b16([104, 0x20ac, 0], 3) });
    expect(a.getUtf16(Mode.normal, 'a😀b', 3)).toEqual({ result: 2, units: b16([97, 0xd83d, 0], 3) });
    expect(a.getUtf16(Mode.normal, 'a😀b', 4)).toEqual({ result: 3, units: b16([97, 0xd83d, 0xde00, 0], 4) });
    expect(a.getUtf16(Mode.normal, 'a😀b', 20)).toEqual({ result: 4, units: b16([...codes('a😀b'), 0], 20) });
    expect(a.getUtf16(Mode.normal, '\ud83d', 20)).toEqual({ result: 1, units: b16([0xd83d, 0], 20) });
    expect(a.getUtf16(Mode.normal, 'a\0b', 4)).toEqual({ result: 3, units: b16([97, 0, 98, 0], 4) });
  });

  it('napi_get_value_string_*: a NULL result pointer is allowed when buf is given', () => {
    expect(a.getUtf8(Mode.nullResult, 'ab', 4)).toEqual({ result: null, units: b8([97, 98, 0], 4) });
    expect(a.getLatin1(Mode.nullResult, 'ab', 4)).toEqual({ result: null, units: b8([97, 98, 0], 4) });
    expect(a.getUtf16(Mode.nullResult, 'ab', 4)).toEqual({ result: null, units: b16([97, 98, 0], 4) });
  });

  it('napi_get_value_string_*: bad input', () => {
    for (const fn of ['getUtf8', 'getLatin1', 'getUtf16']) {
      expect(a[fn](Mode.nullEnv, 'ab', 4), fn).toBe(Status.invalid_arg);
      expect(a[fn](Mode.nullEnv, 'ab', AUTO), fn).toBe(Status.invalid_arg);
      // The length query needs a result pointer.
      expect(a[fn](Mode.nullResult, 'ab', AUTO), fn).toEqual(invalidArg);
      expect(a[fn](Mode.nullValue, 'ab', 4), fn).toEqual(invalidArg);
      expect(a[fn](Mode.nullValue, 'ab', AUTO), fn).toEqual(invalidArg);
      for (const v of [1, null, undefined, {}, Symbol('s'), new String('a'), ['a']]) {
        expect(a[fn](Mode.normal, v, 4), `${fn}(${String(v)})`).toEqual(stringExpected);
        expect(a[fn](Mode.normal, v, AUTO), `${fn}(${String(v)})`).toEqual(stringExpected);
      }
    }
  });

  // ---- long strings ---------------------------------------------------------------------------

  it('100 KB strings round-trip through every encoding', () => {
    const ascii = 'abcdefghij'.repeat(10 * 1024);
    const mixed = 'aé€😀'.repeat(10 * 1024); // 1+2+3+4 UTF-8 bytes
    expect(a.roundTripUtf8(ascii)).toEqual({ string: ascii, length: 102400, copied: 102400 });
    expect(a.roundTripUtf8(mixed)).toEqual({ string: mixed, length: 102400, copied: 102400 });
    expect(a.roundTripLatin1(ascii)).toEqual({ string: ascii, length: 102400, copied: 102400 });
    const latin = '\u00e9\u00ff'.repeat(50 * 1024);
    expect(a.roundTripLatin1(latin)).toEqual({ string: latin, length: 102400, copied: 102400 });
    expect(a.roundTripUtf16(mixed)).toEqual({ string: mixed, length: 51200, copied: 51200 });
  });

  // The runtime reads and writes UTF-8 up to 32 and 64 bytes, and Latin-1 and UTF-16 up to 16 units,
  // itself, and hands longer strings (and non-ASCII UTF-8) to the host's conversions: these lengths
  // sit on each side of those limits.
  const lengths = [16, 17, 31, 32, 33, 63, 64, 65, 256, 1024];
  /** A string of `n` UTF-8 bytes of `pattern`, cut at a character boundary (so perhaps a little shorter). */
  const ofBytes = (pattern: string, n: number): string => {
    let s = '';
    let bytes = 0;
    for (const c of pattern.repeat(n)) {
      bytes += utf8(c).length;
      if (bytes > n) break;
      s += c;
    }
    return s;
  };
  const patterns = ['abcdefghij', 'é', '€', '😀', 'aé€😀', 'x\u00ff'];

  it('napi_create_string_utf8 and a round trip through napi_get_value_string_utf8, at every length class', () => {
    for (const pattern of patterns) {
      for (const n of lengths) {
        const s = ofBytes(pattern, n);
        const what = `${JSON.stringify(pattern)} × ${n} B`;
        expect(a.createUtf8(Mode.normal, utf8(s), AUTO), what).toBe(s);
        expect(a.createUtf8(Mode.normal, utf8(s), utf8(s).length), what).toBe(s);
        expect(a.roundTripUtf8(s), what).toEqual({ string: s, length: utf8(s).length, copied: utf8(s).length });
      }
    }
  });

  it('napi_create_string_utf8 keeps a leading byte order mark (as U+FEFF), short and long', () => {
    const bom = [0xef, 0xbb, 0xbf];
    expect(a.createUtf8(Mode.normal, bom, AUTO)).toBe('\ufeff');
    expect(a.createUtf8(Mode.normal, [...bom, ...utf8('abc')], AUTO)).toBe('\ufeffabc');
    expect(a.createUtf8(Mode.normal, [...bom, ...utf8('é')], AUTO)).toBe('\ufeffé');
    const long = 'x'.repeat(100);
    expect(a.createUtf8(Mode.normal, [...bom, ...utf8(long)], AUTO)).toBe(`\ufeff${long}`);
    expect(a.createUtf8(Mode.normal, [...bom, ...bom, ...utf8(long)], AUTO)).toBe(`\ufeff\ufeff${long}`);
    expect(a.roundTripUtf8(`\ufeff${long}`).string).toBe(`\ufeff${long}`);
  });

  it('napi_create_string_utf8: invalid sequences inside long strings', () => {
    const ascii = utf8('0123456789'.repeat(10));
    // A stray byte, a bad continuation, an encoded surrogate, an overlong form, and a 4-byte
    // sequence cut by the end of the input.
    const bytes = [...ascii, 0xff, ...ascii, 0xc3, 0x28, ...ascii, 0xed, 0xa0, 0x80, 0xc0, 0xaf, ...utf8('é€😀'), 0xf0, 0x9f, 0x98];
    const expected = `${'0123456789'.repeat(10)}\ufffd${'0123456789'.repeat(10)}\ufffd(${'0123456789'.repeat(10)}\ufffd\ufffd\ufffd\ufffd\ufffdé€😀\ufffd`;
    expect(a.createUtf8(Mode.normal, bytes, bytes.length)).toBe(expected);
    // A length that cuts the last character of a long string.
    const long = utf8(`${'x'.repeat(70)}😀`);
    expect(a.createUtf8(Mode.normal, long, long.length - 1)).toBe(`${'x'.repeat(70)}\ufffd`);
    expect(a.createUtf8(Mode.normal, long, long.length - 3)).toBe(`${'x'.repeat(70)}\ufffd`);
  });

  /** What V8's WriteUtf8 writes of `s` into `capacity` bytes: whole characters, lone surrogates as U+FFFD. */
  const utf8Prefix = (s: string, capacity: number): number[] => {
    const out: number[] = [];
    for (const c of s) {
      const bytes = utf8(c);
      if (out.length + bytes.length > capacity) break;
      out.push(...bytes);
    }
    return out;
  };

  it('napi_get_value_string_utf8 of long strings: truncation never splits a character', () => {
    const head = 'x'.repeat(100);
    for (const tail of ['é', '€', '😀', 'é€😀z']) {
      const s = head + tail;
      for (let bufsize = 100; bufsize <= utf8(s).length + 2; bufsize++) {
        const written = utf8Prefix(s, bufsize - 1);
        expect(a.getUtf8(Mode.normal, s, bufsize), `${JSON.stringify(tail)} in ${bufsize}`).toEqual({
          result: written.length,
          units: b8([...written, 0], bufsize),
        });
      }
    }
    const mixed = ofBytes('aé€😀', 1024);
    for (const bufsize of [500, 501, 502, 503, 1000, 1024, 1025]) {
      const written = utf8Prefix(mixed, bufsize - 1);
      expect(a.getUtf8(Mode.normal, mixed, bufsize), `mixed in ${bufsize}`).toEqual({ result: written.length, units: b8([...written, 0], bufsize) });
    }
  });

  it('napi_get_value_string_utf8 of long strings with lone surrogates: each is U+FFFD', () => {
    const s = `${'a'.repeat(70)}\ud800${'b'.repeat(40)}\udc00c\ude00\ud83d`;
    const full = utf8Prefix(s, 1000);
    expect(full.length).toBe(70 + 3 + 40 + 3 + 1 + 3 + 3);
    expect(a.getUtf8(Mode.normal, s, AUTO)).toEqual({ result: full.length });
    for (const bufsize of [71, 72, 73, 74, 75, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 200]) {
      const written = utf8Prefix(s, bufsize - 1);
      expect(a.getUtf8(Mode.normal, s, bufsize), `in ${bufsize}`).toEqual({ result: written.length, units: b8([...written, 0], bufsize) });
    }
    expect(a.roundTripUtf8(s).string).toBe(`${'a'.repeat(70)}\ufffd${'b'.repeat(40)}\ufffdc\ufffd\ufffd`);
  });

  it('Latin-1 strings of every length class, with units above U+00FF and a cut at the end', () => {
    const bytes = Array.from({ length: 256 }, (_, i) => i);
    const all = String.fromCharCode(...bytes);
    for (const n of lengths) {
      const s = all.repeat(5).slice(1, n + 1);
      expect(a.createLatin1(Mode.normal, codes(s), n), `${n}`).toBe(s);
      expect(a.roundTripLatin1(s), `${n}`).toEqual({ string: s, length: n, copied: n });
      const wide = '€😀é'.repeat(n).slice(0, n);
      const low = codes(wide).map((c) => c & 0xff);
      expect(a.getLatin1(Mode.normal, wide, n + 1), `${n}`).toEqual({ result: n, units: b8([...low, 0], n + 1) });
      expect(a.getLatin1(Mode.normal, wide, n - 1), `${n}`).toEqual({ result: n - 2, units: b8([...low.slice(0, n - 2), 0], n - 1) });
    }
  });

  it('UTF-16 strings of every length class; a cut may split a surrogate pair', () => {
    for (const n of lengths) {
      const s = 'aé€😀\ud800'.repeat(n).slice(0, n);
      expect(a.createUtf16(Mode.normal, codes(s), n), `${n}`).toBe(s);
      expect(a.createUtf16(Mode.normal, codes(s), AUTO), `${n}`).toBe(s);
      expect(a.roundTripUtf16(s), `${n}`).toEqual({ string: s, length: n, copied: n });
      expect(a.getUtf16(Mode.normal, s, n + 1), `${n}`).toEqual({ result: n, units: b16([...codes(s), 0], n + 1) });
      const split = `${'x'.repeat(n - 2)}😀`;
      expect(a.getUtf16(Mode.normal, split, n), `${n}`).toEqual({ result: n - 1, units: b16([...codes(split).slice(0, n - 1), 0], n) });
    }
  });

  // The Node functions the runtime calls may take other paths once V8 optimizes the caller (fast
  // API calls: Buffer.byteLength has one): the answers are checked again after many calls.
  it('long strings give the same answers in code V8 has optimized', () => {
    const y = 'y'.repeat(100);
    // [string, what it reads back as]; the first three are Latin-1 (one byte a character in V8).
    const cases = [['é'.repeat(600)], ['x'.repeat(1024)], ['\u00ff\u0080'.repeat(300)], [ofBytes('aé€😀', 1024)], [`${y}\ud800`, `${y}\ufffd`]];
    for (let i = 0; i < 3000; i++) {
      const k = i % cases.length;
      const [s, back = s] = cases[k]!;
      const utf8Back = a.roundTripUtf8(s).string;
      if (utf8Back !== back) expect(utf8Back, `UTF-8, call ${i}`).toBe(back);
      if (k < 3) {
        const latin1Back = a.roundTripLatin1(s).string;
        if (latin1Back !== s) expect(latin1Back, `Latin-1, call ${i}`).toBe(s);
      }
    }
  });

  it('a 100 KB string made in C with NAPI_AUTO_LENGTH', () => {
    const s = a.makeLongUtf8();
    expect(s.length).toBe(100 * 1024);
    expect(s).toBe('0123456789'.repeat(10240).slice(0, 100 * 1024));
  });
});
