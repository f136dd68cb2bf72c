// Public entry point for browsers (and workers): no Node built-ins. Sources given as strings are
// URLs relative to the page.
import { browserHost } from './host-browser.js';
import { loadWith, type LoadOptions, type WasmSource } from './module.js';

export * from './common.js';

/**
 * Loads a Node-API module compiled to wasm (a URL, bytes, a Response's bytes or a
 * WebAssembly.Module) and returns its exports.
 */
export function load(source: WasmSource, options?: LoadOptions): Promise<unknown> {
  return loadWith(browserHost, source, options);
}
