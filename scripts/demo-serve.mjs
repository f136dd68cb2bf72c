#!/usr/bin/env node
// Builds the playground demo (demo/, with the root vite.config.ts) into demo/dist and serves it with
// `vite preview` on 0.0.0.0:5173, then prints the URL to open. Runs until Ctrl-C.
// The Box2D addon it imports is built first when missing or stale (wasm/box2d/build.mjs, the two
// wasm targets only).
//
// Usage: node scripts/demo-serve.mjs [--dev] [--port N] [--host H] [--no-box2d-build]
//   --dev              Vite's dev server (edits reload the page) instead of the built site
//   --no-box2d-build   use the Box2D builds as they are (when a step before already built them)
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, createServer, preview } from 'vite';
import { buildBox2d, outputs } from '../wasm/box2d/build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const dev = argv.includes('--dev');
const host = option('host', '0.0.0.0');
const port = Number(option('port', '5173'));
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('demo-serve: --port takes a port number');
  process.exit(2);
}

const wasm = [outputs.wasi, outputs.emscripten];
if (argv.includes('--no-box2d-build')) {
  const missing = wasm.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    console.error(`demo-serve: ${missing.join(', ')} missing: run \`node wasm/box2d/build.mjs\``);
    process.exit(1);
  }
} else {
  console.log('demo-serve: building the Box2D addon where missing or stale (wasm/box2d/build.mjs --only wasi,emscripten)');
  const { failed } = await buildBox2d({ only: ['wasi', 'emscripten'] });
  if (Object.keys(failed).length > 0) {
    console.error(`demo-serve: the Box2D addon did not build (${Object.entries(failed).map(([t, why]) => `${t}: ${why}`).join('; ')})`);
    process.exit(1);
  }
}

const config = { configFile: `${root}vite.config.ts`, server: { host, port }, preview: { host, port } };
let server;
if (dev) {
  server = await createServer(config);
  await server.listen();
} else {
  await build(config);
  server = await preview(config);
}
server.printUrls();
const url = server.resolvedUrls?.local[0] ?? `http://localhost:${port}/`;
console.log(`\n  wasm-napi playground (${dev ? 'dev server' : 'built site in demo/dist'}): open ${url}\n  Ctrl-C stops it.\n`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close().finally(() => process.exit(0));
  });
}
