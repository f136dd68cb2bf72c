// Old-style registration: the addon's constructor function calls napi_module_register(&module) while
// the library loads. The same file has the symbol-based entry point too; Node takes the module the
// constructor registered (its "module pending" wins over the exported symbol), and so does the runtime.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { load } from '../../src/index.js';
import { addonPath, describeEachBuild, type Addon } from '../harness.js';

/** The module's bytes with the export napi_register_wasm_v1 renamed (same length, so still valid). */
function withoutEntryPoint(file: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(file));
  const name = new TextEncoder().encode('napi_register_wasm_v1');
  for (let i = 0; i + name.length <= bytes.length; i++) {
    if (name.every((b, j) => bytes[i + j] === b)) {
      bytes[i + name.length - 1] = 'X'.charCodeAt(0);
      return bytes;
    }
  }
  throw new Error(`${file} has no napi_register_wasm_v1`);
}

await describeEachBuild('module_register', (a, build) => {
  it('the module registered with napi_module_register is the one initialized, once', () => {
    expect(a.registeredBy).toBe('napi_module_register');
    expect(a.initCalls()).toBe(1);
    expect(Object.keys(a)).toEqual(['registeredBy', 'initCalls']);
  });

  if (build !== 'native') {
    it('wasm: a module with no napi_register_wasm_v1 loads through napi_module_register', async () => {
      const b: Addon = await load(withoutEntryPoint(addonPath('module_register', build)));
      expect(b.registeredBy).toBe('napi_module_register');
      expect(b.initCalls()).toBe(1);
    });

    it('wasm: a module with neither entry point is refused with a clear error', async () => {
      await expect(load(withoutEntryPoint(addonPath('lifecycle', build)))).rejects.toThrow(
        /exports no napi_register_wasm_v1 and registered no module with napi_module_register/,
      );
    });
  }
});
