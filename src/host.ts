// Host specifics the Engine needs and that differ between Node and browsers. The Node entry fills
// these in at load time; browsers keep the portable fallbacks.

export const host = {
  /** V8's Value::IsNativeError: true for objects with an [[ErrorData]] slot. */
  isNativeError(v: object): boolean {
    const isError = (Error as { isError?: (v: unknown) => boolean }).isError;
    // Error.isError is also true for DOMExceptions, which V8's IsNativeError is not.
    return isError ? isError(v) && !isDomException(v) : v instanceof Error;
  },
  /** A Node Buffer in Node; a Uint8Array where there is no Buffer. */
  bufferFrom(ab: ArrayBuffer, offset: number, length: number): Uint8Array {
    return new Uint8Array(ab, offset, length);
  },
  /** Whether a value is a Proxy (undetectable in browsers: false there). */
  isProxy(_v: unknown): boolean {
    return false;
  },
  /** V8's Value::IsArray: true for arrays but not for proxies of arrays (Array.isArray sees through them). */
  isArray(v: unknown): boolean {
    return Array.isArray(v);
  },
  /** V8's Value::IsPromise: a real promise, never a thenable (this fallback misses other realms'). */
  isPromise(v: unknown): boolean {
    // JS has no side-effect-free brand check for promises: `then` would mark a rejected one as
    // handled. A real promise cannot be structured-cloned; an object that only inherits from
    // Promise.prototype is cloned (its own data copied and dropped).
    if (!(v instanceof Promise)) return false;
    try {
      structuredClone(v);
      return false;
    } catch {
      return true;
    }
  },
  /**
   * napi_run_script: V8 compiles and runs the text as a classic script in the global scope. The
   * portable fallback is indirect eval, which differs in three ways: top-level `let`/`const`/`class`
   * stay in the eval (a script leaves them for later scripts), its `var`s can be deleted, and stack
   * frames name the eval instead of `<anonymous>`.
   */
  runScript(source: string): unknown {
    return (0, eval)(source);
  },
};

/** Whether `getter` accepts `v` as its receiver: brand checks of built-ins throw for anything else. */
function isBrand(getter: (this: unknown) => unknown, v: unknown): boolean {
  try {
    getter.call(v);
    return true;
  } catch {
    return false;
  }
}

// Looked up on first use: Node makes DOMException on first access, which an import should not pay.
let domExceptionCode: ((this: unknown) => unknown) | null | undefined;

function isDomException(v: unknown): boolean {
  domExceptionCode ??= (typeof DOMException === 'function' ? Object.getOwnPropertyDescriptor(DOMException.prototype, 'code')?.get : undefined) ?? null;
  return domExceptionCode !== null && isBrand(domExceptionCode, v);
}
