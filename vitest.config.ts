import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Forks so that `--expose-gc` reaches the workers (GC-driven tests need `globalThis.gc`).
    pool: 'forks',
    execArgv: ['--expose-gc'],
    testTimeout: 60_000,
  },
});
