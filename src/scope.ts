// ScopeManager: the life of `napi_value`. One handle stack per JS realm, shared by every loaded
// module, as V8's handle scopes are per isolate.
//
// A handle is a slot index tagged with a generation: `(generation << SLOT_BITS) | slot`. `ids[slot]`
// holds the live handle of the slot; closing a scope zeroes the ids and values above its base and
// moves to the next generation. So a handle from a closed scope never reads another value: it fails
// the `ids[slot] === handle` check (Node would crash on such a handle; we answer napi_invalid_arg).
// Handles 1–5 are fixed (undefined, null, false, true, global) and never need allocating. 0 is never
// valid. Nothing here allocates per call once the arrays have grown to their working size.

import type { Handle } from './types.js';

const SLOT_BITS = 23;
const SLOT_MASK = (1 << SLOT_BITS) - 1;
/** Generations run 1..255 so that a tagged handle stays a positive int32. */
const MAX_GENERATION = 255;
const INITIAL_CAPACITY = 4096;
/** A stack that grew past this is trimmed back when the outermost scope closes. */
const TRIM_ABOVE = 1 << 16;

export const enum Fixed {
  undefined = 1,
  null = 2,
  false = 3,
  true = 4,
  global = 5,
  first = 6,
}

/** Returned by `value()` for a handle that is 0, stale or never issued. */
export const STALE: unique symbol = Symbol('stale handle');

/**
 * V8 runs API callbacks with sloppy-mode receivers: undefined/null become the global object and
 * primitives are boxed. Our wrappers are strict-mode functions, so `this` is converted when asked.
 */
function receiver(self: unknown): unknown {
  if (self === undefined || self === null) return globalThis;
  const t = typeof self;
  return t === 'object' || t === 'function' ? self : Object(self);
}

export class ScopeManager {
  /** JS values by slot. Slot 0 is the invalid handle. */
  values: unknown[] = [undefined, undefined, null, false, true, globalThis];
  /** Live handle of each slot (0 = free). */
  ids = new Int32Array(INITIAL_CAPACITY);
  top: number = Fixed.first;
  private generation = 1;
  private tag = 1 << SLOT_BITS;

  /** Open scopes: the top each one restores, and whether it has escaped (escapable scopes). */
  private scopeBase = new Int32Array(256);
  private scopeId = new Int32Array(256);
  private scopeEscapeSlot = new Int32Array(256);
  private scopeEscaped = new Uint8Array(256);
  depth = 0;
  private nextScopeId = 1;

  constructor() {
    this.ids[0] = -1; // no handle equals -1, so handle 0 (NULL) never matches
    for (let i = 1; i < Fixed.first; i++) this.ids[i] = i;
  }

  /** Pushes a value and returns its handle. */
  push(value: unknown): Handle {
    const slot = this.top++;
    if (slot >= this.ids.length) this.grow();
    const h = this.tag | slot;
    this.ids[slot] = h;
    this.values[slot] = value;
    return h;
  }

  /** The value of a handle, or STALE. */
  value(h: Handle): unknown {
    const slot = h & SLOT_MASK;
    if (this.ids[slot] !== h) return STALE;
    return this.values[slot];
  }

  /** The handle currently held by a slot (used for callback arguments). */
  handleAt(slot: number): Handle {
    return this.ids[slot]!;
  }

  /** Opens a scope; with `escapable`, reserves the parent's slot that `escape` will fill. */
  open(escapable: boolean): number {
    let escapeSlot = 0;
    if (escapable) {
      escapeSlot = this.top;
      this.push(undefined);
    }
    const d = this.depth;
    if (d >= this.scopeBase.length) this.growScopes();
    const id = this.nextScopeId;
    this.nextScopeId = id === 0x7fffffff ? 1 : id + 1;
    this.scopeBase[d] = this.top;
    this.scopeId[d] = id;
    this.scopeEscapeSlot[d] = escapeSlot;
    this.scopeEscaped[d] = 0;
    // The depth moves last, so an exception thrown part-way (a stack overflow) leaves no half scope.
    this.depth = d + 1;
    return id;
  }

  /** True when `id` names the innermost open scope and that scope is above `floor` (a callback's own). */
  isInnermost(id: number, floor: number): boolean {
    return this.depth > floor && this.scopeId[this.depth - 1] === id;
  }

  /** Finds the depth of an open scope by id (0 if not open). */
  find(id: number): number {
    for (let d = this.depth; d > 0; d--) if (this.scopeId[d - 1] === id) return d;
    return 0;
  }

  /** Closes the innermost scope: clears its slots so the GC can reclaim them, restores the top. */
  close(): void {
    const d = --this.depth;
    this.release(this.scopeBase[d]!);
    if (d === 0 && this.ids.length > TRIM_ABOVE && this.top <= INITIAL_CAPACITY) this.trim();
  }

  /** Closes scopes down to `depth` (a callback returning with scopes left open). */
  closeTo(depth: number): void {
    while (this.depth > depth) this.close();
  }

  /** Escapes `value` from the scope at `depth`; false if that scope already escaped. */
  escape(depth: number, value: unknown): Handle {
    const d = depth - 1;
    if (this.scopeEscaped[d]) return 0;
    this.scopeEscaped[d] = 1;
    const slot = this.scopeEscapeSlot[d]!;
    this.values[slot] = value;
    return this.ids[slot]!;
  }

  isEscapable(depth: number): boolean {
    return this.scopeEscapeSlot[depth - 1] !== 0;
  }

  /** Drops every handle at or above `base` and starts a new generation. */
  release(base: number): void {
    const { ids, values } = this;
    for (let i = this.top - 1; i >= base; i--) {
      ids[i] = 0;
      values[i] = undefined;
    }
    this.top = base;
    this.generation = this.generation === MAX_GENERATION ? 1 : this.generation + 1;
    this.tag = this.generation << SLOT_BITS;
  }

  // ---- Callback frames (napi_callback_info) --------------------------------------------------
  // A frame is what a JS→native call runs in: the handles made during the call live above the
  // frame's base (the arguments first, as consecutive handles) and are released when it returns;
  // `this`, new.target and the data pointer are kept for napi_get_cb_info / napi_get_new_target.
  private frameBase = new Int32Array(64);
  private frameArgc = new Int32Array(64);
  private frameData = new Int32Array(64);
  private frameDepth = new Int32Array(64);
  private frameThis: unknown[] = [];
  private frameNewTarget: unknown[] = [];
  frames = 0;

  /** Opens a callback frame; the caller then pushes `argc` arguments. Returns the napi_callback_info. */
  enterFrame(thisArg: unknown, newTarget: unknown, data: number, argc: number): number {
    const f = this.frames;
    if (f >= this.frameArgc.length) this.growFrames();
    while (this.top + argc >= this.ids.length) this.grow();
    this.frameBase[f] = this.top;
    this.frameDepth[f] = this.depth;
    this.frameArgc[f] = argc;
    this.frameData[f] = data;
    this.frameThis[f] = thisArg;
    this.frameNewTarget[f] = newTarget;
    // The count moves last, so an exception thrown part-way leaves no half frame.
    this.frames = f + 1;
    return f + 1;
  }

  /** Closes frame `info` and everything above it (an exception unwinding through native code). */
  unwindFrame(info: number): void {
    this.frames = info;
    this.exitFrame();
  }

  /** Closes the frame opened last, any scope the callback left open, and releases its handles. */
  exitFrame(): void {
    const f = --this.frames;
    const depth = this.frameDepth[f]!;
    if (this.depth > depth) this.closeTo(depth);
    this.release(this.frameBase[f]!);
    this.frameThis[f] = undefined;
    this.frameNewTarget[f] = undefined;
    if (f === 0 && depth === 0 && this.ids.length > TRIM_ABOVE && this.top <= INITIAL_CAPACITY) this.trim();
  }

  /** Scope depth when the innermost frame began: scopes at or below it are not the addon's to close. */
  frameFloor(): number {
    return this.frames === 0 ? 0 : this.frameDepth[this.frames - 1]!;
  }

  isFrame(cbinfo: number): boolean {
    return cbinfo > 0 && cbinfo <= this.frames;
  }
  argc(cbinfo: number): number {
    return this.frameArgc[cbinfo - 1]!;
  }
  argBase(cbinfo: number): number {
    return this.frameBase[cbinfo - 1]!;
  }
  /** A handle for the frame's `this` (made on request: most callbacks never ask). */
  thisHandle(cbinfo: number): Handle {
    return this.push(receiver(this.frameThis[cbinfo - 1]));
  }
  /** A handle for new.target, or 0 (NULL) for a plain call. */
  newTargetHandle(cbinfo: number): Handle {
    const t = this.frameNewTarget[cbinfo - 1];
    return t === undefined ? 0 : this.push(t);
  }
  data(cbinfo: number): number {
    return this.frameData[cbinfo - 1]!;
  }

  private growFrames(): void {
    const n = this.frameArgc.length * 2;
    const grow = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.frameBase = grow(this.frameBase);
    this.frameArgc = grow(this.frameArgc);
    this.frameData = grow(this.frameData);
    this.frameDepth = grow(this.frameDepth);
  }

  private grow(): void {
    if (this.ids.length > SLOT_MASK) throw new RangeError('wasm-napi: handle stack overflow (8M live handles)');
    const ids = new Int32Array(this.ids.length * 2);
    ids.set(this.ids);
    this.ids = ids;
  }

  private trim(): void {
    const ids = new Int32Array(INITIAL_CAPACITY);
    ids.set(this.ids.subarray(0, Math.min(this.top, INITIAL_CAPACITY)));
    this.ids = ids;
    this.values.length = Math.min(this.values.length, INITIAL_CAPACITY);
  }

  private growScopes(): void {
    const n = this.scopeBase.length * 2;
    const grow32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.scopeBase = grow32(this.scopeBase);
    this.scopeId = grow32(this.scopeId);
    this.scopeEscapeSlot = grow32(this.scopeEscapeSlot);
    const e = new Uint8Array(n);
    e.set(this.scopeEscaped);
    this.scopeEscaped = e;
  }
}

/** The handle stack of this realm. */
export const scopes = new ScopeManager();

/** Handle-table figures, for tests and the debug tracer. */
export function handleStats(): { top: number; capacity: number; scopes: number } {
  return { top: scopes.top, capacity: scopes.ids.length, scopes: scopes.depth };
}
