// Two projects run the same test files: `node` against the native, wasi and Emscripten builds, and
// `browser` (headless Chromium) against the wasi and Emscripten builds. A test that needs Node
// itself skips in the browser with the reason in its title (`itInNode` in test/harness.ts); a whole
// file that cannot run in a browser is named `*.node.test.ts`.
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumFlags, chromiumPath } from './scripts/chromium.mjs';

// Debian's Chromium (scripts/setup.sh installs it; Playwright never downloads one), with the flags
// that work as root in CI. `--expose-gc` gives the page `gc()` for the GC-driven tests.
const flags = [...chromiumFlags, '--js-flags=--expose-gc'];

// Cross-origin isolation, so that the page has SharedArrayBuffer (shared wasm memory, threads).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  server: { headers: isolation },
  test: {
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          // Forks so that `--expose-gc` reaches the workers (GC-driven tests need `globalThis.gc`).
          pool: 'forks',
          execArgv: ['--expose-gc'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/**/*.test.ts'],
          // Files that need Node as a whole (node-gyp, child processes, their own Playwright).
          exclude: ['**/node_modules/**', 'test/**/*.node.test.ts'],
          // The harness runs the wasm builds only there (test/harness.ts); TEST_BUILDS still narrows.
          env: { TEST_BUILDS: process.env.TEST_BUILDS ?? '' },
          // One page at a time, after the node project (both at once on 2 cores was slower).
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { executablePath: chromiumPath, args: flags },
            }),
            instances: [{ browser: 'chromium' }],
            // A page of numbers says nothing a failed assertion does not (and would litter test/).
            screenshotFailures: false,
          },
        },
      },
    ],
  },
});
