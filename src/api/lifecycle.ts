// Node-API: version, instance data, module file name.
import { engines } from '../engine.js';
import { Status, type EnvId, type Ptr } from '../types.js';

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
