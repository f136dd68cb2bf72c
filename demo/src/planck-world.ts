// planck.js (a JavaScript port of Box2D 2.x) behind the Box2D addon's API, so the same scene runs
// on it for comparison. Defaults follow the addon's: density 1, friction 0.3, restitution 0.
import { Box, Circle, DistanceJoint, Polygon, RevoluteJoint, World as Planck, type Body, type Shape } from 'planck';
import type { Addon, BodyOptions, Position, World } from './world.js';

export class PlanckWorld implements World {
  private readonly world: Planck;
  /** By body id; null once destroyed. */
  private readonly bodies: (Body | null)[] = [];
  private joints = 0;
  private destroyed = false;

  constructor(gravityX = 0, gravityY = -10) {
    this.world = new Planck({ gravity: { x: gravityX, y: gravityY } });
  }

  private add(x: number, y: number, options: BodyOptions = {}, shape: Shape): number {
    this.alive();
    const body = this.world.createBody({ type: options.dynamic === false ? 'static' : 'dynamic', position: { x, y }, angle: options.angle ?? 0 });
    body.createFixture({ shape, density: options.density ?? 1, friction: options.friction ?? 0.3, restitution: options.restitution ?? 0 });
    return this.bodies.push(body) - 1;
  }

  private alive(): void {
    if (this.destroyed) throw new Error('this World was destroyed (world.destroy() was called)');
  }

  private body(id: number): Body {
    this.alive();
    const body = this.bodies[id];
    if (body === undefined) throw new RangeError(`unknown body id ${id}`);
    if (body === null) throw new Error(`body ${id} was destroyed`);
    return body;
  }

  createBox(x: number, y: number, halfWidth: number, halfHeight: number, options?: BodyOptions): number {
    return this.add(x, y, options, new Box(halfWidth, halfHeight));
  }

  createCircle(x: number, y: number, radius: number, options?: BodyOptions): number {
    return this.add(x, y, options, new Circle(radius));
  }

  createPolygon(x: number, y: number, vertices: ArrayLike<number>, options?: BodyOptions): number {
    const points = [];
    for (let i = 0; i + 1 < vertices.length; i += 2) points.push({ x: vertices[i]!, y: vertices[i + 1]! });
    return this.add(x, y, options, new Polygon(points));
  }

  createRevoluteJoint(bodyA: number, bodyB: number, anchorX: number, anchorY: number): number {
    this.world.createJoint(new RevoluteJoint({}, this.body(bodyA), this.body(bodyB), { x: anchorX, y: anchorY }));
    return this.joints++;
  }

  createDistanceJoint(bodyA: number, bodyB: number, ax: number, ay: number, bx: number, by: number): number {
    this.world.createJoint(new DistanceJoint({}, this.body(bodyA), this.body(bodyB), { x: ax, y: ay }, { x: bx, y: by }));
    return this.joints++;
  }

  step(dt: number, velocityIterations = 8, positionIterations = 3): void {
    this.alive();
    this.world.step(dt, velocityIterations, positionIterations);
  }

  get bodyCount(): number {
    this.alive();
    return this.bodies.length;
  }

  readPositions(out: Float32Array): number {
    this.alive();
    const n = Math.min(this.bodies.length, Math.floor(out.length / 3));
    for (let i = 0; i < n; i++) {
      const body = this.bodies[i];
      const p = body?.getPosition();
      out[3 * i] = p ? p.x : NaN;
      out[3 * i + 1] = p ? p.y : NaN;
      out[3 * i + 2] = body ? body.getAngle() : NaN;
    }
    return n;
  }

  getPosition(id: number): Position {
    const body = this.body(id);
    const { x, y } = body.getPosition();
    return { x, y, angle: body.getAngle() };
  }

  applyImpulse(id: number, ix: number, iy: number): void {
    const body = this.body(id);
    body.applyLinearImpulse({ x: ix, y: iy }, body.getWorldCenter(), true);
  }

  setLinearVelocity(id: number, vx: number, vy: number): void {
    this.body(id).setLinearVelocity({ x: vx, y: vy });
  }

  destroyBody(id: number): void {
    this.world.destroyBody(this.body(id));
    this.bodies[id] = null;
  }

  destroy(): void {
    this.destroyed = true;
    this.bodies.length = 0;
  }
}

/** The adapter in the addon's shape: `new addon.World(gx, gy)`. */
export const planckAddon: Addon = { World: PlanckWorld };
