// The physics API the page drives: the Box2D addon's `World` (wasm/box2d/binding.cc), which the
// planck.js adapter implements too, so the scene, the renderer and playground snippets run the
// same calls on either engine.

export interface BodyOptions {
  dynamic?: boolean;
  density?: number;
  friction?: number;
  restitution?: number;
  angle?: number;
}

export interface Position {
  x: number;
  y: number;
  angle: number;
}

export interface World {
  createBox(x: number, y: number, halfWidth: number, halfHeight: number, options?: BodyOptions): number;
  createCircle(x: number, y: number, radius: number, options?: BodyOptions): number;
  createPolygon(x: number, y: number, vertices: ArrayLike<number>, options?: BodyOptions): number;
  createRevoluteJoint(bodyA: number, bodyB: number, anchorX: number, anchorY: number): number;
  createDistanceJoint(bodyA: number, bodyB: number, ax: number, ay: number, bx: number, by: number): number;
  step(dt: number, velocityIterations?: number, positionIterations?: number): void;
  readonly bodyCount: number;
  /** x, y, angle per body in id order (NaN for destroyed ones); returns the bodies written. */
  readPositions(out: Float32Array): number;
  getPosition(id: number): Position;
  applyImpulse(id: number, ix: number, iy: number): void;
  setLinearVelocity(id: number, vx: number, vy: number): void;
  destroyBody(id: number): void;
  destroy(): void;
}

/** What the addon exports (and what the planck adapter mimics). */
export interface Addon {
  World: new (gravityX?: number, gravityY?: number) => World;
}

export type Shape =
  | { kind: 'box'; halfWidth: number; halfHeight: number; dynamic: boolean }
  | { kind: 'circle'; radius: number; dynamic: boolean }
  | { kind: 'polygon'; vertices: number[]; dynamic: boolean };

/**
 * A World that remembers each body's shape and which bodies each joint links, for drawing: the
 * engines report positions only. Every
 * call is passed to the engine as given (arguments included, so the engine's own defaults and
 * errors apply), and the shape is recorded only once the engine has accepted the body.
 */
export class TrackedWorld implements World {
  /** By body id. */
  readonly shapes: Shape[] = [];
  /** The two bodies of each joint, by joint id. */
  readonly joints: [number, number][] = [];

  constructor(readonly engine: World) {}

  createBox(...args: Parameters<World['createBox']>): number {
    const id = this.engine.createBox(...args);
    this.shapes[id] = { kind: 'box', halfWidth: args[2], halfHeight: args[3], dynamic: args[4]?.dynamic !== false };
    return id;
  }

  createCircle(...args: Parameters<World['createCircle']>): number {
    const id = this.engine.createCircle(...args);
    this.shapes[id] = { kind: 'circle', radius: args[2], dynamic: args[3]?.dynamic !== false };
    return id;
  }

  createPolygon(...args: Parameters<World['createPolygon']>): number {
    const id = this.engine.createPolygon(...args);
    this.shapes[id] = { kind: 'polygon', vertices: Array.from(args[2]), dynamic: args[3]?.dynamic !== false };
    return id;
  }

  createRevoluteJoint(...args: Parameters<World['createRevoluteJoint']>): number {
    const id = this.engine.createRevoluteJoint(...args);
    this.joints[id] = [args[0], args[1]];
    return id;
  }

  createDistanceJoint(...args: Parameters<World['createDistanceJoint']>): number {
    const id = this.engine.createDistanceJoint(...args);
    this.joints[id] = [args[0], args[1]];
    return id;
  }

  step(...args: Parameters<World['step']>): void {
    this.engine.step(...args);
  }

  get bodyCount(): number {
    return this.engine.bodyCount;
  }

  readPositions(out: Float32Array): number {
    return this.engine.readPositions(out);
  }

  getPosition(id: number): Position {
    return this.engine.getPosition(id);
  }

  applyImpulse(id: number, ix: number, iy: number): void {
    this.engine.applyImpulse(id, ix, iy);
  }

  setLinearVelocity(id: number, vx: number, vy: number): void {
    this.engine.setLinearVelocity(id, vx, vy);
  }

  destroyBody(id: number): void {
    this.engine.destroyBody(id);
  }

  destroy(): void {
    this.engine.destroy();
  }
}
