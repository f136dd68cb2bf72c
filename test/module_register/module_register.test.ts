// Old-style registration: the addon's constructor function calls napi_module_register(&module) while
// the library loads. The same file has the symbol-based entry point too; Node takes the module the
// constructor registered (its "module pending" wins over the exported symbol), and so does the runtime.
import { expect, it } from 'vitest';
import { addonBytes, describeEachBuild, runtime, type Addon, type Build } from '../harness.js';

const { load } = await runtime();

/** The module's bytes with the export napi_register_wasm_v1 renamed (same length, so still valid). */
async function withoutEntryPoint(name: string, build: Exclude<Build, 'native'>): Promise<Uint8Array> {
  const bytes = await addonBytes(name, build);
  const symbol = new TextEncoder().encode('napi_register_wasm_v1');
  for (let i = 0; i + symbol.length <= bytes.length; i++) {
    if (symbol.every((b, j) => bytes[i + j] === b)) {
      bytes[i + symbol.length - 1] = 'X'.charCodeAt(0);
      return bytes;
    }
  }
  throw new Error(`${name} [${build}] has no napi_register_wasm_v1`);
}

await describeEachBuild('module_register', (a, build) => {
  it('the module registered with napi_module_register is the one initialized, once', () => {
    expect(a.registeredBy).toBe('napi_module_register');
    expect(a.initCalls()).toBe(1);
    expect(Object.keys(a)).toEqual(['registeredBy', 'initCalls']);
  });

  if (build !== 'native') {
    it('wasm: a module with no napi_register_wasm_v1 loads through napi_module_register', async () => {
      const b: Addon = await load(await withoutEntryPoint('module_register', build));
      expect(b.registeredBy).toBe('napi_module_register');
      expect(b.initCalls()).toBe(1);
    });

    it('wasm: a module with neither entry point is refused with a clear error', async () => {
      await expect(load(await withoutEntryPoint('lifecycle', build))).rejects.toThrow(
        /exports no napi_register_wasm_v1 and registered no module with napi_module_register/,
      );
    });
  }
});
