// stats(): live figures of one loaded module, cheap enough to read every frame. Calls by name need
// the `stats` load option (counters.ts); the other figures are counts the runtime keeps anyway.

import { moduleEngine } from './module.js';
import { Fixed, scopes } from './scope.js';
import { symbols } from './symbols.js';

export interface ModuleStats {
  /**
   * Node-API calls by name since load (or the last reset), for names called at least once; null
   * when the module was loaded without `stats: true`.
   */
  calls: Record<string, number> | null;
  /** All of them together (null without `stats: true`). */
  totalCalls: number | null;
  /** Open handles: the handle stack's depth above its fixed handles. Shared by every module. */
  handles: number;
  /** Open handle scopes (every module's, as handles). */
  scopes: number;
  /** The module's live references: napi_ref, wraps, finalizers, externals with a finalizer. */
  references: number;
  /** Of those, the ones that hold a napi_wrap. */
  wraps: number;
  /** Finalizers queued to run (their objects were collected), not run yet. */
  finalizers: number;
  /**
   * Copies in linear memory of ArrayBuffers whose data pointer C asked for or that C made
   * (docs/memory.md), and their bytes: freed once their buffer is collected.
   */
  mirrors: number;
  mirrorBytes: number;
}

export interface StatsOptions {
  /** Start counting calls again from 0 (after reading them). */
  reset?: boolean;
  /** Fill this object instead of a new one (a per-frame reader allocates nothing). */
  into?: ModuleStats;
}

/** Figures of the module whose exports `load()` returned. */
export function stats(exports: unknown, options: StatsOptions = {}): ModuleStats {
  const e = moduleEngine(exports);
  if (!e) throw new TypeError('wasm-napi: stats() takes the exports of a module loaded with load()');
  const out = options.into ?? { calls: null, totalCalls: null, handles: 0, scopes: 0, references: 0, wraps: 0, finalizers: 0, mirrors: 0, mirrorBytes: 0 };
  const counts = e.calls;
  if (counts) {
    const calls = (out.calls ??= {});
    let total = 0;
    for (let i = 0; i < counts.length; i++) {
      const n = counts[i]!;
      total += n;
      const name = symbols[i]![0];
      if (n !== 0 || calls[name] !== undefined) calls[name] = n;
    }
    out.totalCalls = total;
    if (options.reset) counts.fill(0);
  } else {
    out.calls = null;
    out.totalCalls = null;
  }
  out.handles = scopes.top - Fixed.first;
  out.scopes = scopes.depth;
  out.references = e.refs.size();
  out.wraps = e.refs.wraps;
  out.finalizers = e.refs.pendingFinalizers();
  out.mirrors = e.mirrors.shadows;
  out.mirrorBytes = e.mirrors.shadowBytes;
  return out;
}
