// Node-API: classes, wraps, externals, type tags and napi_add_finalizer.
import { engines, type Engine } from '../engine.js';
import { Ownership, type Reference, type ReferenceManager } from '../reference.js';
import { scopes, STALE } from '../scope.js';
import { AUTO_LENGTH, Status, type EnvId, type Handle, type Ptr } from '../types.js';
import { objectArg, preamble } from './guards.js';
import { DESCRIPTOR_SIZE, descriptorName, toPropertyDescriptor } from './objects.js';
import { externals } from './values.js';

const STATIC = 1 << 10;

/** A constructor that returns its argument: a subclass's private fields then go on any object. */
const Stamp = function (o: object) {
  return o;
} as unknown as new (o: object) => object;

/**
 * The wrap of each object, shared by every env as V8's private wrapper key is per isolate, and kept
 * where Node keeps it: in a private property of the object. Adding a private field costs a map
 * transition, where a WeakMap entry cost a hash and an ephemeron (12% of the wrapNew benchmark). An
 * object that refuses private fields (a host object, or an engine that applies non-extensibility to
 * them) has its wrap in a WeakMap instead.
 *
 * get() gives undefined for an object never wrapped, null for one whose wrap was removed (a private
 * field cannot be deleted), and a Reference with id 0 for a removed runtime-owned wrap kept for
 * napi_wrap to revive (ReferenceManager.removeWrap): the object counts as not wrapped then too.
 */
class Wraps extends Stamp {
  #wrap: Reference | null;

  private constructor(o: object, wrap: Reference) {
    super(o);
    this.#wrap = wrap;
  }

  static get(o: object): Reference | null | undefined {
    if (#wrap in o) return o.#wrap;
    return refusing === undefined ? undefined : refusing.get(o);
  }

  /** Wraps `o`, for which get() gave undefined. */
  static add(o: object, wrap: Reference): void {
    try {
      new Wraps(o, wrap);
    } catch {
      (refusing ??= new WeakMap()).set(o, wrap);
    }
  }

  /** Replaces the wrap of `o`, for which get() gave a Reference or null. */
  static set(o: object, wrap: Reference | null): void {
    if (#wrap in o) o.#wrap = wrap;
    else refusing!.set(o, wrap);
  }
}
/** Wraps of the objects that refused a private field (made at the first). */
let refusing: WeakMap<object, Reference | null> | undefined;

/**
 * Removed runtime-owned wraps that a newer wrap of their object displaced (one of another env, or
 * one with a result napi_ref), kept so that their env still revives them: at most one per env and
 * object. An object with parked wraps always has a wrap in `Wraps`.
 */
const parked = new WeakMap<object, Reference[]>();
/** Type tags (napi_type_tag: two uint64, kept as four uint32) by object or external. */
const typeTags = new WeakMap<object, Uint32Array>();

function isObject(v: unknown): v is object {
  return (typeof v === 'object' && v !== null) || typeof v === 'function';
}

export function napi_define_class(
  env: EnvId,
  utf8name: Ptr,
  length: number,
  constructor: number,
  data: Ptr,
  propertyCount: number,
  properties: Ptr,
  result: Ptr,
): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  propertyCount >>>= 0;
  if (!result || !constructor || (propertyCount > 0 && !properties)) return e.fail(Status.invalid_arg);
  const ctorFn = e.callback(constructor);
  if (!ctorFn || !utf8name || (length < 0 && length !== AUTO_LENGTH)) return e.fail(Status.invalid_arg);
  const instances = new WeakSet<object>();
  const ctor = e.createFunction(e.mem.readUtf8(utf8name, length), ctorFn, data, instances);
  const proto = ctor.prototype as object;
  // V8 adds `constructor` after the template's properties: keep that key order.
  delete (proto as { constructor?: unknown }).constructor;
  const statics: Ptr[] = [];
  for (let i = 0; i < propertyCount; i++) {
    const p = properties + i * DESCRIPTOR_SIZE;
    if (e.mem.getU32(p + 24) & STATIC) {
      statics.push(p);
      continue;
    }
    const key = descriptorName(e, p);
    if (typeof key === 'number') return key;
    const d = toPropertyDescriptor(e, p);
    if (typeof d === 'number') return d;
    if (typeof d.value === 'function' && e.mem.getU32(p + 8)) {
      // A class's methods are named after their key (string keys only), unlike napi_define_properties'.
      d.value = withSignature(d.value as Method, instances, typeof key === 'string' ? key : '');
    }
    Object.defineProperty(proto, key, d);
  }
  if (!Object.hasOwn(proto, 'constructor')) {
    Object.defineProperty(proto, 'constructor', { value: ctor, writable: true, enumerable: false, configurable: true });
  }
  for (const p of statics) {
    const key = descriptorName(e, p);
    if (typeof key === 'number') return key;
    const d = toPropertyDescriptor(e, p);
    if (typeof d === 'number') return d;
    try {
      Object.defineProperty(ctor, key, d);
    } catch (error) {
      return e.caught(error);
    }
  }
  e.setHandle(result, ctor);
  return e.ok();
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Prototype methods of a class check their receiver, as V8's signature on the method template
 * does: calling one on an object its class's constructor did not make throws "Illegal invocation".
 * The check is on how the object was made, not on its prototype chain (Object.create(C.prototype)
 * is refused, an instance moved to another prototype is not); construct calls are not checked.
 */
function withSignature(method: Method, instances: WeakSet<object>, name: string): Method {
  const checked = function (this: unknown, ...args: unknown[]): unknown {
    if (new.target !== undefined) return Reflect.construct(method, args, new.target);
    if (!instances.has(this as object)) throw new TypeError('Illegal invocation');
    return Reflect.apply(method, this, args);
  };
  Object.defineProperty(checked, 'name', { value: name });
  return checked;
}

export function napi_wrap(env: EnvId, jsObject: Handle, nativeObject: Ptr, finalizeCb: number, hint: Ptr, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const s = scopes;
  if (!s.live(jsObject)) return e.fail(Status.invalid_arg);
  const o = s.get(jsObject);
  if (!isObject(o)) return e.fail(Status.invalid_arg);
  const prior = Wraps.get(o);
  if (prior != null && prior.id !== 0) return e.fail(Status.invalid_arg);
  let ref: Reference;
  if (result !== 0) {
    // The returned reference must be deleted by the addon in its finalizer, so one is required.
    if (finalizeCb === 0) return e.fail(Status.invalid_arg);
    ref = e.refs.create(o, 0, Ownership.userland, finalizeCb, nativeObject, hint);
    e.mem.setU32(result, ref.id);
    if (prior != null) park(o, prior);
  } else if (prior == null) {
    ref = e.refs.create(o, 0, Ownership.runtime, finalizeCb, nativeObject, hint);
  } else {
    ref = rewrap(e.refs, o, prior, finalizeCb, nativeObject, hint);
  }
  e.refs.markWrap(ref);
  if (prior === undefined) Wraps.add(o, ref);
  else Wraps.set(o, ref);
  return e.ok();
}

/**
 * A runtime-owned napi_wrap of an object whose wrap was removed: this env's removed wrap, if it has
 * one, is revived (its registration still stands). Another env's cannot run this env's finalizer:
 * it is parked until that env wraps the object again.
 */
function rewrap(refs: ReferenceManager, o: object, removed: Reference, finalizeCb: number, data: Ptr, hint: Ptr): Reference {
  let ref = removed;
  if (removed.owner !== refs) {
    const others = parked.get(o);
    const i = others === undefined ? -1 : others.findIndex((r) => r.owner === refs);
    if (i < 0) {
      park(o, removed);
      return refs.create(o, 0, Ownership.runtime, finalizeCb, data, hint);
    }
    ref = others![i]!;
    others![i] = removed;
  }
  refs.revive(ref, finalizeCb, data, hint);
  return ref;
}

function park(o: object, removed: Reference): void {
  const others = parked.get(o);
  if (others === undefined) parked.set(o, [removed]);
  else others.push(removed);
}

function unwrap(env: EnvId, jsObject: Handle, result: Ptr, remove: boolean): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const s = scopes;
  if (!s.live(jsObject) || (!remove && result === 0)) return e.fail(Status.invalid_arg);
  const o = s.get(jsObject);
  if (!isObject(o)) return e.fail(Status.invalid_arg);
  const wrap = Wraps.get(o);
  if (wrap == null || wrap.id === 0) return e.fail(Status.invalid_arg);
  if (result !== 0) e.mem.setU32(result, wrap.data);
  if (remove) {
    // The finalizer will not run. Ours stays in `Wraps`, removed, for a later napi_wrap; a ref the
    // addon owns stays for it to delete, and a parked wrap takes its place.
    if (wrap.ownership === Ownership.runtime) {
      wrap.owner.removeWrap(wrap);
    } else {
      wrap.owner.resetFinalizer(wrap);
      Wraps.set(o, parked.get(o)?.pop() ?? null);
    }
  }
  return e.ok();
}

export function napi_unwrap(env: EnvId, jsObject: Handle, result: Ptr): Status {
  return unwrap(env, jsObject, result, false);
}
export function napi_remove_wrap(env: EnvId, jsObject: Handle, result: Ptr): Status {
  return unwrap(env, jsObject, result, true);
}

export function napi_create_external(env: EnvId, data: Ptr, finalizeCb: number, hint: Ptr, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  if (!result) return e.fail(Status.invalid_arg);
  // An external is an empty, frozen, prototype-less object: typeof 'object' in JS, as V8's External.
  const external = Object.freeze(Object.create(null) as object);
  externals.set(external, data);
  if (finalizeCb) e.refs.create(external, 0, Ownership.runtime, finalizeCb, data, hint);
  e.setHandle(result, external);
  return e.ok();
}

export function napi_get_value_external(env: EnvId, value: Handle, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const v = scopes.value(value);
  if (v === STALE || !result) return e.fail(Status.invalid_arg);
  const data = isObject(v) ? externals.get(v) : undefined;
  if (data === undefined) return e.fail(Status.invalid_arg);
  e.mem.setU32(result, data);
  return e.ok();
}

/**
 * The type-tag functions convert with Node's CHECK_TO_OBJECT_WITH_PREAMBLE: when ToObject threw
 * (undefined, null) the status is napi_pending_exception, not napi_object_expected.
 */
function toObjectFailed(e: Engine, status: Status): Status {
  return status === Status.object_expected && e.hasPending ? e.fail(Status.pending_exception) : status;
}

function readTag(e: Engine, p: Ptr): Uint32Array {
  return Uint32Array.of(e.mem.getU32(p), e.mem.getU32(p + 4), e.mem.getU32(p + 8), e.mem.getU32(p + 12));
}

/** What a type tag is attached to: an external as it is, anything else through ToObject. */
function tagTarget(e: Engine, object: Handle): object | Status {
  const v = scopes.value(object);
  if (v === STALE) return e.fail(Status.invalid_arg);
  if (isObject(v) && externals.has(v)) return v;
  const r = objectArg(e, object);
  return typeof r === 'number' ? toObjectFailed(e, r) : r;
}

export function napi_type_tag_object(env: EnvId, object: Handle, typeTag: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const o = tagTarget(e, object);
  if (typeof o === 'number') return o;
  if (!typeTag || typeTags.has(o)) return e.fail(Status.invalid_arg);
  typeTags.set(o, readTag(e, typeTag));
  return e.ok();
}

export function napi_check_object_type_tag(env: EnvId, object: Handle, typeTag: Ptr, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const o = tagTarget(e, object);
  if (typeof o === 'number') return o;
  if (!typeTag || !result) return e.fail(Status.invalid_arg);
  const tag = typeTags.get(o);
  let same = false;
  if (tag) {
    const t = readTag(e, typeTag);
    same = tag[0] === t[0] && tag[1] === t[1] && tag[2] === t[2] && tag[3] === t[3];
  }
  e.mem.setU8(result, same ? 1 : 0);
  return e.ok();
}

export function napi_add_finalizer(env: EnvId, jsObject: Handle, data: Ptr, finalizeCb: number, hint: Ptr, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  const o = scopes.value(jsObject);
  if (o === STALE || !finalizeCb || !isObject(o)) return e.fail(Status.invalid_arg);
  const ref = e.refs.create(o, 0, result ? Ownership.userland : Ownership.runtime, finalizeCb, data, hint);
  if (result) e.mem.setU32(result, ref.id);
  return e.ok();
}

/** For tests: is `o` wrapped (by any env)? */
export function isWrapped(o: object): boolean {
  const wrap = Wraps.get(o);
  return wrap != null && wrap.id !== 0;
}
