// Public entry point for Node: `load()` a Node-API module compiled to wasm and get its exports.
import { nodeHost } from './host-node.js';
import { loadWith, type LoadOptions, type WasmSource } from './module.js';

export * from './common.js';

/**
 * Loads a Node-API module compiled to wasm (a path, a URL, bytes or a WebAssembly.Module) and
 * returns its exports, as `require()` returns a native addon's.
 */
export function load(source: WasmSource, options?: LoadOptions): Promise<unknown> {
  return loadWith(nodeHost, source, options);
}
