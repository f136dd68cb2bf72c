// ReferenceManager: the life of `napi_ref`. A reference with a count above 0 holds its value
// strongly; at 0 it holds objects and symbols through a WeakRef (other values are dropped, as
// Node does for values that cannot be held weakly). Wraps, finalizers and FinalizationRegistry
// integration build on this table (issue 3).

import type { Engine } from './engine.js';

function canBeHeldWeakly(v: unknown): v is object {
  const t = typeof v;
  return (t === 'object' && v !== null) || t === 'function' || t === 'symbol';
}

export class ReferenceManager {
  /** Strong value (count > 0), or undefined. Index 0 is never a reference. */
  private strong: unknown[] = [undefined];
  private weak: (WeakRef<object> | undefined)[] = [undefined];
  private counts: number[] = [0];
  private live: boolean[] = [false];
  private freeList: number[] = [];

  constructor(readonly engine: Engine) {}

  create(value: unknown, count: number): number {
    const id = this.freeList.pop() ?? this.counts.length;
    this.live[id] = true;
    this.counts[id] = count;
    this.strong[id] = undefined;
    this.weak[id] = undefined;
    if (canBeHeldWeakly(value)) this.weak[id] = new WeakRef(value);
    if (count > 0) this.strong[id] = value;
    return id;
  }

  has(id: number): boolean {
    return id > 0 && this.live[id] === true;
  }

  count(id: number): number {
    return this.counts[id]!;
  }

  /** The referenced value, or undefined when a weak target was collected (or could not be held). */
  get(id: number): unknown {
    if (this.counts[id]! > 0) return this.strong[id];
    return this.weak[id]?.deref();
  }

  ref(id: number): number {
    const c = this.counts[id]!;
    if (c === 0) {
      const w = this.weak[id];
      const v = w?.deref();
      if (v === undefined) return 0; // the value is gone: the count stays 0, as in Node
      this.strong[id] = v;
    }
    return (this.counts[id] = c + 1);
  }

  unref(id: number): number {
    const c = this.counts[id]! - 1;
    this.counts[id] = c;
    // At 0 only the WeakRef remains; a value that cannot be held weakly is released.
    if (c === 0) this.strong[id] = undefined;
    return c;
  }

  delete(id: number): void {
    this.live[id] = false;
    this.strong[id] = undefined;
    this.weak[id] = undefined;
    this.counts[id] = 0;
    this.freeList.push(id);
  }

  /** Number of live references (for leak tests). */
  size(): number {
    return this.counts.length - 1 - this.freeList.length;
  }
}
