// The one place the page reads the runtime's counters.
//
// Until the runtime has `stats(exports)`: napi calls are counted through the `trace` load option
// (each line starts with the function's name; Box2D makes a few dozen calls a frame, so formatting
// them costs little), open handles and references come from handleStats() / referenceStats(),
// which cover every loaded module, and wraps and pending finalizers are not known.
// With `stats(exports)`: loadOptions() returns its load option and read() calls it.
import { handleStats, referenceStats, type LoadOptions } from 'wasm-napi/browser';

export interface RuntimeStats {
  /** Node-API calls by function name since the previous read. */
  calls: Record<string, number>;
  handles: number;
  references: number;
  wraps?: number;
  pendingFinalizers?: number;
}

/** handleStats().top counts the fixed handles (undefined, null, false, true, global) and slot 0. */
const FIXED_HANDLES = 6;

export class ModuleStats {
  private calls: Record<string, number> = {};

  /** What to pass to the module's loader so that its calls are counted. */
  loadOptions(): LoadOptions {
    return {
      trace: (line) => {
        const name = line.slice(0, line.indexOf('('));
        this.calls[name] = (this.calls[name] ?? 0) + 1;
      },
    };
  }

  /** The counters of the module whose exports these are; `calls` restarts from zero. */
  read(_exports: unknown): RuntimeStats {
    const calls = this.calls;
    this.calls = {};
    return { calls, handles: handleStats().top - FIXED_HANDLES, references: referenceStats().references };
  }
}
