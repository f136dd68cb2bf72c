// Box2D 2.4.1 behind a node-addon-api binding (wasm/box2d/binding.cc), run natively and as wasm on
// both routes. The builds live in wasm/box2d/build/ (made by `node wasm/box2d/build.mjs`, which
// fetches Box2D's sources from Debian first), not in test/build/, so this file loads them itself.
// In the browser project the two wasm builds are fetched from the Vite server, as the harness does.
//
// Two parts: the same behaviour checks against every build, then a differential check that the wasm
// builds compute the same world as the native one.
import { describe, expect, it } from 'vitest';
import { builds, isBrowser, runtime, thrown, type Addon, type Build } from '../harness.js';
import { BODY_COUNT, buildScene, CIRCLES, hexagon, PENDULUM, PIVOT, POLYGON, STACK, V, V_BOTTOM, V_SLOPE } from '../../wasm/box2d/scene.mjs';

const DT = 1 / 60;
const HOW_TO_BUILD = 'run `node wasm/box2d/build.mjs`';

/** wasm/box2d/build/<build>/box2d.{node,wasm}, as build.mjs writes them. */
function buildUrl(build: Build): URL {
  const path = `wasm/box2d/build/${build}/box2d.${build === 'native' ? 'node' : 'wasm'}`;
  // The browser project's server serves the repository root. This file's own import.meta.url is
  // no base there: Vitest loads test files by their file-system path, which the server does not
  // serve static files under.
  return isBrowser ? new URL(`/${path}`, location.href) : new URL(`../../${path}`, import.meta.url);
}

/** The addon, or why it cannot run here (native in a browser, a build missing or failed). */
async function loadBox2d(build: Build): Promise<Addon | { missing: string }> {
  const url = buildUrl(build);
  if (isBrowser) {
    if (build === 'native') return { missing: 'a native .node addon needs Node' };
    const response = await fetch(url);
    if (!response.ok) return { missing: `${url.href}: HTTP ${response.status}: ${HOW_TO_BUILD}` };
    return (await runtime()).load(new Uint8Array(await response.arrayBuffer()));
  }
  const { existsSync, readFileSync } = await import('node:fs');
  const file = decodeURIComponent(url.pathname);
  if (!existsSync(file)) {
    // build.mjs records why a build failed.
    let reason = 'not built';
    try {
      reason = JSON.parse(readFileSync(new URL('../../wasm/box2d/build/build-info.json', import.meta.url), 'utf8'))[build] ?? reason;
    } catch {
      // no build has run yet
    }
    return { missing: `${reason}: ${HOW_TO_BUILD}` };
  }
  if (build === 'native') {
    const { createRequire } = await import('node:module');
    return createRequire(import.meta.url)(file);
  }
  return (await runtime()).load(file);
}

const addons = new Map<Build, Addon>();
for (const build of builds) {
  const addon = await loadBox2d(build);
  // A skipped test inside, so that the reason shows in the report (an empty suite is not listed).
  if ('missing' in addon) describe(`box2d [${build}]`, () => it.skip(addon.missing, () => {}));
  else addons.set(build, addon);
}

function steps(world: Addon, n: number): void {
  for (let i = 0; i < n; i++) world.step(DT);
}

function positions(world: Addon): Float32Array {
  const out = new Float32Array(world.bodyCount * 3);
  world.readPositions(out);
  return out;
}

for (const [build, addon] of addons) {
  const { World } = addon;

  describe(`box2d [${build}]`, () => {
    it('exports the World class', () => {
      expect(typeof World).toBe('function');
      expect(World.name).toBe('World');
      const w = new World(0, -10);
      expect(w).toBeInstanceOf(World);
      expect(w.bodyCount).toBe(0);
      // A class constructor: calling it without `new` is a TypeError, as for any JS class.
      expect(() => World(0, -10)).toThrow(TypeError);
      w.destroy();
    });

    it('hands out body ids 0, 1, 2, ... in creation order, and joint ids separately', () => {
      const w = new World(0, -10);
      expect(w.createBox(0, 0, 1, 1)).toBe(0);
      expect(w.createCircle(3, 0, 0.5)).toBe(1);
      expect(w.createPolygon(6, 0, [0, 0, 1, 0, 0, 1])).toBe(2);
      expect(w.bodyCount).toBe(3);
      expect(w.createRevoluteJoint(0, 1, 1.5, 0)).toBe(0);
      expect(w.createDistanceJoint(1, 2, 3, 0, 6, 0)).toBe(1);
      w.destroy();
    });

    it('bodies fall under gravity as Box2D integrates it (semi-implicit Euler)', () => {
      const w = new World(0, -10);
      const id = w.createCircle(1, 10, 0.5);
      const heights: number[] = [];
      for (let n = 1; n <= 30; n++) {
        w.step(DT);
        heights.push(w.getPosition(id).y);
      }
      // Strictly falling, and after n steps the drop is g*dt^2*n(n+1)/2 (velocity first, then position).
      for (let n = 1; n < heights.length; n++) expect(heights[n]!).toBeLessThan(heights[n - 1]!);
      expect(10 - heights[29]!).toBeCloseTo(10 * DT * DT * (30 * 31) / 2, 4);
      expect(w.getPosition(id).x).toBe(1);
      // The default gravity is (0, -10); another gravity pulls the other way.
      const up = new World(0, 10);
      const b = up.createBox(0, 0, 1, 1);
      steps(up, 30);
      expect(up.getPosition(b).y).toBeCloseTo(10 * DT * DT * (30 * 31) / 2, 4);
      const byDefault = new World();
      const c = byDefault.createBox(0, 0, 1, 1);
      steps(byDefault, 30);
      expect(byDefault.getPosition(c).y).toBeCloseTo(-10 * DT * DT * (30 * 31) / 2, 4);
      for (const x of [w, up, byDefault]) x.destroy();
    });

    it('the scene settles: the stack stands, the balls rest in the V, the pendulum keeps its lengths', () => {
      const w = buildScene(new World(0, -10));
      expect(w.bodyCount).toBe(BODY_COUNT);
      steps(w, 300);
      const at300 = positions(w);
      for (const [level, id] of STACK.entries()) {
        const p = w.getPosition(id);
        // Box2D keeps a skin of b2_polygonRadius (1 cm) between polygons: each level sits ~5-10 mm high.
        expect(Math.abs(p.x - -4)).toBeLessThan(0.01);
        expect(Math.abs(p.y - (0.5 + level))).toBeLessThan(0.1);
        expect(Math.abs(p.angle)).toBeLessThan(0.01);
      }
      // The balls lie in the V, below its rim.
      for (const id of CIRCLES) {
        const p = w.getPosition(id);
        expect(Math.abs(p.x - V_BOTTOM.x)).toBeLessThan(2 * Math.cos(V_SLOPE));
        expect(p.y).toBeGreaterThan(0.4);
        expect(p.y).toBeLessThan(2 * 2 * Math.sin(V_SLOPE));
      }
      // The hexagon, a vertex at angle 0 in its own frame, comes to rest on an edge: its centre
      // sqrt(3)/2*r above the ground (plus Box2D's 1 cm skin), and its angle a multiple of 60 degrees.
      const hex = w.getPosition(POLYGON);
      expect(Math.abs(hex.y - (Math.sqrt(3) / 2) * 0.6)).toBeLessThan(0.03);
      const sixth = hex.angle / (Math.PI / 3);
      expect(Math.abs(sixth - Math.round(sixth))).toBeLessThan(0.02);
      // The static bodies have not moved.
      expect(w.getPosition(0)).toEqual({ x: 0, y: -1, angle: 0 });
      expect(w.getPosition(PIVOT)).toEqual({ x: -10, y: 8, angle: 0 });
      for (const id of V) expect(Math.abs(w.getPosition(id).angle)).toBe(Math.fround(V_SLOPE));
      // The revolute joint keeps the first box 3 m from the pivot, the rod keeps the boxes 2 m apart.
      const [a, b] = PENDULUM.map((id: number) => w.getPosition(id));
      expect(Math.hypot(a.x - -10, a.y - 8)).toBeCloseTo(3, 2);
      expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeCloseTo(2, 2);
      // At rest (asleep): another second moves nothing but the pendulum, not by a bit.
      steps(w, 60);
      const at360 = positions(w);
      for (let id = 0; id < BODY_COUNT; id++) {
        if (PENDULUM.includes(id)) continue;
        expect(Array.from(at360.subarray(3 * id, 3 * id + 3)), `body ${id}`).toEqual(Array.from(at300.subarray(3 * id, 3 * id + 3)));
      }
      expect(at360[3 * PENDULUM[0]]).not.toBe(at300[3 * PENDULUM[0]]);
      w.destroy();
    });

    it('readPositions writes x, y, angle per body in id order, the same values as getPosition', () => {
      const w = buildScene(new World(0, -10));
      steps(w, 100);
      const out = new Float32Array(BODY_COUNT * 3);
      expect(w.readPositions(out)).toBe(BODY_COUNT);
      for (let id = 0; id < BODY_COUNT; id++) {
        const { x, y, angle } = w.getPosition(id);
        // Box2D's floats, exactly: getPosition widens them to doubles, the array stores them.
        expect([out[3 * id], out[3 * id + 1], out[3 * id + 2]]).toEqual([x, y, angle]);
        expect(Math.fround(x)).toBe(x);
      }
      // As many bodies as fit; the rest of the array is left alone.
      const small = new Float32Array(10).fill(-7);
      expect(w.readPositions(small)).toBe(3);
      expect(Array.from(small.subarray(0, 9))).toEqual(Array.from(out.subarray(0, 9)));
      expect(small[9]).toBe(-7);
      const large = new Float32Array(BODY_COUNT * 3 + 4).fill(-7);
      expect(w.readPositions(large)).toBe(BODY_COUNT);
      expect(Array.from(large.subarray(BODY_COUNT * 3))).toEqual([-7, -7, -7, -7]);
      expect(w.readPositions(new Float32Array(0))).toBe(0);
      // A view into a larger buffer: only its own range is written.
      const buffer = new Float32Array(BODY_COUNT * 3 + 2).fill(-7);
      expect(w.readPositions(buffer.subarray(1, 1 + BODY_COUNT * 3))).toBe(BODY_COUNT);
      expect(buffer[0]).toBe(-7);
      expect(Array.from(buffer.subarray(1, 1 + BODY_COUNT * 3))).toEqual(Array.from(out));
      expect(buffer[BODY_COUNT * 3 + 1]).toBe(-7);
      w.destroy();
    });

    it('options: static bodies, initial angle, density, friction and restitution', () => {
      const w = new World(0, -10);
      w.createBox(0, -1, 50, 1, { dynamic: false });
      const fixed = w.createBox(5, 5, 1, 1, { dynamic: false, angle: 0.5 });
      const tilted = w.createBox(-5, 5, 1, 1, { angle: 0.3 });
      expect(w.getPosition(fixed).angle).toBe(Math.fround(0.5));
      expect(w.getPosition(tilted).angle).toBe(Math.fround(0.3));
      const bouncy = w.createCircle(10, 5, 0.5, { restitution: 1 });
      const dead = w.createCircle(12, 5, 0.5, { restitution: 0 });
      // Both balls land after about 1 s; then the elastic one climbs back to nearly its start.
      const top = { bouncy: 0, dead: 0 };
      for (let n = 0; n < 150; n++) {
        w.step(DT);
        if (n < 70) continue;
        top.bouncy = Math.max(top.bouncy, w.getPosition(bouncy).y);
        top.dead = Math.max(top.dead, w.getPosition(dead).y);
      }
      expect(top.bouncy).toBeGreaterThan(4);
      expect(top.dead).toBeLessThan(0.6);
      expect(w.getPosition(fixed)).toEqual({ x: 5, y: 5, angle: Math.fround(0.5) });
      // null and {} mean the defaults.
      const a = w.createBox(30, 5, 1, 1, null);
      const b = w.createBox(33, 5, 1, 1, {});
      steps(w, 10);
      expect(w.getPosition(a).y).toBe(w.getPosition(b).y);
      expect(w.getPosition(a).y).toBeLessThan(5);
      w.destroy();
      // Sliding at 5 m/s along the ground: without friction a box keeps going, with it it stops.
      // (Box2D mixes the two fixtures' friction as sqrt(a * b); the ground has the default 0.3.)
      const floor = new World(0, -10);
      floor.createBox(0, -1, 100, 1, { dynamic: false });
      const slick = floor.createBox(0, 0.5, 0.5, 0.5, { friction: 0 });
      const rough = floor.createBox(0, 4, 0.5, 0.5, { friction: 1 });
      floor.createBox(0, 3, 100, 0.5, { dynamic: false }); // a second floor for the second box
      steps(floor, 10);
      floor.setLinearVelocity(slick, 5, 0);
      floor.setLinearVelocity(rough, 5, 0);
      steps(floor, 120);
      expect(floor.getPosition(slick).x).toBeCloseTo(10, 1);
      // v^2 / (2 * mu * g) with mu = sqrt(0.3): about 2.3 m.
      expect(floor.getPosition(rough).x).toBeGreaterThan(2);
      expect(floor.getPosition(rough).x).toBeLessThan(2.6);
      floor.destroy();
      // The same impulse on a body 8 times as dense: an eighth of the speed.
      const space = new World(0, 0);
      const light = space.createCircle(0, 0, 0.5, { density: 0.5 });
      const heavy = space.createCircle(0, 5, 0.5, { density: 4 });
      space.applyImpulse(light, 1, 0);
      space.applyImpulse(heavy, 1, 0);
      steps(space, 60);
      expect(space.getPosition(light).x / space.getPosition(heavy).x).toBeCloseTo(8, 4);
      space.destroy();
    });

    it('applyImpulse and setLinearVelocity move bodies as momentum says', () => {
      const w = new World(0, 0);
      // A 2 m x 2 m box of density 1 has mass 4: an impulse of (8, 0) gives it 2 m/s.
      const box = w.createBox(0, 0, 1, 1);
      w.applyImpulse(box, 8, 0);
      steps(w, 60);
      expect(w.getPosition(box).x).toBeCloseTo(2, 4);
      const ball = w.createCircle(0, 10, 0.5);
      w.setLinearVelocity(ball, 0, -3);
      steps(w, 30);
      expect(w.getPosition(ball).y).toBeCloseTo(10 - 1.5, 4);
      // Box2D ignores velocity on static bodies.
      const wall = w.createBox(0, 20, 1, 1, { dynamic: false });
      w.setLinearVelocity(wall, 5, 5);
      w.applyImpulse(wall, 5, 5);
      steps(w, 10);
      expect(w.getPosition(wall)).toEqual({ x: 0, y: 20, angle: 0 });
      w.destroy();
    });

    it('createPolygon takes a number[], a Float32Array or a Float64Array of 3 to 8 vertices', () => {
      /** Where a polygon dropped onto the ground comes to rest, in a world of its own. */
      const restingPlace = (vertices: ArrayLike<number>) => {
        const w = new World(0, -10);
        w.createBox(0, -1, 50, 1, { dynamic: false });
        const id = w.createPolygon(0, 2, vertices);
        steps(w, 120);
        const p = w.getPosition(id);
        w.destroy();
        return p;
      };
      const tri = [-0.5, 0, 0.5, 0, 0, 1];
      const expected = restingPlace(tri);
      // On its flat side (1 cm of skin above the ground).
      expect(Math.abs(expected.y)).toBeLessThan(0.02);
      expect(Math.abs(expected.angle)).toBeLessThan(1e-3);
      // The same floats reach Box2D whichever container carries them.
      expect(restingPlace(new Float32Array(tri))).toEqual(expected);
      expect(restingPlace(new Float64Array(tri))).toEqual(expected);
      // Box2D takes the convex hull, so the vertex order does not matter either.
      expect(restingPlace([0, 1, 0.5, 0, -0.5, 0])).toEqual(expected);
      // 8 vertices, the most Box2D allows.
      const octagon: number[] = [];
      for (let i = 0; i < 8; i++) octagon.push(0.5 * Math.cos((i * Math.PI) / 4 + Math.PI / 8), 0.5 * Math.sin((i * Math.PI) / 4 + Math.PI / 8));
      expect(Math.abs(restingPlace(octagon).y - 0.5 * Math.cos(Math.PI / 8))).toBeLessThan(0.02);
    });

    it('destroyBody: the id stays taken and reads as NaN; its joints go with it', () => {
      const w = buildScene(new World(0, -10));
      steps(w, 30);
      w.destroyBody(STACK[5]);
      w.destroyBody(PENDULUM[0]); // also ends both joints
      expect(w.bodyCount).toBe(BODY_COUNT);
      const out = positions(w);
      for (const id of [STACK[5], PENDULUM[0]]) {
        expect(Array.from(out.subarray(3 * id, 3 * id + 3))).toEqual([NaN, NaN, NaN]);
        expect(thrown(() => w.getPosition(id))).toEqual({ type: 'Error', message: `World.getPosition: body ${id} was destroyed` });
        expect(thrown(() => w.destroyBody(id))).toEqual({ type: 'Error', message: `World.destroyBody: body ${id} was destroyed` });
        expect(thrown(() => w.applyImpulse(id, 1, 1))).toMatchObject({ type: 'Error', message: expect.stringMatching(/was destroyed/) });
      }
      expect(thrown(() => w.createRevoluteJoint(PIVOT, PENDULUM[0], 0, 0))).toEqual({
        type: 'Error',
        message: `World.createRevoluteJoint: body ${PENDULUM[0]} was destroyed`,
      });
      // The rest carries on: the freed second pendulum box now falls to the ground.
      steps(w, 300);
      expect(w.getPosition(PENDULUM[1]).y).toBeLessThan(0.3);
      expect(w.getPosition(STACK[4]).y).toBeGreaterThan(4);
      // New bodies take new ids.
      expect(w.createCircle(0, 5, 0.5)).toBe(BODY_COUNT);
      const after = positions(w);
      expect(after.length).toBe((BODY_COUNT + 1) * 3);
      expect(Number.isNaN(after[3 * STACK[5]])).toBe(true);
      w.destroy();
    });

    it('destroy() frees the world; later calls throw, a second destroy() does nothing', () => {
      const w = buildScene(new World(0, -10));
      steps(w, 10);
      w.destroy();
      const message = (method: string) => `World.${method}: this World was destroyed (world.destroy() was called)`;
      const calls: [string, () => unknown][] = [
        ['step', () => w.step(DT)],
        ['createBox', () => w.createBox(0, 0, 1, 1)],
        ['createCircle', () => w.createCircle(0, 0, 1)],
        ['createPolygon', () => w.createPolygon(0, 0, [0, 0, 1, 0, 0, 1])],
        ['createRevoluteJoint', () => w.createRevoluteJoint(1, 2, 0, 0)],
        ['createDistanceJoint', () => w.createDistanceJoint(1, 2, 0, 0, 1, 1)],
        ['readPositions', () => w.readPositions(new Float32Array(3))],
        ['getPosition', () => w.getPosition(1)],
        ['applyImpulse', () => w.applyImpulse(1, 0, 1)],
        ['setLinearVelocity', () => w.setLinearVelocity(1, 0, 1)],
        ['destroyBody', () => w.destroyBody(1)],
        ['bodyCount', () => w.bodyCount],
      ];
      for (const [method, call] of calls) expect(thrown(call)).toEqual({ type: 'Error', message: message(method) });
      expect(w.destroy()).toBeUndefined();
      // Other worlds are independent.
      const other = new World(0, -10);
      other.createBox(0, 0, 1, 1);
      other.step(DT);
      expect(other.bodyCount).toBe(1);
      other.destroy();
    });

    it('bad arguments throw TypeError or RangeError naming the method and the argument', () => {
      const w = new World(0, -10);
      const box = w.createBox(0, 0, 1, 1);
      const ball = w.createCircle(3, 0, 1);
      const cases: [() => unknown, string, string][] = [
        [() => new World('down'), 'TypeError', 'new World: gravityX must be a number (got a string)'],
        [() => new World(0, NaN), 'RangeError', 'new World: gravityY must be finite (got NaN)'],
        [() => w.createBox(), 'TypeError', 'World.createBox: x must be a number (got undefined)'],
        [() => w.createBox(0, '1', 1, 1), 'TypeError', 'World.createBox: y must be a number (got a string)'],
        [() => w.createBox(0, 0, 0, 1), 'RangeError', 'World.createBox: halfWidth must be greater than 0 (got 0)'],
        [() => w.createBox(0, 0, 1, -2), 'RangeError', 'World.createBox: halfHeight must be greater than 0 (got -2)'],
        [() => w.createBox(Infinity, 0, 1, 1), 'RangeError', 'World.createBox: x must be finite (got Infinity)'],
        [() => w.createBox(0, 0, 1, 1, 5), 'TypeError', 'World.createBox: options must be an object (got a number)'],
        [() => w.createBox(0, 0, 1, 1, []), 'TypeError', 'World.createBox: options must be an object (got an array)'],
        [() => w.createBox(0, 0, 1, 1, { dynamic: 'yes' }), 'TypeError', 'World.createBox: options.dynamic must be a boolean (got a string)'],
        [() => w.createBox(0, 0, 1, 1, { density: -1 }), 'RangeError', 'World.createBox: options.density must not be negative (got -1)'],
        [() => w.createCircle(0, 0, 1, { friction: {} }), 'TypeError', 'World.createCircle: options.friction must be a number (got an object)'],
        [() => w.createCircle(0, 0, 1, { restitution: -0.5 }), 'RangeError', 'World.createCircle: options.restitution must not be negative (got -0.5)'],
        [() => w.createCircle(0, 0, 1, { angle: NaN }), 'RangeError', 'World.createCircle: options.angle must be finite (got NaN)'],
        [() => w.createCircle(0, 0), 'TypeError', 'World.createCircle: radius must be a number (got undefined)'],
        [() => w.createCircle(0, 0, -1), 'RangeError', 'World.createCircle: radius must be greater than 0 (got -1)'],
        [() => w.createPolygon(0, 0), 'TypeError', 'World.createPolygon: vertices must be an array of numbers or a Float32Array (got undefined)'],
        [() => w.createPolygon(0, 0, new Int32Array(6)), 'TypeError', 'World.createPolygon: vertices must be an array of numbers or a Float32Array (got another typed array)'],
        [() => w.createPolygon(0, 0, [0, 0, 1, 0]), 'RangeError', 'World.createPolygon: a polygon needs 3 to 8 vertices (got 2)'],
        [() => w.createPolygon(0, 0, new Float32Array(18)), 'RangeError', 'World.createPolygon: a polygon needs 3 to 8 vertices (got 9)'],
        [() => w.createPolygon(0, 0, [0, 0, 1, 0, 0]), 'RangeError', 'World.createPolygon: vertices must hold x, y pairs (got 5 numbers)'],
        [() => w.createPolygon(0, 0, [0, 0, 1, 'a', 0, 1]), 'TypeError', 'World.createPolygon: vertices[3] must be a number (got a string)'],
        [() => w.createPolygon(0, 0, new Float32Array([0, 0, 1, 0, 0, NaN])), 'RangeError', 'World.createPolygon: vertices[5] must be finite (got NaN)'],
        [() => w.createPolygon(0, 0, [0, 0, 1, 1, 2, 2]), 'RangeError', 'World.createPolygon: the vertices do not enclose an area (they are collinear or coincide)'],
        [() => w.createPolygon(0, 0, [0, 0, 0, 0, 1, 1, 1, 1]), 'RangeError', 'World.createPolygon: the vertices do not enclose an area (they are collinear or coincide)'],
        [() => w.createPolygon(0, 0, [0, 0, 1, 0, 0, 1], 'opts'), 'TypeError', 'World.createPolygon: options must be an object (got a string)'],
        [() => w.getPosition(), 'TypeError', 'World.getPosition: id must be a body id, an integer (got undefined)'],
        [() => w.getPosition('0'), 'TypeError', 'World.getPosition: id must be a body id, an integer (got a string)'],
        [() => w.getPosition(2), 'RangeError', 'World.getPosition: unknown body id 2 (ids are 0 to 1)'],
        [() => w.getPosition(-1), 'RangeError', 'World.getPosition: unknown body id -1 (ids are 0 to 1)'],
        [() => w.getPosition(0.5), 'RangeError', 'World.getPosition: unknown body id 0.5 (ids are 0 to 1)'],
        [() => w.getPosition(1e21), 'RangeError', 'World.getPosition: unknown body id 1e+21 (ids are 0 to 1)'],
        [() => new World().getPosition(0), 'RangeError', 'World.getPosition: unknown body id 0 (this world has no bodies)'],
        [() => w.applyImpulse(box, 1), 'TypeError', 'World.applyImpulse: iy must be a number (got undefined)'],
        [() => w.setLinearVelocity(box, null, 0), 'TypeError', 'World.setLinearVelocity: vx must be a number (got null)'],
        [() => w.destroyBody(7), 'RangeError', 'World.destroyBody: unknown body id 7 (ids are 0 to 1)'],
        [() => w.createRevoluteJoint(box, box, 0, 0), 'RangeError', 'World.createRevoluteJoint: bodyA and bodyB must be different bodies'],
        [() => w.createRevoluteJoint(box, 9, 0, 0), 'RangeError', 'World.createRevoluteJoint: unknown body id 9 (ids are 0 to 1)'],
        [() => w.createRevoluteJoint(box, ball, 0), 'TypeError', 'World.createRevoluteJoint: anchorY must be a number (got undefined)'],
        [() => w.createDistanceJoint('a', ball, 0, 0, 1, 1), 'TypeError', 'World.createDistanceJoint: bodyA must be a body id, an integer (got a string)'],
        [() => w.createDistanceJoint(box, ball, 0, 0, 1), 'TypeError', 'World.createDistanceJoint: by must be a number (got undefined)'],
        [() => w.step(), 'TypeError', 'World.step: dt must be a number (got undefined)'],
        [() => w.step(-DT), 'RangeError', 'World.step: dt must not be negative (got -0.01666666667)'],
        [() => w.step(DT, 0), 'RangeError', 'World.step: velocityIterations must be an integer from 1 to 1000 (got 0)'],
        [() => w.step(DT, 8, 2.5), 'RangeError', 'World.step: positionIterations must be an integer from 1 to 1000 (got 2.5)'],
        [() => w.readPositions(), 'TypeError', 'World.readPositions: out must be a Float32Array (got undefined)'],
        [() => w.readPositions([0, 0, 0]), 'TypeError', 'World.readPositions: out must be a Float32Array (got an array)'],
        [() => w.readPositions(new Float64Array(6)), 'TypeError', 'World.readPositions: out must be a Float32Array (got another typed array)'],
      ];
      for (const [call, type, message] of cases) expect(thrown(call)).toEqual({ type, message });
      // An exception from a getter in the options or the vertices is the call's answer as it is.
      const trap = new RangeError('from a getter');
      const getterThrows = { get density(): number { throw trap; } };
      const vertices = [0, 0, 1, 0, 0, 1];
      Object.defineProperty(vertices, 4, { get() { throw trap; } });
      for (const call of [() => w.createBox(0, 0, 1, 1, getterThrows), () => w.createPolygon(0, 0, vertices)]) {
        let caught: unknown;
        try {
          call();
        } catch (error) {
          caught = error;
        }
        expect(caught).toBe(trap);
      }
      // Nothing was created by the failed calls, and the world still works.
      expect(w.bodyCount).toBe(2);
      w.step(DT, 8, 3);
      expect(w.getPosition(box).y).toBeLessThan(0);
      w.destroy();
    });
  });
}

// ---- differential: the wasm builds against native ----------------------------------------------
//
// Box2D is float code with no data races, so a build can only differ in how each float operation
// rounds. Clang (wasm) and g++ (x86-64 SSE) both round every float operation as IEEE 754 says
// (no fused multiply-add: wasm has none, and x86-64's baseline has none for g++ to contract to).
// What does differ is libm: b2Rot calls sinf/cosf (g++ merges them into sincosf) every step for
// every body, and glibc's versions round differently from musl's, which wasi-libc and Emscripten
// both use: over a sweep of the floats in [-4, 4], 1 in about 800 results differ by 1 ulp.
// Seen on this scene: native and wasm agree bit for bit on every body for the first 200 steps;
// after that only the two pendulum boxes (which rotate) drift apart, by at most ~1e-5 m and rad at
// 300 steps and ~1e-4 after 3000. Linking musl's sinf/cosf/sincosf into the native build makes it
// bit-identical to wasm, which shows the libm is the whole difference.
// So: the two wasm builds (same libm, same IEEE arithmetic) must match exactly; native must match
// within 1e-3 m and rad: 100x the drift seen, and far below what a real fault gives (a wrong step,
// a missed iteration, a lost contact or body move things by centimetres to metres).
const TOLERANCE = 1e-3;
const STEPS = 300;

function sceneAfter(addon: Addon, n: number): Float32Array {
  const w = buildScene(new addon.World(0, -10));
  steps(w, n);
  const p = positions(w);
  w.destroy();
  return p;
}

describe('box2d: the builds compute the same world', () => {
  const native = addons.get('native');
  const wasm = [...addons.keys()].filter((b) => b !== 'native');
  if (addons.has('wasi') && addons.has('emscripten')) {
    it('wasi and emscripten builds are bit-identical', () => {
      for (const n of [STEPS, 1000]) {
        expect(Array.from(sceneAfter(addons.get('wasi'), n))).toEqual(Array.from(sceneAfter(addons.get('emscripten'), n)));
      }
    });
  }
  if (!native) {
    it.skip(`needs the native build (the oracle)${isBrowser ? ', which runs in Node only' : ''}`, () => {});
    return;
  }
  for (const build of wasm) {
    it(`${build}: every body within ${TOLERANCE} of native after ${STEPS} steps`, () => {
      const expected = sceneAfter(native, STEPS);
      const actual = sceneAfter(addons.get(build), STEPS);
      expect(actual.length).toBe(expected.length);
      for (let i = 0; i < expected.length; i++) {
        const body = Math.floor(i / 3);
        expect(Math.abs(actual[i]! - expected[i]!), `body ${body}, ${['x', 'y', 'angle'][i % 3]}`).toBeLessThanOrEqual(TOLERANCE);
      }
    });
  }
});
