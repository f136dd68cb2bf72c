// Like for like: steps the same scene on an engine, off screen, filling it to MAX_BODIES bodies
// (one a frame), and times the steps. Only world.step() is timed, as in the live readout.
import { buildContainer, GRAVITY, MAX_BODIES, Spawner } from './scene.js';
import type { Addon } from './world.js';

export const BENCHMARK_STEPS = MAX_BODIES + 200;

/** Mean time of one step, in ms, over BENCHMARK_STEPS steps of the scene. */
export function benchmark(addon: Addon): number {
  const world = new addon.World(GRAVITY.x, GRAVITY.y);
  try {
    buildContainer(world);
    const spawner = new Spawner(1);
    let total = 0;
    for (let i = 0; i < BENCHMARK_STEPS; i++) {
      spawner.tick(world);
      const t0 = performance.now();
      world.step(1 / 60);
      total += performance.now() - t0;
    }
    return total / BENCHMARK_STEPS;
  } finally {
    world.destroy();
  }
}
