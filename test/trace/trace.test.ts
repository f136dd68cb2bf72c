// Debugging aids: `load(src, { trace })` logs each Node-API call with its arguments decoded, and
// `stats(exports)` reports a module's live counters (calls by name with `{ stats: true }`, handles,
// references, wraps, pending finalizers). wasm-only by nature: the native addon has neither.
import { describe, expect, it, vi } from 'vitest';
import { handleText, preview, traceParams } from '../../src/trace.js';
import { stats, type ModuleStats } from '../../src/stats.js';
import { signatures } from '../../src/signatures.js';
import { scopes } from '../../src/scope.js';
import { addonBytes, addonPath, builds, itInNode, runtime, seesProxies, utf8, type Addon, type Build } from '../harness.js';
import { gcUntil } from '../gc.js';

const { load, unload, symbols } = await runtime();
const wasmBuilds = builds.filter((b): b is Exclude<Build, 'native'> => b !== 'native');

/** Loads an addon with a trace sink; `lines` holds what was logged since the last `take()`. */
async function traced(name: string, build: Build, options: { stats?: boolean } = {}) {
  const lines: string[] = [];
  const addon = (await load(addonPath(name, build), { ...options, trace: (l) => lines.push(l) })) as Addon;
  const take = () => lines.splice(0);
  return { addon, lines, take };
}

/** The module's bytes with every import from module `from` renamed to `to` (the import section re-encoded). */
function renameImportModule(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const out: number[] = [...bytes.subarray(0, 8)];
  const leb = (n: number): number[] => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...leb(n >>> 7)]);
  let p = 8;
  const u = () => {
    let n = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[p++]!;
      n += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return n;
  };
  const str = () => {
    const n = u();
    const s = new TextDecoder().decode(bytes.subarray(p, p + n));
    p += n;
    return s;
  };
  const name = (s: string) => [...leb(utf8(s).length), ...utf8(s)];
  while (p < bytes.length) {
    const id = bytes[p++]!;
    const size = u();
    const end = p + size;
    if (id !== 2) {
      out.push(id, ...leb(size), ...bytes.subarray(p, end));
      p = end;
      continue;
    }
    const body: number[] = [];
    const count = u();
    body.push(...leb(count));
    for (let i = 0; i < count; i++) {
      const m = str();
      const field = str();
      const descStart = p;
      const kind = bytes[p++]!;
      if (kind === 0) u();
      else if (kind === 1) (p++, bytes[p++]! & 1 ? (u(), u()) : u());
      else if (kind === 2) (bytes[p++]! & 1 ? (u(), u()) : u());
      else if (kind === 3) p += 2;
      else throw new Error(`import kind ${kind}`);
      body.push(...name(m === from ? to : m), ...name(field), ...bytes.subarray(descStart, p));
    }
    out.push(id, ...leb(body.length), ...body);
    p = end;
  }
  return new Uint8Array(out);
}

describe('the signature list', () => {
  itInNode('src/signatures.ts is what scripts/gen-signatures.mjs makes of the installed headers', 'node:fs', async () => {
    const { readFileSync } = await import('node:fs');
    // @ts-expect-error: a script without types
    const { render, target } = (await import('../../scripts/gen-signatures.mjs')) as { render(): string; target: string };
    expect(readFileSync(target, 'utf8')).toBe(render());
  });

  it('has every symbol of the list and nothing else, and the tracer knows every parameter type', () => {
    expect(Object.keys(signatures).sort()).toEqual(symbols.map(([name]) => name).sort());
    const unknown = symbols.flatMap(([name]) => traceParams(name).filter((p) => p.kind === 'raw').map((p) => `${name}: ${p.type} ${p.name}`));
    expect(unknown).toEqual([]);
  });
});

describe('previews', () => {
  it('show values short, without running getters', () => {
    class Counter {
      x = 1;
      y = 2;
    }
    const withGetter = {
      get boom(): never {
        throw new Error('a getter ran');
      },
    };
    expect(preview(42)).toBe('42');
    expect(preview(-0)).toBe('-0');
    expect(preview('abc')).toBe("'abc'");
    expect(preview("it's\n")).toBe("'it\\'s\\n'");
    expect(preview('x'.repeat(100))).toBe(`'${'x'.repeat(60)}…'`);
    expect(preview(12n)).toBe('12n');
    expect(preview(Symbol('s'))).toBe('Symbol(s)');
    expect(preview(null)).toBe('null');
    expect(preview(undefined)).toBe('undefined');
    expect(preview(function add() {})).toBe('[Function add]');
    expect(preview(() => {})).toBe('[Function (anonymous)]');
    expect(preview({})).toBe('{}');
    expect(preview({ a: 1, b: 2 })).toBe('{a, b}');
    expect(preview({ 'a-b': 1 })).toBe("{'a-b'}");
    expect(preview(new Counter())).toBe('Counter{x, y}');
    expect(preview(withGetter)).toBe('{boom}');
    expect(preview([1, 'a', [2], {}])).toBe("[1, 'a', Array(1), {…}]");
    expect(preview([1, 2, 3, 4, 5, 6, 7])).toBe('[1, 2, 3, 4, 5, 6, … 7 items]');
    expect(preview(new TypeError('bad'))).toBe('[TypeError: bad]');
    expect(preview(new Uint8Array(4))).toBe('Uint8Array(4)');
    expect(preview(new ArrayBuffer(8))).toBe('ArrayBuffer(8)');
    expect(preview(new Date(0))).toBe('Date(1970-01-01T00:00:00.000Z)');
    expect(preview(globalThis)).toBe('globalThis');
    if (seesProxies) expect(preview(new Proxy({}, { ownKeys: () => { throw new Error('a trap ran'); } }))).toBe('Proxy{…}');
  });

  it('show NULL and stale handles', () => {
    expect(handleText(0)).toBe('NULL');
    scopes.open(false);
    const h = scopes.push('gone');
    expect(handleText(h)).toBe("'gone'");
    scopes.close();
    expect(handleText(h)).toBe(`<stale handle 0x${h.toString(16)}>`);
  });
});

for (const build of wasmBuilds) {
  describe(`trace [${build}]`, () => {
    it('decodes handles, numbers, 64-bit integers and out-parameters', async () => {
      const { addon: a, take } = await traced('values', build);
      take();
      expect(a.createInt32(0, '42')).toBe(42);
      expect(take()).toEqual([
        "napi_get_cb_info(cbinfo=1, argc=2→2, argv=→[0, '42'], this_arg=NULL, data=NULL) = napi_ok",
        'napi_typeof(value=0, result=→napi_number) = napi_ok',
        'napi_get_value_int32(value=0, result=→0) = napi_ok',
        "napi_get_value_string_utf8(value='42', buf=→'42', bufsize=64, result=NULL) = napi_ok",
        'napi_create_int32(value=42, result=→42) = napi_ok',
      ]);
      // int64_t arrives as a BigInt: the trace shows the exact C value, the result its JS number.
      a.createInt64(0, '-9007199254740993');
      expect(take()).toContain('napi_create_int64(value=-9007199254740993, result=→-9007199254740992) = napi_ok');
      a.getValueInt64(0, 2 ** 40);
      expect(take()).toContain('napi_get_value_int64(value=1099511627776, result=→1099511627776) = napi_ok');
      a.getValueDouble(0, 2.5);
      expect(take()).toContain('napi_get_value_double(value=2.5, result=→2.5) = napi_ok');
      a.getValueBool(0, true);
      expect(take()).toContain('napi_get_value_bool(value=true, result=→true) = napi_ok');
      a.strictEquals(0, { k: 1 }, [1]);
      expect(take()).toContain('napi_strict_equals(lhs={k}, rhs=[1], result=→false) = napi_ok');
    });

    it('shows a failing status with the out-parameter unwritten, and the exception a call left pending', async () => {
      const { addon: a, take } = await traced('values', build);
      take();
      expect(a.getValueDouble(0, 'abc')).toEqual({ status: 6, message: 'A number was expected' });
      const lines = take();
      expect(lines).toContainEqual(expect.stringMatching(/^napi_get_value_double\(value='abc', result=0x[0-9a-f]+\) = napi_number_expected$/));
      expect(lines).toContain("napi_get_last_error_info(result=→{napi_number_expected, 'A number was expected'}) = napi_ok");
      expect(() => a.coerceToString(0, { toString: () => { throw new TypeError('nope'); } })).toThrow('nope');
      expect(take()).toContainEqual(
        expect.stringMatching(/^napi_coerce_to_string\(value=\{toString\}, result=0x[0-9a-f]+\) = napi_string_expected \(pending \[TypeError: nope\]\)$/),
      );
      // The module's own env is implied; another one (here NULL) is shown.
      expect(a.getValueDouble(1, 1)).toBe(1); // MODE_NULL_ENV: the bare status, napi_invalid_arg
      expect(take()).toContainEqual(expect.stringMatching(/^napi_get_value_double\(env=NULL, value=1, result=0x[0-9a-f]+\) = napi_invalid_arg$/));
    });

    it('reads strings from memory: a length, NAPI_AUTO_LENGTH, latin1 and utf16', async () => {
      const { addon: a, take } = await traced('strings', build);
      take();
      expect(a.createUtf8(0, utf8('héllo'), 3)).toBe('hé');
      expect(take()).toContain("napi_create_string_utf8(str='hé', length=3, result=→'hé') = napi_ok");
      a.createUtf8(0, utf8('héllo'), -1);
      expect(take()).toContain("napi_create_string_utf8(str='héllo', length=NAPI_AUTO_LENGTH, result=→'héllo') = napi_ok");
      a.createLatin1(0, [0x63, 0x61, 0x66, 0xe9], -1);
      expect(take()).toContain("napi_create_string_latin1(str='café', length=NAPI_AUTO_LENGTH, result=→'café') = napi_ok");
      a.createUtf16(0, [0x68, 0x69, 0x263a], 3);
      expect(take()).toContain("napi_create_string_utf16(str='hi☺', length=3, result=→'hi☺') = napi_ok");
      // A leading byte order mark is kept (as V8 keeps it) and shown escaped.
      expect(a.createUtf8(0, [0xef, 0xbb, 0xbf, 0x68, 0x69], 5)).toBe('\ufeffhi');
      expect(take()).toContain("napi_create_string_utf8(str='\\ufeffhi', length=5, result=→'\\ufeffhi') = napi_ok");
    });

    it('shows nested calls as strace shows an interrupted call', async () => {
      const { addon: f, take } = await traced('functions', build);
      take();
      const inner = () => f.callFunction(Math.max, undefined, [1, 2], '');
      expect(f.callFunction(inner, undefined, [], '')).toBe(2);
      const lines = take();
      expect(lines).toContain('napi_call_function(recv=undefined, func=[Function inner], argc=0, argv=[], result=…) …');
      expect(lines).toContain('  napi_call_function(recv=undefined, func=[Function max], argc=2, argv=[1, 2], result=→2) = napi_ok');
      expect(lines.at(-1)).toBe('… napi_call_function(result=→2) = napi_ok');
    });

    it('decodes property descriptors and callbacks', async () => {
      const { lines } = await traced('classes', build);
      const point = lines.find((l) => l.startsWith("napi_define_class(utf8name='Point'"));
      expect(point).toMatch(
        /^napi_define_class\(utf8name='Point', length=NAPI_AUTO_LENGTH, constructor=fn#\d+, data=NULL, property_count=11, properties=\['getX': method=fn#\d+ napi_writable\|napi_configurable, 'setX': method=fn#\d+ napi_default, .*'x': getter=fn#\d+ setter=fn#\d+ napi_enumerable\|napi_configurable data=0x[0-9a-f]+, .*… 11 items\], result=→\[Function Point\]\) = napi_ok$/,
      );
    });

    it('traces a module importing Node-API from `env`, with the call counters on', async () => {
      const bytes = renameImportModule(await addonBytes('runtime', build), 'napi', 'env');
      const imports = WebAssembly.Module.imports(await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>));
      expect(imports.filter((i) => i.name.startsWith('napi_')).every((i) => i.module === 'env')).toBe(true);
      const lines: string[] = [];
      const a = (await load(bytes as Uint8Array<ArrayBuffer>, { trace: (l) => lines.push(l), stats: true })) as Addon;
      lines.length = 0;
      expect(a.add(1, 2)).toBe(3);
      expect(lines).toEqual([
        'napi_get_cb_info(cbinfo=1, argc=2→2, argv=→[1, 2], this_arg=NULL, data=NULL) = napi_ok',
        'napi_get_value_double(value=1, result=→1) = napi_ok',
        'napi_get_value_double(value=2, result=→2) = napi_ok',
        'napi_create_double(value=3, result=→3) = napi_ok',
      ]);
      expect(stats(a).calls).toMatchObject({ napi_get_cb_info: 1, napi_get_value_double: 2, napi_create_double: 1 });
    });

    it('`trace: true` writes to console.error', async () => {
      const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        const a = (await load(addonPath('runtime', build), { trace: true })) as Addon;
        spy.mockClear();
        a.add(2, 3);
        expect(spy).toHaveBeenCalledWith('napi_create_double(value=5, result=→5) = napi_ok');
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe(`stats [${build}]`, () => {
    it('counts calls by name when loaded with `stats: true`, and resets', async () => {
      const a = (await load(addonPath('runtime', build), { stats: true })) as Addon;
      const atLoad = stats(a, { reset: true });
      expect(atLoad.calls!.napi_create_function).toBe(3); // the init exported three functions
      for (let i = 0; i < 10; i++) a.add(i, 1);
      const s = stats(a);
      expect(s.calls).toEqual({ napi_get_cb_info: 10, napi_get_value_double: 20, napi_create_double: 10 });
      expect(s.totalCalls).toBe(40);
      expect(s.handles).toBe(0);
      expect(s.scopes).toBe(0);
      // `into` fills the caller's object (a per-frame reader allocates nothing), `reset` starts over.
      const into = stats(a, { reset: true, into: s });
      expect(into).toBe(s);
      a.add(1, 1);
      stats(a, { into: s });
      expect(s.calls).toEqual({ napi_get_cb_info: 1, napi_get_value_double: 2, napi_create_double: 1 });
      expect(s.totalCalls).toBe(4);
    });

    it('without `stats: true` still reports handles, references, wraps and finalizers', async () => {
      const a = (await load(addonPath('runtime', build))) as Addon;
      a.add(1, 2);
      const s = stats(a);
      expect(s).toEqual({ calls: null, totalCalls: null, handles: 0, scopes: 0, references: 0, wraps: 0, finalizers: 0, mirrors: 0, mirrorBytes: 0 });
      unload(a);
      expect(() => stats(a)).toThrow(TypeError);
    });

    it('follows references and wraps as they are created, removed and deleted', async () => {
      const r = (await load(addonPath('references', build))) as Addon;
      const counts = (): Pick<ModuleStats, 'references' | 'wraps'> => {
        const { references, wraps } = stats(r);
        return { references, wraps };
      };
      expect(counts()).toEqual({ references: 0, wraps: 0 });
      const slot = r.createReference({}, 1);
      expect(counts()).toEqual({ references: 1, wraps: 0 });
      r.deleteReference(slot);
      expect(counts()).toEqual({ references: 0, wraps: 0 });

      const o = {};
      r.wrap(o, 5);
      expect(counts()).toEqual({ references: 1, wraps: 1 });
      expect(r.removeWrap(o)).toBe(5); // a reference the runtime owned: gone with the wrap
      expect(counts()).toEqual({ references: 0, wraps: 0 });

      const p = {};
      const pSlot = r.wrapWithRef(p);
      expect(counts()).toEqual({ references: 1, wraps: 1 });
      r.removeWrap(p); // the reference is the addon's: it stays until deleted
      expect(counts()).toEqual({ references: 1, wraps: 0 });
      r.deleteReference(pSlot);
      expect(counts()).toEqual({ references: 0, wraps: 0 });

      r.createExternal(3);
      expect(counts()).toEqual({ references: 1, wraps: 0 });
      expect(stats(r).handles).toBe(0);
    });

    it('sees wraps go when their objects are collected, and their finalizers run', async () => {
      const r = (await load(addonPath('references', build))) as Addon;
      (() => {
        for (let i = 0; i < 3; i++) r.wrap({}, i);
      })();
      expect(stats(r).wraps).toBe(3);
      expect(await gcUntil(() => r.finalizerStats().wrap[0] === 3)).toBe(true);
      expect(stats(r)).toMatchObject({ references: 0, wraps: 0, finalizers: 0 });
    });
  });
}
