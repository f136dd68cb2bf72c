// ReferenceManager: the life of `napi_ref`, wraps and finalizers, one per Engine.
//
// A reference with a count above 0 holds its value strongly; at 0 it holds objects and symbols
// through a WeakRef (other values are dropped, as Node does for values it cannot hold weakly).
// Finalizers (wraps, externals, napi_add_finalizer, references made for them) run after the GC
// collected their object: a FinalizationRegistry reports the collection and the finalizer is
// queued and run from a separate task, on the main thread, inside a handle scope — never inside the
// GC, as Node queues them too. References owned by the runtime (a wrap without a returned ref, an
// external) delete themselves once finalized; the addon deletes its own.

import type { Engine } from './engine.js';

export type NativeFinalizer = (env: number, data: number, hint: number) => void;

export const enum Ownership {
  /** The addon deletes it (napi_create_reference, napi_wrap/napi_add_finalizer with a result). */
  userland,
  /** The runtime deletes it after its finalizer ran. */
  runtime,
}

export class Reference {
  strong: unknown = undefined;
  weak: WeakRef<object> | undefined = undefined;
  /** Finalizer table index (0 = none), and its data and hint. */
  finalizer = 0;
  /** True once the weak target was collected (or could never be held weakly). */
  gone = false;
  /** True while the reference holds a napi_wrap (counted in ReferenceManager.wraps). */
  wrap = false;
  /** True while its value is registered with the FinalizationRegistry (unregistering costs a lookup). */
  registered = false;

  constructor(
    readonly id: number,
    public count: number,
    readonly ownership: Ownership,
    public data = 0,
    public hint = 0,
  ) {}
}

function canBeHeldWeakly(v: unknown): v is object {
  const t = typeof v;
  return (t === 'object' && v !== null) || t === 'function' || t === 'symbol';
}

/** References of every engine by id; ids are never reused, so a deleted napi_ref stays invalid. */
let nextId = 1;

/** The next reference id: also orders other finalizers (instance data) among references. */
export function nextOrder(): number {
  const id = nextId;
  nextId = nextId === 0x7fffffff ? 1 : nextId + 1;
  return id;
}

/** Every ReferenceManager (one per Engine; engines live as long as the realm, and so do these). */
const managers: ReferenceManager[] = [];

/**
 * Live references (napi_ref, wraps, finalizers, externals with a finalizer) of every loaded module,
 * for leak checks: after the GC collected what a test dropped and the finalizers ran, the count
 * is back where it started.
 */
export function referenceStats(): { references: number } {
  let references = 0;
  for (const m of managers) references += m.size();
  return { references };
}

export class ReferenceManager {
  private readonly refs = new Map<number, Reference>();
  private readonly registry = new FinalizationRegistry<Reference>((ref) => this.collected(ref));
  private readonly queue: Reference[] = [];
  private draining = false;
  /** Live references that hold a wrap (for stats(): kept as a count, wraps live in a WeakMap). */
  wraps = 0;

  constructor(readonly engine: Engine) {
    managers.push(this);
  }

  /** Creates a reference to `value` with `count`; a finalizer makes it report the collection. */
  create(value: unknown, count: number, ownership = Ownership.userland, finalizer = 0, data = 0, hint = 0): Reference {
    const id = nextOrder();
    const ref = new Reference(id, count, ownership, data, hint);
    ref.finalizer = finalizer;
    if (count > 0) {
      // A strong reference needs no WeakRef until its count drops to 0 (WeakRefs are not cheap).
      ref.strong = value;
    } else if (canBeHeldWeakly(value)) {
      ref.weak = new WeakRef(value);
    } else {
      ref.gone = true;
    }
    // Only references that must act on collection are registered: the others stay in the table
    // until the addon deletes them, as in Node.
    if ((finalizer !== 0 || ownership === Ownership.runtime) && canBeHeldWeakly(value)) {
      this.registry.register(value, ref, ref);
      ref.registered = true;
    }
    this.refs.set(id, ref);
    return ref;
  }

  get(id: number): Reference | undefined {
    return this.refs.get(id);
  }

  /** The referenced value, or undefined when the value is gone. */
  value(ref: Reference): unknown {
    if (ref.count > 0) return ref.strong;
    return ref.gone ? undefined : ref.weak?.deref();
  }

  ref(ref: Reference): number {
    if (ref.count === 0) {
      const v = ref.gone ? undefined : ref.weak?.deref();
      if (v === undefined) return 0; // the value is gone: the count stays 0, as in Node
      ref.strong = v;
    }
    return ++ref.count;
  }

  unref(ref: Reference): number {
    if (--ref.count === 0) {
      const v = ref.strong;
      ref.strong = undefined;
      if (ref.weak === undefined) {
        if (canBeHeldWeakly(v)) ref.weak = new WeakRef(v);
        else ref.gone = true;
      }
    }
    return ref.count;
  }

  delete(ref: Reference): void {
    this.unwrapped(ref);
    this.refs.delete(ref.id);
    if (ref.registered) {
      ref.registered = false;
      this.registry.unregister(ref);
    }
    ref.strong = undefined;
    ref.weak = undefined;
    // If it is queued, it stays there without a finalizer: drain skips it. (Searching the queue
    // here made finalizers that delete their references quadratic.)
    ref.finalizer = 0;
  }

  /** Forgets the finalizer (napi_remove_wrap of a wrap whose ref the addon owns: the wrap ends). */
  resetFinalizer(ref: Reference): void {
    this.unwrapped(ref);
    ref.finalizer = 0;
  }

  /** Marks a reference made by napi_wrap, until it is deleted, removed or its object collected. */
  markWrap(ref: Reference): void {
    ref.wrap = true;
    this.wraps++;
  }

  private unwrapped(ref: Reference): void {
    if (ref.wrap) {
      ref.wrap = false;
      this.wraps--;
    }
  }

  /** Finalizers queued to run (their objects were collected), for stats(). */
  pendingFinalizers(): number {
    let n = 0;
    for (let i = 0; i < this.queue.length; i++) if (this.queue[i]!.finalizer !== 0) n++;
    return n;
  }

  /** Queues a finalizer that belongs to no reference (an external arraybuffer's), to run like the rest. */
  queueFinalizer(cb: number, data: number, hint: number): void {
    const ref = new Reference(0, 0, Ownership.runtime, data, hint);
    ref.finalizer = cb;
    this.queue.push(ref);
    if (!this.draining) {
      this.draining = true;
      setTimeout(() => this.drain(), 0);
    }
  }

  /** Number of live references (for leak tests). */
  size(): number {
    return this.refs.size;
  }

  /** FinalizationRegistry callback: the value is gone; queue the finalizer, as Node does. */
  private collected(ref: Reference): void {
    if (!this.refs.has(ref.id)) return;
    this.unwrapped(ref);
    ref.gone = true;
    ref.strong = undefined;
    this.queue.push(ref);
    if (!this.draining) {
      this.draining = true;
      setTimeout(() => this.drain(), 0);
    }
  }

  /** Runs queued finalizers in the order their objects were reported. */
  drain(): void {
    this.draining = false;
    let error: unknown;
    let failed = false;
    // By index, not shift(): the queue can hold many thousands of references. Finalizers that
    // queue more (queueFinalizer) extend this same pass.
    const queue = this.queue;
    for (let i = 0; i < queue.length; i++) {
      const ref = queue[i]!;
      const cb = ref.finalizer;
      ref.finalizer = 0;
      if (ref.ownership === Ownership.runtime) this.refs.delete(ref.id);
      if (cb !== 0) {
        try {
          this.engine.callFinalizer(cb, ref.data, ref.hint);
        } catch (e) {
          if (!failed) error = e;
          failed = true;
        }
      }
    }
    queue.length = 0;
    // An exception left by a finalizer becomes an uncaught exception, as in Node.
    if (failed) throw error;
  }

  /**
   * Env teardown: runs every remaining finalizer, newest first as Node's tracked list does, with
   * the instance data's finalizer (`instance`, created at `order`) in its place among them; then
   * forgets every reference.
   */
  finalizeAll(instance?: { order: number; run: () => void }): void {
    const pending: { order: number; run: () => void }[] = [];
    for (const ref of this.refs.values()) {
      if (ref.finalizer === 0) continue;
      pending.push({
        order: ref.id,
        run: () => {
          const cb = ref.finalizer;
          ref.finalizer = 0;
          this.registry.unregister(ref);
          if (cb !== 0 && this.refs.has(ref.id)) this.engine.callFinalizer(cb, ref.data, ref.hint);
        },
      });
    }
    if (instance) pending.push(instance);
    pending.sort((a, b) => b.order - a.order);
    let error: unknown;
    let failed = false;
    for (const p of pending) {
      try {
        p.run();
      } catch (e) {
        if (!failed) error = e;
        failed = true;
      }
    }
    for (const ref of this.refs.values()) this.registry.unregister(ref);
    this.refs.clear();
    this.queue.length = 0;
    this.wraps = 0;
    if (failed) throw error;
  }
}
