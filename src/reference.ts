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
  // Every field starts with a value of its final type, so V8 keeps the integer fields untagged.
  /**
   * The napi_ref (slot and generation) while live; 0 for a finalizer that has no reference and for
   * a removed runtime-owned wrap (removeWrap).
   */
  id = 0;
  /** Creation order (nextOrder): teardown finalizes newest first. */
  order = 0;
  count = 0;
  ownership = Ownership.userland;
  data = 0;
  hint = 0;
  strong: unknown = undefined;
  weak: WeakRef<object> | undefined = undefined;
  /** Finalizer table index (0 = none), and its data and hint. */
  finalizer = 0;
  /** True once the weak target was collected (or could never be held weakly). */
  gone = false;
  /** True while the reference holds a napi_wrap (counted in ReferenceManager.wraps). */
  wrap = false;
  /** True while its value is registered with an unregister token (unregistering costs a lookup). */
  registered = false;

  constructor(
    /** The manager whose table holds it (napi_remove_wrap may come from another env). */
    readonly owner: ReferenceManager,
    count: number,
    ownership: Ownership,
    finalizer: number,
    data: number,
    hint: number,
  ) {
    this.count = count;
    this.ownership = ownership;
    this.finalizer = finalizer;
    this.data = data;
    this.hint = hint;
  }
}

/**
 * Objects, functions and symbols. Each `typeof` is compared where it is taken: V8 turns that into a
 * type check, where a `typeof` kept in a variable is a builtin call.
 */
export function canBeHeldWeakly(v: unknown): v is object {
  return (typeof v === 'object' && v !== null) || typeof v === 'function' || typeof v === 'symbol';
}

// A napi_ref is `(generation << SLOT_BITS) | slot`, as handles are (scope.ts): the slot indexes the
// table, and the slot's generation moves on each time the slot is reused, so a deleted napi_ref
// fails the `table[slot].id === ref` check. Freed slots are reused first in, first out, and only
// while more than QUARANTINE slots are free: a slot then comes back after at least QUARANTINE other
// creations, so a deleted napi_ref stays invalid for at least (MAX_GENERATION - 1) * QUARANTINE
// (about a million) creations, and a live reference's napi_ref is never issued again.
const SLOT_BITS = 23;
const SLOT_MASK = (1 << SLOT_BITS) - 1;
/**
 * Generations run 1..127 so that a napi_ref is never 0 and stays below 2^30, as handles do: V8 with
 * pointer compression (Chromium's) boxes a larger i32 crossing wasm/JS in a new HeapNumber.
 */
const MAX_GENERATION = (1 << (30 - SLOT_BITS)) - 1;
const FIRST_GENERATION = 1 << SLOT_BITS;
const QUARANTINE = 8192;

/** Creation order of references and other finalizers (instance data) of every engine. */
let nextId = 1;

/** The next creation order: also orders other finalizers (instance data) among references. */
export function nextOrder(): number {
  return nextId++;
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
  /** Live references by slot (undefined = free). */
  private readonly table: (Reference | undefined)[] = [];
  /** Free slots, first in first out: a ring of the napi_ref each slot had last (its generation). */
  private free: Int32Array = new Int32Array(16);
  private freeHead = 0;
  private freeCount = 0;
  private readonly registry = new FinalizationRegistry<Reference>((ref) => this.collected(ref));
  private readonly queue: Reference[] = [];
  private draining = false;
  /** Live references that hold a wrap (for stats(): kept as a count, wraps live in a WeakMap). */
  wraps = 0;

  constructor(readonly engine: Engine) {
    managers.push(this);
  }

  /** Creates a reference to `value` with `count`; a finalizer makes it report the collection. */
  create(value: unknown, count: number, ownership: Ownership, finalizer: number, data: number, hint: number): Reference {
    const ref = new Reference(this, count, ownership, finalizer, data, hint);
    if (count > 0) {
      // A strong reference needs no WeakRef until its count drops to 0 (WeakRefs are not cheap).
      ref.strong = value;
    } else if (ownership === Ownership.runtime) {
      // Nothing ever asks a runtime-owned reference for its value (no napi_ref is handed out; a wrap
      // is found from its object): the registration below is all it needs.
    } else if (canBeHeldWeakly(value)) {
      ref.weak = new WeakRef(value);
    } else {
      ref.gone = true;
    }
    // Only references that must act on collection are registered: the others stay in the table
    // until the addon deletes them, as in Node. Runtime-owned ones go without an unregister token
    // (V8 keeps a keyed entry per token: 13% of the wrapNew benchmark): only napi_remove_wrap ends
    // one early, and the removed wrap keeps its registration for a later napi_wrap (removeWrap).
    if (ownership === Ownership.runtime) {
      if (canBeHeldWeakly(value)) this.registry.register(value, ref);
    } else if (finalizer !== 0 && canBeHeldWeakly(value)) {
      this.registry.register(value, ref, ref);
      ref.registered = true;
    }
    ref.order = nextOrder();
    this.add(ref);
    return ref;
  }

  /** Gives `ref` a slot and its napi_ref. */
  private add(ref: Reference): void {
    const table = this.table;
    let id: number;
    if (this.freeCount > QUARANTINE || (this.freeCount !== 0 && table.length > SLOT_MASK)) {
      const head = this.freeHead;
      const last = this.free[head]!;
      this.freeHead = (head + 1) & (this.free.length - 1);
      this.freeCount--;
      id = last >>> SLOT_BITS === MAX_GENERATION ? FIRST_GENERATION | (last & SLOT_MASK) : last + FIRST_GENERATION;
      table[id & SLOT_MASK] = ref;
    } else {
      if (table.length > SLOT_MASK) throw new RangeError('wasm-napi: reference table overflow (8M live references)');
      id = FIRST_GENERATION | table.length;
      table.push(ref);
    }
    ref.id = id;
  }

  /** Whether `ref` is live (a deleted one stays referenced from the queue or a wrap). */
  private holds(ref: Reference): boolean {
    return this.table[ref.id & SLOT_MASK] === ref;
  }

  /** Frees the slot of `ref`, if it still holds it (the napi_ref then stops answering). */
  private remove(ref: Reference): void {
    if (!this.holds(ref)) return;
    const id = ref.id;
    this.table[id & SLOT_MASK] = undefined;
    let free = this.free;
    if (this.freeCount === free.length) free = this.growFree();
    free[(this.freeHead + this.freeCount) & (free.length - 1)] = id;
    this.freeCount++;
  }

  /** Doubles the free ring, unrolling it so the head is at 0. */
  private growFree(): Int32Array {
    const old = this.free;
    const free = new Int32Array(old.length * 2);
    free.set(old.subarray(this.freeHead));
    free.set(old.subarray(0, this.freeHead), old.length - this.freeHead);
    this.free = free;
    this.freeHead = 0;
    return free;
  }

  /** The live reference a napi_ref names, or undefined (0, deleted, or never issued). */
  get(id: number): Reference | undefined {
    const ref = this.table[id & SLOT_MASK];
    return ref !== undefined && ref.id === id ? ref : undefined;
  }

  /** The referenced value, or undefined when the value is gone. */
  value(ref: Reference): unknown {
    if (ref.count > 0) return ref.strong;
    return ref.gone === true ? undefined : ref.weak?.deref();
  }

  ref(ref: Reference): number {
    if (ref.count === 0) {
      const v = ref.gone === true ? undefined : ref.weak?.deref();
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
    this.remove(ref);
    if (ref.registered === true) {
      ref.registered = false;
      this.registry.unregister(ref);
    }
    ref.strong = undefined;
    ref.weak = undefined;
    // If it is queued, it stays there without a finalizer: drain skips it. (Searching the queue
    // here made finalizers that delete their references quadratic.)
    ref.finalizer = 0;
  }

  /**
   * napi_remove_wrap of a runtime-owned wrap. Its registration cannot be withdrawn (no token), so
   * the Reference stays, without a slot (id 0), for revive() to reuse when its object is wrapped
   * again: wrapping and removing one object over and over then adds no registrations. Its
   * registration reports nothing meanwhile (collected() finds no slot).
   */
  removeWrap(ref: Reference): void {
    this.delete(ref);
    ref.id = 0;
  }

  /** napi_wrap of the object of a removed wrap of this manager: a new order and slot, as a new reference. */
  revive(ref: Reference, finalizer: number, data: number, hint: number): void {
    ref.finalizer = finalizer;
    ref.data = data;
    ref.hint = hint;
    ref.order = nextOrder();
    this.add(ref);
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
    if (ref.wrap === true) {
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
    this.queue.push(new Reference(this, 0, Ownership.runtime, cb, data, hint));
    if (!this.draining) {
      this.draining = true;
      setTimeout(() => this.drain(), 0);
    }
  }

  /** Number of live references (for leak tests). */
  size(): number {
    return this.table.length - this.freeCount;
  }

  /** FinalizationRegistry callback: the value is gone; queue the finalizer, as Node does. */
  private collected(ref: Reference): void {
    if (!this.holds(ref)) return;
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
      if (ref.ownership === Ownership.runtime) this.remove(ref);
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
    const table = this.table;
    for (let i = 0; i < table.length; i++) {
      const ref = table[i];
      if (ref === undefined || ref.finalizer === 0) continue;
      pending.push({
        order: ref.order,
        run: () => {
          const cb = ref.finalizer;
          ref.finalizer = 0;
          if (ref.registered === true) this.registry.unregister(ref);
          if (cb !== 0 && this.holds(ref)) this.engine.callFinalizer(cb, ref.data, ref.hint);
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
    // Registrations without a token stay: collected() ignores them (their slots are gone).
    // Every reference ends with the table. A wrap left on its object looks removed (id 0) to the
    // other envs: their napi_unwrap fails and their napi_wrap parks it, as another env's removed wrap.
    for (const ref of this.table) {
      if (ref === undefined) continue;
      if (ref.registered === true) this.registry.unregister(ref);
      ref.wrap = false;
      ref.id = 0;
    }
    this.table.length = 0;
    this.freeHead = 0;
    this.freeCount = 0;
    this.queue.length = 0;
    this.wraps = 0;
    if (failed) throw error;
  }
}
