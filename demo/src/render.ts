// Draws the bodies on a 2D canvas: world metres to canvas pixels, y up.
import { BOUNDS } from './scene.js';
import type { TrackedWorld } from './world.js';

export const BACKGROUND = '#0f1420';
const STATIC = '#5c6578';
const JOINT = '#e8e8f0';
const COLORS = { box: '#f0a030', circle: '#3aa8e0', polygon: '#7ccf6a' } as const;

export class Renderer {
  private readonly ctx: CanvasRenderingContext2D;
  /** Canvas pixels per metre. */
  readonly scale: number;

  constructor(readonly canvas: HTMLCanvasElement) {
    this.ctx = canvas.getContext('2d', { alpha: false })!;
    this.scale = canvas.width / (BOUNDS.right - BOUNDS.left);
  }

  /** A world point's position on the canvas, in canvas pixels. */
  toCanvas(x: number, y: number): [number, number] {
    return [(x - BOUNDS.left) * this.scale, (BOUNDS.top - y) * this.scale];
  }

  draw({ shapes, joints }: Pick<TrackedWorld, 'shapes' | 'joints'>, positions: Float32Array, count: number): void {
    const { ctx, scale } = this;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.lineWidth = 1 / scale;
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.45)';
    for (let id = 0; id < count; id++) {
      const shape = shapes[id];
      const x = positions[3 * id]!;
      if (shape === undefined || Number.isNaN(x)) continue; // destroyed
      const [cx, cy] = this.toCanvas(x, positions[3 * id + 1]!);
      // Metres from here on, y up, rotated with the body.
      ctx.setTransform(scale, 0, 0, -scale, cx, cy);
      ctx.rotate(positions[3 * id + 2]!);
      ctx.fillStyle = shape.dynamic ? COLORS[shape.kind] : STATIC;
      ctx.beginPath();
      if (shape.kind === 'box') {
        ctx.rect(-shape.halfWidth, -shape.halfHeight, 2 * shape.halfWidth, 2 * shape.halfHeight);
      } else if (shape.kind === 'circle') {
        ctx.arc(0, 0, shape.radius, 0, 2 * Math.PI);
        ctx.moveTo(0, 0); // a radius, so that rolling shows
        ctx.lineTo(shape.radius, 0);
      } else {
        const v = shape.vertices;
        ctx.moveTo(v[0]!, v[1]!);
        for (let i = 2; i + 1 < v.length; i += 2) ctx.lineTo(v[i]!, v[i + 1]!);
        ctx.closePath();
      }
      ctx.fill();
      ctx.stroke();
    }
    // Joints as a line from body to body (Box2D removed those whose bodies were destroyed).
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.strokeStyle = JOINT;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (const [a, b] of joints) {
      if (a >= count || b >= count || Number.isNaN(positions[3 * a]!) || Number.isNaN(positions[3 * b]!)) continue;
      ctx.moveTo(...this.toCanvas(positions[3 * a]!, positions[3 * a + 1]!));
      ctx.lineTo(...this.toCanvas(positions[3 * b]!, positions[3 * b + 1]!));
    }
    ctx.stroke();
  }
}
