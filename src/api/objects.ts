// Node-API: objects and properties (create, get/set/has/delete, named properties, property names,
// prototypes, define_properties, freeze/seal).
import { engines, type Engine } from '../engine.js';
import { host } from '../host.js';
import { scopes, STALE } from '../scope.js';
import { Status, type EnvId, type Handle, type Ptr } from '../types.js';
import { objectArg, preamble } from './guards.js';

type Obj = Record<PropertyKey, unknown>;

export function napi_create_object(env: EnvId, result: Ptr): Status {
  const e = engines[env];
  if (e === undefined) return Status.invalid_arg;
  if (!result) return e.fail(Status.invalid_arg);
  e.mem.setU32(result, scopes.push({}));
  return e.ok();
}

export function napi_set_property(env: EnvId, object: Handle, key: Handle, value: Handle): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const k = scopes.value(key);
  const v = scopes.value(value);
  if (k === STALE || v === STALE) return e.fail(Status.invalid_arg);
  const o = objectArg(e, object);
  if (typeof o === 'number') return o;
  // V8's Object::Set ignores a write that fails silently (read-only, no setter), as sloppy JS does.
  try {
    Reflect.set(o, k as PropertyKey, v);
  } catch (error) {
    return e.caught(error, Status.generic_failure);
  }
  return e.ok();
}

export function napi_get_property(env: EnvId, object: Handle, key: Handle, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const k = scopes.value(key);
  if (k === STALE || !result) return e.fail(Status.invalid_arg);
  const o = objectArg(e, object);
  if (typeof o === 'number') return o;
  let v: unknown;
  try {
    v = (o as Obj)[k as PropertyKey];
  } catch (error) {
    return e.caught(error, Status.generic_failure);
  }
  e.setHandle(result, v);
  return e.ok();
}

export function napi_has_property(env: EnvId, object: Handle, key: Handle, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const k = scopes.value(key);
  if (!result || k === STALE) return e.fail(Status.invalid_arg);
  const o = objectArg(e, object);
  if (typeof o === 'number') return o;
  let has: boolean;
  try {
    has = (k as PropertyKey) in o;
  } catch (error) {
    return e.caught(error, Status.generic_failure);
  }
  e.mem.setU8(result, has ? 1 : 0);
  return e.ok();
}

export function napi_delete_property(env: EnvId, object: Handle, key: Handle, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const k = scopes.value(key);
  if (k === STALE) return e.fail(Status.invalid_arg);
  const o = objectArg(e, object);
  if (typeof o === 'number') return o;
  let deleted: boolean;
  try {
    deleted = Reflect.deleteProperty(o, k as PropertyKey);
  } catch (error) {
    return e.caught(error, Status.generic_failure);
  }
  if (result) e.mem.setU8(result, deleted ? 1 : 0);
  return e.ok();
}

export function napi_has_own_property(env: EnvId, object: Handle, key: Handle, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const k = scopes.value(key);
  if (k === STALE || !result) return e.fail(Status.invalid_arg);
  const o = objectArg(e, object);
  if (typeof o === 'number') return o;
  if (typeof k !== 'string' && typeof k !== 'symbol') return e.fail(Status.name_expected);
  let has: boolean;
  try {
    has = Object.prototype.hasOwnProperty.call(o, k);
  } catch (error) {
    return e.caught(error, Status.generic_failure);
  }
  e.mem.setU8(result, has ? 1 : 0);
  return e.ok();
}

export function napi_set_named_property(env: EnvId, object: Handle, utf8name: Ptr, value: Handle): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const v = scopes.value(value);
  if (v === STALE) return e.fail(Status.invalid_arg);
  const o = objectArg(e, object);
  if (typeof o === 'number') return o;
  if (!utf8name) return e.fail(Status.invalid_arg);
  try {
    Reflect.set(o, e.mem.readUtf8(utf8name, -1), v);
  } catch (error) {
    return e.caught(error, Status.generic_failure);
  }
  return e.ok();
}

export function napi_get_named_property(env: EnvId, object: Handle, utf8name: Ptr, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  if (!result || !utf8name) return e.fail(Status.invalid_arg);
  const o = objectArg(e, object);
  if (typeof o === 'number') return o;
  let v: unknown;
  try {
    v = (o as Obj)[e.mem.readUtf8(utf8name, -1)];
  } catch (error) {
    return e.caught(error, Status.generic_failure);
  }
  e.setHandle(result, v);
  return e.ok();
}

export function napi_has_named_property(env: EnvId, object: Handle, utf8name: Ptr, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  if (!result) return e.fail(Status.invalid_arg);
  const o = objectArg(e, object);
  if (typeof o === 'number') return o;
  if (!utf8name) return e.fail(Status.invalid_arg);
  let has: boolean;
  try {
    has = e.mem.readUtf8(utf8name, -1) in o;
  } catch (error) {
    return e.caught(error, Status.generic_failure);
  }
  e.mem.setU8(result, has ? 1 : 0);
  return e.ok();
}

export function napi_get_prototype(env: EnvId, object: Handle, result: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  if (!result) return e.fail(Status.invalid_arg);
  const o = objectArg(e, object);
  if (typeof o === 'number') return o;
  let p: unknown;
  try {
    // V8's GetPrototype does not run a Proxy's trap: a proxy object's own prototype slot is null.
    p = host.isProxy(o) ? null : Object.getPrototypeOf(o);
  } catch (error) {
    return e.caught(error);
  }
  e.setHandle(result, p);
  return e.ok();
}

// napi_key_collection_mode, napi_key_filter and napi_key_conversion.
const KEY_OWN_ONLY = 1;
const KEY_WRITABLE = 1;
const KEY_ENUMERABLE = 2;
const KEY_CONFIGURABLE = 4;
const KEY_SKIP_STRINGS = 8;
const KEY_SKIP_SYMBOLS = 16;
const KEY_KEEP_NUMBERS = 0;

function isArrayIndex(k: string): boolean {
  const n = Number(k);
  return n >= 0 && n < 4294967295 && Number.isInteger(n) && String(n) === k;
}

/** The keys V8's Object::GetPropertyNames would give (own keys first, shadowed keys skipped). */
function propertyNames(obj: object, mode: number, filter: number, conversion: number): unknown[] {
  const out: unknown[] = [];
  if (mode !== KEY_OWN_ONLY && filter === (KEY_ENUMERABLE | KEY_SKIP_SYMBOLS) && conversion !== KEY_KEEP_NUMBERS) {
    // napi_get_property_names: exactly the for-in keys.
    for (const k in obj) out.push(k);
    return out;
  }
  const seen = new Set<PropertyKey>();
  for (let o: object | null = obj; o !== null; o = Reflect.getPrototypeOf(o)) {
    for (const k of Reflect.ownKeys(o)) {
      if (seen.has(k)) continue;
      seen.add(k); // an own key shadows the same key further up, whatever its attributes
      if (typeof k === 'symbol' ? filter & KEY_SKIP_SYMBOLS : filter & KEY_SKIP_STRINGS) continue;
      if (filter & (KEY_WRITABLE | KEY_ENUMERABLE | KEY_CONFIGURABLE)) {
        const d = Reflect.getOwnPropertyDescriptor(o, k);
        if (!d) continue;
        if (filter & KEY_WRITABLE && d.writable === false) continue;
        if (filter & KEY_ENUMERABLE && !d.enumerable) continue;
        if (filter & KEY_CONFIGURABLE && !d.configurable) continue;
      }
      out.push(conversion === KEY_KEEP_NUMBERS && typeof k === 'string' && isArrayIndex(k) ? Number(k) : k);
    }
    if (mode === KEY_OWN_ONLY) break;
  }
  return out;
}

export function napi_get_all_property_names(
  env: EnvId,
  object: Handle,
  keyMode: number,
  keyFilter: number,
  keyConversion: number,
  result: Ptr,
): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  if (!result) return e.fail(Status.invalid_arg);
  const o = objectArg(e, object);
  if (typeof o === 'number') return o;
  if ((keyMode !== 0 && keyMode !== 1) || (keyConversion !== 0 && keyConversion !== 1)) {
    return e.fail(Status.invalid_arg);
  }
  let names: unknown[];
  try {
    names = propertyNames(o, keyMode, keyFilter, keyConversion);
  } catch (error) {
    return e.caught(error);
  }
  e.setHandle(result, names);
  return e.ok();
}

export function napi_get_property_names(env: EnvId, object: Handle, result: Ptr): Status {
  return napi_get_all_property_names(env, object, 0, KEY_ENUMERABLE | KEY_SKIP_SYMBOLS, 1, result);
}

// napi_property_attributes
const WRITABLE = 1;
const ENUMERABLE = 2;
const CONFIGURABLE = 4;
/** sizeof(napi_property_descriptor) on wasm32: 8 pointer-sized fields. */
export const DESCRIPTOR_SIZE = 32;

/** The key of a napi_property_descriptor: utf8name, else a string/symbol `name`, else a status. */
export function descriptorName(e: Engine, p: Ptr): PropertyKey | Status {
  const utf8name = e.mem.getU32(p);
  if (utf8name) return e.mem.readUtf8(utf8name, -1);
  const name = scopes.value(e.mem.getU32(p + 4));
  if (name !== STALE && (typeof name === 'string' || typeof name === 'symbol')) return name;
  return e.fail(Status.name_expected);
}

/** Builds the JS property descriptor for a napi_property_descriptor, or returns a status. */
export function toPropertyDescriptor(e: Engine, p: Ptr): PropertyDescriptor | Status {
  const method = e.mem.getU32(p + 8);
  const getter = e.mem.getU32(p + 12);
  const setter = e.mem.getU32(p + 16);
  const attributes = e.mem.getU32(p + 24);
  const data = e.mem.getU32(p + 28);
  const enumerable = (attributes & ENUMERABLE) !== 0;
  const configurable = (attributes & CONFIGURABLE) !== 0;
  if (getter || setter) {
    const d: PropertyDescriptor = { enumerable, configurable, get: undefined, set: undefined };
    if (getter) {
      const fn = e.callback(getter);
      if (!fn) return e.fail(Status.invalid_arg);
      d.get = e.createFunction('', fn, data);
    }
    if (setter) {
      const fn = e.callback(setter);
      if (!fn) return e.fail(Status.invalid_arg);
      d.set = e.createFunction('', fn, data);
    }
    return d;
  }
  const writable = (attributes & WRITABLE) !== 0;
  if (method) {
    const fn = e.callback(method);
    if (!fn) return e.fail(Status.invalid_arg);
    return { value: e.createFunction('', fn, data), writable, enumerable, configurable };
  }
  const value = scopes.value(e.mem.getU32(p + 20));
  // A NULL value is undefined, as V8 reads an empty Local; a stale handle is refused.
  if (value === STALE && e.mem.getU32(p + 20) !== 0) return e.fail(Status.invalid_arg);
  return { value: value === STALE ? undefined : value, writable, enumerable, configurable };
}

export function napi_define_properties(env: EnvId, object: Handle, count: number, properties: Ptr): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  count >>>= 0;
  if (count > 0 && !properties) return e.fail(Status.invalid_arg);
  const o = objectArg(e, object);
  if (typeof o === 'number') return o;
  for (let i = 0; i < count; i++) {
    const p = properties + i * DESCRIPTOR_SIZE;
    const key = descriptorName(e, p);
    if (typeof key === 'number') return key;
    const d = toPropertyDescriptor(e, p);
    if (typeof d === 'number') return d;
    try {
      if (!Reflect.defineProperty(o, key, d)) return e.fail(Status.invalid_arg);
    } catch (error) {
      return e.caught(error, Status.invalid_arg);
    }
  }
  return e.ok();
}

function integrity(env: EnvId, object: Handle, freeze: boolean): Status {
  const e = preamble(env);
  if (typeof e === 'number') return e;
  const o = objectArg(e, object);
  if (typeof o === 'number') return o;
  try {
    if (freeze) Object.freeze(o);
    else Object.seal(o);
  } catch (error) {
    return e.caught(error);
  }
  return e.ok();
}

export function napi_object_freeze(env: EnvId, object: Handle): Status {
  return integrity(env, object, true);
}
export function napi_object_seal(env: EnvId, object: Handle): Status {
  return integrity(env, object, false);
}
