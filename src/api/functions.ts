// Node-API: functions and callbacks (create, callback info, call, construct).
import { engines, type Engine } from '../engine.js';
import { Fixed, scopes, STALE } from '../scope.js';
import { AUTO_LENGTH, Status, type EnvId, type Handle, type Ptr } from '../types.js';
import { preamble } from './guards.js';

export function napi_create_function(env: EnvId, utf8name: Ptr, length: number, cb: number, data: Ptr, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  if (!result || !cb) return e.fail(Status.invalid_arg);
  const fn = e.callback(cb);
  if (!fn) return e.fail(Status.invalid_arg);
  let name = '';
  if (utf8name) {
    if (length < 0 && length !== AUTO_LENGTH) return e.fail(Status.invalid_arg);
    name = e.mem.readUtf8(utf8name, length);
  }
  e.setHandle(result, e.createFunction(name, fn, data));
  return e.ok();
}

export function napi_get_cb_info(env: EnvId, cbinfo: number, argcPtr: Ptr, argv: Ptr, thisArg: Ptr, data: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const s = scopes;
  if (!s.isFrame(cbinfo)) return e.fail(Status.invalid_arg);
  const frame = s.frame(cbinfo);
  const argc = frame.argc;
  const mem = e.mem;
  if (argv !== 0) {
    if (argcPtr === 0) return e.fail(Status.invalid_arg);
    const wanted = mem.getU32(argcPtr);
    const n = wanted < argc ? wanted : argc;
    const base = frame.base;
    if ((argv & 3) === 0 && (argv >>> 2) + wanted <= mem.u32.length) {
      // The hot path: write the handle numbers straight into the aligned argv array (setU32 below
      // re-derives views that memory growth made stale).
      const u32 = mem.u32;
      const ids = s.ids;
      const at = argv >>> 2;
      for (let i = 0; i < n; i++) u32[at + i] = ids[base + i]!;
      for (let i = n; i < wanted; i++) u32[at + i] = Fixed.undefined;
    } else {
      for (let i = 0; i < n; i++) mem.setU32(argv + i * 4, s.handleAt(base + i));
      for (let i = n; i < wanted; i++) mem.setU32(argv + i * 4, Fixed.undefined);
    }
  }
  if (argcPtr !== 0) mem.setU32(argcPtr, argc);
  if (thisArg !== 0) mem.setU32(thisArg, s.thisHandle(cbinfo));
  if (data !== 0) mem.setU32(data, frame.data);
  return e.ok();
}

export function napi_get_new_target(env: EnvId, cbinfo: number, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (!scopes.isFrame(cbinfo) || !result) return e.fail(Status.invalid_arg);
  e.mem.setU32(result, scopes.newTargetHandle(cbinfo));
  return e.ok();
}

/** Reads `argc` handles from `argv`; undefined if one of them is not a live handle. */
function readArgs(e: Engine, argc: number, argv: Ptr): unknown[] | undefined {
  const args = new Array<unknown>(argc);
  for (let i = 0; i < argc; i++) {
    const v = scopes.value(e.mem.getU32(argv + i * 4));
    if (v === STALE) return undefined;
    args[i] = v;
  }
  return args;
}

export function napi_call_function(env: EnvId, recv: Handle, func: Handle, argc: number, argv: Ptr, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  argc >>>= 0;
  const self = scopes.value(recv);
  if (self === STALE || (argc > 0 && !argv)) return e.fail(Status.invalid_arg);
  const f = scopes.value(func);
  if (typeof f !== 'function') return e.fail(Status.invalid_arg);
  let r: unknown;
  // JS may read or write ArrayBuffers that C holds pointers to: hand them over and take them back.
  const mirrors = e.mirrors;
  if (mirrors.count !== 0) mirrors.syncOut();
  try {
    // Fixed arities avoid building an arguments array for the common short calls.
    const m = e.mem;
    switch (argc) {
      case 0:
        r = f.call(self);
        break;
      case 1: {
        const a = scopes.value(m.getU32(argv));
        if (a === STALE) return e.fail(Status.invalid_arg);
        r = f.call(self, a);
        break;
      }
      case 2: {
        const a = scopes.value(m.getU32(argv));
        const b = scopes.value(m.getU32(argv + 4));
        if (a === STALE || b === STALE) return e.fail(Status.invalid_arg);
        r = f.call(self, a, b);
        break;
      }
      default: {
        const args = readArgs(e, argc, argv);
        if (!args) return e.fail(Status.invalid_arg);
        r = Reflect.apply(f, self, args);
      }
    }
  } catch (error) {
    if (mirrors.count !== 0) mirrors.syncIn();
    return e.caught(error);
  }
  if (mirrors.count !== 0) mirrors.syncIn();
  if (result) e.setHandle(result, r);
  return e.ok();
}

export function napi_new_instance(env: EnvId, constructor: Handle, argc: number, argv: Ptr, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  argc >>>= 0;
  const c = scopes.value(constructor);
  if (c === STALE || (argc > 0 && !argv) || !result) return e.fail(Status.invalid_arg);
  if (typeof c !== 'function') return e.fail(Status.invalid_arg);
  const args = readArgs(e, argc, argv);
  if (!args) return e.fail(Status.invalid_arg);
  let r: unknown;
  const mirrors = e.mirrors;
  if (mirrors.count !== 0) mirrors.syncOut();
  try {
    r = Reflect.construct(c, args);
  } catch (error) {
    if (mirrors.count !== 0) mirrors.syncIn();
    return e.caught(error);
  }
  if (mirrors.count !== 0) mirrors.syncIn();
  e.setHandle(result, r);
  return e.ok();
}
