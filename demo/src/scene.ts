// The scene every engine runs: a walled box with two slanted shelves, and boxes, circles and the
// odd hexagon dropped in from the top, the same sequence each time (seeded), up to a limit.
import type { World } from './world.js';

export const GRAVITY = { x: 0, y: -10 } as const;
/** The part of the world the canvas shows, in metres. */
export const BOUNDS = { left: -20, right: 20, bottom: -1, top: 24 } as const;
export const MAX_BODIES = 400;

export function buildContainer(world: World): void {
  const ground = { dynamic: false };
  world.createBox(0, -0.5, 20, 0.5, ground);
  world.createBox(-19.5, 11, 0.5, 11, ground);
  world.createBox(19.5, 11, 0.5, 11, ground);
  world.createBox(-9, 9, 6, 0.25, { dynamic: false, angle: -0.25 });
  world.createBox(9, 5, 6, 0.25, { dynamic: false, angle: 0.25 });
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Spawner {
  private readonly next = random(2024);
  private frame = 0;

  /** `every`: a new body every this many frames. */
  constructor(private readonly every = 3) {}

  /** Called once a frame: adds a body every few frames while the world is below MAX_BODIES. */
  tick(world: World): void {
    if (this.frame++ % this.every !== 0 || world.bodyCount >= MAX_BODIES) return;
    const r = this.next;
    const x = -16 + 32 * r();
    const y = 21 + 2 * r();
    const size = 0.3 + 0.5 * r();
    const kind = r();
    if (kind < 0.45) world.createBox(x, y, size, size * (0.6 + 0.8 * r()), { angle: r() * Math.PI, friction: 0.5 });
    else if (kind < 0.9) world.createCircle(x, y, size, { restitution: 0.4 * r(), density: 1.5 });
    else world.createPolygon(x, y, hexagon(size * 1.2), { angle: r() });
  }
}

/** A regular hexagon of circumradius r, as a flat x, y list. */
export function hexagon(r: number): number[] {
  const v: number[] = [];
  for (let i = 0; i < 6; i++) v.push(r * Math.cos((i * Math.PI) / 3), r * Math.sin((i * Math.PI) / 3));
  return v;
}
