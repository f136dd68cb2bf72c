// Modules built by others for other runtimes, from npm, loaded unchanged by wasm-napi's load() and
// compared with the same package running on its own runtime in the same test run:
// - lightningcss-wasm (napi-wasm family: Rust's napi crate, `register_module`, napi_wasm_malloc);
// - @node-rs/crc32-wasm32-wasi (napi-rs through emnapi: imports a shared env.memory, exports
//   __napi_register__* hooks).
// The packages live in test/foreign/node_modules (`npm ci --force` there: the napi-rs package says
// cpu: wasm32, which npm refuses on x64 otherwise); scripts/setup.sh installs them.
import { beforeAll, describe, expect, it } from 'vitest';
import { isBrowser as inBrowser, runtime } from '../harness.js';

// Addon and package exports are untyped JS objects: tests index them freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

// Whole literals: Vite rewrites `new URL('…', import.meta.url)` for the browser only when it sees one.
const lightningcssWasm = new URL('./node_modules/lightningcss-wasm/lightningcss_node.wasm', import.meta.url);
const crc32Wasm = new URL('./node_modules/@node-rs/crc32-wasm32-wasi/crc32.wasm32-wasi.wasm', import.meta.url);

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const text = (bytes: Uint8Array | null | undefined) => (bytes ? decoder.decode(bytes) : bytes);

function randomBytes(memory: () => WebAssembly.Memory) {
  return (ptr: number, len: number) => {
    crypto.getRandomValues(new Uint8Array(memory().buffer, ptr, len));
  };
}

/** The transform's result with its byte fields decoded, for comparing two runtimes' answers. */
function readable(result: Any) {
  return { ...result, code: text(result.code), map: text(result.map) };
}

describe('lightningcss-wasm (napi-wasm build)', () => {
  let css: Any;
  let own: Any;
  beforeAll(async () => {
    const { load } = await runtime();
    css = await load(inBrowser ? lightningcssWasm.href : lightningcssWasm, {
      imports: (m) => ({
        env: {
          // The package's own loader supplies these two: bundleAsync's asyncify hook (not used by
          // the calls below) and getrandom's entropy source.
          await_promise_sync: () => {
            throw new Error('bundleAsync needs the package runtime');
          },
          __getrandom_v03_custom: randomBytes(() => m.memory),
        },
      }),
    });
    own = await import('lightningcss-wasm');
    await own.default?.();
  });

  it('was told apart as a napi-wasm module and registered its exports', () => {
    expect(Object.keys(css).sort()).toEqual(['bundle', 'transform', 'transformStyleAttribute']);
  });

  it('minifies (the issue’s example)', () => {
    const options = { filename: 'a.css', code: encoder.encode('.a { color: #ff0000; }\n.b { margin: 0px 0px 0px 0px }'), minify: true };
    const result = css.transform(options);
    expect(text(result.code)).toBe('.a{color:red}.b{margin:0}');
    expect(readable(result)).toEqual(readable(own.transform(options)));
  });

  it('source maps, CSS modules and targets agree with the package runtime', () => {
    const code = encoder.encode('.card { & .title { color: rgb(255 0 0 / 50%); } composes: base from global; }\n.base { inset: 0 }');
    const options = {
      filename: 'card.module.css',
      code,
      sourceMap: true,
      cssModules: true,
      targets: { chrome: 80 << 16 },
    };
    const ours = readable(css.transform(options));
    expect(ours.code).toMatch(/\.\w+_card \.\w+_title/);
    expect(JSON.parse(ours.map!)).toHaveProperty('mappings');
    expect(Object.keys(ours.exports).sort()).toEqual(['base', 'card', 'title']);
    expect(ours).toEqual(readable(own.transform(options)));
  });

  it('style attributes', () => {
    const options = { code: encoder.encode('color: #ff0000; margin: 0px 0px 0px 0px'), minify: true };
    const result = css.transformStyleAttribute(options);
    expect(text(result.code)).toBe('color:red;margin:0');
    expect(readable(result)).toEqual(readable(own.transformStyleAttribute(options)));
  });

  it('reports a CSS error as the package runtime does', () => {
    const options = { filename: 'bad.css', code: encoder.encode('.a { color: red; } }}} @import "x.css";'), errorRecovery: false };
    let ours: Any;
    let theirs: Any;
    try {
      css.transform(options);
    } catch (e) {
      ours = e;
    }
    try {
      own.transform(options);
    } catch (e) {
      theirs = e;
    }
    expect(ours).toBeInstanceOf(Error);
    expect(ours.message).toBe(theirs.message);
    expect(ours.loc).toEqual(theirs.loc);
  });

  it('bundles through a JS resolver called back from wasm', () => {
    const files: Record<string, string> = {
      'main.css': '@import "b.css";\n.main { color: blue }',
      'b.css': '.b { color: green }',
    };
    const read: string[] = [];
    const resolver = {
      read: (path: string) => {
        read.push(path);
        return files[path.replace(/^.*\//, '')]!;
      },
    };
    const result = css.bundle({ filename: 'main.css', minify: true, resolver });
    expect(text(result.code)).toBe('.b{color:green}.main{color:#00f}');
    expect(read.map((p) => p.replace(/^.*\//, ''))).toEqual(['main.css', 'b.css']);
  });
});

describe('@node-rs/crc32-wasm32-wasi (napi-rs / emnapi build, shared memory)', () => {
  let crc: Any;
  let own: Any;
  beforeAll(async () => {
    const { load } = await runtime();
    crc = await load(inBrowser ? crc32Wasm.href : crc32Wasm);
    if (inBrowser) {
      own = await import('@node-rs/crc32-wasm32-wasi/crc32.wasi-browser.js' as string);
    } else {
      const { createRequire } = await import('node:module');
      own = createRequire(import.meta.url)('@node-rs/crc32-wasm32-wasi');
    }
  });

  it('computes the issue’s checksums', () => {
    expect(crc.crc32('hello world')).toBe(222957957);
    expect(crc.crc32c('hello world')).toBe(3381945770);
  });

  it('agrees with the package runtime on strings, bytes, chaining and 1 MB', () => {
    const big = new Uint8Array(1 << 20);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 255;
    const inputs: Any[] = ['', 'é✓ unicode 🎉', encoder.encode('hello world'), new Uint8Array([1, 2, 3]), big];
    for (const input of inputs) {
      expect(crc.crc32(input)).toBe(own.crc32(input));
      expect(crc.crc32c(input)).toBe(own.crc32c(input));
    }
    expect(crc.crc32('world', crc.crc32('hello '))).toBe(crc.crc32('hello world'));
    expect(crc.crc32c('world', crc.crc32c('hello '))).toBe(crc.crc32c('hello world'));
  });

  it('rejects a wrong argument type with the package’s error', () => {
    let ours: Any;
    let theirs: Any;
    try {
      crc.crc32(42);
    } catch (e) {
      ours = e;
    }
    try {
      own.crc32(42);
    } catch (e) {
      theirs = e;
    }
    expect(ours).toBeInstanceOf(Error);
    expect(ours.message).toBe(theirs.message);
    expect(ours.code).toBe(theirs.code);
  });
});

describe('modules a runtime without threads cannot run', () => {
  it('names the thread imports instead of failing to link', async () => {
    const { load } = await runtime();
    // (module (import "wasi" "thread-spawn" (func (param i32) (result i32))) (memory (export "memory") 1))
    const bytes = new Uint8Array([
      0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 127, 2, 21, 1, 4, 119, 97, 115, 105, 12, 116, 104, 114, 101, 97, 100, 45, 115, 112,
      97, 119, 110, 0, 0, 5, 3, 1, 0, 1, 7, 10, 1, 6, 109, 101, 109, 111, 114, 121, 2, 0,
    ]);
    await expect(load(bytes)).rejects.toThrow(/needs threads \(it imports wasi\.thread-spawn\); threads are not supported yet/);
  });
});
