// ModuleManager, foreign modules: what a module built for another runtime expects of its host, told
// apart by its imports and exports (docs/foreign.md).
//
// - `wasm-napi`: ours (and any build against Node's headers): exports its memory; init through
//   napi_register_wasm_v1 or napi_module_register.
// - `napi-wasm`: napi-wasm's builds (lightningcss-wasm, …): exports `napi_wasm_malloc`; Rust's
//   napi crate registers its exports from `register_module` before init.
// - `emnapi`: emnapi/napi-rs wasm32-wasi builds: import `env.memory` (shared under napi-rs), export
//   `__napi_register__*` functions to run before init, and `emnapi_*` helpers for threads.

export type Abi = 'wasm-napi' | 'napi-wasm' | 'emnapi';

/** Pages napi-rs's generated loaders give the shared memory they create for the module. */
const EMNAPI_MEMORY = { initial: 4000, maximum: 65536 };

// These take the module's import descriptors (WebAssembly.Module.imports), which the ModuleManager
// reads once per load.
type Imports = readonly WebAssembly.ModuleImportDescriptor[];

// Plain loops below: they run once per load, where each arrow function would be one more function
// for V8 to compile on a cold start.

export function detectAbi(module: WebAssembly.Module, imports: Imports): Abi {
  let abi: Abi = 'wasm-napi';
  for (const { name } of WebAssembly.Module.exports(module)) {
    if (name.startsWith('__napi_register__') || name.startsWith('emnapi_')) return 'emnapi';
    if (name === 'napi_wasm_malloc' || name === 'register_module') abi = 'napi-wasm';
  }
  for (const i of imports) if (i.module === 'emnapi') return 'emnapi';
  return abi;
}

/**
 * Imports that mean the module needs threads (wasi-threads, emnapi's worker helpers): named in an
 * error before instantiation, rather than a LinkError or a trap later.
 */
export function threadImports(imports: Imports): string[] {
  const threads: string[] = [];
  for (const { module, name } of imports) {
    if ((module === 'wasi' && name === 'thread-spawn') || name.startsWith('_emnapi_') || name.startsWith('emnapi_thread')) threads.push(`${module}.${name}`);
  }
  return threads;
}

/**
 * The memory for a module that imports `env.memory` instead of defining its own. emnapi/napi-rs
 * builds want a shared one (they are linked for threads even when they spawn none); WebAssembly
 * has no reflection of the import's limits here, so try shared, then plain.
 */
export function importedMemory(imports: Imports): { module: string; name: string; candidates: () => WebAssembly.Memory[] } | undefined {
  let imp: WebAssembly.ModuleImportDescriptor | undefined;
  for (const i of imports) {
    if (i.kind === 'memory') {
      imp = i;
      break;
    }
  }
  if (!imp) return undefined;
  return {
    module: imp.module,
    name: imp.name,
    candidates: () => {
      const out: WebAssembly.Memory[] = [];
      try {
        out.push(new WebAssembly.Memory({ ...EMNAPI_MEMORY, shared: true }));
      } catch {
        // no shared memory (a page without cross-origin isolation): the plain one may still fit
      }
      out.push(new WebAssembly.Memory({ initial: 256, maximum: 65536 }));
      return out;
    },
  };
}

/**
 * Runs the registration hooks a foreign module needs before its init: napi-rs's
 * `__napi_register__*` (one per exported item, in export order) and napi's `register_module`.
 */
export function preRegister(exports: WebAssembly.Exports): void {
  for (const [name, f] of Object.entries(exports)) {
    if (typeof f === 'function' && (name.startsWith('__napi_register__') || name === 'register_module')) (f as () => void)();
  }
}
