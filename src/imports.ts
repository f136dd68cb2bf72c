// Builds a module's Node-API import table from the symbol list: the implementation of each symbol is
// the export of the same name in its group's file. The groups that almost every module imports load
// with the runtime; the others load on demand (a chunk of their own in the bundles), when a module
// that imports one of their functions is loaded, before it is instantiated. Symbols without an
// implementation get a function that fails with a clear error when called (the module still loads).
// A load asked to trace or count wraps its table (trace.ts, counters.ts).
import * as arrays from './api/arrays.js';
import * as errors from './api/errors.js';
import * as functions from './api/functions.js';
import * as objects from './api/objects.js';
import * as scopes from './api/scopes.js';
import * as strings from './api/strings.js';
import * as values from './api/values.js';
import { engines, tableStats as loadedTableStats } from './engine.js';
import { symbols, type Group } from './symbols.js';
import { Status } from './types.js';

// Import functions take and return wasm numbers (and BigInt for i64): their signatures differ per
// symbol, so the table is typed loosely on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ImportFunction = (...args: any[]) => unknown;

type GroupExports = Record<string, unknown>;

/**
 * Every group (the type says so): its exports, or a function that loads them. On demand: what few
 * modules import (BENCHMARKS.md, "Runtime size", has the figures): async work and threadsafe
 * functions, lifecycle (instance data, cleanup hooks, scripts), promises, BigInt, ArrayBuffers and
 * buffers, classes and wraps, references.
 */
const groups: Record<Group, GroupExports | (() => Promise<GroupExports>)> = {
  arrays,
  async: () => import('./api/async.js'),
  bigint: () => import('./api/bigint.js'),
  binary: () => import('./api/binary.js'),
  classes: () => import('./api/classes.js'),
  errors,
  functions,
  lifecycle: () => import('./api/lifecycle.js'),
  objects,
  promises: () => import('./api/promises.js'),
  references: () => import('./api/references.js'),
  scopes,
  strings,
  values,
};

/** Groups being loaded, so that concurrent loads share one import. */
const loading = new Map<Group, Promise<void>>();

let groupOfName: Map<string, Group> | undefined;

/** The group of each Node-API symbol, by name. */
function groupsByName(): Map<string, Group> {
  if (groupOfName === undefined) {
    groupOfName = new Map();
    for (const [name, , group] of symbols) groupOfName.set(name, group);
  }
  return groupOfName;
}

/** The group of a Node-API symbol, or undefined for any other name. */
export function groupOf(name: string): Group | undefined {
  return groupsByName().get(name);
}

/** Loads the groups of `names` that are not loaded yet; undefined when there is nothing to wait for. */
export function loadGroups(names: readonly string[]): Promise<unknown> | undefined {
  const byName = groupsByName();
  let pending: Promise<void>[] | undefined;
  for (const name of names) {
    const g = byName.get(name);
    if (g === undefined) continue;
    const entry = groups[g];
    if (typeof entry !== 'function') continue;
    let p = loading.get(g);
    if (p === undefined) {
      p = entry().then(
        (exports) => {
          groups[g] = exports;
        },
        (error: unknown) => {
          loading.delete(g); // a failed fetch of the chunk may succeed next time
          throw error;
        },
      );
      loading.set(g, p);
    }
    pending ??= [];
    if (!pending.includes(p)) pending.push(p);
  }
  return pending && Promise.all(pending);
}

/**
 * A symbol without an implementation yet: the call fails with napi_generic_failure and a pending
 * Error naming it. It never throws through wasm: C++ built with wasm exceptions would catch a
 * foreign exception in `catch (...)`, and node-addon-api's noexcept callbacks would terminate.
 */
function notImplemented(name: string): ImportFunction {
  return (env: number) => {
    const e = engines[env];
    if (!e) return Status.invalid_arg;
    e.throwPending(new Error(`wasm-napi: ${name} is not implemented yet`));
    return e.fail(Status.generic_failure);
  };
}

/** Implementation of a symbol, or undefined if none yet (or its group is not loaded). */
export function implementationOf(name: string, group: Group): ImportFunction | undefined {
  const exports = groups[group];
  const f = typeof exports === 'function' ? undefined : exports[name];
  return typeof f === 'function' ? (f as ImportFunction) : undefined;
}

/**
 * name → function for each Node-API symbol among `names` (other names are left out), or undefined
 * while one of their groups is not loaded (loadGroups loads them).
 */
export function napiImports(names: readonly string[]): Record<string, ImportFunction> | undefined {
  const byName = groupsByName();
  const table: Record<string, ImportFunction> = {};
  for (const name of names) {
    const g = byName.get(name);
    if (g === undefined) continue;
    const exports = groups[g];
    if (typeof exports === 'function') return undefined;
    const f = exports[name];
    table[name] = typeof f === 'function' ? (f as ImportFunction) : notImplemented(name);
  }
  return table;
}

/**
 * Entries in each per-env table (leak checks). The tables of on-demand groups count 0 before their
 * group loads, so that figures taken before and after a module's first load compare.
 */
export function tableStats(): Record<string, number> {
  return { asyncWorks: 0, threadsafeFunctions: 0, asyncContexts: 0, asyncCleanupHooks: 0, deferreds: 0, ...loadedTableStats() };
}
