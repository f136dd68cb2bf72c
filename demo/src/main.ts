// The playground page: runs the scene on the chosen engine at the display's frame rate, shows what
// it costs, and runs the user's code against the live world. `window.demo` exposes the state for
// tests (test/demo/demo.node.test.ts).
import { benchmark } from './benchmark.js';
import { engine as loadEngine, engineIds, engineLabels, engineShortLabels, type Engine, type EngineId } from './engines.js';
import { EXAMPLE, runSnippet, type SnippetResult } from './playground.js';
import { Renderer } from './render.js';
import { buildContainer, GRAVITY, Spawner } from './scene.js';
import type { RuntimeStats } from './stats.js';
import { TrackedWorld } from './world.js';

const DT = 1 / 60;
/** How often the readouts are refreshed, in ms. */
const REFRESH = 500;

const element = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const renderer = new Renderer(element<HTMLCanvasElement>('canvas'));
const code = element<HTMLTextAreaElement>('code');
const output = element('output');
const statusLine = element('status');

let engine: Engine | undefined;
let world: TrackedWorld | undefined;
let spawner = new Spawner();
let wasmBuild: 'wasi' | 'emscripten' = 'wasi';
let positions = new Float32Array(3 * 512);
let count = 0;
let frames = 0;
let lastStats: RuntimeStats | undefined;
/** Bumped by each start(): an engine that finishes loading after a later click is not used. */
let starting = 0;

/** What the readouts average over: the frames since the last refresh. */
let period = { start: performance.now(), frames: 0, stepMs: 0, calls: {} as Record<string, number> };
/** Mean step time of each engine over its last refresh period, with the body count then. */
const live = new Map<EngineId, { bodies: number; ms: number }>();
/** Mean step time of each engine in the benchmark (benchmark.ts). */
const benchmarked = new Map<EngineId, number>();

function showStatus(text: string, error = false): void {
  statusLine.textContent = text;
  statusLine.classList.toggle('error', error);
}

/** Starts the scene afresh on an engine (loading it the first time). */
async function start(id: EngineId): Promise<void> {
  const token = ++starting;
  showStatus(`loading ${engineLabels[id]}…`);
  let next: Engine;
  try {
    next = await loadEngine(id);
  } catch (e) {
    if (token === starting) showStatus(`${engineLabels[id]} failed to load: ${e instanceof Error ? e.message : String(e)}`, true);
    return;
  }
  if (token !== starting) return;
  try {
    world?.destroy();
  } catch {
    // a snippet destroyed it already
  }
  engine = next;
  if (id !== 'planck') wasmBuild = id;
  world = new TrackedWorld(new next.addon.World(GRAVITY.x, GRAVITY.y));
  buildContainer(world);
  spawner = new Spawner();
  next.stats?.read(next.addon); // calls made while loading and building do not belong to a frame
  lastStats = undefined;
  period = { start: performance.now(), frames: 0, stepMs: 0, calls: {} };
  element('engine-name').textContent = next.label;
  for (const [button, pressed] of [
    ['engine-wasm', id !== 'planck'],
    ['engine-planck', id === 'planck'],
    ['build-wasi', wasmBuild === 'wasi'],
    ['build-emscripten', wasmBuild === 'emscripten'],
  ] as const) {
    element(button).setAttribute('aria-pressed', String(pressed));
  }
  showStatus(`running · ${globalThis.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated'}`);
}

function frame(): void {
  requestAnimationFrame(frame);
  if (!world || !engine) return;
  try {
    spawner.tick(world);
    const t0 = performance.now();
    world.step(DT);
    const stepMs = performance.now() - t0;
    const bodies = world.bodyCount;
    if (positions.length < 3 * bodies) positions = new Float32Array(Math.max(3 * bodies, 2 * positions.length));
    count = world.readPositions(positions);
    renderer.draw(world, positions, count);
    frames++;
    period.frames++;
    period.stepMs += stepMs;
    if (engine.stats) {
      lastStats = engine.stats.read(engine.addon);
      for (const [name, n] of Object.entries(lastStats.calls)) period.calls[name] = (period.calls[name] ?? 0) + n;
    }
  } catch (e) {
    // A snippet may have destroyed the world or a body the scene needs: stop until Restart.
    world = undefined;
    showStatus(`stopped: ${e instanceof Error ? e.message : String(e)} (Restart to go on)`, true);
  }
  if (performance.now() - period.start >= REFRESH) refresh();
}

function refresh(): void {
  const now = performance.now();
  const n = Math.max(period.frames, 1);
  const stepMs = period.stepMs / n;
  element('bodies').textContent = String(world?.bodyCount ?? 0);
  element('fps').textContent = ((1000 * period.frames) / (now - period.start)).toFixed(0);
  element('step').textContent = `${stepMs.toFixed(3)} ms`;
  if (engine) live.set(engine.id, { bodies: world?.bodyCount ?? 0, ms: stepMs });

  const wasm = engine?.stats !== undefined;
  const calls = Object.entries(period.calls).sort((a, b) => b[1] - a[1]);
  const total = calls.reduce((sum, [, c]) => sum + c, 0);
  element('calls').textContent = wasm ? (total / n).toFixed(1) : '– (JavaScript)';
  element('top-calls').textContent = wasm
    ? calls
        .slice(0, 4)
        .map(([name, c]) => `${name} ${(c / n).toFixed(1)}`)
        .join(' · ')
    : '';
  const counters: [string, number | undefined][] = [
    ['handles', lastStats?.handles],
    ['references', lastStats?.references],
    ['wraps', lastStats?.wraps],
    ['finalizers', lastStats?.pendingFinalizers],
  ];
  for (const [id, value] of counters) element(id).textContent = wasm && value !== undefined ? String(value) : '–';

  showComparison();
  period = { start: now, frames: 0, stepMs: 0, calls: {} };
}

function showComparison(): void {
  const rows = engineIds.flatMap((id) => {
    const now = live.get(id);
    const bench = benchmarked.get(id);
    if (!now && bench === undefined) return [];
    const tr = document.createElement('tr');
    tr.className = id === engine?.id ? 'current' : '';
    for (const text of [engineShortLabels[id], now ? String(now.bodies) : '', now ? now.ms.toFixed(3) : '', bench?.toFixed(3) ?? '']) {
      tr.appendChild(document.createElement('td')).textContent = text;
    }
    return [tr];
  });
  element('compare').querySelector('tbody')!.replaceChildren(...rows);
}

/** Runs benchmark.ts on every engine in turn, letting the page paint between them. */
async function benchmarkAll(): Promise<void> {
  const button = element<HTMLButtonElement>('benchmark');
  button.disabled = true;
  try {
    for (const id of engineIds) {
      button.textContent = `running ${engineShortLabels[id]}…`;
      const e = await loadEngine(id);
      await new Promise((resolve) => setTimeout(resolve, 50));
      benchmarked.set(id, benchmark(e.addon));
      e.stats?.read(e.addon); // not the live scene's calls
      showComparison();
    }
  } catch (e) {
    showStatus(`benchmark failed: ${e instanceof Error ? e.message : String(e)}`, true);
  } finally {
    button.textContent = 'Benchmark';
    button.disabled = false;
  }
}

async function run(source: string): Promise<SnippetResult> {
  const result: SnippetResult = world && engine ? await runSnippet(source, world, engine) : { ok: false, error: 'no world is running (Restart)' };
  output.textContent = result.ok ? result.value : result.error;
  output.classList.toggle('error', !result.ok);
  return result;
}

element('engine-wasm').addEventListener('click', () => void start(wasmBuild));
element('engine-planck').addEventListener('click', () => void start('planck'));
element('build-wasi').addEventListener('click', () => void start('wasi'));
element('build-emscripten').addEventListener('click', () => void start('emscripten'));
element('reset').addEventListener('click', () => void start(engine?.id ?? wasmBuild));
element('run').addEventListener('click', () => void run(code.value));
element('benchmark').addEventListener('click', () => void benchmarkAll());
code.value = EXAMPLE;

declare global {
  interface Window {
    demo: typeof demo;
  }
}

const demo = {
  /** The running engine's id: 'wasi', 'emscripten' or 'planck'. */
  get engine(): EngineId | undefined {
    return engine?.id;
  },
  get bodies(): number {
    return world?.bodyCount ?? 0;
  },
  /** x, y, angle of each body after the last frame. */
  positions: (): Float32Array => positions.slice(0, 3 * count),
  get frames(): number {
    return frames;
  },
  runSnippet: run,
  /** Where a world point is drawn, in canvas pixels. */
  toCanvas: (x: number, y: number): [number, number] => renderer.toCanvas(x, y),
  get stats(): RuntimeStats | undefined {
    return lastStats;
  },
};
window.demo = demo;

requestAnimationFrame(frame);
void start('wasi');
