// ScopeManager: the life of `napi_value`. One handle stack per JS realm, shared by every loaded
// module, as V8's handle scopes are per isolate.
//
// A handle is a slot index tagged with a generation: `(generation << SLOT_BITS) | slot`. `ids[slot]`
// holds the handle last issued for the slot. Closing a scope clears the values above its base, lowers
// the top and moves to the next generation. A handle is live when its slot is below the top and it
// is the slot's handle: one from a closed scope fails (its slot is above the top, or was issued again
// in a later generation), so it never reads another value (Node would crash on such a handle; we
// answer napi_invalid_arg). The ids above the top are left as they are: a callback's exit then
// touches only the values.
// Handles 1–5 are fixed (undefined, null, false, true, global) and never need allocating. 0 is never
// valid. Nothing here allocates per call once the arrays have grown to their working size.

import type { Handle } from './types.js';

const SLOT_BITS = 23;
const SLOT_MASK = (1 << SLOT_BITS) - 1;
/**
 * The generation bits of a handle: 7 bits above the slot, so that a handle stays below 2^30. V8 with
 * pointer compression (Chromium's, not Node's) keeps only 31-bit integers unboxed: an i32 of 2^30
 * or more crossing between wasm and JS becomes a new HeapNumber, two per call of napi_get_element
 * or napi_get_value_double when half the generations had an eighth bit.
 */
const GENERATION_MASK = 0x7f << SLOT_BITS;
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
  // `typeof` compared in place: V8 folds that into a type check, a typeof kept in a variable is a
  // builtin call.
  return typeof self === 'object' || typeof self === 'function' ? self : Object(self);
}

/** A callback frame saved while a frame nested in it runs (reused: one per nesting level). */
export class Frame {
  /** Slot of the first argument; the frame's handles are released down to it. */
  base = 0;
  /** Scope depth when the frame began. */
  depth = 0;
  argc = 0;
  /** The `data` pointer given when the function was made. */
  data = 0;
  self: unknown = undefined;
  newTarget: unknown = undefined;
}

export class ScopeManager {
  /** JS values by slot. Slot 0 is the invalid handle. */
  values: unknown[] = [undefined, undefined, null, false, true, globalThis];
  /** The handle last issued for each slot (live only below `top`). */
  ids = new Int32Array(INITIAL_CAPACITY);
  top: number = Fixed.first;
  /** The current generation, shifted into place: `tag | slot` is a new handle. */
  private tag = 1 << SLOT_BITS;
  /** Set when the handle stack grew past TRIM_ABOVE: the outermost close then trims it. */
  private grown = false;

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
    if (slot >= this.top || this.ids[slot] !== h) return STALE;
    return this.values[slot];
  }

  /**
   * Whether `h` is a live handle. With `live()` then `get()`, hot paths test validity with an
   * integer compare: `value(h) === STALE` compiles to a generic StrictEqual call in V8, which cannot
   * type a symbol imported from another module.
   */
  live(h: Handle): boolean {
    const slot = h & SLOT_MASK;
    return slot < this.top && this.ids[slot] === h;
  }

  /** The value of a handle that `live()` accepted. */
  get(h: Handle): unknown {
    return this.values[h & SLOT_MASK];
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
    if (this.grown === true && d === 0) this.trim();
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
    const values = this.values;
    for (let i = this.top - 1; i >= base; i--) values[i] = undefined;
    this.top = base;
    // Wraps before the sum reaches 2^30, which V8 with pointer compression would box.
    const tag = this.tag;
    this.tag = tag === GENERATION_MASK ? 0 : tag + (1 << SLOT_BITS);
  }

  // ---- Callback frames (napi_callback_info) --------------------------------------------------
  // A frame is what a JS→native call runs in: the handles made during the call live above the
  // frame's base (the arguments first, as consecutive handles) and are released when it returns;
  // `this`, new.target and the data pointer are kept for napi_get_cb_info / napi_get_new_target.
  // The innermost frame lives in the fields below; entering a frame inside another (native code
  // calling JS that calls native code) saves the outer one into a preallocated Frame, and leaving it
  // restores it. So the usual call touches no other object: each object reached costs a map check
  // and a few loads in optimized code.
  private frameList: Frame[] = Array.from({ length: 64 }, () => new Frame());
  /** Number of open frames; the innermost's napi_callback_info. */
  frames = 0;
  private frameBase = 0;
  private frameDepth = 0;
  private frameArgc = 0;
  private frameData = 0;
  private frameSelf: unknown = undefined;
  private frameNewTarget: unknown = undefined;

  /** Opens a callback frame; the caller then pushes `argc` arguments. Returns the napi_callback_info. */
  enterFrame(thisArg: unknown, newTarget: unknown, data: number, argc: number): number {
    const f = this.frames;
    if (f !== 0) this.saveFrame(f);
    if (this.top + argc >= this.ids.length) this.reserve(argc);
    this.frameBase = this.top;
    this.frameDepth = this.depth;
    this.frameArgc = argc;
    this.frameData = data;
    this.frameSelf = thisArg;
    this.frameNewTarget = newTarget;
    // The count moves last, so an exception thrown part-way leaves no half frame.
    this.frames = f + 1;
    return f + 1;
  }

  /** Pushes an argument of the frame being entered: enterFrame reserved its slot. */
  pushArgument(value: unknown): void {
    const slot = this.top++;
    this.ids[slot] = this.tag | slot;
    this.values[slot] = value;
  }

  /** Closes frame `info` and everything above it (an exception unwinding through native code). */
  unwindFrame(info: number): void {
    if (info !== this.frames) {
      // Frames above `info` end with it: drop what their saved copies hold.
      for (let f = info + 1; f < this.frames; f++) this.restoreFrame(f);
      this.restoreFrame(info);
    }
    this.frames = info;
    this.exitFrame();
  }

  /** Closes the frame opened last, any scope the callback left open, and releases its handles. */
  exitFrame(): void {
    const f = --this.frames;
    const depth = this.frameDepth;
    if (this.depth > depth) this.closeTo(depth);
    this.release(this.frameBase);
    if (f !== 0) this.restoreFrame(f);
    else {
      this.frameSelf = undefined;
      this.frameNewTarget = undefined;
      if (this.grown === true && depth === 0) this.trim();
    }
  }

  /** Saves the innermost frame (number `f`) before another opens inside it. */
  private saveFrame(f: number): void {
    if (f > this.frameList.length) this.growFrames();
    const frame = this.frameList[f - 1]!;
    frame.base = this.frameBase;
    frame.depth = this.frameDepth;
    frame.argc = this.frameArgc;
    frame.data = this.frameData;
    frame.self = this.frameSelf;
    frame.newTarget = this.frameNewTarget;
  }

  /** Makes saved frame `f` the innermost again. */
  private restoreFrame(f: number): void {
    const frame = this.frameList[f - 1]!;
    this.frameBase = frame.base;
    this.frameDepth = frame.depth;
    this.frameArgc = frame.argc;
    this.frameData = frame.data;
    this.frameSelf = frame.self;
    this.frameNewTarget = frame.newTarget;
    frame.self = undefined;
    frame.newTarget = undefined;
  }

  /** Scope depth when the innermost frame began: scopes at or below it are not the addon's to close. */
  frameFloor(): number {
    return this.frames === 0 ? 0 : this.frameDepth;
  }

  isFrame(cbinfo: number): boolean {
    return cbinfo > 0 && cbinfo <= this.frames;
  }
  // Fields of a frame that isFrame accepted: the innermost's are at hand, outer ones were saved.
  argc(cbinfo: number): number {
    return cbinfo === this.frames ? this.frameArgc : this.frameList[cbinfo - 1]!.argc;
  }
  argBase(cbinfo: number): number {
    return cbinfo === this.frames ? this.frameBase : this.frameList[cbinfo - 1]!.base;
  }
  data(cbinfo: number): number {
    return cbinfo === this.frames ? this.frameData : this.frameList[cbinfo - 1]!.data;
  }
  /** A handle for the frame's `this` (made on request: most callbacks never ask). */
  thisHandle(cbinfo: number): Handle {
    return this.push(receiver(cbinfo === this.frames ? this.frameSelf : this.frameList[cbinfo - 1]!.self));
  }
  /** A handle for new.target, or 0 (NULL) for a plain call. */
  newTargetHandle(cbinfo: number): Handle {
    const t = cbinfo === this.frames ? this.frameNewTarget : this.frameList[cbinfo - 1]!.newTarget;
    return t === undefined ? 0 : this.push(t);
  }

  private growFrames(): void {
    const list = this.frameList;
    for (let i = list.length, n = list.length * 2; i < n; i++) list.push(new Frame());
  }

  /** Makes room for `n` more handles. */
  private reserve(n: number): void {
    while (this.top + n >= this.ids.length) this.grow();
  }

  private grow(): void {
    if (this.ids.length > SLOT_MASK) throw new RangeError('wasm-napi: handle stack overflow (8M live handles)');
    const ids = new Int32Array(this.ids.length * 2);
    ids.set(this.ids);
    this.ids = ids;
    this.grown = ids.length > TRIM_ABOVE;
  }

  /** Shrinks a stack that grew past TRIM_ABOVE, once the outermost frame or scope has closed. */
  private trim(): void {
    if (this.top > INITIAL_CAPACITY) return;
    const ids = new Int32Array(INITIAL_CAPACITY);
    ids.set(this.ids.subarray(0, Math.min(this.top, INITIAL_CAPACITY)));
    this.ids = ids;
    this.grown = false;
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
