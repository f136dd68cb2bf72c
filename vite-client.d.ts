// Types of the modules that the `wasm-napi/vite` plugin makes from `.wasm` imports. Add
// `/// <reference types="wasm-napi/vite-client" />` to a .d.ts of the app, or list
// "wasm-napi/vite-client" in compilerOptions.types.

/** `import addon from './addon.wasm?napi'`: the module's exports, loaded before the importer runs. */
declare module '*.wasm?napi' {
  // What a native module exports is known only to its C code: type it at the use site.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const exports: any;
  export default exports;
  /** Where the .wasm is served. */
  export const url: string;
}

/** `import loadAddon from './addon.wasm?napi&loader'`: loads a new instance on each call. */
declare module '*.wasm?napi&loader' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const load: <Exports = any>(options?: import('wasm-napi/browser').LoadOptions) => Promise<Exports>;
  export default load;
  /** Where the .wasm is served. */
  export const url: string;
}
