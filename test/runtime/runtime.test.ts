// The ModuleManager's contract: what load() accepts, which import-module names it serves, and how
// it reports a module it cannot run. These concern the wasm loader only, so they have no native twin.
import { describe, expect, it } from 'vitest';
import { addonBytes, addonPath, addonUrl, isBrowser, itInNode, runtime, utf8 } from '../harness.js';

const { handleStats, load, referenceStats, symbols, tableStats, unload } = await runtime();
type Addon = { add(a: number, b: number): number };

/** A minimal wasm binary that imports the given functions (type () -> ()) and exports nothing. */
function moduleImporting(imports: [string, string][]): Uint8Array {
  const bytes: number[] = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
  const leb = (n: number): number[] => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...leb(n >>> 7)]);
  const name = (s: string) => [...leb(s.length), ...utf8(s)];
  const section = (id: number, body: number[]) => bytes.push(id, ...leb(body.length), ...body);
  section(1, [1, 0x60, 0, 0]);
  const body = [...leb(imports.length)];
  for (const [m, n] of imports) body.push(...name(m), ...name(n), 0, 0);
  section(2, body);
  return new Uint8Array(bytes);
}

describe('load()', () => {
  const wasm = addonPath('runtime', 'wasi');

  it('loads from a path, a URL (file: in Node, http: in browsers), bytes and a WebAssembly.Module', async () => {
    const bytes = await addonBytes('runtime', 'wasi');
    const url = addonUrl('runtime', 'wasi');
    // A path: of a file in Node, relative to the page in browsers.
    const path = isBrowser ? new URL(url).pathname : wasm;
    const sources = [path, new URL(url), url, bytes, new Uint8Array(bytes).buffer, await WebAssembly.compile(bytes)];
    for (const source of sources) {
      const addon = (await load(source)) as Addon;
      expect(addon.add(2, 3.5)).toBe(5.5);
    }
  });

  it('shared wasm memory is available (in browsers: the page is cross-origin isolated, vitest.config.ts)', () => {
    // What threaded modules need: Node always allows it, browsers only with COOP/COEP headers.
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    if (isBrowser) expect(crossOriginIsolated).toBe(true);
  });

  it('loads each module into its own env', async () => {
    const a = (await load(wasm)) as Addon;
    const b = (await load(wasm)) as Addon;
    expect(a).not.toBe(b);
    expect(a.add(1, 1) + b.add(2, 2)).toBe(6);
  });

  itInNode('serves Node-API under the `env` import module too (Emscripten and older builds)', 'child_process (builds with the CLI)', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'wasm-napi-env-'));
    const out = join(dir, 'runtime-env.wasm');
    execFileSync(process.execPath, [join(__dirname, '../../dist/cli/wasm-napi.js'), 'build',
      '-DNAPI_EXTERN=__attribute__((visibility("default")))', `-I${join(__dirname, '../common')}`,
      join(__dirname, 'runtime.c'), '-o', out]);
    const module = await WebAssembly.compile(readFileSync(out));
    const napiImports = WebAssembly.Module.imports(module).filter((i) => i.name.startsWith('napi_'));
    expect(napiImports.length).toBeGreaterThan(0);
    expect(napiImports.every((i) => i.module === 'env')).toBe(true);
    const addon = (await load(module)) as Addon;
    expect(addon.add(40, 2)).toBe(42);
  });

  it('names every import it cannot provide instead of failing with a LinkError', async () => {
    const bytes = moduleImporting([
      ['napi', 'napi_get_undefined'],
      ['napi', 'napi_does_not_exist'],
      ['env', 'node_api_future_thing'],
      ['env', 'my_helper'],
    ]);
    const error = await load(bytes).then(() => undefined, (e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toContain('napi.napi_does_not_exist');
    expect(error!.message).toContain('env.node_api_future_thing');
    expect(error!.message).toContain('env.my_helper');
    expect(error!.message).not.toContain('napi_get_undefined,');
  });

  it('says that libuv is not available when a module imports uv_* functions', async () => {
    const bytes = moduleImporting([['napi', 'napi_get_uv_event_loop'], ['env', 'uv_async_init'], ['env', 'uv_mutex_lock']]);
    const error = await load(bytes).then(() => undefined, (e: Error) => e);
    expect(error!.message).toContain('env.uv_async_init, env.uv_mutex_lock');
    expect(error!.message).toMatch(/libuv \(uv_\*\) is not available/);
  });

  it('lets the caller add imports that the module needs besides Node-API', async () => {
    const bytes = moduleImporting([['env', 'my_helper']]);
    // The helper is accepted; the module then fails only because it has no memory export.
    await expect(load(bytes, { imports: { env: { my_helper: () => {} } } })).rejects.toThrow(/export its memory/);
  });

  it('unload() runs the finalizers newest first, the instance data among them, and closes the env', async () => {
    // Node tears an env down at exit (not observable in-process), so this is wasm-only by nature.
    const g = globalThis as { teardownLog?: string[] };
    g.teardownLog = [];
    const addon = (await load(wasm)) as Addon & { keepForTeardown(a: object, b: object): void };
    const kept = [{}, {}];
    addon.keepForTeardown(kept[0]!, kept[1]!);
    const before = handleStats().top;
    unload(addon);
    // Newest first, the instance data in its place among them, as Node finalizes at exit.
    expect(g.teardownLog).toEqual(['second wrap', 'instance data', 'first wrap']);
    expect(handleStats().top).toBe(before);
    expect(() => addon.add(1, 2)).toThrow(/unloaded/);
    expect(() => unload(addon)).toThrow(TypeError);
    delete g.teardownLog;
  });

  it('exit() or abort() in C ends the call with an Error, not the process', async () => {
    // Natively these end the process. Here exit() makes the module unusable and the caller gets an
    // Error; abort() is a trap on wasi-libc (a RuntimeError) and exit(1) on Emscripten.
    for (const build of ['wasi', 'emscripten'] as const) {
      const exiting = (await load(addonPath('runtime', build))) as Addon & { callExit(code: number): never };
      expect(() => exiting.callExit(3), build).toThrow(/called exit\(3\)/);
      expect(() => exiting.add(1, 2)).toThrow(/unloaded/);
      const aborting = (await load(addonPath('runtime', build))) as Addon & { callExit(code: number): never };
      expect(() => aborting.callExit(-1), build).toThrow(build === 'wasi' ? WebAssembly.RuntimeError : /called exit\(/);
    }
  });

  it('unload() leaves nothing of the module in the runtime tables', async () => {
    const before = { ...tableStats(), ...referenceStats(), top: handleStats().top };
    const promises = (await load(addonPath('promises', 'wasi'))) as { createPromise(): { promise: Promise<unknown> } };
    const pending = [promises.createPromise(), promises.createPromise(), promises.createPromise()];
    expect(tableStats().deferreds).toBe(before.deferreds! + 3);
    const refs = (await load(addonPath('runtime', 'wasi'))) as Addon & { keepForTeardown(a: object, b: object): void };
    (globalThis as { teardownLog?: string[] }).teardownLog = [];
    refs.keepForTeardown({}, {});
    expect(referenceStats().references).toBe(before.references + 2);
    unload(promises);
    unload(refs);
    delete (globalThis as { teardownLog?: string[] }).teardownLog;
    expect({ ...tableStats(), ...referenceStats(), top: handleStats().top }).toEqual(before);
    // The promises of deferreds dropped at teardown stay pending (nothing settles them), as in Node.
    const settled = await Promise.race([Promise.race(pending.map((p) => p.promise)).then(() => true, () => true), new Promise((r) => setTimeout(() => r(false), 20))]);
    expect(settled).toBe(false);
  });

  it('traces every Node-API call when asked', async () => {
    const lines: string[] = [];
    const addon = (await load(wasm, { trace: (l) => lines.push(l) })) as Addon;
    lines.length = 0;
    addon.add(1, 2);
    expect(lines.some((l) => l.startsWith('napi_get_cb_info('))).toBe(true);
    expect(lines.some((l) => l.startsWith('napi_create_double(') && l.endsWith(') = napi_ok'))).toBe(true);
  });
});

// node-api-headers lists every function of js_native_api.h and node_api.h by Node-API version.
const headers = (await import('node-api-headers/symbols.js')).default as Record<string, Record<string, string[]>>;

describe('the symbol list', () => {

  it('has every function that node-api-headers declares, with the version that introduced it', () => {
    const expected = new Map<string, number>();
    for (const [v, groups] of Object.entries(headers)) {
      for (const name of [...groups.js_native_api_symbols!, ...groups.node_api_symbols!]) {
        if (!expected.has(name)) expected.set(name, Number(v.slice(1)));
      }
    }
    const ours = new Map(symbols.map(([name, version]) => [name, version]));
    expect(ours.size).toBe(symbols.length); // no duplicates
    expect([...ours].sort()).toEqual([...expected].sort());
  });

  it('each implementation lives in the file its group names', async () => {
    const groups = new Map(symbols.map(([name, , group]) => [name, group]));
    for (const file of new Set(groups.values())) {
      const module = (await import(`../../src/api/${file}.ts`)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        if (typeof value === 'function' && /^(napi|node_api)_/.test(name)) expect([name, groups.get(name)]).toEqual([name, file]);
      }
    }
  });

  // The table was generated before the on-demand groups were loaded, and so said "not yet" for
  // every function in them (84 of 155).
  itInNode('docs/coverage.md is what scripts/coverage.mjs makes of the runtime: every function implemented', 'node:fs', async () => {
    const { readFileSync } = await import('node:fs');
    const { implementationOf, loadGroups } = await import('../../src/imports.js');
    type Coverage = { render(runtime: object): Promise<string>; target: string };
    // @ts-expect-error: a script without types
    const { render, target } = (await import('../../scripts/coverage.mjs')) as Coverage;
    const text = await render({ symbols, implementationOf, loadGroups });
    expect(text).toContain(`\n${symbols.length} of ${symbols.length} functions implemented.\n`);
    expect(text).not.toContain('not yet');
    expect(readFileSync(target, 'utf8'), 'docs/coverage.md is out of date: run `node scripts/coverage.mjs`').toBe(text);
  });

  it('a module importing every symbol loads', async () => {
    const all = symbols.map(([name]) => ['napi', name] as [string, string]);
    // Fails later only for lack of a memory export, i.e. after linking succeeded.
    await expect(load(moduleImporting(all))).rejects.toThrow(/export its memory/);
  });
});
