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
  const argc = s.argc(cbinfo);
  const mem = e.mem;
  if (argv !== 0) {
    if (argcPtr === 0) return e.fail(Status.invalid_arg);
    // Read as int32 so that V8 keeps integer arithmetic; a size_t above INT_MAX takes the slow path.
    const wanted = mem.getI32(argcPtr);
    const base = s.argBase(cbinfo);
    const u32 = mem.u32;
    const at = argv >>> 2;
    if ((argv & 3) === 0 && wanted >= 0 && at + wanted <= u32.length) {
      // The hot path: write the handle numbers straight into the aligned argv array (setU32 below
      // re-derives views that memory growth made stale). One or two arguments are copied without
      // a loop: V8 re-checks both arrays at every turn of one.
      const ids = s.ids;
      const n = wanted < argc ? wanted : argc;
      if (n === wanted && n <= 2) {
        if (n !== 0) u32[at] = ids[base]!;
        if (n === 2) u32[at + 1] = ids[base + 1]!;
      } else {
        for (let i = 0; i < n; i++) u32[at + i] = ids[base + i]!;
        for (let i = n; i < wanted; i++) u32[at + i] = Fixed.undefined;
      }
    } else {
      const w = wanted >>> 0;
      const n = w < argc ? w : argc;
      for (let i = 0; i < n; i++) mem.setU32(argv + i * 4, s.handleAt(base + i));
      for (let i = n; i < w; i++) mem.setU32(argv + i * 4, Fixed.undefined);
    }
  }
  if (argcPtr !== 0) mem.setU32(argcPtr, argc);
  if (thisArg !== 0) mem.setU32(thisArg, s.thisHandle(cbinfo));
  if (data !== 0) mem.setU32(data, s.data(cbinfo));
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
  // Node's preamble (guards.ts), written out: a call to a function imported from another module
  // costs a check that the binding still holds it.
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (e.hasPending === true) return e.fail(Status.pending_exception);
  e.lastStatus = Status.ok;
  argc >>>= 0;
  // Handles are tested with live() and read with get(): comparing a value with STALE is a builtin
  // call in V8.
  const s = scopes;
  if (!s.live(recv) || (argc > 0 && argv === 0)) return e.fail(Status.invalid_arg);
  const self = s.get(recv);
  if (!s.live(func)) return e.fail(Status.invalid_arg);
  const f = s.get(func);
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
        const a = m.getU32(argv);
        if (!s.live(a)) return e.fail(Status.invalid_arg);
        r = f.call(self, s.get(a));
        break;
      }
      case 2: {
        const a = m.getU32(argv);
        const b = m.getU32(argv + 4);
        if (!s.live(a) || !s.live(b)) return e.fail(Status.invalid_arg);
        r = f.call(self, s.get(a), s.get(b));
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
  if (result !== 0) e.setHandle(result, r);
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
