// Runs the same assertions against every build of a test addon: native (node-gyp, the oracle),
// wasm32-wasi (clang) and Emscripten. Builds come from `scripts/build-tests.mjs`.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

export type Build = 'native' | 'wasi' | 'emscripten';
// Native runs last: a native addon can leave V8 itself in an odd state that leaks into later JS in
// the same process (seen: after native napi_define_properties on a Proxy whose trap throws, a
// later for-in over a Number wrapper rethrows that trap's error), which must not be blamed on wasm.
export const allBuilds: readonly Build[] = ['wasi', 'emscripten', 'native'];

/** Builds under test: all, or a comma list in TEST_BUILDS (e.g. TEST_BUILDS=native,wasi). */
export const builds: readonly Build[] = process.env.TEST_BUILDS
  ? (process.env.TEST_BUILDS.split(',') as Build[])
  : allBuilds;

const require = createRequire(import.meta.url);
const buildDir = fileURLToPath(new URL('./build/', import.meta.url));

export function addonPath(name: string, build: Build): string {
  return build === 'native' ? `${buildDir}Release/${name}.node` : `${buildDir}${build}/${name}.wasm`;
}

// Addon exports are untyped JS objects made by C code: tests index them freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Addon = any;

export async function loadAddon(name: string, build: Build): Promise<Addon> {
  const path = addonPath(name, build);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`node scripts/build-tests.mjs\``);
  if (build === 'native') return require(path);
  // Imported lazily so that TEST_BUILDS=native runs while the runtime (src/) is still being written.
  const { load } = await import('../src/index.js');
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
    const reason = unavailable[build];
    if (reason !== undefined) {
      describe.skip(`${name} [${build}]: ${reason}`, () => {});
      continue;
    }
    const addon = await loadAddon(name, build);
    describe(`${name} [${build}]`, () => body(addon, build));
  }
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
