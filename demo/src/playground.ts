// Runs the code typed in the playground: an async function body with `world` (the running world),
// `addon` (the engine's exports: `new addon.World(gx, gy)`) and `engine` (its id) in scope.
import type { Engine } from './engines.js';
import type { World } from './world.js';

export type SnippetResult = { ok: true; value: string } | { ok: false; error: string };

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;

export async function runSnippet(code: string, world: World, engine: Engine): Promise<SnippetResult> {
  try {
    const body = new AsyncFunction('world', 'addon', 'engine', code);
    const value = await body(world, engine.addon, engine.id);
    return { ok: true, value: value === undefined ? 'done' : describe(value) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : `thrown: ${describe(e)}` };
  }
}

function describe(value: unknown): string {
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}

export const EXAMPLE = `// \`world\` is the running world, \`addon\` the engine's exports.
// A wrecking ball on a chain, swinging into the pile:
let link = world.createBox(0, 20, 0.25, 0.25, { dynamic: false });
for (let i = 1; i <= 10; i++) {
  const next = world.createCircle(-i * 0.9, 20, 0.2);
  world.createRevoluteJoint(link, next, -(i - 0.5) * 0.9, 20);
  link = next;
}
const ball = world.createCircle(-10.5, 20, 1.3, { density: 10 });
world.createRevoluteJoint(link, ball, -9.5, 20);
return \`\${world.bodyCount} bodies\`;
`;
