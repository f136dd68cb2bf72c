// The playground demo (demo/, built by the root vite.config.ts) as a visitor sees it: built with
// `vite build`, served by `vite preview`, opened in Chromium. Bodies fall and are drawn, the engine
// and build switches work, and playground code reaches the addon. Saves a screenshot in
// test/build/demo/. Node only (it drives Chromium itself): the browser project skips `*.node.test.ts`.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright';
import { build, preview, type InlineConfig, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../chromium.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const out = join(repo, 'test/build/demo');
const box2d = ['wasi', 'emscripten'].map((b) => join(repo, `wasm/box2d/build/${b}/box2d.wasm`));

/** The page's `window.demo` (demo/src/main.ts). */
interface Demo {
  engine: 'wasi' | 'emscripten' | 'planck' | undefined;
  bodies: number;
  frames: number;
  positions(): Float32Array;
  runSnippet(code: string): Promise<{ ok: true; value: string } | { ok: false; error: string }>;
  toCanvas(x: number, y: number): [number, number];
  stats: { calls: Record<string, number>; handles: number; references: number } | undefined;
}
declare const demo: Demo;

/** The first body the scene drops (ids 0–4 are the container). */
const FIRST_DROPPED = 5;
/** The canvas background (demo/src/render.ts), as RGB. */
const BACKGROUND = [0x0f, 0x14, 0x20];

let browser: Browser;
let server: PreviewServer;
let page: Page;
const pageErrors: string[] = [];

// The demo's own config, building into test/build/demo/ so that demo/dist is left alone.
const config = (): InlineConfig => ({
  configFile: join(repo, 'vite.config.ts'),
  logLevel: 'warn',
  build: { outDir: join(out, 'site'), emptyOutDir: true },
  preview: { host: '127.0.0.1', port: 0, strictPort: false },
});

/** Waits until `engine` runs and has drawn `frames` more frames. */
async function running(engine: Demo['engine'], frames = 30): Promise<void> {
  await page.waitForFunction((e) => demo.engine === e, engine, { timeout: 20_000 });
  const from = await page.evaluate(() => demo.frames);
  await page.waitForFunction((n) => demo.frames >= n, from + frames, { timeout: 20_000 });
}

/** Bodies that moved down between two reads `frames` frames apart (ids of dynamic dropped bodies). */
async function falling(frames = 20): Promise<number[]> {
  const before = Array.from(await page.evaluate(() => Array.from(demo.positions())));
  const from = await page.evaluate(() => demo.frames);
  await page.waitForFunction((n) => demo.frames >= n, from + frames, { timeout: 20_000 });
  const after = Array.from(await page.evaluate(() => Array.from(demo.positions())));
  const ids: number[] = [];
  for (let id = FIRST_DROPPED; 3 * id + 1 < Math.min(before.length, after.length); id++) {
    if (after[3 * id + 1]! < before[3 * id + 1]! - 0.1) ids.push(id);
  }
  return ids;
}

beforeAll(async () => {
  for (const file of box2d) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`node wasm/box2d/build.mjs\` (it builds the Box2D addon the demo imports)`);
  }
  if (!existsSync(join(repo, 'dist/vite.js'))) throw new Error('dist/vite.js is missing: run `npm run build`');
  mkdirSync(out, { recursive: true });
  await build(config());
  server = await preview(config());
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.resolvedUrls!.local[0]!);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('demo', () => {
  it('runs Box2D built with clang wasm32-wasi: bodies fall and are drawn', async () => {
    await running('wasi', 60);
    expect(await page.locator('#status').textContent()).toMatch(/^running/);
    expect((await falling()).length).toBeGreaterThan(0);

    // In one task, so that the positions are those of the frame on the canvas.
    const drawn = await page.evaluate(
      ([first]) => {
        const canvas = document.querySelector('canvas')!;
        const ctx = canvas.getContext('2d')!;
        const rgb = (x: number, y: number) => Array.from(ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3));
        const p = demo.positions();
        const bodies: number[][] = [];
        for (let id = first!; 3 * id + 2 < p.length; id++) {
          const [x, y] = demo.toCanvas(p[3 * id]!, p[3 * id + 1]!);
          if (x >= 0 && y >= 0 && x < canvas.width && y < canvas.height) bodies.push(rgb(x, y));
        }
        // Above the left wall: no body goes there.
        return { bodies, corner: rgb(2, 2) };
      },
      [FIRST_DROPPED],
    );
    expect(drawn.corner).toEqual(BACKGROUND);
    expect(drawn.bodies.length).toBeGreaterThan(0);
    // The centre of every body on the canvas is painted (a body may be drawn over another one).
    for (const pixel of drawn.bodies) expect(pixel).not.toEqual(BACKGROUND);

    // The runtime's counters: Node-API calls each frame, and no handle left open between frames.
    const stats = await page.evaluate(() => demo.stats);
    expect(Object.values(stats!.calls).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(stats!.handles).toBe(0);
  });

  it('switches to planck.js and back, and to the Emscripten build', async () => {
    await page.click('#engine-planck');
    await running('planck');
    expect((await falling()).length).toBeGreaterThan(0);
    expect(await page.locator('#engine-planck').getAttribute('aria-pressed')).toBe('true');

    await page.click('#engine-wasm');
    await running('wasi');
    expect((await falling()).length).toBeGreaterThan(0);

    await page.click('#build-emscripten');
    await running('emscripten');
    expect((await falling()).length).toBeGreaterThan(0);
    expect(await page.locator('#compare tbody tr').count()).toBe(3); // a step time for each engine
  });

  it('benchmarks every engine on the same scene', async () => {
    await page.click('#benchmark');
    const cells = page.locator('#compare tbody tr td:nth-child(4)');
    await expect.poll(async () => (await cells.allTextContents()).filter((t) => t !== '').length, { timeout: 60_000 }).toBe(3);
    for (const text of await cells.allTextContents()) expect(Number(text)).toBeGreaterThan(0);
    expect(await page.locator('#benchmark').isEnabled()).toBe(true);
    await running('emscripten'); // the live scene goes on
  });

  it('runs playground code against the live world, and shows its errors', async () => {
    const [before, result, after] = await page.evaluate(async () => {
      const n = demo.bodies;
      const r = await demo.runSnippet('return world.createBox(0, 15, 1, 1, { density: 2 })');
      return [n, r, demo.bodies] as const;
    });
    expect(result).toEqual({ ok: true, value: String(before) }); // ids follow creation order
    expect(after).toBeGreaterThan(before);

    // Through the panel: the example (a wrecking ball on a chain), then a call the addon refuses.
    const n = await page.evaluate(() => demo.bodies);
    await page.click('#run');
    await expect.poll(() => page.locator('#output').textContent()).toMatch(/^\d+ bodies$/);
    expect(await page.evaluate(() => demo.bodies)).toBeGreaterThanOrEqual(n + 12);

    await page.fill('#code', 'world.createCircle(0, 10, -1)');
    await page.click('#run');
    await expect.poll(() => page.locator('#output').textContent()).toMatch(/radius/);
    expect(await page.locator('#output').getAttribute('class')).toContain('error');

    await running('emscripten', 60); // the world goes on after the error
    await page.screenshot({ path: join(out, 'demo.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
