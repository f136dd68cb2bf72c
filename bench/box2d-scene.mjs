// The Box2D benchmark's scene, shared by bench/box2d.mjs (Node) and bench/browser/box2d.js
// (Chromium, driven by bench/browser.mjs); browser-safe, no node: imports. 500 bodies, boxes and
// circles in turn, dropped in rows of 25 into a container 30 m wide with 25 m walls; 300 steps of
// 1/60 s, 8 velocity and 3 position iterations; then reads of all positions, as a renderer does each
// frame.

export const BODIES = 500;
export const STEPS = 300;
export const DT = 1 / 60;
export const VELOCITY_ITERATIONS = 8;
export const POSITION_ITERATIONS = 3;
export const READS = 2000;

// Bodies of 0.8 m; every other row shifted by half a body so they do not land in neat columns.
const HALF = 0.4;
const spawn = Array.from({ length: BODIES }, (_, i) => {
  const row = Math.floor(i / 25);
  return { x: -12 + (i % 25) + (row % 2 ? 0.25 : -0.25), y: 1 + row, box: i % 2 === 0 };
});
const statics = [
  { x: 0, y: -0.5, hw: 15.5, hh: 0.5 }, // the floor, its top at y = 0
  { x: -15.5, y: 12.5, hw: 0.5, hh: 12.5 }, // the walls
  { x: 15.5, y: 12.5, hw: 0.5, hh: 12.5 },
];

/** The scene through the Box2D addon's World (wasm/box2d/binding.cc): the same calls on every build. */
export function addonEngine(addon) {
  return {
    create() {
      const world = new addon.World(0, -10);
      for (const s of statics) world.createBox(s.x, s.y, s.hw, s.hh, { dynamic: false });
      for (const b of spawn) {
        if (b.box) world.createBox(b.x, b.y, HALF, HALF);
        else world.createCircle(b.x, b.y, HALF);
      }
      const out = new Float32Array(world.bodyCount * 3);
      return {
        step: () => world.step(DT, VELOCITY_ITERATIONS, POSITION_ITERATIONS),
        read: () => world.readPositions(out),
        positions: () => out.slice(statics.length * 3),
        destroy: () => world.destroy(),
      };
    },
  };
}

/**
 * The scene through planck's API. The addon's defaults are Box2D's fixture defaults with density 1
 * and friction 0.3; planck's are density 0 and friction 0.2, so both are given.
 */
export function planckEngine(planck) {
  return {
    create() {
      const world = new planck.World({ gravity: { x: 0, y: -10 } });
      for (const s of statics) world.createBody({ position: s }).createFixture(new planck.Box(s.hw, s.hh), { friction: 0.3 });
      const bodies = spawn.map((b) => {
        const body = world.createDynamicBody({ position: { x: b.x, y: b.y } });
        body.createFixture(b.box ? new planck.Box(HALF, HALF) : new planck.Circle(HALF), { density: 1, friction: 0.3 });
        return body;
      });
      // The per-frame read a renderer does: every body's x, y and angle into one array.
      const out = new Float32Array((statics.length + BODIES) * 3);
      return {
        step: () => world.step(DT, VELOCITY_ITERATIONS, POSITION_ITERATIONS),
        read: () => {
          for (let i = 0; i < bodies.length; i++) {
            const p = bodies[i].getPosition();
            const k = (statics.length + i) * 3;
            out[k] = p.x;
            out[k + 1] = p.y;
            out[k + 2] = bodies[i].getAngle();
          }
          return bodies.length;
        },
        positions: () => out.slice(statics.length * 3),
        destroy: () => {},
      };
    },
  };
}

/**
 * One run: builds the scene, collects garbage, times `steps` steps then `reads` reads (wall-clock ms
 * per step and per read, with `now()` in ms), and returns the dynamic bodies' final x, y, angle.
 */
export function runOnce(engine, { steps = STEPS, reads = READS, gc = () => {}, now = () => performance.now() } = {}) {
  const world = engine.create();
  gc();
  const t0 = now();
  for (let i = 0; i < steps; i++) world.step();
  const t1 = now();
  for (let i = 0; i < reads; i++) world.read();
  const t2 = now();
  const positions = world.positions();
  world.destroy();
  return { stepMs: (t1 - t0) / steps, readMs: (t2 - t1) / reads, positions };
}

/** How many bodies ended inside the container: every engine must have simulated the same thing. */
export function contained(p) {
  let inside = 0;
  for (let i = 0; i < p.length; i += 3) if (Math.abs(p[i]) < 15 && p[i + 1] > 0 && p[i + 1] < 25) inside++;
  return inside;
}
