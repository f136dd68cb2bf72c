// Mirrors: how C sees JS-owned ArrayBuffers through a pointer, with no manual sync (part of the
// Engine; docs/memory.md explains the model and its costs).
//
// A JS ArrayBuffer cannot live inside wasm linear memory, so when C asks for its data pointer the
// runtime gives it a shadow copy in linear memory (malloc'd once per buffer and reused, so the
// pointer is stable as in Node) and keeps the two in step at every boundary between JS and native
// code: JS → wasm when native code is entered or a JS call it made returns, wasm → JS when native
// code returns or calls into JS.
// - Buffers made by C (napi_create_arraybuffer with a data pointer, external arraybuffers) are
//   *persistent*: synced at every boundary until the buffer is collected, so C may keep the pointer
//   across calls and JS sees its writes between calls.
// - Buffers made by JS whose pointer C asked for are *call-scoped*: synced until the outermost
//   native call returns; after that the shadow stays allocated (the pointer stays valid memory) but
//   is no longer synced until C asks for the pointer again.
// A view onto the module's own memory needs none of this: its data pointer is its offset.

import type { Engine } from './engine.js';

/**
 * The linear-memory side of a mirror. It is what the FinalizationRegistry holds, so it must never
 * reference the JS buffer: a held value that reaches its target keeps the target alive for ever.
 */
class Shadow {
  /** A view of the shadow bytes in linear memory; re-made when memory growth detached it. */
  view: Uint8Array | undefined = undefined;
  /** The persistent mirror this shadow belongs to (persistent mirrors hold their buffer weakly). */
  mirror: Mirror | undefined = undefined;
  constructor(
    readonly ptr: number,
    readonly length: number,
    /** Whether the runtime allocated `ptr` (and frees it when the buffer is collected). */
    readonly owned: boolean,
    /** Finalizer of an external arraybuffer (table index), its hint. */
    readonly finalizer: number,
    readonly hint: number,
  ) {}
}

export class Mirror {
  /** Held strongly while call-scoped and active; persistent mirrors hold the buffer weakly. */
  strong: ArrayBuffer | undefined = undefined;
  /**
   * A byte view of a call-scoped mirror's buffer, kept between calls (saves a view per copy). Only
   * the WeakMap entry keyed by the buffer holds the mirror between calls, so this keeps nothing
   * alive. A persistent mirror has none: the list of active mirrors holds it for good.
   */
  bytes: Uint8Array | undefined = undefined;
  active = false;
  constructor(
    readonly weak: WeakRef<ArrayBuffer> | undefined,
    readonly shadow: Shadow,
    readonly persistent: boolean,
  ) {}
  get ptr(): number {
    return this.shadow.ptr;
  }
  get length(): number {
    return this.shadow.length;
  }
}

export class MirrorSet {
  private readonly byBuffer = new WeakMap<ArrayBuffer, Mirror>();
  /** Mirrors synced at each boundary: the first `count` entries (the list never shrinks). */
  private readonly active: (Mirror | undefined)[] = [];
  /** Number of active mirrors; checked on the hot path of every call. */
  count = 0;
  /** Nesting of native calls on this env (0 = JS is running with no native frame below). */
  depth = 0;
  private readonly registry = new FinalizationRegistry<Shadow>((s) => this.collected(s));
  /** Shadows the runtime allocated and has not freed yet, and their bytes (stats()). */
  shadows = 0;
  shadowBytes = 0;

  constructor(private readonly engine: Engine) {}

  /** The shadow pointer of `ab` for C, creating or re-activating its mirror. 0 for an empty buffer. */
  pointerOf(ab: ArrayBuffer): number {
    const length = ab.byteLength;
    let m = this.byBuffer.get(ab);
    if (m !== undefined && m.length !== length) {
      // Detached (by JS: a transfer) or, for a resizable buffer, resized since C last saw it. A
      // detached buffer has a NULL data pointer, as in V8. A buffer C made or wrapped keeps its mirror
      // (its finalizer still runs when it is collected); a JS buffer's stale shadow is dropped.
      if (m.persistent) return 0;
      // A shadow still active in this native call is left allocated: C may hold its pointer until
      // the call returns (V8 keeps a resized buffer's data in place).
      this.drop(ab, m, !m.active);
      m = undefined;
    }
    if (m === undefined) {
      if (length === 0) return 0;
      const ptr = this.engine.alloc(length);
      if (ptr === 0) throw new RangeError('wasm-napi: out of wasm memory for an ArrayBuffer mirror');
      const shadow = new Shadow(ptr, length, true, 0, 0);
      this.shadows++;
      this.shadowBytes += length;
      // A call-scoped mirror needs no WeakRef: it holds its buffer strongly while active.
      m = new Mirror(undefined, shadow, false);
      m.bytes = new Uint8Array(ab, 0, length);
      this.byBuffer.set(ab, m);
      this.registry.register(ab, shadow, shadow);
    } else if (m.active) {
      return m.ptr;
    }
    this.copyIn(m, ab);
    this.activate(m, ab);
    return m.ptr;
  }

  /** Registers a buffer whose contents C owns at `ptr` (created by C, or external). */
  adopt(ab: ArrayBuffer, ptr: number, owned: boolean, finalizer = 0, hint = 0): void {
    const shadow = new Shadow(ptr, ab.byteLength, owned, finalizer, hint);
    if (owned) {
      this.shadows++;
      this.shadowBytes += shadow.length;
    }
    const m = new Mirror(new WeakRef(ab), shadow, true);
    shadow.mirror = m;
    this.byBuffer.set(ab, m);
    this.registry.register(ab, shadow, shadow);
    this.activate(m, ab);
  }

  /**
   * Forgets the mirror of a buffer napi_detach_arraybuffer detached. Its contents are gone, as V8
   * frees the backing store: the shadow is freed, and an external buffer's finalizer is queued now
   * (in Node the backing store's deleter queues it at detach time, not when the buffer is collected).
   */
  forget(ab: ArrayBuffer): void {
    const m = this.byBuffer.get(ab);
    if (!m) return;
    this.drop(ab, m, true);
    const shadow = m.shadow;
    if (shadow.finalizer !== 0) this.engine.refs.queueFinalizer(shadow.finalizer, shadow.ptr, shadow.hint);
  }

  /** Stops tracking the mirror of `ab`; frees its shadow (if the runtime owns it) when `free`. */
  private drop(ab: ArrayBuffer, m: Mirror, free: boolean): void {
    this.byBuffer.delete(ab);
    this.registry.unregister(m.shadow);
    this.deactivate(m);
    m.bytes = undefined;
    if (free) this.release(m.shadow);
  }

  private activate(m: Mirror, ab: ArrayBuffer): void {
    m.active = true;
    if (!m.persistent) m.strong = ab;
    this.active[this.count++] = m;
  }

  private deactivate(m: Mirror): void {
    if (!m.active) return;
    m.active = false;
    m.strong = undefined;
    const active = this.active;
    const last = --this.count;
    const i = active.indexOf(m);
    active[i] = active[last];
    active[last] = undefined;
  }

  /** The shadow bytes in linear memory (the cached view, re-made after memory growth detached it). */
  private linear(shadow: Shadow): Uint8Array {
    let view = shadow.view;
    if (view === undefined || view.length !== shadow.length) {
      const mem = this.engine.mem;
      mem.check();
      view = shadow.view = mem.u8.subarray(shadow.ptr, shadow.ptr + shadow.length);
    }
    return view;
  }

  private copyIn(m: Mirror, ab: ArrayBuffer): void {
    this.linear(m.shadow).set(m.bytes ?? new Uint8Array(ab, 0, m.length));
  }

  private copyOut(m: Mirror, ab: ArrayBuffer): void {
    (m.bytes ?? new Uint8Array(ab, 0, m.length)).set(this.linear(m.shadow));
  }

  /** The buffer of an active mirror if it is still alive and whole. */
  private static buffer(m: Mirror): ArrayBuffer | undefined {
    const ab = m.strong ?? m.weak?.deref();
    return ab !== undefined && ab.byteLength === m.length ? ab : undefined;
  }

  /** JS → wasm for every active mirror (native code is about to run). */
  syncIn(): void {
    const active = this.active;
    for (let i = 0; i < this.count; i++) {
      const m = active[i]!;
      const ab = MirrorSet.buffer(m);
      if (ab !== undefined) this.copyIn(m, ab);
    }
  }

  /** wasm → JS for every active mirror (JS is about to run). */
  syncOut(): void {
    const active = this.active;
    for (let i = 0; i < this.count; i++) {
      const m = active[i]!;
      const ab = MirrorSet.buffer(m);
      if (ab !== undefined) this.copyOut(m, ab);
    }
  }

  /** A native call on this env returns: sync out, and end call-scoped mirrors at the outermost one. */
  leave(): void {
    if (this.count !== 0) {
      this.syncOut();
      if (this.depth === 0) {
        // End the call-scoped mirrors, compacting the list in place (no allocation, no length change).
        const active = this.active;
        const n = this.count;
        let kept = 0;
        for (let i = 0; i < n; i++) {
          const m = active[i]!;
          if (m.persistent) active[kept++] = m;
          else {
            m.active = false;
            m.strong = undefined;
          }
        }
        for (let i = kept; i < n; i++) active[i] = undefined;
        this.count = kept;
      }
    }
  }

  /** FinalizationRegistry: the buffer is gone; free its shadow or run the external's finalizer. */
  private collected(shadow: Shadow): void {
    if (shadow.mirror !== undefined) this.deactivate(shadow.mirror);
    this.release(shadow);
    if (shadow.finalizer !== 0) this.engine.refs.queueFinalizer(shadow.finalizer, shadow.ptr, shadow.hint);
  }

  private release(shadow: Shadow): void {
    shadow.view = undefined;
    if (!shadow.owned) return;
    this.shadows--;
    this.shadowBytes -= shadow.length;
    this.engine.free?.(shadow.ptr);
  }

  /** Number of mirrors being synced (for tests and the cost notes). */
  activeCount(): number {
    return this.count;
  }
}
