// The three engines the page can run: Box2D 2.4.1 built to wasm with each toolchain (the same C++
// addon, wasm/box2d/binding.cc, imported through wasm-napi's Vite plugin), and planck.js.
import loadWasi from '../../wasm/box2d/build/wasi/box2d.wasm?napi&loader';
import loadEmscripten from '../../wasm/box2d/build/emscripten/box2d.wasm?napi&loader';
import { planckAddon } from './planck-world.js';
import { ModuleStats } from './stats.js';
import type { Addon } from './world.js';

export type EngineId = 'wasi' | 'emscripten' | 'planck';

export interface Engine {
  id: EngineId;
  label: string;
  addon: Addon;
  /** The runtime's counters for a wasm build; none for planck.js. */
  stats?: ModuleStats;
}

export const engineIds: readonly EngineId[] = ['wasi', 'emscripten', 'planck'];

export const engineLabels: Record<EngineId, string> = {
  wasi: 'Box2D → wasm (clang wasm32-wasi)',
  emscripten: 'Box2D → wasm (Emscripten)',
  planck: 'planck.js (JavaScript)',
};

/** For the comparison table. */
export const engineShortLabels: Record<EngineId, string> = {
  wasi: 'wasm · clang',
  emscripten: 'wasm · Emscripten',
  planck: 'planck.js',
};

const loaders = { wasi: loadWasi, emscripten: loadEmscripten };
const loaded = new Map<EngineId, Promise<Engine>>();

/** Loads an engine once; later calls give the same one. */
export function engine(id: EngineId): Promise<Engine> {
  let engine = loaded.get(id);
  if (engine === undefined) {
    engine = load(id);
    loaded.set(id, engine);
    engine.catch(() => loaded.delete(id)); // let a later click retry
  }
  return engine;
}

async function load(id: EngineId): Promise<Engine> {
  if (id === 'planck') return { id, label: engineLabels[id], addon: planckAddon };
  const stats = new ModuleStats();
  const addon = await loaders[id]<Addon>(stats.loadOptions());
  return { id, label: engineLabels[id], addon, stats };
}
