// The one place the page reads the runtime's counters: `stats(exports)` of the loaded module, with
// calls counted by the `stats` load option. Reading resets the call counts, so each read gives the
// calls made since the previous one (one frame); the object is reused from frame to frame.
import { stats, type LoadOptions, type ModuleStats as RuntimeFigures } from 'wasm-napi/browser';

export interface RuntimeStats {
  /** Node-API calls by function name since the previous read. */
  calls: Record<string, number>;
  handles: number;
  references: number;
  wraps?: number;
  pendingFinalizers?: number;
}

export class ModuleStats {
  private figures: RuntimeFigures | undefined;

  /** What to pass to the module's loader so that its calls are counted. */
  loadOptions(): LoadOptions {
    return { stats: true };
  }

  /** The counters of the module whose exports these are; `calls` restarts from zero. */
  read(exports: unknown): RuntimeStats {
    const f = (this.figures = stats(exports, { reset: true, into: this.figures }));
    const calls: Record<string, number> = {};
    for (const [name, n] of Object.entries(f.calls ?? {})) if (n > 0) calls[name] = n;
    return { calls, handles: f.handles, references: f.references, wraps: f.wraps, pendingFinalizers: f.finalizers };
  }
}
