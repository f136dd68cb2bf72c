// The playground demo (demo/): `npx vite` serves it, `npx vite build` writes demo/dist, a static
// site that works from any path (relative base). The Box2D addon it imports is built by
// `node wasm/box2d/build.mjs`; the plugin comes from dist/ (`npm run build`), as an app gets it
// from `wasm-napi/vite`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import wasmNapi from './dist/vite.js';

export default defineConfig({
  root: fileURLToPath(new URL('./demo/', import.meta.url)),
  base: './',
  plugins: [wasmNapi({ crossOriginIsolation: true })],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { host: '0.0.0.0', port: 5173 },
  preview: { host: '0.0.0.0', port: 5173 },
});
