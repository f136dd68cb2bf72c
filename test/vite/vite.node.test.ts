// The Vite plugin as an app uses it (dist/vite.js, what `wasm-napi/vite` ships): the fixture app
// (test/vite/fixture) imports a small addon with `?napi` and `?napi&loader`; it is built with
// `vite build` (into test/build/vite/), served by `vite preview` and by the dev server, and opened
// in Chromium. The addon is compiled next to the app's sources, as an app would have it.
// Node only (it drives Chromium itself): the browser project skips `*.node.test.ts`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright';
import { build, createServer, preview, type InlineConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../chromium.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const app = join(repo, 'test/vite/fixture');
const work = join(repo, 'test/build/vite');
const outDir = join(work, 'dist');
const pluginFile = join(repo, 'dist/vite.js');

type Plugin = typeof import('../../src/vite.js');
let plugin: Plugin;
let browser: Browser;

interface FixtureResult {
  sum: number;
  greeting: string;
  separate: boolean;
  url: string;
  crossOriginIsolated: boolean;
}

function config(options: { crossOriginIsolation?: boolean } = {}): InlineConfig {
  return {
    root: app,
    configFile: false,
    logLevel: 'warn',
    // Its own cache: the dev server's dependency optimizer must not share the repo's with other runs.
    cacheDir: join(work, '.vite'),
    plugins: [plugin.default(options)],
    build: { outDir, emptyOutDir: true },
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    preview: { host: '127.0.0.1', port: 0 },
  };
}

/** Opens `url`, waits for the fixture's result and records the .wasm responses. */
async function open(url: string): Promise<{ result: FixtureResult; wasm: { url: string; status: number; headers: Record<string, string> }[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const wasm: { url: string; status: number; headers: Record<string, string> }[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    // fetch()es only: in dev the generated module's own URL ends in `.wasm?import&napi` too.
    if (r.request().resourceType() === 'fetch' && new URL(r.url()).pathname.endsWith('.wasm')) wasm.push({ url: r.url(), status: r.status(), headers: r.headers() });
  });
  try {
    await page.goto(url);
    const handle = await page
      .waitForFunction(() => (globalThis as { fixtureResult?: unknown }).fixtureResult, null, { timeout: 20_000 })
      .catch((e: Error) => {
        throw new Error(`${e.message}; page errors: ${errors.join('; ') || 'none'}`);
      });
    return { result: (await handle.jsonValue()) as FixtureResult, wasm };
  } finally {
    await page.close();
  }
}

beforeAll(async () => {
  if (!existsSync(pluginFile)) throw new Error(`${pluginFile} is missing: run \`npm run build\``);
  plugin = (await import(pathToFileURL(pluginFile).href)) as Plugin;
  execFileSync(process.execPath, [join(repo, 'dist/cli/wasm-napi.js'), 'build', join(app, 'addon.c'), '-o', join(app, 'addon.wasm')], {
    stdio: 'pipe',
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('vite build', () => {
  it('emits the .wasm once, as an asset with a hashed name, and no Node built-in in the bundle', async () => {
    await build(config());
    const assets = readdirSync(join(outDir, 'assets'));
    const wasm = assets.filter((f) => f.endsWith('.wasm'));
    expect(wasm).toHaveLength(1); // imported twice (?napi and ?napi&loader), emitted once
    expect(wasm[0]).toMatch(/^addon-[\w-]{8}\.wasm$/);
    expect(readFileSync(join(outDir, 'assets', wasm[0]!))).toEqual(readFileSync(join(app, 'addon.wasm')));

    const js = assets.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(outDir, 'assets', f), 'utf8')).join('\n');
    expect(js).toContain(`/assets/${wasm[0]}`);
    expect(js).not.toMatch(/\bfrom\s*["'`]node:|\bimport\(\s*["'`]node:|\brequire\(/);
  });
});

describe.each([true, false])('vite preview, crossOriginIsolation: %s', (isolation) => {
  it('serves the .wasm as application/wasm and the page runs the addon', async () => {
    await build(config({ crossOriginIsolation: isolation }));
    const server = await preview(config({ crossOriginIsolation: isolation }));
    try {
      const base = server.resolvedUrls!.local[0]!;
      const { result, wasm } = await open(base);
      expect(result).toEqual({
        sum: 5,
        greeting: 'hello, vite',
        separate: true,
        url: expect.stringMatching(/^\/assets\/addon-[\w-]{8}\.wasm$/),
        crossOriginIsolated: isolation,
      });
      expect(wasm.length).toBeGreaterThan(0);
      for (const r of wasm) {
        expect(r.status).toBe(200);
        expect(r.headers['content-type']).toBe('application/wasm');
      }

      const page = await fetch(base);
      const asset = await fetch(new URL(result.url, base));
      for (const response of [page, asset]) {
        expect(response.headers.get('cross-origin-opener-policy')).toBe(isolation ? 'same-origin' : null);
        expect(response.headers.get('cross-origin-embedder-policy')).toBe(isolation ? 'require-corp' : null);
      }
    } finally {
      await server.close();
    }
  });
});

describe('vite dev server', () => {
  it('serves imported .wasm files as application/wasm, only those, and the page runs the addon', async () => {
    const server = await createServer(config({ crossOriginIsolation: true }));
    try {
      await server.listen();
      const base = server.resolvedUrls!.local[0]!;
      const { result, wasm } = await open(base);
      expect(wasm.length).toBeGreaterThan(0);
      expect(result).toEqual({
        sum: 5,
        greeting: 'hello, vite',
        separate: true,
        url: expect.stringMatching(/^\/@wasm-napi\/[0-9a-f]{12}\/addon\.wasm\?v=\w+$/),
        crossOriginIsolated: true,
      });
      for (const r of wasm) {
        expect(r.status).toBe(200);
        expect(r.headers['content-type']).toBe('application/wasm');
        expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
      }

      const served = await fetch(new URL(result.url, base));
      expect(served.headers.get('content-type')).toBe('application/wasm');
      expect(new Uint8Array(await served.arrayBuffer())).toEqual(new Uint8Array(readFileSync(join(app, 'addon.wasm'))));
      // Only what a `?napi` import named is served from the plugin's path (the rest falls through
      // to Vite, whose SPA fallback answers with the page).
      const other = await fetch(new URL(result.url.replace(/\/[0-9a-f]{12}\//, '/000000000000/'), base));
      expect(other.headers.get('content-type')).not.toBe('application/wasm');
    } finally {
      await server.close();
    }
  });
});
