// The page side of bench/browser.mjs's Box2D run: the Box2D addon's wasm builds (wasm/box2d/build.mjs)
// loaded by wasm-napi's browser entry, and planck (pure JS), on bench/box2d-scene.mjs's scene with its
// runOnce. bench/browser.mjs drives the rounds (so the native addon's runs in Node interleave with them).
import * as planck from 'planck';
import { load } from '../../dist/bundle/browser.js';
import { addonEngine, contained, planckEngine, runOnce } from '../box2d-scene.mjs';

const engines = [];

/** Loads `builds` ([{ key, url }]) and planck; returns [{ key, error? }]. */
async function setup(builds) {
  if (typeof globalThis.gc !== 'function') throw new Error('bench: gc() is missing (start Chromium with --js-flags=--expose-gc)');
  for (const { key, url } of builds) {
    try {
      engines.push({ key, engine: addonEngine(await load(new URL(url, globalThis.location.href))) });
    } catch (e) {
      engines.push({ key, error: `load failed: ${e?.name ?? 'Error'}: ${e?.message ?? e}` });
    }
  }
  engines.push({ key: 'planck', engine: planckEngine(planck) });
  return engines.map(({ key, error }) => ({ key, error }));
}

/** One round: every engine once, in turn; returns [{ key, stepMs, readMs, contained } | { key, error }]. */
function round(steps) {
  return engines.map((e) => {
    if (e.error) return { key: e.key, error: e.error };
    try {
      const r = runOnce(e.engine, { steps, gc: globalThis.gc });
      return { key: e.key, stepMs: r.stepMs, readMs: r.readMs, contained: contained(r.positions) };
    } catch (err) {
      e.error = `threw: ${err?.name ?? 'Error'}: ${err?.message ?? err}`;
      return { key: e.key, error: e.error };
    }
  });
}

globalThis.bench = { setup, round };
