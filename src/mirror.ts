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

export class Mirror {
  /** Held strongly while call-scoped and active; persistent mirrors hold the buffer weakly. */
  strong: ArrayBuffer | undefined;
  /** A byte view of `strong` while it is held (saves a view per copy). */
  bytes: Uint8Array | undefined;
  constructor(
    readonly weak: WeakRef<ArrayBuffer>,
    readonly ptr: number,
    readonly length: number,
    readonly persistent: boolean,
    /** Whether the runtime allocated `ptr` (and frees it when the buffer is collected). */
    readonly owned: boolean,
    /** Finalizer of an external arraybuffer (table index), its hint. */
    readonly finalizer = 0,
    readonly hint = 0,
  ) {}
  active = false;
}

export class MirrorSet {
  private readonly byBuffer = new WeakMap<ArrayBuffer, Mirror>();
  /** Mirrors synced at each boundary. */
  private active: Mirror[] = [];
  /** Number of active mirrors; checked on the hot path of every call. */
  count = 0;
  /** Nesting of native calls on this env (0 = JS is running with no native frame below). */
  depth = 0;
  private readonly registry = new FinalizationRegistry<Mirror>((m) => this.collected(m));

  constructor(private readonly engine: Engine) {}

  /** The shadow pointer of `ab` for C, creating or re-activating its mirror. 0 for an empty buffer. */
  pointerOf(ab: ArrayBuffer): number {
    if (ab === this.engine.mem.memory.buffer) return 0;
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
      m = new Mirror(new WeakRef(ab), ptr, length, false, true);
      this.byBuffer.set(ab, m);
      this.registry.register(ab, m, m);
    } else if (m.active) {
      return m.ptr;
    }
    this.copyIn(m, ab);
    this.activate(m, ab);
    return m.ptr;
  }

  /** Registers a buffer whose contents C owns at `ptr` (created by C, or external). */
  adopt(ab: ArrayBuffer, ptr: number, owned: boolean, finalizer = 0, hint = 0): void {
    const m = new Mirror(new WeakRef(ab), ptr, ab.byteLength, true, owned, finalizer, hint);
    this.byBuffer.set(ab, m);
    this.registry.register(ab, m, m);
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
    if (m.finalizer !== 0) this.engine.refs.queueFinalizer(m.finalizer, m.ptr, m.hint);
  }

  /** Stops tracking the mirror of `ab`; frees its shadow (if the runtime owns it) when `free`. */
  private drop(ab: ArrayBuffer, m: Mirror, free: boolean): void {
    this.byBuffer.delete(ab);
    this.registry.unregister(m);
    this.deactivate(m);
    if (free) this.release(m);
  }

  private activate(m: Mirror, ab: ArrayBuffer): void {
    m.active = true;
    if (!m.persistent) {
      m.strong = ab;
      m.bytes = new Uint8Array(ab, 0, m.length);
    }
    this.active.push(m);
    this.count = this.active.length;
  }

  private deactivate(m: Mirror): void {
    if (!m.active) return;
    m.active = false;
    m.strong = undefined;
    m.bytes = undefined;
    this.active.splice(this.active.indexOf(m), 1);
    this.count = this.active.length;
  }

  private copyIn(m: Mirror, ab: ArrayBuffer): void {
    const mem = this.engine.mem;
    mem.check();
    mem.u8.set(m.bytes ?? new Uint8Array(ab, 0, m.length), m.ptr);
  }

  private copyOut(m: Mirror, ab: ArrayBuffer): void {
    const mem = this.engine.mem;
    mem.check();
    (m.bytes ?? new Uint8Array(ab, 0, m.length)).set(mem.u8.subarray(m.ptr, m.ptr + m.length));
  }

  /** JS → wasm for every active mirror (native code is about to run). */
  syncIn(): void {
    for (const m of this.active) {
      const ab = m.strong ?? m.weak.deref();
      if (ab !== undefined && ab.byteLength === m.length) this.copyIn(m, ab);
    }
  }

  /** wasm → JS for every active mirror (JS is about to run). */
  syncOut(): void {
    for (const m of this.active) {
      const ab = m.strong ?? m.weak.deref();
      if (ab !== undefined && ab.byteLength === m.length) this.copyOut(m, ab);
    }
  }

  /** A native call on this env returns: sync out, and end call-scoped mirrors at the outermost one. */
  leave(): void {
    if (this.count !== 0) {
      this.syncOut();
      if (this.depth === 0) {
        // End the call-scoped mirrors, compacting the list in place (no allocation per call).
        const active = this.active;
        let kept = 0;
        for (let i = 0; i < active.length; i++) {
          const m = active[i]!;
          if (m.persistent) active[kept++] = m;
          else {
            m.active = false;
            m.strong = undefined;
            m.bytes = undefined;
          }
        }
        active.length = kept;
        this.count = kept;
      }
    }
  }

  /** FinalizationRegistry: the buffer is gone; free its shadow or run the external's finalizer. */
  private collected(m: Mirror): void {
    this.deactivate(m);
    this.release(m);
    if (m.finalizer !== 0) this.engine.refs.queueFinalizer(m.finalizer, m.ptr, m.hint);
  }

  private release(m: Mirror): void {
    if (m.owned && this.engine.free) this.engine.free(m.ptr);
  }

  /** Number of mirrors being synced (for tests and the cost notes). */
  activeCount(): number {
    return this.count;
  }
}
