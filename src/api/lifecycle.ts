// Node-API: version, instance data, module file name, scripts, external memory.
import { engines } from '../engine.js';
import { host } from '../host.js';
import { scopes, STALE } from '../scope.js';
import { Status, type EnvId, type Handle, type Ptr } from '../types.js';
import { preamble } from './objects.js';

/** The highest Node-API version this runtime implements completely (reported by napi_get_version). */
export const NAPI_VERSION = 9;

export function napi_get_version(env: EnvId, result: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  e.mem.setU32(result, NAPI_VERSION);
  return e.ok();
}

export function napi_set_instance_data(env: EnvId, data: Ptr, finalizeCb: number, finalizeHint: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  e.instanceData = data;
  e.instanceFinalize = finalizeCb;
  e.instanceHint = finalizeHint;
  return e.ok();
}

export function napi_get_instance_data(env: EnvId, data: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!data) return e.fail(Status.invalid_arg);
  e.mem.setU32(data, e.instanceData);
  return e.ok();
}

const fileNames = new WeakMap<object, Ptr>();

/** The module's URL as a C string owned by the runtime (allocated once per module). */
export function node_api_get_module_file_name(env: EnvId, result: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  let p = fileNames.get(e);
  if (p === undefined) {
    const bytes = new TextEncoder().encode(e.filename);
    p = e.alloc(bytes.length + 1);
    if (p === 0) return e.fail(Status.generic_failure);
    e.mem.check();
    e.mem.u8.set(bytes, p);
    e.mem.u8[p + bytes.length] = 0;
    fileNames.set(e, p);
  }
  e.mem.setU32(result, p);
  return e.ok();
}

/**
 * Runs a string as a classic script in the global scope. A compile error or a thrown exception is
 * napi_generic_failure with the exception pending, as Node's CHECK_MAYBE_EMPTY reports it.
 */
export function napi_run_script(env: EnvId, script: Handle, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const source = scopes.value(script);
  if (source === STALE || !result) return e.fail(Status.invalid_arg);
  if (typeof source !== 'string') return e.fail(Status.string_expected);
  let value: unknown;
  try {
    value = host.runScript(source);
  } catch (error) {
    e.throwPending(error);
    return e.fail(Status.generic_failure);
  }
  e.setHandle(result, value);
  return e.ok();
}

/** The external memory total each env reported (V8 keeps one per isolate, shared with Node itself). */
const externalMemory = new WeakMap<object, bigint>();
/** V8 aborts on a change outside [-2^60, 2^60); here that is napi_invalid_arg. */
const MAX_REASONABLE_BYTES = 1n << 60n;

export function napi_adjust_external_memory(env: EnvId, change: bigint, adjustedValue: Ptr): Status {
  const e = engines[env];
  if (!e) return Status.invalid_arg;
  if (!adjustedValue) return e.fail(Status.invalid_arg);
  if (change < -MAX_REASONABLE_BYTES || change >= MAX_REASONABLE_BYTES) return e.fail(Status.invalid_arg);
  const total = BigInt.asIntN(64, (externalMemory.get(e) ?? 0n) + change);
  externalMemory.set(e, total);
  e.mem.check();
  e.mem.dv.setBigInt64(adjustedValue >>> 0, total, true);
  return e.ok();
}
