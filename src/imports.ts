// Builds the Node-API import table from the symbol list: the implementation of each symbol is the
// export of the same name in its group's file. Symbols without an implementation yet get a function
// that throws a clear error when called (the module still loads). A load asked to trace or count
// wraps a copy of it (trace.ts, counters.ts); every other load imports these functions as they are.
import * as arrays from './api/arrays.js';
import * as async from './api/async.js';
import * as bigint from './api/bigint.js';
import * as binary from './api/binary.js';
import * as classes from './api/classes.js';
import * as errors from './api/errors.js';
import * as functions from './api/functions.js';
import * as lifecycle from './api/lifecycle.js';
import * as objects from './api/objects.js';
import * as promises from './api/promises.js';
import * as references from './api/references.js';
import * as scopes from './api/scopes.js';
import * as strings from './api/strings.js';
import * as values from './api/values.js';
import { engines } from './engine.js';
import { symbols, type Group } from './symbols.js';
import { Status } from './types.js';

// Import functions take and return wasm numbers (and BigInt for i64): their signatures differ per
// symbol, so the table is typed loosely on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ImportFunction = (...args: any[]) => unknown;

// Every group must be listed (the type says so): a group whose file is not written yet maps to {}.
const groups: Record<Group, Record<string, unknown>> = {
  arrays,
  async,
  bigint,
  binary,
  classes,
  errors,
  functions,
  lifecycle,
  objects,
  promises,
  references,
  scopes,
  strings,
  values,
};

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

/** Implementation of a symbol, or undefined if none yet. */
export function implementationOf(name: string, group: Group): ImportFunction | undefined {
  const f = groups[group][name];
  return typeof f === 'function' ? (f as ImportFunction) : undefined;
}

/** name → function for every symbol of the list. */
export const napiTable: Readonly<Record<string, ImportFunction>> = Object.freeze(
  Object.fromEntries(symbols.map(([name, , group]) => [name, implementationOf(name, group) ?? notImplemented(name)])),
);
