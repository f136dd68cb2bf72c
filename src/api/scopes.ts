// Node-API: handle scopes and escapable handle scopes (the ScopeManager does the work).
import { engines } from '../engine.js';
import { scopes, STALE } from '../scope.js';
import { Status, type EnvId, type Handle, type Ptr } from '../types.js';

function open(env: EnvId, result: Ptr, escapable: boolean): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  e.mem.setU32(result, scopes.open(escapable));
  return e.ok();
}

function close(env: EnvId, scope: number, escapable: boolean): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!scope) return e.fail(Status.invalid_arg);
  const floor = scopes.frameFloor();
  // Node answers this one case without recording it as the last error.
  if (scopes.depth <= floor) return Status.handle_scope_mismatch;
  if (!scopes.isInnermost(scope, floor)) {
    // Closing an outer scope first would corrupt V8's scope chain (Node aborts); an id that is not
    // open at all is a stale handle.
    return e.fail(scopes.find(scope) > floor ? Status.handle_scope_mismatch : Status.invalid_arg);
  }
  if (scopes.isEscapable(scopes.depth) !== escapable) return e.fail(Status.invalid_arg);
  scopes.close();
  return e.ok();
}

export function napi_open_handle_scope(env: EnvId, result: Ptr): Status {
  return open(env, result, false);
}
export function napi_close_handle_scope(env: EnvId, scope: number): Status {
  return close(env, scope, false);
}
export function napi_open_escapable_handle_scope(env: EnvId, result: Ptr): Status {
  return open(env, result, true);
}
export function napi_close_escapable_handle_scope(env: EnvId, scope: number): Status {
  return close(env, scope, true);
}

export function napi_escape_handle(env: EnvId, scope: number, escapee: Handle, result: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  const v = scopes.value(escapee);
  if (!scope || v === STALE || !result) return e.fail(Status.invalid_arg);
  const depth = scopes.find(scope);
  if (depth === 0 || !scopes.isEscapable(depth)) return e.fail(Status.invalid_arg);
  const h = scopes.escape(depth, v);
  if (h === 0) return e.fail(Status.escape_called_twice);
  e.mem.setU32(result, h);
  return e.ok();
}
