// Node-API: errors and exceptions (create, throw, pending exception, last error info; node_api.h's
// fatal error and fatal exception).
import { engines, type Engine } from '../engine.js';
import { host } from '../host.js';
import { Fixed, scopes, STALE } from '../scope.js';
import { Status, type EnvId, type Handle, type Ptr } from '../types.js';
import { reportUncaught } from '../event-loop.js';
import { preamble, typeCheck } from './guards.js';

type ErrorKind = new (message: string) => Error;

function createError(env: EnvId, code: Handle, msg: Handle, result: Ptr, Kind: ErrorKind): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  const m = scopes.value(msg);
  if (m === STALE || !result) return e.fail(Status.invalid_arg);
  if (typeof m !== 'string') return e.fail(Status.string_expected);
  const error = new Kind(m) as Error & { code?: unknown };
  if (code) {
    const c = scopes.value(code);
    if (c === STALE) return e.fail(Status.invalid_arg);
    if (typeof c !== 'string') return e.fail(Status.string_expected);
    error.code = c;
  }
  e.setHandle(result, error);
  return e.ok();
}

export function napi_create_error(env: EnvId, code: Handle, msg: Handle, result: Ptr): Status {
  return createError(env, code, msg, result, Error);
}
export function napi_create_type_error(env: EnvId, code: Handle, msg: Handle, result: Ptr): Status {
  return createError(env, code, msg, result, TypeError);
}
export function napi_create_range_error(env: EnvId, code: Handle, msg: Handle, result: Ptr): Status {
  return createError(env, code, msg, result, RangeError);
}
export function node_api_create_syntax_error(env: EnvId, code: Handle, msg: Handle, result: Ptr): Status {
  return createError(env, code, msg, result, SyntaxError);
}

export function napi_throw(env: EnvId, error: Handle): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const v = scopes.value(error);
  if (v === STALE) return e.fail(Status.invalid_arg);
  e.throwPending(v);
  return e.ok();
}

function throwError(env: EnvId, code: Ptr, msg: Ptr, Kind: ErrorKind): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  if (!msg) return e.fail(Status.invalid_arg);
  const error = new Kind(e.mem.readUtf8(msg, -1)) as Error & { code?: string };
  if (code) error.code = e.mem.readUtf8(code, -1);
  e.throwPending(error);
  return e.ok();
}

export function napi_throw_error(env: EnvId, code: Ptr, msg: Ptr): Status {
  return throwError(env, code, msg, Error);
}
export function napi_throw_type_error(env: EnvId, code: Ptr, msg: Ptr): Status {
  return throwError(env, code, msg, TypeError);
}
export function napi_throw_range_error(env: EnvId, code: Ptr, msg: Ptr): Status {
  return throwError(env, code, msg, RangeError);
}
export function node_api_throw_syntax_error(env: EnvId, code: Ptr, msg: Ptr): Status {
  return throwError(env, code, msg, SyntaxError);
}

const isError = (v: unknown): boolean => typeof v === 'object' && v !== null && host.isNativeError(v);

export function napi_is_error(env: EnvId, value: Handle, result: Ptr): Status {
  return typeCheck(env, value, result, isError);
}

export function napi_is_exception_pending(env: EnvId, result: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  e.mem.setU8(result, e.hasPending ? 1 : 0);
  return e.ok();
}

export function napi_get_and_clear_last_exception(env: EnvId, result: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  if (!e.hasPending) {
    e.mem.setU32(result, Fixed.undefined);
    return e.ok();
  }
  e.setHandle(result, e.takePending());
  return e.ok();
}

export function napi_get_last_error_info(env: EnvId, result: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  const info = e.errorInfoPtr();
  if (info === 0) return Status.generic_failure;
  e.mem.setU32(result, info);
  // Node leaves the recorded status as it was: reading it is not a call that succeeds or fails.
  return Status.ok;
}

/**
 * Reports `err` as an uncaught exception now, as Node does: the process's 'uncaughtExceptionMonitor'
 * and 'uncaughtException' listeners run before this returns (with none, the host's own handling sees
 * it: see reportUncaught).
 */
export function napi_fatal_exception(env: EnvId, err: Handle): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const v = scopes.value(err);
  if (v === STALE) return e.fail(Status.invalid_arg);
  reportUncaught(v);
  return e.ok();
}

/**
 * napi_fatal_error never returns. Node prints "FATAL ERROR: <location> <message>" and aborts the
 * process; a wasm module must not take its host down, so this throws a JS Error with that message
 * instead: it unwinds the C code (which cannot return from here) and reaches the JS caller of the
 * native function (or, from a task of the runtime, becomes an uncaught exception). The module stays
 * loaded, its memory as the C code left it. A length of NAPI_AUTO_LENGTH means NUL-terminated; a NULL
 * location or message reads as empty (Node would crash reading it). Limit: in C++ built with wasm
 * exceptions (Emscripten), a `catch (...)` around the call catches the JS Error like any exception.
 *
 * The call carries no env, so the ModuleManager gives each module a copy bound to its own Engine
 * (fatalErrorOf); this unbound one, in the shared table, reads the memory of the module whose native
 * code is running (the innermost when modules call each other through JS cannot be told apart).
 */
export function napi_fatal_error(location: Ptr, locationLen: number, message: Ptr, messageLen: number): never {
  let running: Engine | undefined;
  for (const e of engines) if (e !== undefined && e.mirrors.depth > 0) running = e;
  return fatalErrorOf(running)(location, locationLen, message, messageLen);
}

type FatalError = (location: Ptr, locationLen: number, message: Ptr, messageLen: number) => never;

/** napi_fatal_error for the module of Engine `e`. */
export function fatalErrorOf(e: Engine | undefined): FatalError {
  return (location, locationLen, message, messageLen) => {
    const read = (p: Ptr, len: number) => (!p || !e ? '' : e.mem.readUtf8(p, len === -1 ? -1 : len >>> 0));
    throw new Error(`FATAL ERROR: ${read(location, locationLen)} ${read(message, messageLen)}`);
  };
}
