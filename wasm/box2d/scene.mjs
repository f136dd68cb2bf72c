// The fixed scene that run.mjs prints and test/box2d checks, built through the addon's API only, so
// the same calls run on every build.
//
// Ids (creation order): 0 ground; 1-6 a stack of boxes resting on it; 7-8 two static planks that
// form a V; 9-12 circles dropped into the V from different heights (on flat ground they would roll
// forever: Box2D has no rolling resistance); 13 a hexagon, tilted; 14 a static pivot; 15 a box
// swinging from the pivot on a revolute joint; 16 a second box hanging from 15 by a distance joint
// (a rod).

export const STACK = [1, 2, 3, 4, 5, 6];
export const V = [7, 8];
export const CIRCLES = [9, 10, 11, 12];
export const POLYGON = 13;
export const PIVOT = 14;
export const PENDULUM = [15, 16];
export const BODY_COUNT = 17;
/** Where the V's planks meet, and their slope. */
export const V_BOTTOM = { x: 10, y: 0 };
export const V_SLOPE = 0.5;

/** Hexagon of circumradius r, flat x,y list. */
export function hexagon(r) {
  const v = [];
  for (let i = 0; i < 6; i++) v.push(r * Math.cos((i * Math.PI) / 3), r * Math.sin((i * Math.PI) / 3));
  return v;
}

/** Adds the scene to an empty `world` (gravity 0, -10). */
export function buildScene(world) {
  world.createBox(0, -1, 20, 1, { dynamic: false });
  for (let i = 0; i < STACK.length; i++) world.createBox(-4, 0.5 + i, 0.5, 0.5, { friction: 0.6 });
  const c = Math.cos(V_SLOPE);
  const s = Math.sin(V_SLOPE);
  world.createBox(V_BOTTOM.x - 2 * c, V_BOTTOM.y + 2 * s, 2, 0.1, { dynamic: false, angle: -V_SLOPE });
  world.createBox(V_BOTTOM.x + 2 * c, V_BOTTOM.y + 2 * s, 2, 0.1, { dynamic: false, angle: V_SLOPE });
  for (let i = 0; i < CIRCLES.length; i++) world.createCircle(V_BOTTOM.x - 0.45 + 0.3 * i, 3 + 1.5 * i, 0.4, { restitution: 0.3, density: 2 });
  world.createPolygon(6, 4, hexagon(0.6), { angle: 0.3 });
  world.createBox(-10, 8, 0.2, 0.2, { dynamic: false });
  world.createBox(-7, 8, 0.25, 0.25);
  world.createBox(-7, 6, 0.25, 0.25);
  world.createRevoluteJoint(PIVOT, PENDULUM[0], -10, 8);
  world.createDistanceJoint(PENDULUM[0], PENDULUM[1], -7, 8, -7, 6);
  return world;
}
