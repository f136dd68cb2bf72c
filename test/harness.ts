// Runs the same assertions against every build of a test addon: native (node-gyp, the oracle),
// wasm32-wasi (clang) and Emscripten. Builds come from `scripts/build-tests.mjs`.
//
// The same files run in two Vitest projects (vitest.config.ts): `node`, against all three builds,
// and `browser` (Chromium), against the two wasm builds, fetched from the Vite server. Nothing here
// imports a `node:` module at the top level, so that the browser can load it; tests that need Node
// itself use `itInNode` / `describeInNode`, which skip in the browser with the reason in the title.
import { describe, it } from 'vitest';

/** The browser project (Chromium): no Node built-ins, no native addons, the browser entry point. */
export const isBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';

export type Build = 'native' | 'wasi' | 'emscripten';
// Native runs last: a native addon can leave V8 itself in an odd state that leaks into later JS in
// the same process (seen: after native napi_define_properties on a Proxy whose trap throws, a
// later for-in over a Number wrapper rethrows that trap's error), which must not be blamed on wasm.
export const allBuilds: readonly Build[] = ['wasi', 'emscripten', 'native'];

/** Why a build does not run in this project (shown as a skipped suite), or undefined. */
function unavailableHere(build: Build): string | undefined {
  return isBrowser && build === 'native' ? 'a native .node addon needs Node' : undefined;
}

// The browser project forwards TEST_BUILDS through `test.env` (import.meta.env there).
const requested: string | undefined = isBrowser ? import.meta.env.TEST_BUILDS : process.env.TEST_BUILDS;

/** Builds under test: all, or a comma list in TEST_BUILDS (e.g. TEST_BUILDS=native,wasi). */
export const builds: readonly Build[] = requested ? (requested.split(',') as Build[]) : allBuilds;

// Not `new URL(…, import.meta.url)` inline: Vite rewrites that pattern into a lookup among the files
// that exist when it transforms this module.
const here = import.meta.url;

/**
 * The URL of a build: `file:` in Node, the Vite server's `http:` in the browser (the repo root is
 * served, so test/build/… is reachable). This is what node_api_get_module_file_name reports.
 */
export function addonUrl(name: string, build: Build): string {
  const file = build === 'native' ? `Release/${name}.node` : `${build}/${name}.wasm`;
  return new URL(`./build/${file}`, here).href;
}

/** The path of a build in Node; its URL in the browser (what `load()` takes there). */
export function addonPath(name: string, build: Build): string {
  const url = addonUrl(name, build);
  return isBrowser ? url : decodeURIComponent(new URL(url).pathname);
}

/** The bytes of a wasm build (read from disk in Node, fetched in the browser). */
export async function addonBytes(name: string, build: Exclude<Build, 'native'>): Promise<Uint8Array<ArrayBuffer>> {
  if (isBrowser) {
    const response = await fetch(addonUrl(name, build));
    if (!response.ok) throw new Error(`${addonUrl(name, build)}: ${response.status}: run \`node scripts/build-tests.mjs\``);
    return new Uint8Array(await response.arrayBuffer());
  }
  const { readFileSync } = await import('node:fs');
  return new Uint8Array(readFileSync(addonPath(name, build)));
}

/** The wasm runtime's public API, as this project's entry point gives it. */
export type Runtime = typeof import('../src/index.js');

/**
 * The runtime under test: src/index.ts in Node, src/browser.ts in the browser. Tests that call
 * `load`, `unload` or the diagnostics themselves take them from here, so that they share the
 * module instance (and its tables) the harness loads addons with. Imported lazily so that
 * TEST_BUILDS=native runs while the runtime (src/) is still being written.
 */
export async function runtime(): Promise<Runtime> {
  return isBrowser ? import('../src/browser.js') : import('../src/index.js');
}

// Addon exports are untyped JS objects made by C code: tests index them freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Addon = any;

export async function loadAddon(name: string, build: Build): Promise<Addon> {
  const reason = unavailableHere(build);
  if (reason !== undefined) throw new Error(`${name} [${build}]: ${reason}`);
  const path = addonPath(name, build);
  if (!isBrowser) {
    const { existsSync } = await import('node:fs');
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`node scripts/build-tests.mjs\``);
    if (build === 'native') {
      const { createRequire } = await import('node:module');
      return createRequire(here)(path);
    }
  }
  const { load } = await runtime();
  return load(path);
}

/**
 * Declares one `describe` block per build. `body` receives the loaded addon (resolved at collection
 * time with top-level await, so tests can use it synchronously) and the build's name.
 */
export async function describeEachBuild(
  name: string,
  body: (addon: Addon, build: Build) => void,
  /** Builds that cannot run this addon, each with the reason (shown as a skipped suite). */
  unavailable: Partial<Record<Build, string>> = {},
): Promise<void> {
  for (const build of builds) {
    const reason = unavailable[build] ?? unavailableHere(build);
    if (reason !== undefined) {
      describe.skip(`${name} [${build}]: ${reason}`, () => {});
      continue;
    }
    const addon = await loadAddon(name, build);
    describe(`${name} [${build}]`, () => body(addon, build));
  }
}

/**
 * `it` that runs only in the node project. `needs` says what of Node it uses ('child_process',
 * 'node:vm', …); the title carries it in both projects, so a skip in the browser is never silent.
 */
export function itInNode(title: string, needs: string, fn: () => unknown, timeout?: number): void {
  it.skipIf(isBrowser)(`${title} — needs ${needs}: Node only`, fn, timeout);
}

/** `describe` that runs only in the node project; see `itInNode`. */
export function describeInNode(title: string, needs: string, fn: () => void): void {
  describe.skipIf(isBrowser)(`${title} — needs ${needs}: Node only`, fn);
}

// ---- host differences ---------------------------------------------------------------------------
// What the runtime documents as differing between Node and browsers (README, "Limits"), for tests
// that assert each host's answer instead of skipping.

/** Whether the host tells a Proxy from its target (Node: util.types.isProxy; browsers cannot). */
export const seesProxies = !isBrowser;

/** Node's process.nextTick; browsers have no tick queue (undefined there). */
export const nextTick: ((fn: () => void) => void) | undefined = isBrowser ? undefined : (fn) => process.nextTick(fn);

/** Bytes of a string as UTF-8. */
export const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];

/** A UTF-8 string from bytes (Buffer's toString() where there may be no Buffer). */
export const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Bytes as lowercase hex (Buffer's toString('hex')). */
export const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

/**
 * Whether `v` is what napi_create_buffer & co. make on this host: a Node Buffer in Node, a plain
 * Uint8Array in the browser (which has no Buffer).
 */
export function isHostBuffer(v: unknown): boolean {
  return isBrowser ? v instanceof Uint8Array && v.constructor === Uint8Array : Buffer.isBuffer(v);
}

// Node's Buffer.from and Buffer.alloc in the browser: Uint8Arrays, the small ones carved from a
// shared pool as Node's are, so that "a Buffer from the pool" (a non-zero byteOffset, neighbours
// in the same ArrayBuffer) means the same in both projects.
const POOL_SIZE = 8 * 1024;
let pool = new ArrayBuffer(POOL_SIZE);
let poolOffset = 0;

function pooled(length: number): Uint8Array {
  if (length >= POOL_SIZE >>> 1) return new Uint8Array(length);
  if (poolOffset + length > POOL_SIZE) {
    pool = new ArrayBuffer(POOL_SIZE);
    poolOffset = 0;
  }
  const view = new Uint8Array(pool, poolOffset, length);
  poolOffset = (poolOffset + length + 7) & ~7; // 8-byte aligned, as Node keeps its pool
  return view;
}

/** Buffer.from(string | bytes): a Node Buffer (from the pool when small), a pooled Uint8Array in the browser. */
export function bufferFrom(source: string | ArrayLike<number>): Uint8Array {
  if (!isBrowser) return typeof source === 'string' ? Buffer.from(source) : Buffer.from(Array.from(source));
  const bytes = typeof source === 'string' ? new TextEncoder().encode(source) : source;
  const view = pooled(bytes.length);
  view.set(bytes);
  return view;
}

/** Buffer.alloc(size, fill): zero-filled (or filled) and never pooled, in both hosts. */
export function bufferAlloc(size: number, fill = 0): Uint8Array {
  return isBrowser ? new Uint8Array(size).fill(fill) : Buffer.alloc(size, fill);
}

/** An uncaught-exception report: the host's event name, the value, and Node's origin argument. */
export type Uncaught = [event: string, error: unknown, origin?: unknown];

/**
 * Runs `fn` with the host's uncaught-exception reports going to `listener` instead of the host's
 * own handling (Vitest's, which fails the run), and restores it after (after the promise settles
 * when `fn` returns one). Node: the process's 'uncaughtExceptionMonitor' and 'uncaughtException'
 * events, both emitted for each report. Browser: the window's 'error' events (what reportError and a
 * throw from a task give).
 */
export function withUncaught<R>(listener: (...report: Uncaught) => void, fn: () => R): R {
  let restore: () => void;
  if (isBrowser) {
    // While the page has an 'error' listener of its own, Vitest only logs the error (to stderr)
    // instead of failing the run with it.
    const onError = (event: ErrorEvent) => {
      event.preventDefault();
      listener('error', event.error);
    };
    window.addEventListener('error', onError);
    restore = () => window.removeEventListener('error', onError);
  } else {
    // Typed loosely: the two events have different listener types in @types/node.
    const emitter = process as unknown as { listeners(e: string): ((...a: unknown[]) => void)[] } & Pick<NodeJS.EventEmitter, 'on' | 'removeAllListeners'>;
    const events = ['uncaughtExceptionMonitor', 'uncaughtException'];
    const saved = events.map((e) => emitter.listeners(e));
    for (const e of events) {
      emitter.removeAllListeners(e);
      emitter.on(e, (error: unknown, origin: unknown) => listener(e, error, origin));
    }
    restore = () =>
      events.forEach((e, i) => {
        emitter.removeAllListeners(e);
        for (const l of saved[i]!) emitter.on(e, l);
      });
  }
  let result: R;
  try {
    result = fn();
  } catch (error) {
    restore();
    throw error;
  }
  if (result instanceof Promise) return result.finally(restore) as R;
  restore();
  return result;
}

/** How the host reports one uncaught exception `error` (see withUncaught). */
export function reportedUncaught(error: unknown): Uncaught[] {
  return isBrowser
    ? [['error', error]]
    : [
        ['uncaughtExceptionMonitor', error, 'uncaughtException'],
        ['uncaughtException', error, 'uncaughtException'],
      ];
}

/** Bad-input modes, passed as the first argument of addon functions that take one (test/common/common.h). */
export const Mode = {
  normal: 0,
  nullEnv: 1,
  nullResult: 2,
  nullValue: 3,
  nullValue2: 4,
  catch: 5,
} as const;

/** Node-API status codes (js_native_api_types.h). */
export const Status = {
  ok: 0,
  invalid_arg: 1,
  object_expected: 2,
  string_expected: 3,
  name_expected: 4,
  function_expected: 5,
  number_expected: 6,
  boolean_expected: 7,
  array_expected: 8,
  generic_failure: 9,
  pending_exception: 10,
  cancelled: 11,
  escape_called_twice: 12,
  handle_scope_mismatch: 13,
  callback_scope_mismatch: 14,
  queue_full: 15,
  closing: 16,
  bigint_expected: 17,
  date_expected: 18,
  arraybuffer_expected: 19,
  detachable_arraybuffer_expected: 20,
  would_deadlock: 21,
  no_external_buffers_allowed: 22,
  cannot_run_js: 23,
} as const;

/** napi_get_last_error_info messages as native Node 20 words them, indexed by status. */
export const statusMessage: readonly (string | null)[] = [
  null,
  'Invalid argument',
  'An object was expected',
  'A string was expected',
  'A string or symbol was expected',
  'A function was expected',
  'A number was expected',
  'A boolean was expected',
  'An array was expected',
  'Unknown failure',
  'An exception is pending',
  'The async work item was cancelled',
  'napi_escape_handle already called on scope',
  'Invalid handle scope usage',
  'Invalid callback scope usage',
  'Thread-safe function queue is full',
  'Thread-safe function handle is closing',
  'A bigint was expected',
  'A date was expected',
  'An arraybuffer was expected',
  'A detachable arraybuffer was expected',
  'Main thread would deadlock',
  'External buffers are not allowed',
  'Cannot run JavaScript',
];

/** The `{ status, message }` report that `report_status` (common.h) returns for a failing call. */
export function failure(status: number): { status: number; message: string | null } {
  return { status, message: statusMessage[status] ?? null };
}

/** The error `fn` throws, as { type, message } (its class name and message), or 'no exception'. */
export function thrown(fn: () => unknown): { type: string; message: string } | 'no exception' {
  try {
    fn();
  } catch (error) {
    const e = error as Error;
    return { type: e.constructor.name, message: e.message };
  }
  return 'no exception';
}
