// What both entry points (Node: index.ts, browsers: browser.ts) export besides `load`.
export { unload } from './module.js';
export type { LoadOptions, WasiOptions, WasmSource } from './module.js';
export { handleStats } from './scope.js';
export { tableStats } from './imports.js';
export { referenceStats } from './reference.js';
export { symbols } from './symbols.js';
export { stats } from './stats.js';
export type { ModuleStats, StatsOptions } from './stats.js';
