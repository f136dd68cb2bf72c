// How the benchmarks load a module with each peer runtime, shared by bench/run.mjs (Node) and
// bench/browser/main.js (Chromium). Browser-safe: each host passes the bytes (or a Response) and its
// own WASI object.

/**
 * emnapi's documented route for wasm32-wasi modules: instantiateNapiModule with a WASI object
 * (node:wasi in Node; in browsers its README suggests a WASI polyfill). `input` is what emnapi
 * accepts: bytes, a promise of bytes, or a Response (fetch()).
 */
export async function loadWithEmnapi({ instantiateNapiModule, getDefaultContext }, input, wasi) {
  const { napiModule } = await instantiateNapiModule(input, { wasi, context: getDefaultContext() });
  return napiModule.exports;
}

/**
 * napi-wasm's README route: instantiate with its `napi` object as the import table, then
 * `new Environment(instance).exports`. Node's headers import napi_* from "napi" (napi-wasm's README
 * says "env"): both get the table. Two adaptations, neither touching the calls measured:
 * - napi-wasm allocates wasm memory with an export named napi_wasm_malloc (napi_wasm_free to free);
 *   the module exports C's malloc/free, so Environment sees them under those names.
 * - napi-wasm 1.1.3 lacks some functions node-addon-api links against (napi_get_last_error_info,
 *   reached only on error paths): a stub that throws lets the module link, and an op that does reach
 *   one fails visibly instead of the whole module failing to instantiate. Their names are added to
 *   `stubs` (a Set) for the report.
 * The module is a wasi reactor with no wasi imports: _initialize runs its constructors.
 */
export async function loadWithNapiWasm({ Environment, napi }, module, stubs) {
  const table = { ...napi };
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.kind === 'function' && (imp.module === 'napi' || imp.module === 'env') && !(imp.name in table)) {
      stubs.add(imp.name);
      table[imp.name] = () => {
        throw new Error(`napi-wasm 1.1.3 has no ${imp.name}`);
      };
    }
  }
  const instance = await WebAssembly.instantiate(module, { napi: table, env: table });
  instance.exports._initialize?.();
  const { malloc, free } = instance.exports;
  const env = new Environment({ exports: { ...instance.exports, napi_wasm_malloc: malloc, napi_wasm_free: free } });
  return env.exports;
}

/** Causes of peers' failures that their own source or docs state (checked against the error seen). */
export function knownCause(key, op, error) {
  if (key === 'napiWasm' && op === 'makeObject()' && /s: ''|"s":""/.test(error)) {
    return "napi-wasm 1.1.3's napi_create_string_utf8 ignores NAPI_AUTO_LENGTH: it decodes `length` bytes as given " +
      '(0xFFFFFFFF arrives as -1), so a NUL-terminated string passed with NAPI_AUTO_LENGTH comes out empty.';
  }
  if (key === 'emnapi' && /fill/.test(op) && /returned/.test(error)) {
    return 'emnapi copies bytes C writes through a data pointer to the JS ArrayBuffer only on an `emnapi_sync_memory` ' +
      'call (an emnapi extension, not Node-API); bench.c is plain Node-API, so JS does not see the writes.';
  }
  return undefined;
}
